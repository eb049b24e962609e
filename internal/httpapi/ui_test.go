package httpapi_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestUISearchAndEntity(t *testing.T) {
	ts := demoServer(t, nil)
	resp, b := get(t, ts.URL+"/?q=tundra")
	if resp.StatusCode != 200 || !strings.Contains(string(b), `href="/entity/demo:tundra-mining"`) {
		t.Fatalf("search page %d: %s", resp.StatusCode, b)
	}
	resp, b = get(t, ts.URL+"/entity/demo:volga-grain")
	page := string(b)
	if resp.StatusCode != 200 {
		t.Fatalf("entity page %d: %s", resp.StatusCode, b)
	}
	for _, want := range []string{
		`data-regime="ofac" data-status="blocked"`, `data-regime="uk" data-status="undetermined"`, `data-regime="eu" data-status="owned"`,
		"<svg", `type="date" name="as_of" id="as_of" value="2025-06-30"`, `id="owners"`, "Look-through share", "Viktor Dragunov",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("entity page lacks %q", want)
		}
	}
	if strings.Count(page, `<section class="proof"`) != 3 {
		t.Errorf("want one proof per regime")
	}
	resp, b = get(t, ts.URL+"/entity/demo:dragunov?as_of=2025-06-30")
	if resp.StatusCode != 200 || !strings.Contains(string(b), `id="holdings"`) {
		t.Errorf("dragunov page %d", resp.StatusCode)
	}
	resp, b = get(t, ts.URL+"/entity/demo:nobody")
	if resp.StatusCode != 404 || !strings.Contains(string(b), "not found") || !strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("unknown entity page %d: %s", resp.StatusCode, b)
	}
	resp, _ = get(t, ts.URL+"/entity/demo:nordvik?as_of=bad")
	if resp.StatusCode != 400 {
		t.Errorf("bad as_of page %d", resp.StatusCode)
	}
	resp, b = get(t, ts.URL+"/static/style.css")
	if resp.StatusCode != 200 || !strings.Contains(string(b), ".badge") {
		t.Errorf("css %d", resp.StatusCode)
	}
	resp, _ = get(t, ts.URL+"/screen")
	if resp.StatusCode != 200 {
		t.Errorf("screen page %d", resp.StatusCode)
	}
}

func TestUIScreening(t *testing.T) {
	ts := demoServer(t, nil)
	form := func(tok string) (*bytes.Buffer, string) {
		if tok == "" {
			return uploadForm(t, "cps.csv", counterparties, "as_of", "2025-06-30")
		}
		return uploadForm(t, "cps.csv", counterparties, "as_of", "2025-06-30", "token", tok)
	}
	body, ct := form("")
	resp, _ := do(t, "POST", ts.URL+"/screen", body, map[string]string{"Content-Type": ct})
	if resp.StatusCode != 401 {
		t.Fatalf("upload without token: %d", resp.StatusCode)
	}
	body, ct = form(token)
	resp, _ = do(t, "POST", ts.URL+"/screen", body, map[string]string{"Content-Type": ct})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	var cookie string
	for _, c := range resp.Cookies() {
		if c.Name == "ownex_session" && c.HttpOnly && c.SameSite == http.SameSiteStrictMode && c.Value != token {
			cookie = c.Name + "=" + c.Value
		}
	}
	if cookie == "" {
		t.Error("no HttpOnly, SameSite=Strict session cookie (that is not the token)")
	}
	page := jobPage(t, ts.URL+loc)
	if !strings.Contains(page, "3 rows, 2 matched, 0 ambiguous, 1 unmatched") {
		t.Fatalf("job page: %s", page)
	}
	// The matches table lists the matched rows with their record (why
	// each matched once the matcher explains it: tests/browser).
	for _, want := range []string{`<table id="matches">`, `<tr data-ref="r1" data-status="matched">`, `<tr data-ref="r2" data-status="matched">`,
		`<a href="/entity/demo:tundra-mining?as_of=2025-06-30">`} {
		if !strings.Contains(page, want) {
			t.Errorf("job page lacks %q", want)
		}
	}
	resp, b := get(t, ts.URL+loc+"/report?format=xlsx")
	if resp.StatusCode != 200 || !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf("xlsx download %d", resp.StatusCode)
	}
	resp, b = get(t, ts.URL+loc+"/report?format=csv")
	if resp.StatusCode != 200 || !strings.Contains(string(b), "demo:tundra-mining") || !strings.Contains(string(b), ",party,possibly_same,matched_name,why,input_dob\n") {
		t.Errorf("csv download %d: %.300s", resp.StatusCode, b)
	}
	resp, _ = get(t, ts.URL+loc+"/report?format=pdf")
	if resp.StatusCode != 400 {
		t.Errorf("pdf download %d", resp.StatusCode)
	}
	resp, _ = get(t, ts.URL+"/screen/jobs/nope")
	if resp.StatusCode != 404 {
		t.Errorf("unknown job %d", resp.StatusCode)
	}
}

// uploadForm returns a multipart body holding book as the file part
// "file" named name, then the form fields given as name, value pairs, and
// its content type.
func uploadForm(t *testing.T, name, book string, fields ...string) (*bytes.Buffer, string) {
	t.Helper()
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	fw, err := mw.CreateFormFile("file", name)
	if err == nil {
		_, err = fw.Write([]byte(book))
	}
	for i := 0; err == nil && i+1 < len(fields); i += 2 {
		err = mw.WriteField(fields[i], fields[i+1])
	}
	if err == nil {
		err = mw.Close()
	}
	if err != nil {
		t.Fatalf("multipart form: %v", err)
	}
	return &mp, mw.FormDataContentType()
}

// jobPage polls a screening's job page until the job is done (10 s at
// most) and returns the page as last read.
func jobPage(t *testing.T, url string) string {
	t.Helper()
	var page string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		_, b := get(t, url)
		page = string(b)
		if strings.Contains(page, `data-state="done"`) {
			break
		}
	}
	return page
}
