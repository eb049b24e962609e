package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// boundsCases returns the fixture folders of testdata/bounds and, for
// each, the as-of dates of its expect@<date>.txt files.
func boundsCases(t *testing.T) (dirs []string, asOfs map[string][]string) {
	t.Helper()
	dirs, err := filepath.Glob("../../testdata/bounds/B*")
	if err != nil || len(dirs) < 8 {
		t.Fatalf("want the 8 bounds folders, got %d (%v)", len(dirs), err)
	}
	asOfs = map[string][]string{}
	for _, dir := range dirs {
		exps, _ := filepath.Glob(filepath.Join(dir, "expect@*.txt"))
		if len(exps) == 0 {
			t.Fatalf("%s: no expect@<date>.txt", dir)
		}
		for _, e := range exps {
			asOfs[dir] = append(asOfs[dir], strings.TrimSuffix(strings.TrimPrefix(filepath.Base(e), "expect@"), ".txt"))
		}
	}
	return dirs, asOfs
}

// checkBounds compares analyze's non-clear verdicts with the expectation.
func checkBounds(t *testing.T, cfg Config, dir, asOf string) {
	t.Helper()
	got := analyzeLines(t, cfg, AnalyzeOptions{AsOf: asOf, Format: "jsonl"})
	want := readLines(t, filepath.Join(dir, "expect@"+asOf+".txt"))
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s on %s as of %s:\n got: %q\nwant: %q", filepath.Base(dir), cfg.Store, asOf, got, want)
	}
}

// sharesOf returns the jsonl share_min and share_max of one verdict.
func sharesOf(t *testing.T, out, id, regime string) (lo, hi float64) {
	t.Helper()
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var v struct {
			ID       string  `json:"id"`
			Regime   string  `json:"regime"`
			ShareMin float64 `json:"share_min"`
			ShareMax float64 `json:"share_max"`
		}
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatal(err)
		}
		if v.ID == id && v.Regime == regime {
			return v.ShareMin, v.ShareMax
		}
	}
	t.Fatalf("no %s verdict on %s in %s", regime, id, out)
	return 0, 0
}

// TestBoundsEndToEnd runs every testdata/bounds fixture (shares with open
// and closed bounds in the generic CSV interval notation) through
// `ownex ingest csv` and `ownex analyze --format jsonl` on a real SQLite
// file and compares the non-clear verdicts with the expectation written
// by hand.
func TestBoundsEndToEnd(t *testing.T) {
	dirs, asOfs := boundsCases(t)
	for _, dir := range dirs {
		for _, asOf := range asOfs[dir] {
			t.Run(filepath.Base(dir)+"@"+asOf, func(t *testing.T) {
				cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
				mustIngest(t, cfg, dir)
				checkBounds(t, cfg, dir, asOf)
			})
		}
	}
	// The counted share ranges of B01 (a lone (25, 50]) and B02 (two of
	// them, (50, 100]).
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, "../../testdata/bounds/B01-lone")
	out := analyzeRaw(t, cfg, AnalyzeOptions{AsOf: "2025-01-01", Format: "jsonl", All: true})
	for _, r := range []string{"ofac", "uk", "eu"} {
		if lo, hi := sharesOf(t, out, "A", r); lo != 25 || hi != 50 {
			t.Errorf("B01 %s share_min %v share_max %v, want 25 50", r, lo, hi)
		}
	}
	cfg = Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, "../../testdata/bounds/B02-one-person-twice")
	out = analyzeRaw(t, cfg, AnalyzeOptions{AsOf: "2025-01-01", Format: "jsonl"})
	if lo, hi := sharesOf(t, out, "A", "uk"); lo != 50 || hi != 100 {
		t.Errorf("B02 uk share_min %v share_max %v, want 50 100", lo, hi)
	}
}

// TestBoundsNeo4j runs the same fixtures on Neo4j: the verdicts match the
// expectation and `analyze --format jsonl --all` is byte-identical to
// SQLite's, so the openness of every bound survives both stores.
func TestBoundsNeo4j(t *testing.T) {
	ncfg, nst := neo4jConfig(t)
	dirs, asOfs := boundsCases(t)
	for _, dir := range dirs {
		if err := nst.Wipe(context.Background()); err != nil {
			t.Fatal(err)
		}
		scfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
		mustIngest(t, scfg, dir)
		mustIngest(t, ncfg, dir)
		for _, asOf := range asOfs[dir] {
			checkBounds(t, ncfg, dir, asOf)
			opt := AnalyzeOptions{AsOf: asOf, Format: "jsonl", All: true}
			s, n := analyzeRaw(t, scfg, opt), analyzeRaw(t, ncfg, opt)
			if s != n || s == "" {
				t.Errorf("%s as of %s: sqlite and neo4j differ\nsqlite:\n%s\nneo4j:\n%s", dir, asOf, s, n)
			}
		}
	}
}
