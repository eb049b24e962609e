package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/ownex/ownex/graph"
)

// testDownstream: graph.Downstreamer on upstreamGraph, which has the
// ownership cycle A <-> B: P owns A, A and B own each other, B owns and
// controls D, C controls B, Q's holding in A ended in 2020. Checks the
// closure, depth limits (the cycle must not loop), as-of dates and the
// depth-limited Upstream variant.
func testDownstream(t *testing.T, s graph.Store) {
	load(t, s, "g", upstreamGraph())
	ctx := context.Background()
	type want struct{ ents, desig, hold, ctl, same []string }
	check := func(label string, snap *graph.Snapshot, w want) {
		t.Helper()
		var ents, desig, hold, ctl, same []string
		for _, e := range snap.Entities {
			ents = append(ents, e.ID)
		}
		for _, x := range snap.Designations {
			desig = append(desig, x.Record)
		}
		for _, x := range snap.Holdings {
			hold = append(hold, x.Record)
		}
		for _, x := range snap.Controls {
			ctl = append(ctl, x.Record)
		}
		for _, x := range snap.SameAs {
			same = append(same, x.Record)
		}
		for _, c := range []struct {
			what      string
			got, want []string
		}{{"entities", ents, w.ents}, {"designations", desig, w.desig}, {"holdings", hold, w.hold},
			{"controls", ctl, w.ctl}, {"same-as", same, w.same}} {
			if !sameSet(c.got, c.want) {
				t.Errorf("%s: %s = %v, want %v", label, c.what, c.got, c.want)
			}
		}
	}
	down := func(ids []string, depth int, asOf graph.Date) *graph.Snapshot {
		t.Helper()
		snap, err := s.Downstream(ctx, ids, depth, asOf)
		if err != nil {
			t.Fatalf("downstream %v depth %d as of %q: %v", ids, depth, asOf, err)
		}
		return snap
	}
	all := want{ents: []string{"P", "A", "B", "D"}, desig: []string{"dP"},
		hold: []string{"hPA", "hAB", "hBA", "hBD"}, ctl: []string{"cBD"}}
	check("P unlimited", down([]string{"P"}, 0, ""), all)
	check("P depth 3", down([]string{"P"}, 3, ""), all)
	check("P depth 9 (cycle A<->B)", down([]string{"P"}, 9, ""), all)
	check("P depth 1", down([]string{"P"}, 1, ""), want{ents: []string{"P", "A"}, desig: []string{"dP"}, hold: []string{"hPA"}})
	check("P depth 2", down([]string{"P"}, 2, ""), want{ents: []string{"P", "A", "B"}, desig: []string{"dP"},
		hold: []string{"hPA", "hAB", "hBA"}})
	check("C depth 1 (control edge)", down([]string{"C"}, 1, ""), want{ents: []string{"C", "B"}, ctl: []string{"cCB"}})
	check("C, X depth 2", down([]string{"C", "X"}, 2, ""), want{ents: []string{"C", "B", "A", "D", "X", "Y"},
		desig: []string{"dX"}, hold: []string{"hAB", "hBA", "hBD", "hXY"}, ctl: []string{"cCB", "cBD"}})
	check("Q as of 2024 (holding ended)", down([]string{"Q"}, 0, "2024-01-01"), want{ents: []string{"Q"}})
	check("Q as of 2019", down([]string{"Q"}, 0, "2019-01-01"), want{ents: []string{"Q", "A", "B", "D"},
		hold: []string{"hQA", "hAB", "hBA", "hBD"}, ctl: []string{"cBD"}})
	check("Q all dates, depth 1", down([]string{"Q"}, 1, ""), want{ents: []string{"Q", "A"}, hold: []string{"hQA"}})
	check("unknown id", down([]string{"nobody"}, 0, ""), want{})
	if _, err := s.Downstream(ctx, []string{"P"}, -1, ""); err == nil {
		t.Error("negative depth: want an error")
	}
	// DownstreamIDs: the ids of the unlimited closure, the given ids
	// included (an unknown one too), in byte order.
	for _, c := range []struct {
		ids  []string
		asOf graph.Date
		want []string
	}{
		{[]string{"P"}, "", []string{"A", "B", "D", "P"}},
		{[]string{"C", "X"}, "", []string{"A", "B", "C", "D", "X", "Y"}},
		{[]string{"Q"}, "2024-01-01", []string{"Q"}},
		{[]string{"Q"}, "2019-01-01", []string{"A", "B", "D", "Q"}},
		{[]string{"nobody"}, "", []string{"nobody"}},
	} {
		got, err := s.DownstreamIDs(ctx, c.ids, c.asOf)
		if err != nil {
			t.Fatalf("downstream ids of %v as of %q: %v", c.ids, c.asOf, err)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("downstream ids of %v as of %q = %v, want %v", c.ids, c.asOf, got, c.want)
		}
	}

	up := func(ids []string, depth int, asOf graph.Date) *graph.Snapshot {
		t.Helper()
		snap, err := s.UpstreamDepth(ctx, ids, depth, asOf)
		if err != nil {
			t.Fatalf("upstream %v depth %d as of %q: %v", ids, depth, asOf, err)
		}
		return snap
	}
	check("upstream B depth 1", up([]string{"B"}, 1, ""), want{ents: []string{"B", "A", "C"}, hold: []string{"hAB", "hBA"},
		ctl: []string{"cCB"}})
	check("upstream B depth 2 as of 2024", up([]string{"B"}, 2, "2024-01-01"), want{ents: []string{"A", "B", "C", "P"},
		desig: []string{"dP"}, hold: []string{"hPA", "hAB", "hBA"}, ctl: []string{"cCB"}, same: []string{"sPC"}})
	check("upstream B unlimited", up([]string{"B"}, 0, ""), want{ents: []string{"A", "B", "C", "P", "Q"},
		desig: []string{"dP"}, hold: []string{"hPA", "hAB", "hBA", "hQA"}, ctl: []string{"cCB"}, same: []string{"sPC"}})
}
