package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSameLEIOneParty: an OFAC record and a GLEIF-style record with the
// same LEI become one party after `ownex resolve`, so that the holding
// reported for the LEI record makes its company blocked (issue 5,
// acceptance 4).
func TestSameLEIOneParty(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	ingestFormat(t, cfg, "ofac-csv", "../../testdata/ofac/watchman-ofactest")
	mustIngest(t, cfg, "../../testdata/resolve-lei")
	opt := AnalyzeOptions{AsOf: "2025-01-01", Format: "jsonl", Regime: "ofac"}
	if got := analyzeLines(t, cfg, opt); contains(got, "q ofac blocked") {
		t.Fatalf("q blocked before resolution: %v", got)
	}
	review := filepath.Join(t.TempDir(), "review.csv")
	var out bytes.Buffer
	if err := Resolve(context.Background(), Env{Stdout: &out}, cfg, ResolveOptions{Review: review}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "linked 1 pairs by identifier") {
		t.Errorf("resolve summary: %s", out.String())
	}
	if _, err := os.Stat(review); err != nil {
		t.Errorf("review file: %v", err)
	}
	got := analyzeLines(t, cfg, opt)
	for _, want := range []string{"q ofac blocked", "lei:5299007NTWCC3U23WM81 ofac designated", "ofac:33151 ofac designated"} {
		if !contains(got, want) {
			t.Errorf("after resolve, verdicts lack %q: %v", want, got)
		}
	}
	var proof bytes.Buffer
	if err := Explain(context.Background(), Env{Stdout: &proof}, cfg, "q", ExplainOptions{AsOf: "2025-01-01", Regime: "ofac"}); err != nil {
		t.Fatal(err)
	}
	if s := proof.String(); !strings.Contains(s, "OFAC: blocked") || !strings.Contains(s, "one party with its same-as records") || !strings.Contains(s, "record 33151") {
		t.Errorf("proof of q:\n%s", s)
	}
	// Running resolve again adds nothing.
	before := storeCounts(t, cfg)
	if err := Resolve(context.Background(), Env{Stdout: &bytes.Buffer{}}, cfg, ResolveOptions{}); err != nil {
		t.Fatal(err)
	}
	if after := storeCounts(t, cfg); after != before {
		t.Errorf("re-running resolve changed counts: %+v -> %+v", before, after)
	}
}
