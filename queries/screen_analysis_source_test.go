package queries

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/graph/exposure/exposuretest"
	"github.com/ownex/ownex/internal/store/sqlite"
)

// analyzeSnapshot is the way Analyze worked before it streamed: the
// store's Snapshot, analysed whole (exposure.Analyze keeps its holdings
// as the records proofs cite), the look-through index over all of its
// holdings. TestAnalyzeAsTheSnapshot holds Analyze to it.
func analyzeSnapshot(t *testing.T, st graph.Reader, asOf graph.Date, regimes []graph.Regime) *Analysis {
	t.Helper()
	if len(regimes) == 0 {
		regimes = graph.Engines
	}
	snap, err := st.Snapshot(context.Background(), asOf)
	if err != nil {
		t.Fatal(err)
	}
	res, err := exposure.Analyze(snap, exposure.Options{AsOf: asOf, Regimes: regimes})
	if err != nil {
		t.Fatal(err)
	}
	return &Analysis{asOf: asOf, regimes: regimes, res: res,
		holdings: newHoldingIndex(snap.Holdings, asOf, res, regimes), parties: newParties(snap.SameAs)}
}

// TestAnalyzeAsTheSnapshot: Analyze, which streams the snapshot with its
// records and reads the look-through index from the designated cone,
// gives the analysis that the store's whole Snapshot gave: every entity's
// proof under every regime (to the records cited), every look-through
// share of the designated parties, the same parties; on the screening
// fixture and on random dated graphs with clusters, possible links and
// records, at several dates and under several sets of regimes. The
// snapshot cache streams the same rows as the store (internal/snapcache's
// TestRowsAsTheStore; internal/cli's TestScreenFromTheCache).
func TestAnalyzeAsTheSnapshot(t *testing.T) {
	ctx := context.Background()
	type store struct {
		name  string
		st    *sqlite.Store
		dates []graph.Date
	}
	stores := []store{{"fixture", fixtureStore(t), []graph.Date{fixtureAsOf, "2020-01-01"}}}
	for seed := range uint64(25) {
		s := exposuretest.RandomDated(seed)
		for i := range s.Holdings {
			if i%4 != 3 {
				s.Holdings[i].Record = fmt.Sprintf("ownership.csv:%d", 2+i)
			}
		}
		st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), fmt.Sprintf("r%d.db", seed)))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		l, err := st.Begin(ctx, graph.LoadMeta{Source: "test", Format: "test", Files: []string{"random"}, Checksum: "r",
			Started: time.Now().UTC()})
		if err != nil {
			t.Fatal(err)
		}
		b := &graph.Batch{Entities: s.Entities, Designations: s.Designations, Holdings: s.Holdings,
			Controls: s.Controls, SameAs: s.SameAs}
		if err := l.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
		var n graph.Counts
		n.Add(b)
		if err := l.Commit(ctx, n, 0); err != nil {
			t.Fatal(err)
		}
		stores = append(stores, store{fmt.Sprintf("random %d", seed), st, []graph.Date{"2021-06-30", "2025-06-30"}})
	}
	cited, shares := 0, 0
	for _, s := range stores {
		all, err := s.st.Snapshot(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, e := range all.Entities {
			ids = append(ids, e.ID)
		}
		for _, h := range all.Holdings {
			ids = append(ids, h.Owner, h.Owned)
		}
		slices.Sort(ids)
		ids = slices.Compact(ids)
		for _, d := range s.dates {
			for _, regs := range [][]graph.Regime{nil, {graph.RegimeUK}, {graph.RegimeEU, graph.RegimeOFAC}} {
				got, err := Analyze(ctx, s.st, d, regs)
				if err != nil {
					t.Fatal(err)
				}
				want := analyzeSnapshot(t, s.st, d, regs)
				if !reflect.DeepEqual(got.parties, want.parties) || !slices.Equal(got.regimes, want.regimes) {
					t.Fatalf("%s as of %s under %v: parties or regimes differ", s.name, d, regs)
				}
				g := &screenAnalysis{asOf: d, res: got.res, holdings: got.holdings}
				w := &screenAnalysis{asOf: d, res: want.res, holdings: want.holdings}
				for _, id := range ids {
					for _, r := range want.regimes {
						gp, gerr := got.res.ExplainDepth(id, r, graph.ProofDepth)
						wp, werr := want.res.ExplainDepth(id, r, graph.ProofDepth)
						gj, wj := jsonOf(t, gp), jsonOf(t, wp)
						if gj != wj || fmt.Sprint(gerr) != fmt.Sprint(werr) {
							t.Fatalf("%s as of %s under %v, %s %s:\n got %s (%v)\nwant %s (%v)", s.name, d, regs, id, r, gj, gerr, wj, werr)
						}
						if wp != nil && len(wp.Holdings) > 0 && wp.Holdings[0].Record != "" {
							cited++
						}
						gs, ws := g.designatedShare(id, r), w.designatedShare(id, r)
						if !reflect.DeepEqual(gs, ws) {
							t.Fatalf("%s as of %s under %v, %s %s: look-through %+v, want %+v", s.name, d, regs, id, r, gs, ws)
						}
						if ws != nil && ws.Max > 0 {
							shares++
						}
					}
				}
			}
		}
	}
	if cited < 100 || shares < 100 {
		t.Errorf("only %d proofs citing a record, %d look-through shares: the comparison is weak", cited, shares)
	}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
