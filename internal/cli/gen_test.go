package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/internal/gen"
)

// TestGenRoundTrip: `ownex gen` writes CSV that `ownex ingest csv` loads,
// and the loaded store gives the same verdicts as the generated snapshot.
func TestGenRoundTrip(t *testing.T) {
	dir := t.TempDir()
	if err := Gen(context.Background(), Env{Stdout: &bytes.Buffer{}}, GenOptions{Entities: 3000, Seed: 7, Out: dir}); err != nil {
		t.Fatal(err)
	}
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, dir)
	got := analyzeLines(t, cfg, AnalyzeOptions{AsOf: "2025-06-30", Format: "jsonl"})
	res, err := exposure.Analyze(gen.Graph(3000, 7), exposure.Options{AsOf: "2025-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, r := range graph.Engines {
		for v := range res.Verdicts(r) {
			if v.Status != graph.StatusClear {
				want = append(want, v.Entity+" "+string(r)+" "+string(v.Status))
			}
		}
	}
	if len(got) != len(want) || len(got) < 10 {
		t.Fatalf("store gives %d non-clear verdicts, the snapshot %d", len(got), len(want))
	}
	wantSet := map[string]bool{}
	for _, w := range want {
		wantSet[w] = true
	}
	for _, g := range got {
		if !wantSet[g] {
			t.Errorf("verdict %q from the store is not the snapshot's", g)
		}
	}
	if err := Gen(context.Background(), Env{Stdout: &bytes.Buffer{}}, GenOptions{Entities: 0, Out: dir}); ExitCode(err) != 2 {
		t.Errorf("bad --entities: %v", err)
	}
}
