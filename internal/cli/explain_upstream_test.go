package cli

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/internal/store/sqlite"
)

// upstreamSpy records which upstream read a store is asked for.
type upstreamSpy struct {
	*sqlite.Store
	calls *[]string
}

func (s upstreamSpy) Upstream(ctx context.Context, ids []string, asOf graph.Date) (*graph.Snapshot, error) {
	*s.calls = append(*s.calls, "Upstream")
	return s.Store.Upstream(ctx, ids, asOf)
}

func (s upstreamSpy) StreamUpstream(ctx context.Context, ids []string, asOf graph.Date, sink graph.SnapshotSink) error {
	*s.calls = append(*s.calls, "StreamUpstream")
	return s.Store.StreamUpstream(ctx, ids, asOf, sink)
}

// TestExplainStreamsUpstream: `explain` on the SQLite store streams the
// upstream closure into the builder (StreamUpstream, never the snapshot of
// Upstream) and releases the store once it is read, before the analysis
// (issue 15: the store's page cache was held over it); on every entity of
// the rules' test vectors, under every regime, the proofs are exactly
// those of Analyze on the Upstream snapshot.
func TestExplainStreamsUpstream(t *testing.T) {
	dirs, err := filepath.Glob("../../testdata/vectors/V*")
	if err != nil || len(dirs) < 10 {
		t.Fatalf("vectors: %v, %v", dirs, err)
	}
	ctx := context.Background()
	proofs := 0
	for _, dir := range dirs {
		expect, err := filepath.Glob(filepath.Join(dir, "expect@*.txt"))
		if err != nil || len(expect) == 0 {
			t.Fatalf("%s: no expect@DATE.txt", dir)
		}
		asOf := graph.Date(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(expect[0]), "expect@"), ".txt"))
		cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
		mustIngest(t, cfg, dir)
		st, err := sqlite.Open(ctx, cfg.DB)
		if err != nil {
			t.Fatal(err)
		}
		snap, err := st.Snapshot(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range snap.Entities {
			var calls []string
			release := func() error { calls = append(calls, "release"); return nil }
			opt := exposure.Options{AsOf: asOf}
			streamed, err := exposure.AnalyzeUpstream(ctx, upstreamSpy{st, &calls}, []string{e.ID}, opt, release)
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"StreamUpstream", "release"}; !slices.Equal(calls, want) {
				t.Errorf("%s %s: calls %v, want %v", dir, e.ID, calls, want)
			}
			up, err := st.Upstream(ctx, []string{e.ID}, asOf)
			if err != nil {
				t.Fatal(err)
			}
			read, err := exposure.Analyze(up, opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range graph.Engines {
				got, gerr := streamed.Explain(e.ID, r)
				want, werr := read.Explain(e.ID, r)
				if (gerr == nil) != (werr == nil) || !reflect.DeepEqual(got, want) {
					t.Errorf("%s %s %s: streamed proof %+v (%v), want %+v (%v)", dir, e.ID, r, got, gerr, want, werr)
				}
				if want != nil && len(want.Holdings)+len(want.Controls) > 0 {
					proofs++
				}
			}
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if proofs < 50 {
		t.Errorf("only %d proofs with holdings or controls compared", proofs)
	}
}
