package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAnalyzeAllIncludesClear(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, "../../testdata/vectors/V12")
	exposed := analyzeLines(t, cfg, AnalyzeOptions{AsOf: "2025-01-01", Format: "jsonl"})
	if want := []string{"X eu designated", "X ofac designated", "X uk designated"}; strings.Join(exposed, ",") != strings.Join(want, ",") {
		t.Fatalf("V12 without --all: %v, want %v", exposed, want)
	}
	all := analyzeLines(t, cfg, AnalyzeOptions{AsOf: "2025-01-01", Format: "jsonl", All: true})
	// X, A, B under three regimes.
	if len(all) != 9 || !contains(all, "B ofac clear") || !contains(all, "A uk clear") {
		t.Fatalf("V12 with --all: %v", all)
	}
}

func TestAnalyzeShareFields(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, "../../testdata/vectors/V22")
	var out bytes.Buffer
	if err := Analyze(context.Background(), Env{Stdout: &out}, cfg, AnalyzeOptions{AsOf: "2025-01-01", Format: "jsonl", Regime: "ofac"}); err != nil {
		t.Fatal(err)
	}
	var rec struct {
		ID       string   `json:"id"`
		Status   string   `json:"status"`
		ShareMin float64  `json:"share_min"`
		ShareMax float64  `json:"share_max"`
		Flags    []string `json:"flags"`
	}
	found := false
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatal(err)
		}
		if rec.ID == "A" {
			found = true
			// X's unknown share is capped by N's 40 %: X holds 0-60 %.
			if rec.Status != "undetermined" || rec.ShareMin != 0 || rec.ShareMax != 60 || rec.Flags == nil {
				t.Errorf("A = %+v, want undetermined 0-60 with a flags array", rec)
			}
		}
	}
	if !found {
		t.Fatalf("A missing from %s", out.String())
	}
}

func TestAnalyzeFormatsAndOut(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, "../../testdata/vectors/V01")
	out := filepath.Join(t.TempDir(), "verdicts.csv")
	if err := Analyze(context.Background(), Env{Stdout: &bytes.Buffer{}}, cfg, AnalyzeOptions{AsOf: "2025-01-01", Format: "csv", Out: out}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if lines[0] != "id,name,regime,status,share_min,share_max,votes_min,votes_max,share_range,votes_range,flags,possibly_same_as,possibly_exposed_via,possible_status,party" || !contains(lines, "B,B,ofac,blocked,50,50,50,50,50,50,,,,,B") {
		t.Fatalf("csv output:\n%s", b)
	}
	var table bytes.Buffer
	if err := Analyze(context.Background(), Env{Stdout: &table}, cfg, AnalyzeOptions{AsOf: "2025-01-01", Format: "table"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(table.String(), "OFAC") || !strings.Contains(table.String(), "blocked 50%") {
		t.Fatalf("table output:\n%s", table.String())
	}
}

func TestAnalyzeBadUsage(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	for _, opt := range []AnalyzeOptions{{Regime: "fr"}, {AsOf: "2024-13-01"}, {Format: "xml"}} {
		err := Analyze(context.Background(), Env{Stdout: &bytes.Buffer{}}, cfg, opt)
		if ExitCode(err) != 2 {
			t.Errorf("%+v: err %v, exit %d; want exit 2", opt, err, ExitCode(err))
		}
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// TestAnalyzeConeIsTheWholeGraphs: `analyze` without --all analyses only
// the designated cone (exposure.Options.Cone); its output is byte for
// byte that of the whole graph's analysis, which --save forces, from the
// snapshot cache and from the store, on a generated graph with clusters,
// possible links and control edges, in every format.
func TestAnalyzeConeIsTheWholeGraphs(t *testing.T) {
	dir := t.TempDir()
	if err := Gen(context.Background(), Env{Stdout: &bytes.Buffer{}}, GenOptions{Entities: 20000, Seed: 5, Out: dir}); err != nil {
		t.Fatal(err)
	}
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, dir)
	run := func(cfg Config, opt AnalyzeOptions) []byte {
		t.Helper()
		var out bytes.Buffer
		if err := Analyze(context.Background(), Env{Stdout: &out, Stderr: &bytes.Buffer{}}, cfg, opt); err != nil {
			t.Fatalf("analyze %+v: %v", opt, err)
		}
		return out.Bytes()
	}
	noCache := cfg
	noCache.NoCache = true
	for i, format := range []string{"jsonl", "csv", "table"} {
		for _, c := range []Config{cfg, noCache} {
			opt := AnalyzeOptions{AsOf: "2025-06-30", Format: format}
			cone := run(c, opt)
			opt.Save = fmt.Sprintf("whole-%d-%v", i, c.NoCache)
			whole := run(c, opt)
			if !bytes.Equal(cone, whole) {
				t.Fatalf("%s, no cache %v: the cone's output (%d bytes) differs from the whole graph's (%d bytes)",
					format, c.NoCache, len(cone), len(whole))
			}
			if n := bytes.Count(cone, []byte("\n")); n < 100 {
				t.Fatalf("%s: only %d lines: the graph exercises nothing", format, n)
			}
		}
	}
}
