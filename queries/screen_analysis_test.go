package queries

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

// TestScreenerFromAnalysis: one Analysis under every engine serves
// screenings under any subset of its regimes with the rows of a screener
// that analysed the store itself under that subset (the analysis the HTTP
// server keeps by date is shared this way), and refuses a screening at
// another date or under a regime it lacks.
func TestScreenerFromAnalysis(t *testing.T) {
	ctx := context.Background()
	st := fixtureStore(t)
	a, err := Analyze(ctx, st, fixtureAsOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	screen := func(sc *Screener) string {
		t.Helper()
		var rows []ScreenRow
		if _, err := sc.ScreenAll(ctx, ReadCounterparties(strings.NewReader(fixtureBook), "t.csv"), func(r ScreenRow) error {
			rows = append(rows, r)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(rows)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, regs := range [][]graph.Regime{nil, {graph.RegimeUK}, {graph.RegimeEU, graph.RegimeOFAC}} {
		opt := ScreenOptions{AsOf: fixtureAsOf, Regimes: regs, LookThroughAll: true}
		own, err := NewScreener(ctx, st, opt)
		if err != nil {
			t.Fatal(err)
		}
		shared, err := NewScreenerFrom(ctx, st, a, opt)
		if err != nil {
			t.Fatal(err)
		}
		want, got := screen(own), screen(shared)
		if got != want {
			t.Errorf("regimes %v: from the shared analysis\n%s\nwant\n%s", regs, got, want)
		}
		if !strings.Contains(want, `"look_through":{"min":45`) {
			t.Errorf("regimes %v: no look-through share of 45 %%: the comparison is weak: %.500s", regs, want)
		}
	}
	uk, err := Analyze(ctx, st, fixtureAsOf, []graph.Regime{graph.RegimeUK})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		a   *Analysis
		opt ScreenOptions
	}{
		{a, ScreenOptions{AsOf: "2020-01-01"}},
		{uk, ScreenOptions{AsOf: fixtureAsOf}},
		{uk, ScreenOptions{AsOf: fixtureAsOf, Regimes: []graph.Regime{graph.RegimeOFAC}}},
	} {
		if _, err := NewScreenerFrom(ctx, st, c.a, c.opt); err == nil {
			t.Errorf("analysis as of %s under %v served a screening as of %s under %v", c.a.AsOf(), c.a.regimes, c.opt.AsOf, c.opt.Regimes)
		}
	}
}
