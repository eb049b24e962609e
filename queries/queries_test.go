package queries_test

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/neo4j/neo4jtest"
	"github.com/ownex/ownex/internal/store/sqlite"
	"github.com/ownex/ownex/internal/store/storetest"
	"github.com/ownex/ownex/queries"
)

func pct(f float64) graph.Pct { return graph.Pct(math.Round(f * float64(graph.PctScale))) }

// network is the known small graph of the tests: the OECD example (A
// holds 100 % of B1 and 80 % of B2; B1 holds 20 % and B2 40 % of C) with
// P (60 %) and Q (40 %) holding A, X holding (10, 20] of B2, P
// controlling B1 (board appointment), O's 50 % of C ended in 2020, and
// below C a cross-holding F <-> G.
func network() *graph.Batch {
	h := func(owner, owned string, r graph.Range, rec string) graph.Holding {
		return graph.Holding{Owner: owner, Owned: owned, Share: r, Votes: r,
			Provenance: graph.Provenance{Source: "test", Record: rec}}
	}
	ex := func(owner, owned string, p float64) graph.Holding {
		return h(owner, owned, graph.Exact(pct(p)), owner+owned)
	}
	ended := ex("O", "C", 50)
	ended.End = "2020-01-01"
	b := &graph.Batch{
		Holdings: []graph.Holding{
			ex("P", "A", 60), ex("Q", "A", 40), ex("A", "B1", 100), ex("A", "B2", 80),
			h("X", "B2", graph.Range{Lo: pct(10), LoOpen: true, Hi: pct(20)}, "XB2"),
			ex("B1", "C", 20), ex("B2", "C", 40), ended,
			ex("C", "F", 50), ex("F", "G", 50), ex("G", "F", 10),
		},
		Controls: []graph.Control{{Controller: "P", Controlled: "B1", Basis: graph.BasisBoardAppointment,
			Provenance: graph.Provenance{Source: "test", Record: "cPB1"}}},
	}
	for _, id := range []string{"P", "Q", "X", "O"} {
		b.Entities = append(b.Entities, graph.Entity{ID: id, Kind: graph.KindPerson, Name: "Person " + id})
	}
	for _, id := range []string{"A", "B1", "B2", "C", "F", "G"} {
		b.Entities = append(b.Entities, graph.Entity{ID: id, Kind: graph.KindCompany, Name: "Company " + id})
	}
	return b
}

func load(t testing.TB, st graph.Store, b *graph.Batch) {
	t.Helper()
	storetest.Load(t, st, graph.LoadMeta{Source: "test", Format: "test", Files: []string{"net"}, Checksum: "net",
		Started: time.Now().UTC()}, b)
}

// stores runs fn on SQLite and, when a test Neo4j is configured, on Neo4j.
func stores(t *testing.T, fn func(t *testing.T, st queries.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "q.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		load(t, st, network())
		fn(t, st)
	})
	t.Run("neo4j", func(t *testing.T) {
		st := neo4jtest.Open(t)
		load(t, st, network())
		fn(t, st)
	})
}

const asOf graph.Date = "2024-06-30"

func ids(ps []queries.Party) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID+"@"+string(rune('0'+p.Level)))
	}
	return strings.Join(out, " ")
}

