package cli

import (
	"slices"
	"testing"

	"github.com/ownex/ownex/graph"
)

// TestCauseIndex: holdings and control edges that start or end between
// the dates are causes when their owner is exposed on either side (or
// they are a joint arrangement); designations only under the regimes they
// seed; changes outside (lo, hi] or outside the upstream are not causes.
func TestCauseIndex(t *testing.T) {
	p := func(n int64) graph.Pct { return graph.Pct(n) * graph.PctScale }
	s := &graph.Snapshot{
		Designations: []graph.Designation{
			{Entity: "p", Regime: graph.RegimeOFAC, Program: "X", Listed: "2024-02-01"},
			{Entity: "q", Regime: graph.RegimeUK, Listed: "2024-01-01"},   // before the interval
			{Entity: "z", Regime: graph.RegimeOFAC, Listed: "2024-02-01"}, // not upstream of c
		},
		Holdings: []graph.Holding{
			{Owner: "p", Owned: "c", Share: graph.Exact(p(75)), Span: graph.Span{Start: "2024-03-01"}},
			{Owner: "n", Owned: "c", Share: graph.Exact(p(10)), Span: graph.Span{Start: "2024-03-01"}},                 // clear owner
			{Owner: "j", Owned: "c", Share: graph.Exact(p(10)), Arrangement: "a", Span: graph.Span{End: "2024-04-01"}}, // joint
			{Owner: "q", Owned: "p", Share: graph.Unknown(), Span: graph.Span{End: "2024-06-01"}},                      // after hi
		},
		Controls: []graph.Control{
			{Controller: "q", Controlled: "c", Basis: graph.BasisDeFacto, Span: graph.Span{End: "2024-05-01"}},
		},
	}
	ix := newCauseIndex(s, "2024-05-31", "2024-01-15") // the order of the sides does not matter
	exposed := func(id string) bool { return id == "p" || id == "q" }
	var got []string
	for _, c := range ix.causes("c", graph.RegimeOFAC, exposed) {
		got = append(got, c.Text)
	}
	want := []string{
		"designation of p (ofac X) started 2024-02-01 (listed)",
		"holding p → c 75 % started 2024-03-01",
		"holding j → c 10 % ended 2024-04-01",
		"control q → c (de-facto) ended 2024-05-01",
	}
	if !slices.Equal(got, want) {
		t.Errorf("causes of c:\n got %q\nwant %q", got, want)
	}
	if cs := ix.causes("c", graph.RegimeUK, exposed); len(cs) != 3 {
		t.Errorf("uk causes of c: %+v (the ofac designation must not count)", cs)
	}
}
