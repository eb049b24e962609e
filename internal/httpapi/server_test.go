package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/cli"
	"github.com/ownex/ownex/internal/httpapi"
	"github.com/ownex/ownex/internal/store/sqlite"
)

const token = "s3cret"

// demoServer serves the demo network, as of 2025-06-30 by default.
func demoServer(t *testing.T, mod func(*httpapi.Options)) *httptest.Server {
	t.Helper()
	return serveStore(t, demoStore(t), mod)
}

// demoStore opens a SQLite store holding the demo data.
func demoStore(t *testing.T) *sqlite.Store {
	t.Helper()
	st, _ := demoDB(t)
	return st
}

// demoDB is demoStore with its database file, for another process (an
// ingest) to change.
func demoDB(t *testing.T) (*sqlite.Store, string) {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "demo.db")
	if err := cli.Demo(ctx, cli.Env{Stdout: io.Discard, Stderr: io.Discard}, cli.DemoOptions{AsOf: "2025-06-30", Keep: db}); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, db
}

// serveStore serves st with the test token and date.
func serveStore(t *testing.T, st graph.Store, mod func(*httpapi.Options)) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	opt := httpapi.Options{Token: token, Today: func() graph.Date { return "2025-06-30" }}
	if mod != nil {
		mod(&opt)
	}
	s, err := httpapi.New(ctx, st, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts
}

