package httpapi_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ownex/ownex/internal/httpapi"
	"github.com/ownex/ownex/internal/report"
)

// TestScreenWarnsNoDesignations: a screening under regimes with no
// designation in force as of its date (a store whose UK and EU lists were
// never loaded) says so in every answer that has a place for it — the
// JSON's warnings, the HTML report's head, the workbook's first sheet and
// the job page — and the demo store, with designations under every
// regime, gets none of it.
func TestScreenWarnsNoDesignations(t *testing.T) {
	st := csvStore(t, map[string]string{
		"ownership.csv":    "owner,owned,share\nX,Acme Holdings,60\n",
		"designations.csv": "entity,regime,program,listed\nX,ofac,SDGT,2020-01-01\n",
	})
	ts := serveStore(t, st, nil)
	const want = "no designation is in force under uk, eu as of 2025-06-30: every verdict under them is clear"
	auth := map[string]string{"Content-Type": "text/csv", "Authorization": "Bearer " + token}
	const book = "name\nAcme Holdings\n"

	resp, b := do(t, "POST", ts.URL+"/api/v1/screen", strings.NewReader(book), auth)
	wantStatus(t, resp, b, 200, "")
	var rep httpapi.ScreenReport
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Warnings) != 1 || !strings.HasPrefix(rep.Warnings[0], want) {
		t.Errorf("warnings %q, want one starting %q", rep.Warnings, want)
	}
	if len(rep.Rows) != 1 || rep.Rows[0].Match.Entity != "Acme Holdings" {
		t.Errorf("rows %+v", rep.Rows)
	}

	resp, b = do(t, "POST", ts.URL+"/api/v1/screen?format=html", strings.NewReader(book), auth)
	wantStatus(t, resp, b, 200, "")
	if !strings.Contains(string(b), `<p class="warning">Warning: `+want) {
		t.Errorf("html report without the warning: %.2000s", b)
	}

	resp, b = do(t, "POST", ts.URL+"/api/v1/screen?format=xlsx", strings.NewReader(book), auth)
	wantStatus(t, resp, b, 200, "")
	f := openXLSX(t, b)
	sheets := f.GetSheetList()
	wantSheets := []string{report.SheetWarnings, report.SheetResults, report.SheetProofs, report.SheetUnmatched}
	if strings.Join(sheets, "|") != strings.Join(wantSheets, "|") || f.GetActiveSheetIndex() != 0 {
		t.Errorf("sheets %q (active %d), want %q with the first active", sheets, f.GetActiveSheetIndex(), wantSheets)
	}
	if v, _ := f.GetCellValue(report.SheetWarnings, "A2"); !strings.HasPrefix(v, want) {
		t.Errorf("warnings sheet A2 = %q, want %q", v, want)
	}
	if v, _ := f.GetCellValue(report.SheetResults, "J2"); v != "Acme Holdings" {
		t.Errorf("results sheet J2 = %q, want the matched entity's name", v)
	}

	// The web UI's job page.
	form, ct := uploadForm(t, "book.csv", book, "as_of", "2025-06-30", "token", token)
	resp, _ = do(t, "POST", ts.URL+"/screen", form, map[string]string{"Content-Type": ct})
	if resp.StatusCode != 303 {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	if page := jobPage(t, ts.URL+resp.Header.Get("Location")); !strings.Contains(page, `<p class="warning" role="alert">Warning: `+want) {
		t.Errorf("job page without the warning: %s", page)
	}

	// With designations under every regime: no warning anywhere.
	demo := demoServer(t, nil)
	resp, b = do(t, "POST", demo.URL+"/api/v1/screen", strings.NewReader(counterparties), auth)
	wantStatus(t, resp, b, 200, "")
	if strings.Contains(string(b), `"warnings"`) {
		t.Errorf("demo screening warns: %.300s", b)
	}
	resp, b = do(t, "POST", demo.URL+"/api/v1/screen?format=html", strings.NewReader(counterparties), auth)
	wantStatus(t, resp, b, 200, "")
	if strings.Contains(string(b), `class="warning"`) {
		t.Error("demo html report warns")
	}
	resp, b = do(t, "POST", demo.URL+"/api/v1/screen?format=xlsx", strings.NewReader(counterparties), auth)
	wantStatus(t, resp, b, 200, "")
	if s := openXLSX(t, b).GetSheetList(); s[0] != report.SheetResults {
		t.Errorf("demo workbook sheets %q, want %s first", s, report.SheetResults)
	}
}

// openXLSX opens a workbook answered by the server.
func openXLSX(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("open the workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
