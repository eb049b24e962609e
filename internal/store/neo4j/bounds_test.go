package neo4j_test

import (
	"context"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/neo4j/neo4jtest"
	"github.com/ownex/ownex/internal/store/storetest"
)

// TestOpenBoundsRoundTrip: the openness of shares and votes (share_open,
// votes_open) reads back as written from Snapshot, Upstream and Detail,
// and a re-load that closes a bound updates it.
func TestOpenBoundsRoundTrip(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	p := func(x int64) graph.Pct { return graph.Pct(x) * graph.PctScale }
	prov := func(r string) graph.Provenance { return graph.Provenance{Source: "t", Record: r} }
	b := &graph.Batch{Holdings: []graph.Holding{
		{Owner: "x", Owned: "a", Share: graph.Interval(p(25), true, p(50), false), Votes: graph.Interval(p(50), true, p(100), false), Provenance: prov("1")},
		{Owner: "y", Owned: "a", Share: graph.Interval(p(25), false, p(50), true), Votes: graph.Interval(0, false, p(25), true), Provenance: prov("2")},
		{Owner: "z", Owned: "a", Share: graph.Interval(p(10), true, p(20), true), Votes: graph.Exact(p(15)), Provenance: prov("3")},
	}}
	load := func() {
		t.Helper()
		storetest.Load(t, st, graph.LoadMeta{Source: "t", Format: "t"}, b)
	}
	want := map[string]graph.Holding{}
	check := func(what string, hs []graph.Holding) {
		t.Helper()
		if len(hs) != len(want) {
			t.Fatalf("%s: %d holdings", what, len(hs))
		}
		for _, h := range hs {
			if w := want[h.Owner]; h.Share != w.Share || h.Votes != w.Votes {
				t.Errorf("%s: %s share %v votes %v, want %v %v", what, h.Owner, h.Share, h.Votes, w.Share, w.Votes)
			}
		}
	}
	load()
	for _, h := range b.Holdings {
		want[h.Owner] = h
	}
	snap, err := st.Snapshot(ctx, "2025-01-01")
	if err != nil {
		t.Fatal(err)
	}
	check("snapshot", snap.Holdings)
	up, err := st.Upstream(ctx, []string{"a"}, "2025-01-01")
	if err != nil {
		t.Fatal(err)
	}
	check("upstream", up.Holdings)
	d, err := st.Detail(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	check("detail", d.HoldingsIn)

	b.Holdings[0].Share = graph.Interval(p(25), false, p(50), false)
	want["x"] = b.Holdings[0]
	load()
	snap, _ = st.Snapshot(ctx, "2025-01-01")
	check("snapshot after re-load", snap.Holdings)
}