func do(t *testing.T, method, url string, body io.Reader, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func get(t *testing.T, url string) (*http.Response, []byte) { return do(t, "GET", url, nil, nil) }

// wantStatus checks the code and, for errors, a JSON body whose message
// holds want.
func wantStatus(t *testing.T, resp *http.Response, body []byte, code int, want string) {
	t.Helper()
	if resp.StatusCode != code {
		t.Fatalf("%s %s: status %d, want %d: %s", resp.Request.Method, resp.Request.URL, resp.StatusCode, code, body)
	}
	if code >= 400 {
		var e struct {
			Error  string `json:"error"`
			Status int    `json:"status"`
		}
		if err := json.Unmarshal(body, &e); err != nil || e.Status != code || !strings.Contains(e.Error, want) {
			t.Errorf("%s: error body %s, want status %d and a message with %q", resp.Request.URL, body, code, want)
		}
	}
}

func TestProbesAndMetrics(t *testing.T) {
	ts := demoServer(t, nil)
	resp, b := get(t, ts.URL+"/healthz")
	wantStatus(t, resp, b, 200, "")
	resp, b = get(t, ts.URL+"/readyz")
	wantStatus(t, resp, b, 200, "")
	if !strings.Contains(string(b), `"entities": 28`) {
		t.Errorf("readyz: %s", b)
	}
	get(t, ts.URL+"/api/v1/entities/demo:nordvik")
	resp, b = get(t, ts.URL+"/metrics")
	wantStatus(t, resp, b, 200, "")
	for _, want := range []string{`ownex_http_requests_total{code="200",method="GET",route="GET /api/v1/entities/{id}"} 1`, "ownex_analysis_cache_misses_total", "go_goroutines"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	resp, b = get(t, ts.URL+"/api/v1/nothing")
	wantStatus(t, resp, b, 404, "no such route")
}

func TestReadyzStoreDown(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "x.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	s, err := httpapi.New(ctx, st, httpapi.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	resp, b := get(t, ts.URL+"/readyz")
	wantStatus(t, resp, b, 503, "store unreachable")
}

// TestOpenAPIListsEveryRoute checks the document against the API's routes.
func TestOpenAPIListsEveryRoute(t *testing.T) {
	ts := demoServer(t, nil)
	resp, b := get(t, ts.URL+"/openapi.json")
	wantStatus(t, resp, b, 200, "")
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	var got []string
	for p, ops := range doc.Paths {
		for m := range ops {
			got = append(got, strings.ToUpper(m)+" "+p)
		}
	}
	sort.Strings(got)
	want := []string{
		"GET /api/v1/changes", "GET /api/v1/entities/{id}", "GET /api/v1/entities/{id}/explain", "GET /api/v1/entities/{id}/holdings",
		"GET /api/v1/entities/{id}/lookthrough", "GET /api/v1/entities/{id}/owners", "GET /api/v1/entities/{id}/timeline",
		"GET /api/v1/paths",
		"GET /api/v1/search", "GET /healthz", "GET /metrics", "GET /openapi.json", "GET /readyz", "POST /api/v1/screen",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("openapi paths:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Every documented GET route answers (not 404/405) on a real entity.
	for _, r := range got {
		m, p, _ := strings.Cut(r, " ")
		if m != "GET" {
			continue
		}
		u := strings.ReplaceAll(p, "{id}", "demo:nordvik")
		switch p {
		case "/api/v1/search":
			u += "?q=nordvik"
		case "/api/v1/paths":
			u += "?from=demo:dragunov&to=demo:nordvik"
		}
		resp, b := get(t, ts.URL+u)
		wantStatus(t, resp, b, 200, "")
	}
}

func TestSearch(t *testing.T) {
	ts := demoServer(t, nil)
	for q, want := range map[string]string{
		"tundra":              "demo:tundra-mining",
		"Tundra Mining":       "demo:tundra-mining",
		"demo:nordvik":        "demo:nordvik",
		"passport:7701234567": "demo:dragunov",
		"Виктор Драгунов":     "demo:dragunov",
		"nordv":               "demo:nordvik",
	} {
		resp, b := get(t, ts.URL+"/api/v1/search?q="+urlq(q))
		wantStatus(t, resp, b, 200, "")
		var res httpapi.SearchResult
		if err := json.Unmarshal(b, &res); err != nil {
			t.Fatal(err)
		}
		if len(res.Results) == 0 || res.Results[0].ID != want {
			t.Errorf("search %q: %s, want first %s", q, b, want)
		}
	}
	resp, b := get(t, ts.URL+"/api/v1/search?q=zzzz-nothing")
	wantStatus(t, resp, b, 200, "")
	if !strings.Contains(string(b), `"results": []`) {
		t.Errorf("no match: %s", b)
	}
	resp, b = get(t, ts.URL+"/api/v1/search")
	wantStatus(t, resp, b, 400, "q:")
	resp, b = get(t, ts.URL+"/api/v1/search?q=x&limit=0")
	wantStatus(t, resp, b, 400, "limit")
	resp, b = get(t, ts.URL+"/api/v1/search?q="+strings.Repeat("a", 201))
	wantStatus(t, resp, b, 400, "longer than 200")
}

func urlq(s string) string {
	return strings.NewReplacer(" ", "+").Replace(s)
}

func TestEntity(t *testing.T) {
	ts := demoServer(t, nil)
	resp, b := get(t, ts.URL+"/api/v1/entities/demo:volga-grain")
	wantStatus(t, resp, b, 200, "")
	var v httpapi.EntityView
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	got := map[graph.Regime]graph.Status{}
	for _, rv := range v.Verdicts {
		got[rv.Regime] = rv.Status
	}
	if v.AsOf != "2025-06-30" || got["ofac"] != "blocked" || got["uk"] != "undetermined" || got["eu"] != "owned" {
		t.Errorf("volga-grain verdicts: %s", b)
	}
	// As-of date: Lumen Energy was 60 % held until 2024-03-01.
	resp, b = get(t, ts.URL+"/api/v1/entities/demo:lumen?as_of=2023-06-30&regime=ofac")
	if resp.StatusCode == 404 {
		resp, b = get(t, ts.URL+"/api/v1/search?q=lumen")
		t.Fatalf("lumen id: %s", b)
	}
	wantStatus(t, resp, b, 200, "")
	if !strings.Contains(string(b), `"status": "blocked"`) {
		t.Errorf("lumen as of 2023: %s", b)
	}
	resp, b = get(t, ts.URL+"/api/v1/entities/demo:dragunov")
	wantStatus(t, resp, b, 200, "")
	if !strings.Contains(string(b), `"status": "designated"`) || !strings.Contains(string(b), "RUSSIA-EO14024") {
		t.Errorf("dragunov: %s", b)
	}
	resp, b = get(t, ts.URL+"/api/v1/entities/demo:nobody")
	wantStatus(t, resp, b, 404, `entity "demo:nobody" not found`)
	resp, b = get(t, ts.URL+"/api/v1/entities/demo:nordvik?as_of=2025-13-01")
	wantStatus(t, resp, b, 400, "as_of")
	resp, b = get(t, ts.URL+"/api/v1/entities/demo:nordvik?regime=ofac,mars")
	wantStatus(t, resp, b, 400, "unknown regime")
}

func TestExplainAndInvestigations(t *testing.T) {
	ts := demoServer(t, nil)
	resp, b := get(t, ts.URL+"/api/v1/entities/demo:tundra-mining/explain?regime=ofac")
	wantStatus(t, resp, b, 200, "")
	for _, want := range []string{`"status": "blocked"`, `"root": "demo:tundra-mining"`, `{"from":"demo:nordvik","to":"demo:baltic-trade","kind":"holding"}`, `"designated"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("explain lacks %s: %s", want, b)
		}
	}
	resp, b = get(t, ts.URL+"/api/v1/entities/demo:baltic-trade/owners")
	wantStatus(t, resp, b, 200, "")
	if !strings.Contains(string(b), `"demo:dragunov"`) {
		t.Errorf("owners: %s", b)
	}
	resp, b = get(t, ts.URL+"/api/v1/entities/demo:dragunov/holdings?depth=1")
	wantStatus(t, resp, b, 200, "")
	if !strings.Contains(string(b), `"demo:nordvik"`) {
		t.Errorf("holdings: %s", b)
	}
	resp, b = get(t, ts.URL+"/api/v1/entities/demo:baltic-trade/lookthrough")
	wantStatus(t, resp, b, 200, "")
	if !strings.Contains(string(b), `"share_min": 33`) {
		t.Errorf("look-through (60%% of 55%% = 33%%): %s", b)
	}
	resp, b = get(t, ts.URL+"/api/v1/paths?from=demo:dragunov&to=demo:baltic-trade")
	wantStatus(t, resp, b, 200, "")
	if !strings.Contains(string(b), `"demo:nordvik"`) {
		t.Errorf("paths: %s", b)
	}
	for _, c := range []struct {
		url  string
		code int
		msg  string
	}{
		{"/api/v1/entities/demo:nobody/explain", 404, "not found"},
		{"/api/v1/entities/demo:nobody/owners", 404, "not found"},
		{"/api/v1/entities/demo:nobody/holdings", 404, "not found"},
		{"/api/v1/entities/demo:nobody/lookthrough", 404, "not found"},
		{"/api/v1/paths?from=demo:nobody&to=demo:nordvik", 404, "not found"},
		{"/api/v1/entities/demo:nordvik/owners?depth=-1", 400, "depth"},
		{"/api/v1/entities/demo:nordvik/holdings?depth=x", 400, "depth"},
		{"/api/v1/entities/demo:nordvik/lookthrough?as_of=yesterday", 400, "as_of"},
		{"/api/v1/entities/demo:nordvik/explain?regime=un", 400, "regime"},
		{"/api/v1/paths?from=demo:nordvik", 400, "from and to"},
		{"/api/v1/paths?from=demo:nordvik&to=demo:nordvik", 400, "different"},
		{"/api/v1/paths?from=demo:dragunov&to=demo:nordvik&max=0", 400, "max"},
	} {
		resp, b := get(t, ts.URL+c.url)
		wantStatus(t, resp, b, c.code, c.msg)
	}
}

const counterparties = "name,country,identifiers,ref\nTundra Mining PLC,,,r1\nNordvik Holdings,CY,,r2\nNobody Known At All,,,r3\n"

func TestScreen(t *testing.T) {
	ts := demoServer(t, func(o *httpapi.Options) { o.MaxUpload = 4096 })
	csvHdr := map[string]string{"Content-Type": "text/csv"}
	auth := map[string]string{"Content-Type": "text/csv", "Authorization": "Bearer " + token}

	resp, b := do(t, "POST", ts.URL+"/api/v1/screen", strings.NewReader(counterparties), csvHdr)
	wantStatus(t, resp, b, 401, "bearer token")
	if resp.Header.Get("WWW-Authenticate") == "" {
		t.Error("401 without WWW-Authenticate")
	}
	resp, b = do(t, "POST", ts.URL+"/api/v1/screen", strings.NewReader(counterparties), map[string]string{"Content-Type": "text/csv", "Authorization": "Bearer wrong"})
	wantStatus(t, resp, b, 401, "bearer token")

	resp, b = do(t, "POST", ts.URL+"/api/v1/screen", strings.NewReader(counterparties), auth)
	wantStatus(t, resp, b, 200, "")
	var rep httpapi.ScreenReport
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Stats.Rows != 3 || rep.Stats.Matched != 2 || rep.Stats.Unmatched != 1 || rep.Rows[0].Match.Entity != "demo:tundra-mining" {
		t.Errorf("screen: %+v", rep.Stats)
	}

	resp, b = do(t, "POST", ts.URL+"/api/v1/screen?format=xlsx", strings.NewReader(counterparties), auth)
	wantStatus(t, resp, b, 200, "")
	if !bytes.HasPrefix(b, []byte("PK")) || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("xlsx: %q %q", resp.Header, b[:min(len(b), 20)])
	}
	resp, b = do(t, "POST", ts.URL+"/api/v1/screen?format=csv", strings.NewReader(counterparties), auth)
	wantStatus(t, resp, b, 200, "")
	if !strings.Contains(string(b), "demo:tundra-mining") {
		t.Errorf("csv: %s", b)
	}

	// Multipart upload.
	form, ct := uploadForm(t, "cps.csv", counterparties)
	resp, b = do(t, "POST", ts.URL+"/api/v1/screen?format=html", form, map[string]string{"Content-Type": ct, "Authorization": "Bearer " + token})
	wantStatus(t, resp, b, 200, "")
	if !strings.Contains(string(b), "<svg") {
		t.Errorf("html report without a drawn proof")
	}

	for _, c := range []struct {
		url, body, ctype string
		code             int
		msg              string
	}{
		{"/api/v1/screen", "country\nRU\n", "text/csv", 400, "no name column"},
		{"/api/v1/screen", "", "text/csv", 400, "empty file"},
		{"/api/v1/screen", "name,country\nM\xfcller GmbH,DE\n", "text/csv", 400, "line 2, field 1 (name): text is not UTF-8"},
		{"/api/v1/screen?format=pdf", counterparties, "text/csv", 400, "format"},
		{"/api/v1/screen?as_of=never", counterparties, "text/csv", 400, "as_of"},
		{"/api/v1/screen?threshold=2", counterparties, "text/csv", 400, "threshold"},
		{"/api/v1/screen", counterparties, "application/json", 415, "unsupported content type"},
		{"/api/v1/screen", "name\n" + strings.Repeat("Some Long Counterparty Name Ltd\n", 200), "text/csv", 413, "larger than 4096 bytes"},
	} {
		resp, b := do(t, "POST", ts.URL+c.url, strings.NewReader(c.body), map[string]string{"Content-Type": c.ctype, "Authorization": "Bearer " + token})
		wantStatus(t, resp, b, c.code, c.msg)
	}
	// A GET on the upload route is not allowed.
	resp, _ = get(t, ts.URL+"/api/v1/screen")
	if resp.StatusCode != 404 && resp.StatusCode != 405 {
		t.Errorf("GET /api/v1/screen: %d", resp.StatusCode)
	}
}

func TestNoTokenMeansNoUploads(t *testing.T) {
	ts := demoServer(t, func(o *httpapi.Options) { o.Token = "" })
	resp, b := do(t, "POST", ts.URL+"/api/v1/screen", strings.NewReader(counterparties), map[string]string{"Content-Type": "text/csv", "Authorization": "Bearer x"})
	wantStatus(t, resp, b, 403, "uploads are disabled")
	resp, b = get(t, ts.URL+"/api/v1/entities/demo:nordvik")
	wantStatus(t, resp, b, 200, "")
}

func TestRequireToken(t *testing.T) {
	ts := demoServer(t, func(o *httpapi.Options) { o.RequireToken = true })
	for _, u := range []string{"/api/v1/entities/demo:nordvik", "/api/v1/search?q=x", "/openapi.json", "/metrics", "/"} {
		resp, b := get(t, ts.URL+u)
		wantStatus(t, resp, b, 401, "bearer token")
		resp, b = do(t, "GET", ts.URL+u, nil, map[string]string{"Authorization": "Bearer " + token})
		if resp.StatusCode != 200 {
			t.Errorf("%s with token: %d %s", u, resp.StatusCode, b)
		}
	}
	for _, u := range []string{"/healthz", "/readyz"} {
		resp, b := get(t, ts.URL+u)
		wantStatus(t, resp, b, 200, "")
	}
}

func TestRequestTimeout(t *testing.T) {
	ts := demoServer(t, func(o *httpapi.Options) { o.RequestTimeout = time.Nanosecond })
	resp, b := get(t, ts.URL+"/api/v1/entities/demo:nordvik?as_of=2020-01-01")
	wantStatus(t, resp, b, 503, "took too long")
}
