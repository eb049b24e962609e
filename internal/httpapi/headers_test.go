package httpapi_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ownex/ownex/internal/httpapi"
)

// TestSecurityHeaders: every response (UI page, JSON, error, static file)
// carries the content security policy without 'unsafe-inline', no
// framing, no referrer and nosniff; the UI's pages have no inline script
// or event handler.
func TestSecurityHeaders(t *testing.T) {
	ts := demoServer(t, nil)
	html := map[string]string{"Accept": "text/html"}
	for _, c := range []struct {
		path string
		hdr  map[string]string
	}{
		{"/", html}, {"/entity/demo:volga-grain", html}, {"/screen", html}, {"/signin", html}, {"/no-such-page", html},
		{"/api/v1/entities/demo:nordvik", nil}, {"/api/v1/entities/demo:nobody", nil}, {"/healthz", nil},
		{"/static/style.css", nil}, {"/static/app.js", nil},
	} {
		resp, b := do(t, "GET", ts.URL+c.path, nil, c.hdr)
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		if csp == "" || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: Content-Security-Policy %q", c.path, csp)
		}
		for _, want := range []string{"frame-ancestors 'none'", "script-src 'self'", "style-src 'self'", "default-src 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: Content-Security-Policy %q lacks %q", c.path, csp, want)
			}
		}
		for k, want := range map[string]string{"X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"} {
			if got := h.Get(k); got != want {
				t.Errorf("%s: %s = %q, want %q", c.path, k, got, want)
			}
		}
		if strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			page := string(b)
			for _, bad := range []string{"<script>", "onchange=", "onclick=", "onload=", "<style", "style=", "javascript:"} {
				if strings.Contains(page, bad) {
					t.Errorf("%s: page has inline %q, which the policy blocks", c.path, bad)
				}
			}
		}
	}
	resp, b := get(t, ts.URL+"/static/app.js")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") || !strings.Contains(string(b), "data-autosubmit") {
		t.Errorf("app.js: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

// TestMethodNotAllowed: methods no route takes get 405 with Allow, before
// any token check; a served method on a path without it too; an unknown
// path with GET stays 404.
func TestMethodNotAllowed(t *testing.T) {
	ts := demoServer(t, func(o *httpapi.Options) { o.RequireToken = true })
	for _, c := range []struct{ method, path, allow string }{
		{"PUT", "/api/v1/entities/demo:nordvik", "GET, HEAD"},
		{"DELETE", "/api/v1/entities/demo:nordvik", "GET, HEAD"},
		{"PATCH", "/api/v1/screen", "POST"},
		{"DELETE", "/", "GET, HEAD"},
		{"OPTIONS", "/api/v1/search", "GET, HEAD"},
		{"TRACE", "/", "GET, HEAD"},
		{"POST", "/api/v1/search", "GET, HEAD"},
		{"PUT", "/no/such/path", "GET, HEAD, POST"},
	} {
		resp, b := do(t, c.method, ts.URL+c.path, nil, nil)
		wantStatus(t, resp, b, http.StatusMethodNotAllowed, "not allowed")
		if got := resp.Header.Get("Allow"); got != c.allow {
			t.Errorf("%s %s: Allow %q, want %q", c.method, c.path, got, c.allow)
		}
	}
	resp, b := do(t, "GET", ts.URL+"/api/v1/nothing", nil, map[string]string{"Authorization": "Bearer " + token})
	wantStatus(t, resp, b, 404, "no such route")
}

// TestBearerSchemeCaseInsensitive: "bearer", "BEARER" and "Bearer" all
// carry the token (RFC 9110: the scheme is case-insensitive); a wrong
// scheme or token does not.
func TestBearerSchemeCaseInsensitive(t *testing.T) {
	ts := demoServer(t, func(o *httpapi.Options) { o.RequireToken = true })
	for _, h := range []string{"Bearer " + token, "bearer " + token, "BEARER " + token, "bEaReR  " + token} {
		resp, b := do(t, "GET", ts.URL+"/api/v1/entities/demo:nordvik", nil, map[string]string{"Authorization": h})
		if resp.StatusCode != 200 {
			t.Errorf("Authorization %q: %d %s", h, resp.StatusCode, b)
		}
	}
	for _, h := range []string{"Basic " + token, "bearer wrong", "bearer", token} {
		resp, b := do(t, "GET", ts.URL+"/api/v1/entities/demo:nordvik", nil, map[string]string{"Authorization": h})
		wantStatus(t, resp, b, 401, "bearer token")
	}
}

// TestSignIn: with the token required (a non-loopback address), a browser
// asking for / gets the sign-in page (HTML, not JSON); the form with the
// wrong token is refused, with the right one it sets an HttpOnly,
// SameSite=Strict session cookie that is not the token and redirects to
// the page asked for, which the cookie then opens, uploads included;
// signing out ends the session. Programs still get JSON 401.
func TestSignIn(t *testing.T) {
	ts := demoServer(t, func(o *httpapi.Options) { o.RequireToken = true })
	browser := map[string]string{"Accept": "text/html,application/xhtml+xml"}
	resp, b := do(t, "GET", ts.URL+"/entity/demo:volga-grain?as_of=2025-06-30", nil, browser)
	page := string(b)
	if resp.StatusCode != 401 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(page, `action="/signin"`) || !strings.Contains(page, `name="token"`) ||
		!strings.Contains(page, `name="next" value="/entity/demo:volga-grain?as_of=2025-06-30"`) {
		t.Fatalf("browser without session: %d %s\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	resp, b = get(t, ts.URL+"/")
	wantStatus(t, resp, b, 401, "bearer token") // a program: JSON

	form := func(tok, next string) *strings.Reader {
		return strings.NewReader(url.Values{"token": {tok}, "next": {next}}.Encode())
	}
	ctype := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"}
	resp, b = do(t, "POST", ts.URL+"/signin", form("wrong", "/"), ctype)
	if resp.StatusCode != 401 || len(resp.Cookies()) != 0 || !strings.Contains(string(b), "Wrong token") {
		t.Errorf("wrong token: %d, cookies %v", resp.StatusCode, resp.Cookies())
	}
	resp, _ = do(t, "POST", ts.URL+"/signin", form(token, "/entity/demo:volga-grain"), ctype)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/entity/demo:volga-grain" {
		t.Fatalf("sign-in: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "ownex_session" {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteStrictMode || session.Value == "" ||
		strings.Contains(session.Value, token) || session.Path != "/" {
		t.Fatalf("session cookie %+v", session)
	}
	withCookie := map[string]string{"Accept": "text/html", "Cookie": session.Name + "=" + session.Value}
	for _, p := range []string{"/", "/entity/demo:volga-grain", "/screen"} {
		resp, b = do(t, "GET", ts.URL+p, nil, withCookie)
		if resp.StatusCode != 200 || strings.Contains(string(b), `action="/signin"`) {
			t.Errorf("%s with session: %d", p, resp.StatusCode)
		}
	}
	resp, b = do(t, "GET", ts.URL+"/api/v1/entities/demo:nordvik", nil, map[string]string{"Cookie": session.Name + "=" + session.Value})
	wantStatus(t, resp, b, 200, "")
	resp, b = do(t, "GET", ts.URL+"/", nil, map[string]string{"Accept": "text/html", "Cookie": "ownex_session=forged"})
	if resp.StatusCode != 401 || !strings.Contains(string(b), `action="/signin"`) {
		t.Errorf("forged session: %d", resp.StatusCode)
	}

	// The sign-in page never redirects off the server.
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example"} {
		resp, _ = do(t, "POST", ts.URL+"/signin", form(token, next), ctype)
		if loc := resp.Header.Get("Location"); loc != "/" {
			t.Errorf("next %q: redirected to %q", next, loc)
		}
	}

	resp, _ = do(t, "POST", ts.URL+"/signout", nil, withCookie)
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-out: %d", resp.StatusCode)
	}
	resp, _ = do(t, "GET", ts.URL+"/", nil, withCookie)
	if resp.StatusCode != 401 {
		t.Errorf("after sign-out: %d", resp.StatusCode)
	}
}