func links(ls []queries.Link) string {
	var out []string
	for _, l := range ls {
		s := l.From + ">" + l.To
		if l.Relation == queries.RelControls {
			s = l.From + "=" + l.To
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func TestOwners(t *testing.T) {
	stores(t, func(t *testing.T, st queries.Store) {
		ctx := context.Background()
		c, err := queries.Owners(ctx, st, "C", 0, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := ids(c.Parties), "B1@1 B2@1 A@2 P@2 X@2 Q@3"; got != want {
			t.Errorf("owners of C = %s, want %s", got, want)
		}
		if got, want := links(c.Links), "B1>C B2>C A>B1 A>B2 P=B1 X>B2 P>A Q>A"; got != want {
			t.Errorf("links = %s, want %s", got, want)
		}
		if c.Subject.Name != "Company C" || c.Links[0].Share == nil || c.Links[0].Share.Lo != pct(20) || c.Links[0].Record != "B1C" {
			t.Errorf("subject or first link wrong: %+v %+v", c.Subject, c.Links[0])
		}
		c, err = queries.Owners(ctx, st, "C", 1, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := ids(c.Parties)+" | "+links(c.Links), "B1@1 B2@1 | B1>C B2>C"; got != want {
			t.Errorf("owners of C, depth 1 = %s, want %s", got, want)
		}
		c, _ = queries.Owners(ctx, st, "C", 1, "2019-06-30")
		if got, want := ids(c.Parties), "B1@1 B2@1 O@1"; got != want {
			t.Errorf("owners of C in 2019 = %s, want %s", got, want)
		}
		if _, err := queries.Owners(ctx, st, "nobody", 0, asOf); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("unknown entity: err = %v", err)
		}
	})
}

func TestHoldings(t *testing.T) {
	stores(t, func(t *testing.T, st queries.Store) {
		ctx := context.Background()
		c, err := queries.Holdings(ctx, st, "P", 0, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := ids(c.Parties), "A@1 B1@1 B2@2 C@2 F@3 G@4"; got != want {
			t.Errorf("holdings of P = %s, want %s", got, want)
		}
		if got, want := links(c.Links), "P>A P=B1 A>B1 A>B2 B1>C B2>C C>F F>G G>F"; got != want {
			t.Errorf("links = %s, want %s", got, want)
		}
		c, _ = queries.Holdings(ctx, st, "A", 2, asOf)
		if got, want := ids(c.Parties)+" | "+links(c.Links), "B1@1 B2@1 C@2 | A>B1 A>B2 B1>C B2>C"; got != want {
			t.Errorf("holdings of A, depth 2 = %s, want %s", got, want)
		}
		c, _ = queries.Holdings(ctx, st, "O", 0, "2019-06-30")
		if got, want := ids(c.Parties), "C@1 F@2 G@3"; got != want {
			t.Errorf("holdings of O in 2019 = %s, want %s", got, want)
		}
		c, _ = queries.Holdings(ctx, st, "O", 0, asOf)
		if len(c.Parties) != 0 {
			t.Errorf("holdings of O in 2024 = %s, want none", ids(c.Parties))
		}
	})
}

func pathString(p queries.Path) string {
	var parts []string
	for i, e := range p.Entities {
		parts = append(parts, e.ID)
		if i < len(p.Shares) {
			parts = append(parts, "-"+p.Shares[i].String()+"->")
		}
	}
	return strings.Join(parts, " ")
}

func TestPaths(t *testing.T) {
	stores(t, func(t *testing.T, st queries.Store) {
		ctx := context.Background()
		r, err := queries.Paths(ctx, st, "A", "C", 10, asOf)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"A -80-> B2 -40-> C", "A -100-> B1 -20-> C"}
		var got []string
		for _, p := range r.Paths {
			got = append(got, pathString(p))
		}
		if !slices.Equal(got, want) {
			t.Fatalf("paths A to C = %q, want %q", got, want)
		}
		if p := r.Paths[0]; math.Abs(p.ShareMin-32) > 1e-9 || math.Abs(p.ShareMax-32) > 1e-9 {
			t.Errorf("multiplied share = [%g, %g], want 32", p.ShareMin, p.ShareMax)
		}
		r, _ = queries.Paths(ctx, st, "P", "G", 10, asOf)
		got = nil
		for _, p := range r.Paths {
			got = append(got, pathString(p))
		}
		want = []string{"P -60-> A -80-> B2 -40-> C -50-> F -50-> G", "P -60-> A -100-> B1 -20-> C -50-> F -50-> G"}
		if !slices.Equal(got, want) {
			t.Errorf("paths P to G = %q, want %q (simple paths only: the F<->G cycle is not walked)", got, want)
		}
		if p := r.Paths[0]; math.Abs(p.ShareMax-0.6*0.8*0.4*0.5*0.5*100) > 1e-9 || p.Entities[5].Name != "Company G" {
			t.Errorf("path = %+v", p)
		}
		r, _ = queries.Paths(ctx, st, "X", "C", 1, asOf)
		if len(r.Paths) != 1 || math.Abs(r.Paths[0].ShareMin-4) > 1e-9 || math.Abs(r.Paths[0].ShareMax-8) > 1e-9 {
			t.Errorf("X to C = %+v, want one path of [4, 8] %%", r.Paths)
		}
		r, _ = queries.Paths(ctx, st, "A", "C", 1, asOf)
		if len(r.Paths) != 1 {
			t.Errorf("max 1: %d paths", len(r.Paths))
		}
		r, _ = queries.PathsWithin(ctx, st, "P", "G", 5, 4, asOf)
		if len(r.Paths) != 0 {
			t.Errorf("P to G within 4 steps = %+v, want none (5 steps needed)", r.Paths)
		}
		r, _ = queries.Paths(ctx, st, "C", "A", 5, asOf)
		if len(r.Paths) != 0 {
			t.Errorf("C to A = %+v, want none (direction: C owns nothing upstream)", r.Paths)
		}
		r, _ = queries.Paths(ctx, st, "O", "C", 5, "2019-06-30")
		if len(r.Paths) != 1 {
			t.Errorf("O to C in 2019 = %+v, want one path", r.Paths)
		}
		if _, err := queries.Paths(ctx, st, "A", "nobody", 5, asOf); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("unknown entity: err = %v", err)
		}
		if _, err := queries.Paths(ctx, st, "A", "A", 5, asOf); !errors.Is(err, queries.ErrSameEntity) {
			t.Errorf("same entity: err = %v", err)
		}
	})
}

func TestLookThrough(t *testing.T) {
	stores(t, func(t *testing.T, st queries.Store) {
		r, err := queries.LookThrough(context.Background(), st, "C", asOf)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][2]float64{"A": {52, 52}, "P": {31.2, 31.2}, "Q": {20.8, 20.8}, "B2": {40, 40},
			"B1": {20, 20}, "X": {4, 8}}
		if len(r.Owners) != len(want) {
			t.Fatalf("owners = %+v", r.Owners)
		}
		for _, o := range r.Owners {
			w := want[o.ID]
			if math.Abs(o.ShareMin-w[0]) > 1e-9 || math.Abs(o.ShareMax-w[1]) > 1e-9 {
				t.Errorf("%s: [%g, %g], want %v", o.ID, o.ShareMin, o.ShareMax, w)
			}
		}
		if r.Owners[0].ID != "A" || r.Owners[1].ID != "B2" || r.Owners[1].DirectMax != 40 || !r.Owners[2].Ultimate ||
			r.Owners[2].ID != "P" || r.Owners[2].Level != 3 || r.Owners[0].Level != 2 {
			t.Errorf("order = %+v", r.Owners)
		}
		if _, err := queries.LookThrough(context.Background(), st, "nobody", asOf); !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("unknown entity: err = %v", err)
		}
	})
}
