package httpapi_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ownex/ownex/internal/cli"
	"github.com/ownex/ownex/internal/store/sqlite"
)

// csvStore opens a SQLite store holding files (name: text), ingested as
// generic CSV with the command line's ingest.
func csvStore(t *testing.T, files map[string]string) *sqlite.Store {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "ownex.db")
	if err := cli.Ingest(ctx, cli.Env{Stdout: io.Discard, Stderr: io.Discard}, cli.Config{DB: db}, "csv", []string{dir}, cli.IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestUIConflictingReports is issue 16's acceptance 3 for the web UI: the
// entity page of a stake reported as (50,75) by one source and 50 by
// another shows the flag conflicting-reports, and under each proof how
// the reports were merged, with every report's source and record.
func TestUIConflictingReports(t *testing.T) {
	st := csvStore(t, map[string]string{
		"entities.csv":     "id,name,kind\nX,Blue Heron Shipping LLC,company\nA,Harbour Bakery Ltd,company\n",
		"designations.csv": "entity,regime,program,listed,source\nX,ofac,TEST,2010-01-01,list\n",
		"ownership.csv":    "owner,owned,share,source\nX,A,\"(50,75)\",registry-a\nX,A,50,registry-b\n",
	})
	ts := serveStore(t, st, nil)
	resp, b := get(t, ts.URL+"/entity/A")
	page := string(b)
	if resp.StatusCode != 200 {
		t.Fatalf("entity page %d: %s", resp.StatusCode, b)
	}
	for _, want := range []string{
		`data-regime="ofac" data-status="blocked"`, "conflicting-reports", "Stakes reported more than once",
		"Blue Heron Shipping LLC (X) in Harbour Bakery Ltd (A): 2 reports disagree: hull [50,75)",
		"report: (50,75) % shares [source registry-a, record ownership.csv:2]",
		"report: 50 % shares [source registry-b, record ownership.csv:3]",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("entity page lacks %q", want)
		}
	}
}
