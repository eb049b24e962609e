package bods_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ownex/ownex/ingest"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.jsonl from the current output")

// TestGolden parses every official example of BODS 0.2, 0.3 and 0.4 and
// compares every field of every record emitted, in order, with
// testdata/golden/<version>-<name>.jsonl (one record a line, reviewed when
// written). It pins the mapping of the package documentation on real
// publisher data.
func TestGolden(t *testing.T) {
	var files []string
	for _, g := range []string{"examples-0.2/*.json", "examples-0.2/*/*.json", "examples-0.3/*.json",
		"examples-0.3/*/*.json", "examples-0.4/*.json"} {
		m, _ := filepath.Glob(td + g)
		files = append(files, m...)
	}
	if len(files) != 43 {
		t.Fatalf("%d example files", len(files))
	}
	for _, f := range files {
		rel := strings.TrimPrefix(f, td)
		name := strings.ReplaceAll(strings.TrimSuffix(rel, ".json"), "/", "-") + ".jsonl"
		_, lenient := repeatedIDs[rel] // refused in strict mode
		r, err := parseFiles(t, ingest.ParseOptions{Lenient: lenient}, f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		// Every edge has a Ref, and no two share a store key.
		keys := map[string]bool{}
		for _, h := range r.Holdings {
			if h.Ref == "" || keys[h.Key()] {
				t.Errorf("%s: holding without a ref or a key seen before: %+v", f, h)
			}
			keys[h.Key()] = true
		}
		for _, c := range r.Controls {
			if c.Ref == "" || keys[c.Key()] {
				t.Errorf("%s: control without a ref or a key seen before: %+v", f, c)
			}
			keys[c.Key()] = true
		}
		var buf bytes.Buffer
		line := func(kind string, v any) {
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			buf.WriteString(kind + " " + string(b) + "\n")
		}
		for _, e := range r.Entities {
			line("entity", e)
		}
		for _, h := range r.Holdings {
			line("holding", h)
		}
		for _, c := range r.Controls {
			line("control", c)
		}
		for _, l := range r.Links {
			line("link", l)
		}
		path := filepath.Join("testdata/golden", name)
		if *update {
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := buf.String(); got != string(want) {
			t.Errorf("%s: output differs from %s:\n%s", f, path, diffLines(string(want), got))
		}
	}
}

// diffLines lists the lines of want and got that differ, by position.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			b.WriteString("- " + a + "\n+ " + c + "\n")
		}
	}
	return b.String()
}
