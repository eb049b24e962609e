package httpapi

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Browser sign-in. A browser gives the bearer token once, on the sign-in
// page (or in the screening form's token field), and gets a session
// cookie: a random id, HttpOnly (no script reads it), SameSite=Strict (no
// other site's page sends it, so no cross-site request forgery), Secure
// over TLS. The cookie never carries the token itself. Sessions live in
// memory, expire after sessionTTL and end when the server restarts or on
// POST /signout.
//
// On a non-loopback address (Options.RequireToken) a browser that asks for
// a page without a valid session gets the sign-in page (401, HTML), not
// the API's JSON 401; programs still get JSON.

// sessionCookie names the session cookie.
const sessionCookie = "ownex_session"

// sessionTTL is how long a session lasts; maxSessions bounds how many are
// kept (the oldest goes first).
const (
	sessionTTL  = 12 * time.Hour
	maxSessions = 1024
)

// sessions are the signed-in browsers: session id to expiry.
type sessions struct {
	mu  sync.Mutex
	exp map[string]time.Time
	now func() time.Time
}

func newSessions() *sessions { return &sessions{exp: map[string]time.Time{}, now: time.Now} }

// create starts a session and returns its id.
func (ss *sessions) create() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	id := base64.RawURLEncoding.EncodeToString(b)
	ss.mu.Lock()
	defer ss.mu.Unlock()
	now := ss.now()
	for k, e := range ss.exp {
		if !now.Before(e) {
			delete(ss.exp, k)
		}
	}
	for len(ss.exp) >= maxSessions {
		oldest, first := "", time.Time{}
		for k, e := range ss.exp {
			if oldest == "" || e.Before(first) {
				oldest, first = k, e
			}
		}
		delete(ss.exp, oldest)
	}
	ss.exp[id] = now.Add(sessionTTL)
	return id, nil
}

// valid reports whether id is a live session.
func (ss *sessions) valid(id string) bool {
	if id == "" {
		return false
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	e, ok := ss.exp[id]
	if ok && !ss.now().Before(e) {
		delete(ss.exp, id)
		return false
	}
	return ok
}

func (ss *sessions) end(id string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.exp, id)
}

// sessionOf returns the request's session id, if any.
func sessionOf(r *http.Request) string {
	if c, err := r.Cookie(sessionCookie); err == nil {
		return c.Value
	}
	return ""
}

// tokenMatches compares a given token with the server's, in constant time.
func (s *Server) tokenMatches(got string) bool {
	return s.opt.Token != "" && got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.opt.Token)) == 1
}

// startSession signs the browser in: a new session and its cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request) error {
	id, err := s.sessions.create()
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", MaxAge: int(sessionTTL / time.Second),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	return nil
}

// localPath returns next when it is a path on this server ("/…", not
// "//host" or "/\host"), else "/": the sign-in page never redirects away.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}

// signInPage renders the sign-in form with code; next is where to go on
// success.
func (s *Server) signInPage(w http.ResponseWriter, code int, next, msg string) {
	s.render(w, code, "signin", page{Title: "Sign in", Next: localPath(next), Error: msg})
}

func (s *Server) uiSignInForm(w http.ResponseWriter, r *http.Request) {
	s.signInPage(w, http.StatusOK, r.URL.Query().Get("next"), "")
}

// uiSignIn checks the token of the sign-in form, starts a session and
// redirects to the page asked for.
func (s *Server) uiSignIn(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.uiFail(w, r, badf("sign-in form: %v", err))
		return
	}
	next := r.PostForm.Get("next")
	if s.opt.Token == "" {
		s.signInPage(w, http.StatusForbidden, next, "This server has no API token: there is nothing to sign in with.")
		return
	}
	if !s.tokenMatches(r.PostForm.Get("token")) {
		s.signInPage(w, http.StatusUnauthorized, next, "Wrong token.")
		return
	}
	if err := s.startSession(w, r); err != nil {
		s.uiFail(w, r, err)
		return
	}
	http.Redirect(w, r, localPath(next), http.StatusSeeOther)
}

// uiSignOut ends the session and clears its cookie.
func (s *Server) uiSignOut(w http.ResponseWriter, r *http.Request) {
	s.sessions.end(sessionOf(r))
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}
