package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/sqlite"
)

// link is a same-as link for the tests.
func link(a, b string, st graph.LinkStrength, method, source string) graph.SameAs {
	return graph.SameAs{A: a, B: b, Method: method, Score: 1, Strength: st, Provenance: graph.Provenance{Source: source}}
}

// handMadeLinks are the same-as links of the hand-made graph: E ~ D
// strong; I ~ J possible (it joins their components); K ~ L strong but
// rejected by a person (graph.PartyLinks drops it).
func handMadeLinks() []graph.SameAs {
	return []graph.SameAs{
		link("E", "D", graph.StrengthStrong, "identifier:lei", "test"),
		link("I", "J", graph.StrengthPossible, "name", "test"),
		link("K", "L", graph.StrengthStrong, "name", "test"),
		link("K", "L", graph.StrengthRejected, graph.MethodRejected, graph.SourceReview),
	}
}

// wantHandMade is what Measure finds in the hand-made graph: components
// {A,B,C,D,E} (the cycle, D's control of C and E's of D, and E ~ D),
// {F,G}, {I,J}, and H, K, L alone; the cone of the designated E and G is
// E, then D (control and same-as), C, A, B, and G, into which end the
// four holdings and two control edges, one (F's) from outside. The cone
// falls into two parts, {A,B,C,D,E} and {G}: F's holding of G does not
// join them, F being outside the cone.
func wantHandMade() *Result {
	p := buckets()
	p[0].Components, p[0].Entities = 1, 1
	p[2].Components, p[2].Entities = 1, 5
	b := buckets()
	b[0].Components, b[0].Entities = 3, 3
	b[1].Components, b[1].Entities = 2, 4
	b[2].Components, b[2].Entities = 1, 5
	return &Result{
		Entities: 12, Holdings: 4, Controls: 2, StrongLinks: 1, PossibleLinks: 1, Designated: 2,
		Components: 6, Buckets: b,
		LargestEntities: 5, LargestHoldings: 3, LargestControls: 2,
		LargestSCC: 3, InCycles: 3,
		Cone: 6, ConeHoldings: 4, ConeControls: 2, ConeBoundary: 1,
		ConeComponents: 2, ConeComponentEntities: 7,
		Parts: 2, PartBuckets: p, LargestPart: 5, LargestPartHoldings: 3, LargestPartControls: 2,
	}
}

// handMade returns the hand-made graph as one batch of records.
func handMade() *graph.Batch {
	b := &graph.Batch{SameAs: handMadeLinks()}
	for _, id := range []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"} {
		b.Entities = append(b.Entities, graph.Entity{ID: id, Name: id, Kind: graph.KindCompany})
	}
	for i, h := range [][2]string{{"A", "B"}, {"B", "C"}, {"C", "A"}, {"F", "G"}} {
		b.Holdings = append(b.Holdings, graph.Holding{Owner: h[0], Owned: h[1], Share: graph.Unknown(), Votes: graph.Unknown(),
			Provenance: graph.Provenance{Source: "test", Record: fmt.Sprint("h", i)}})
	}
	for i, c := range [][2]string{{"D", "C"}, {"E", "D"}} {
		b.Controls = append(b.Controls, graph.Control{Controller: c[0], Controlled: c[1], Basis: graph.BasisBoardAppointment,
			Provenance: graph.Provenance{Source: "test", Record: fmt.Sprint("c", i)}})
	}
	for _, d := range []graph.Designation{{Entity: "E", Regime: graph.RegimeOFAC}, {Entity: "E", Regime: graph.RegimeUK}, {Entity: "G", Regime: graph.RegimeEU}} {
		d.Provenance = graph.Provenance{Source: "test", Record: d.Entity + string(d.Regime)}
		b.Designations = append(b.Designations, d)
	}
	return b
}

// check measures g and compares the result with want.
func check(t *testing.T, g *Graph, want *Result) {
	t.Helper()
	got, err := Measure(g)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Measure:\n got %+v\nwant %+v", got, want)
	}
}

func TestMeasureHandMade(t *testing.T) {
	g := NewGraph(4)
	if err := addBatch(g, handMade()); err != nil {
		t.Fatal(err)
	}
	check(t, g, wantHandMade())
}

// TestMeasureBuckets checks the bucket bounds with chains (a path of
// holdings) of the sizes at either side of each bound.
func TestMeasureBuckets(t *testing.T) {
	for _, tc := range []struct {
		size   int
		bucket string
	}{
		{1, "1"}, {2, "2"}, {3, "3–10"}, {10, "3–10"}, {11, "11–100"}, {100, "11–100"},
		{101, "101–1k"}, {1000, "101–1k"}, {1001, "1k–10k"}, {10_000, "1k–10k"},
		{10_001, "10k–100k"}, {100_000, "10k–100k"}, {100_001, ">100k"},
	} {
		g := NewGraph(tc.size)
		if err := g.AddEntity("n0"); err != nil {
			t.Fatal(err)
		}
		for i := 1; i < tc.size; i++ {
			if err := g.AddHolding(fmt.Sprint("n", i-1), fmt.Sprint("n", i)); err != nil {
				t.Fatal(err)
			}
		}
		r, err := Measure(g)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range r.Buckets {
			want := 0
			if b.Label == tc.bucket {
				want = 1
			}
			if b.Components != want || b.Entities != want*tc.size {
				t.Errorf("chain of %d: bucket %s has %d components of %d entities, want %d", tc.size, b.Label, b.Components, b.Entities, want)
			}
		}
		if r.Components != 1 || r.LargestEntities != tc.size || r.LargestHoldings != tc.size-1 || r.LargestSCC != 1 || r.InCycles != 0 {
			t.Errorf("chain of %d: %+v", tc.size, r)
		}
	}
}

func TestEmptyID(t *testing.T) {
	g := NewGraph(1)
	for name, err := range map[string]error{
		"entity":      g.AddEntity(""),
		"holding":     g.AddHolding("A", ""),
		"control":     g.AddControl("", "A"),
		"designation": g.AddDesignation(""),
	} {
		if !errors.Is(err, errEmptyID) {
			t.Errorf("%s with an empty id: err = %v, want %v", name, err, errEmptyID)
		}
	}
}

// TestReadCSV reads testdata/small with the csv ingester: the hand-made
// graph without its same-as links (the generic CSV has none) and without
// I, J, K, L.
func TestReadCSV(t *testing.T) {
	g := NewGraph(4)
	if err := ReadCSV(context.Background(), filepath.Join("testdata", "small"), g); err != nil {
		t.Fatal(err)
	}
	// Without E ~ D the cone still reaches D through E's control of D.
	want := wantHandMade()
	want.Entities, want.StrongLinks, want.PossibleLinks, want.Components = 8, 0, 0, 3
	want.Buckets[0].Components, want.Buckets[0].Entities = 1, 1
	want.Buckets[1].Components, want.Buckets[1].Entities = 1, 2
	check(t, g, want)
}

// TestReadStore writes the hand-made graph into a SQLite store and reads
// it back through the store's Dump.
func TestReadStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	b := handMade()
	load, err := st.Begin(ctx, graph.LoadMeta{Source: "test", Format: "test", Started: time.Now().UTC()})
	if err != nil {
		t.Fatal(err)
	}
	if err := load.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	var n graph.Counts
	n.Add(b)
	if err := load.Commit(ctx, n, 0); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	g := NewGraph(4)
	if err := ReadStore(ctx, path, g); err != nil {
		t.Fatal(err)
	}
	check(t, g, wantHandMade())
}
