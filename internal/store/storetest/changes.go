package storetest

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/ownex/ownex/graph"
)

// The part of the contract about change reports (graph.ChangeLog): a
// report keeps its lines exactly and in order, an empty report is kept,
// keeping a load's report again replaces it, and lines are paged by
// (load, seq) from a given load on.

func changeEntries(load int64, n int) []graph.ChangeEntry {
	var out []graph.ChangeEntry
	for i := range n {
		out = append(out, graph.ChangeEntry{Regime: graph.RegimeUK, Change: "newly-exposed", Entity: fmt.Sprintf("t:%d", i),
			Line: []byte(fmt.Sprintf(`{"load":%d,"id":"t:%d","name":"Café \"%d\""}`, load, i, i))})
	}
	return out
}

func testChanges(t *testing.T, s graph.Store) {
	ctx := context.Background()
	if rs, err := s.ChangeReports(ctx, 0); err != nil || len(rs) != 0 {
		t.Fatalf("reports of an empty store = %+v, %v", rs, err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.AddChanges(ctx, 3, "2024-03-01", changeEntries(3, 5)))
	must(s.AddChanges(ctx, 4, "2024-03-02", nil))
	must(s.AddChanges(ctx, 7, "2024-03-03", changeEntries(7, 2)))
	must(s.AddChanges(ctx, 3, "2024-03-01", changeEntries(3, 3))) // replaces
	rs, err := s.ChangeReports(ctx, 4)
	must(err)
	if want := []graph.ChangeReport{{Load: 4, AsOf: "2024-03-02", Lines: 0}, {Load: 7, AsOf: "2024-03-03", Lines: 2}}; !reflect.DeepEqual(rs, want) {
		t.Errorf("reports since 4 = %+v, want %+v", rs, want)
	}
	all, err := s.Changes(ctx, 0, 0, 0, 0)
	must(err)
	var got []string
	for _, e := range all {
		got = append(got, fmt.Sprintf("%d/%d %s %s %s %s %s", e.Load, e.Seq, e.AsOf, e.Regime, e.Change, e.Entity, e.Line))
	}
	var want []string
	for _, l := range []int64{3, 7} {
		n := map[int64]int{3: 3, 7: 2}[l]
		for i, e := range changeEntries(l, n) {
			want = append(want, fmt.Sprintf("%d/%d %s uk newly-exposed %s %s", l, i, map[int64]string{3: "2024-03-01", 7: "2024-03-03"}[l], e.Entity, e.Line))
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changes:\n got %q\nwant %q", got, want)
	}
	page, err := s.Changes(ctx, 0, 3, 1, 2) // after 3/1: 3/2, 7/0
	must(err)
	if len(page) != 2 || page[0].Load != 3 || page[0].Seq != 2 || page[1].Load != 7 || page[1].Seq != 0 {
		t.Errorf("page after 3/1 = %+v", page)
	}
	if since, err := s.Changes(ctx, 5, 0, 0, 0); err != nil || len(since) != 2 || since[0].Load != 7 {
		t.Errorf("changes since 5 = %+v, %v", since, err)
	}
}
