package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/sqlite"
)

func storeCounts(t *testing.T, cfg Config) graph.Counts {
	t.Helper()
	st, err := sqlite.Open(context.Background(), cfg.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestReingestChangesNoCount(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, "demodata")
	first := storeCounts(t, cfg)
	if first.Entities < 28 || first.Holdings < 40 || first.Designations != 7 || first.Controls != 4 {
		t.Fatalf("demo counts %+v", first)
	}
	mustIngest(t, cfg, "demodata")
	if second := storeCounts(t, cfg); second != first {
		t.Fatalf("re-ingest changed counts: %+v -> %+v", first, second)
	}
}

// TestIngestBadRowLeavesStoreUnchanged covers acceptance item 5 of issue 2:
// a bad share, a share above 100, a missing owner and a bad date each fail
// the load with exit status 2, a message naming file, line and column, and
// no change to the store.
func TestIngestBadRowLeavesStoreUnchanged(t *testing.T) {
	good := "owner,owned,share,votes,arrangement,start,end\nX,A,30,,,,\nY,A,25,,,,\nX,B,60,,,2020-01-01,\n"
	tests := []struct {
		name, row, column string
	}{
		{"share abc", "Q,A,abc,,,,", "share"},
		{"share 150", "Q,A,150,,,,", "share"},
		{"missing owner", ",A,30,,,,", "owner"},
		{"bad date", "Q,A,30,,,2021-02-30,", "start"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
			mustIngest(t, cfg, "../../testdata/vectors/V05")
			before := storeCounts(t, cfg)
			dir := t.TempDir()
			writeFile(t, dir, "entities.csv", "id,name\nQ,Quill Ltd\n")
			writeFile(t, dir, "ownership.csv", good+tt.row+"\n")
			var out, errb bytes.Buffer
			err := Ingest(context.Background(), Env{Stdout: &out, Stderr: &errb}, cfg, "csv", []string{dir}, IngestOptions{})
			if ExitCode(err) != 2 {
				t.Fatalf("err %v: exit %d, want 2", err, ExitCode(err))
			}
			msg := err.Error()
			for _, want := range []string{"ownership.csv", ":5", tt.column} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q does not name %q", msg, want)
				}
			}
			if after := storeCounts(t, cfg); after != before {
				t.Errorf("store changed: %+v -> %+v", before, after)
			}
		})
	}
}

func TestIngestLenientSkipsAndReports(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	dir := t.TempDir()
	writeFile(t, dir, "ownership.csv", "owner,owned,share\nX,A,30\nX,B,abc\nX,C,150\nX,D,60\n")
	var out, errb bytes.Buffer
	err := Ingest(context.Background(), Env{Stdout: &out, Stderr: &errb}, cfg, "csv", []string{dir}, IngestOptions{Lenient: true})
	if err != nil {
		t.Fatal(err)
	}
	if c := storeCounts(t, cfg); c.Holdings != 2 {
		t.Errorf("holdings %d, want 2", c.Holdings)
	}
	if n := strings.Count(errb.String(), "skipped"); n != 2 || !strings.Contains(errb.String(), "ownership.csv:3") || !strings.Contains(errb.String(), "ownership.csv:4") {
		t.Errorf("skipped report:\n%s", errb.String())
	}
	if !strings.Contains(out.String(), "2 record(s) skipped") {
		t.Errorf("summary: %s", out.String())
	}
}

func TestIngestUsageErrors(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	for _, tc := range []struct {
		format string
		paths  []string
	}{{"xml", []string{"x"}}, {"csv", nil}, {"csv", []string{"/nonexistent/folder"}}} {
		err := Ingest(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, cfg, tc.format, tc.paths, IngestOptions{})
		if ExitCode(err) != 2 {
			t.Errorf("%v: err %v, want exit 2", tc, err)
		}
	}
}

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestBinaryFileExit2: a workbook or an archive given as a text file
// fails the ingest with exit status 2 and a message naming the file and
// what it is, in every format, strict or lenient, and changes nothing;
// before, it was "text is not UTF-8" at some column of line 1.
func TestBinaryFileExit2(t *testing.T) {
	for body, what := range map[string]string{
		"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xa1\xb2name,id\n": "a ZIP archive (an .xlsx workbook?)",
		"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00":                     "an OLE compound file (an .xls workbook?)",
		"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03":                         "a gzip file",
	} {
		refusedInEveryFormat(t, body, ":1: the file is "+what+", not text")
	}
}

// TestEmptyFileExit2: an empty file (no byte, or only blank lines) fails
// the ingest with exit status 2 and a message naming the file, in every
// format, strict or lenient, and begins no load. Before, ftm, psc,
// ofac-csv and ofac-consolidated loaded nothing and exited 0.
func TestEmptyFileExit2(t *testing.T) {
	for _, body := range []string{"", "\n\n  \n"} {
		refusedInEveryFormat(t, body, ":1: empty file")
	}
}

// refusedInEveryFormat ingests body as the one file of each format,
// strict and lenient, and wants exit status 2, an error holding the
// file's name followed by want, and no change to the store.
func refusedInEveryFormat(t *testing.T, body, want string) {
	t.Helper()
	names := map[string]string{"ofac-csv": "SDN.CSV", "ofac-consolidated": "CONS_PRIM.CSV"}
	for _, f := range Formats() {
		for _, lenient := range []bool{false, true} {
			dir := t.TempDir()
			name := names[f.Name]
			if name == "" {
				name = "input." + f.Ext
			}
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg := Config{DB: filepath.Join(dir, "ownex.db")}
			var out, errOut bytes.Buffer
			err := Ingest(context.Background(), Env{Stdout: &out, Stderr: &errOut}, cfg, f.Name, []string{path},
				IngestOptions{Lenient: lenient})
			if ExitCode(err) != 2 || !strings.Contains(fmt.Sprint(err), name+want) {
				t.Errorf("%s %q lenient=%v: exit %d, err %v; want 2 and %s%s", f.Name, body, lenient, ExitCode(err), err, name, want)
				continue
			}
			if c := storeCounts(t, cfg); c != (graph.Counts{}) {
				t.Errorf("%s: store changed: %+v", f.Name, c)
			}
		}
	}
}
