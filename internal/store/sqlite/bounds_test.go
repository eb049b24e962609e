package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/sqlite"
)

// boundsBatch has holdings with every combination of open bounds.
func boundsBatch() *graph.Batch {
	p := func(x int64) graph.Pct { return graph.Pct(x) * graph.PctScale }
	prov := func(r string) graph.Provenance { return graph.Provenance{Source: "t", Record: r} }
	return &graph.Batch{Holdings: []graph.Holding{
		{Owner: "x", Owned: "a", Share: graph.Interval(p(25), true, p(50), false), Votes: graph.Interval(p(50), true, p(100), false), Provenance: prov("1")},
		{Owner: "y", Owned: "a", Share: graph.Interval(p(25), false, p(50), true), Votes: graph.Interval(0, false, p(25), true), Provenance: prov("2")},
		{Owner: "z", Owned: "a", Share: graph.Interval(p(10), true, p(20), true), Votes: graph.Exact(p(15)), Provenance: prov("3")},
	}}
}

// TestOpenBoundsRoundTrip: the openness of shares and votes reads back as
// written from Snapshot, Upstream and Detail, and a re-load that closes a
// bound updates it.
func TestOpenBoundsRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	defer s.Close()
	b := boundsBatch()
	plainLoad(t, s, b)
	want := map[string]graph.Holding{}
	for _, h := range b.Holdings {
		want[h.Owner] = h
	}
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
	snap, err := s.Snapshot(ctx, "2025-01-01")
	if err != nil {
		t.Fatal(err)
	}
	check("snapshot", snap.Holdings)
	up, err := s.Upstream(ctx, []string{"a"}, "2025-01-01")
	if err != nil {
		t.Fatal(err)
	}
	check("upstream", up.Holdings)
	d, err := s.Detail(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	check("detail", d.HoldingsIn)

	b.Holdings[0].Share = graph.Interval(25*graph.PctScale, false, graph.Fifty, false)
	want["x"] = b.Holdings[0]
	plainLoad(t, s, b)
	snap, _ = s.Snapshot(ctx, "2025-01-01")
	check("snapshot after re-load", snap.Holdings)
}

// TestOpenVersion2 upgrades a schema version 2 file (holdings without
// share_open and votes_open): its holdings read as closed ranges, and
// open bounds written afterwards read back.
func TestOpenVersion2(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v2.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	old := &graph.Batch{Holdings: []graph.Holding{{Owner: "x", Owned: "a", Share: graph.Exact(graph.Fifty),
		Votes: graph.Exact(graph.Fifty), Provenance: graph.Provenance{Source: "old", Record: "1"}}}}
	plainLoad(t, s, old)
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`ALTER TABLE holdings DROP COLUMN share_open`, `ALTER TABLE holdings DROP COLUMN votes_open`,
		`PRAGMA user_version = 2`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("open a version 2 database: %v", err)
	}
	defer s.Close()
	plainLoad(t, s, boundsBatch())
	snap, err := s.Snapshot(ctx, "2025-01-01")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]graph.Range{}
	for _, h := range snap.Holdings {
		got[h.Source+"/"+h.Owner] = h.Share
	}
	if got["old/x"] != graph.Exact(graph.Fifty) || got["t/x"] != boundsBatch().Holdings[0].Share || len(got) != 4 {
		t.Fatalf("holdings after upgrade: %v", got)
	}
}
