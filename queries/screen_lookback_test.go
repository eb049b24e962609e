package queries

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/internal/gen"
	"github.com/ownex/ownex/internal/store/sqlite"
)

// TestScreenLookbackEqualsWholeStore: on random dated graphs, a row dated
// D is decided (status, counted share, proof or none) as the whole store
// analysed as of D decides it, and its StatusToday is the whole store's
// status as of the screening's as-of date, whichever rows share its chunk
// and date; rows without a date are decided as of the as-of date. Rows are
// screened one by one (Screener.Screen) and in bulk (ScreenAll, one
// closure analysis per date).
func TestScreenLookbackEqualsWholeStore(t *testing.T) {
	ctx := context.Background()
	const asOf = graph.Date("2025-06-30")
	dates := append([]graph.Date{"2018-06-30", ""}, gen.DatedDates...)
	dates = append(dates, "2020-06-30", "2022-12-31", asOf)
	for seed := range uint64(60) {
		rng := rand.New(rand.NewPCG(seed, 17))
		snap := gen.DatedGraph(rng)
		st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), fmt.Sprintf("l%d.db", seed)))
		if err != nil {
			t.Fatal(err)
		}
		l, err := st.Begin(ctx, graph.LoadMeta{Source: "dated", Format: "test"})
		if err != nil {
			t.Fatal(err)
		}
		b := &graph.Batch{Entities: snap.Entities, Holdings: snap.Holdings, Controls: snap.Controls, Designations: snap.Designations}
		var counts graph.Counts
		counts.Add(b)
		if err := l.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
		if err := l.Commit(ctx, counts, 0); err != nil {
			t.Fatal(err)
		}
		whole := map[graph.Date]*exposure.Result{}
		for _, d := range append(slices.Clone(dates), asOf) {
			if d == "" || whole[d] != nil {
				continue
			}
			s, err := st.Snapshot(ctx, d)
			if err != nil {
				t.Fatal(err)
			}
			if whole[d], err = exposure.Analyze(s, exposure.Options{AsOf: d}); err != nil {
				t.Fatal(err)
			}
		}
		var rows []Counterparty
		for _, e := range snap.Entities {
			for _, d := range dates {
				rows = append(rows, Counterparty{Line: len(rows) + 2, Ref: e.ID + "@" + string(d), Name: e.Name, Date: d})
			}
		}
		rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		sc, err := NewScreener(ctx, st, ScreenOptions{AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		check := func(how string, got ScreenRow) {
			c := got.Input
			if got.Match.Status != MatchMatched {
				t.Fatalf("seed %d %s: row %s not matched: %+v", seed, how, c.Ref, got.Match)
			}
			id := got.Match.Entity
			on := c.Date
			if on == "" {
				on = asOf
			}
			if len(got.Verdicts) != len(graph.Engines) {
				t.Fatalf("seed %d %s %s: %d verdicts", seed, how, c.Ref, len(got.Verdicts))
			}
			for _, v := range got.Verdicts {
				want, ok := whole[on].Verdict(id, v.Regime)
				if !ok {
					want = graph.Verdict{Status: graph.StatusClear}
				}
				today, ok := whole[asOf].Verdict(id, v.Regime)
				if !ok {
					today = graph.Verdict{Status: graph.StatusClear}
				}
				wantToday := today.Status
				if c.Date == "" {
					wantToday = ""
				}
				if v.Status != want.Status || (want.Status != graph.StatusClear && v.Share != want.Share) ||
					(v.Proof == nil) != (want.Status == graph.StatusClear) || v.StatusToday != wantToday {
					t.Errorf("seed %d %s %s %s: got %s %v today %q proof %v; whole store: %s %v today %q",
						seed, how, c.Ref, v.Regime, v.Status, v.Share, v.StatusToday, v.Proof != nil, want.Status, want.Share, wantToday)
				}
			}
		}
		for _, c := range rows {
			row, err := sc.Screen(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			check("one by one", row)
		}
		n := 0
		_, err = sc.ScreenAll(ctx, func(yield func(Counterparty, error) bool) {
			for _, c := range rows {
				if !yield(c, nil) {
					return
				}
			}
		}, func(r ScreenRow) error {
			if r.Input.Ref != rows[n].Ref {
				t.Fatalf("seed %d: row %d is %s, want %s", seed, n, r.Input.Ref, rows[n].Ref)
			}
			n++
			check("in bulk", r)
			return nil
		})
		if err != nil || n != len(rows) {
			t.Fatalf("seed %d: ScreenAll: %d rows, %v", seed, n, err)
		}
		st.Close()
	}
}
