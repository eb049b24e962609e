package queries

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

// TestScreenerFromAnalysis: one Analysis under every engine serves
// screenings under any subset of its regimes, and one MatchIndex serves
// screenings at any date and threshold, with the rows of a screener that
// read the store itself (the HTTP server shares both this way); an
// Analysis refuses a screening at another date or under a regime it
// lacks.
func TestScreenerFromAnalysis(t *testing.T) {
	ctx := context.Background()
	st := fixtureStore(t)
	a, err := Analyze(ctx, st, fixtureAsOf, nil)
	if err != nil {
		t.Fatal(err)
	}
	x, err := NewMatchIndex(ctx, st)
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
	early, err := Analyze(ctx, st, "2010-01-01", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		a         *Analysis
		regs      []graph.Regime
		threshold float64
	}{
		{a, nil, 0}, {a, []graph.Regime{graph.RegimeUK}, 0}, {a, []graph.Regime{graph.RegimeEU, graph.RegimeOFAC}, 0},
		{a, nil, 0.97}, {a, nil, 0.6}, {early, nil, 0},
	} {
		regs := c.regs
		opt := ScreenOptions{AsOf: c.a.AsOf(), Regimes: regs, Threshold: c.threshold, LookThroughAll: true}
		own, err := NewScreener(ctx, st, opt)
		if err != nil {
			t.Fatal(err)
		}
		shared, err := NewScreenerFrom(st, c.a, x, opt)
		if err != nil {
			t.Fatal(err)
		}
		want, got := screen(own), screen(shared)
		if got != want {
			t.Errorf("as of %s, regimes %v, threshold %v: from the shared analysis and index\n%s\nwant\n%s", c.a.AsOf(), regs, c.threshold, got, want)
		}
		if c.a == a && c.threshold == 0 && !strings.Contains(want, `"look_through":{"min":45`) {
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
		if _, err := NewScreenerFrom(st, c.a, x, c.opt); err == nil {
			t.Errorf("analysis as of %s under %v served a screening as of %s under %v", c.a.AsOf(), c.a.regimes, c.opt.AsOf, c.opt.Regimes)
		}
	}
}
