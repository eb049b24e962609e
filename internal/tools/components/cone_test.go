package main

import (
	"slices"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/internal/gen"
)

// TestConeHoldsEveryExposure checks the claim docs/SCALE.md rests on:
// on a generated graph with possible links, every entity that the engines
// find other than clear, or flag for a reason that needs a designated
// party, is in the designated cone; and the cone is not the whole graph.
func TestConeHoldsEveryExposure(t *testing.T) {
	s := gen.Graph(20_000, 5)
	s.SameAs = append(s.SameAs, gen.PossibleLinks(s, 0.02, 5)...)
	g := NewGraph(len(s.Entities))
	b := &graph.Batch{Entities: s.Entities, Designations: s.Designations, Holdings: s.Holdings, Controls: s.Controls, SameAs: s.SameAs}
	if err := addBatch(g, b); err != nil {
		t.Fatal(err)
	}
	strong, possible, err := g.partyLinks()
	if err != nil {
		t.Fatal(err)
	}
	if len(possible) == 0 {
		t.Fatal("no possible link: the test would not cover them")
	}
	inCone, err := g.cone(strong, possible)
	if err != nil {
		t.Fatal(err)
	}
	cone := 0
	for _, in := range inCone {
		if in {
			cone++
		}
	}
	if cone == 0 || cone > len(inCone)/2 {
		t.Fatalf("cone of %d entities out of %d: the test would prove nothing", cone, len(inCone))
	}
	// Flags an entity can get without a designated party upstream: from
	// its own incoming holdings.
	local := []graph.Flag{graph.FlagOverAllocated, graph.FlagConflictingReports}
	exposed := 0
	for _, asOf := range []graph.Date{gen.AsOf, "2020-01-01", "2023-06-30"} {
		res, err := exposure.Analyze(s, exposure.Options{AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		for _, regime := range graph.Engines {
			for v := range res.Verdicts(regime) {
				node := g.table.Find(g.ids, v.Entity)
				if node < 0 {
					t.Fatalf("%s: verdict on %s, which the graph does not hold", regime, v.Entity)
				}
				if inCone[node] {
					if v.Status != graph.StatusClear {
						exposed++
					}
					continue
				}
				if v.Status != graph.StatusClear {
					t.Errorf("%s as of %s: %s is %s outside the cone", regime, asOf, v.Entity, v.Status)
				}
				for _, f := range v.Flags {
					if !slices.Contains(local, f) {
						t.Errorf("%s as of %s: %s is flagged %s outside the cone", regime, asOf, v.Entity, f)
					}
				}
			}
		}
	}
	if exposed == 0 {
		t.Fatal("no entity other than clear: the test would prove nothing")
	}
	t.Logf("cone %d of %d entities; %d verdicts other than clear, all in it", cone, len(inCone), exposed)
}
