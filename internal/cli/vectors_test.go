package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestVectorsEndToEnd runs every RULES.md section 3 vector through
// `ownex ingest csv` and `ownex analyze --format jsonl --as-of D` on a real
// SQLite file and compares the non-clear verdicts with the expectation
// written by hand in testdata/vectors/<ID>/expect@<D>.txt.
func TestVectorsEndToEnd(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/vectors/V*")
	if err != nil || len(dirs) < 18 {
		t.Fatalf("want the 18 vector folders, got %d (%v)", len(dirs), err)
	}
	for _, dir := range dirs {
		expects, _ := filepath.Glob(filepath.Join(dir, "expect@*.txt"))
		if len(expects) == 0 {
			t.Fatalf("%s: no expect@<date>.txt", dir)
		}
		for _, exp := range expects {
			asOf := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(exp), "expect@"), ".txt")
			t.Run(filepath.Base(dir)+"@"+asOf, func(t *testing.T) {
				cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
				mustIngest(t, cfg, dir)
				got := analyzeLines(t, cfg, AnalyzeOptions{AsOf: asOf, Format: "jsonl"})
				want := readLines(t, exp)
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("verdicts as of %s:\n got: %q\nwant: %q", asOf, got, want)
				}
			})
		}
	}
}

func mustIngest(t *testing.T, cfg Config, paths ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	err := Ingest(context.Background(), Env{Stdout: &out, Stderr: &errb}, cfg, "csv", paths, IngestOptions{})
	if err != nil {
		t.Fatalf("ingest %v: %v (stderr %s)", paths, err, errb.String())
	}
	return out.String()
}

// analyzeLines runs analyze with jsonl output and returns "id regime
// status" per line, sorted, after checking each line's contract fields.
func analyzeLines(t *testing.T, cfg Config, opt AnalyzeOptions) []string {
	t.Helper()
	var out bytes.Buffer
	if err := Analyze(context.Background(), Env{Stdout: &out, Stderr: &bytes.Buffer{}}, cfg, opt); err != nil {
		t.Fatalf("analyze: %v", err)
	}
	var lines []string
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("jsonl line %q: %v", sc.Text(), err)
		}
		for _, k := range []string{"id", "name", "regime", "status", "share_min", "share_max", "flags"} {
			if _, ok := m[k]; !ok {
				t.Fatalf("jsonl line %q lacks %q", sc.Text(), k)
			}
		}
		lines = append(lines, m["id"].(string)+" "+m["regime"].(string)+" "+m["status"].(string))
	}
	sort.Strings(lines)
	return lines
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}
