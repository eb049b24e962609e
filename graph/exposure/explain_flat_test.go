package exposure

import (
	"slices"
	"testing"

	"github.com/ownex/ownex/graph"
)

// TestExplainFlatMatchesTree: the flat DAG of a proof has the nodes of the
// tree form, each once, with the same holdings and controls; its edges are
// the tree's plus one for each owner the tree notes as "given above".
func TestExplainFlatMatchesTree(t *testing.T) {
	for _, c := range []struct {
		name, facts, id string
		extra           []graph.ProofEdge // edges of the DAG that the tree notes as given above
	}{
		{"chain", "X>A 50; A>B 50", "B", nil},
		{"diamond", "X>A 60; X>B 60; A>C 30; B>C 30", "C", []graph.ProofEdge{{From: "X", To: "B", Kind: graph.EdgeHolding}}},
		{"control", "X>A 60; A=B board-appointment", "B", nil},
		{"cycle", "X>A 60; A>B 60; B>A 40", "B", nil},
	} {
		res := analyze(t, snap(t, c.facts), "2025-06-30")
		for _, reg := range graph.Engines {
			tree, err := res.Explain(c.id, reg)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]graph.Proof{}
			var wantEdges []graph.ProofEdge
			_ = graph.WalkProof(tree, func(n *graph.Proof, _ int, in []graph.ProofEdge) error {
				want[n.Entity] = n.Node()
				wantEdges = append(wantEdges, in...)
				return nil
			})
			wantEdges = append(wantEdges, c.extra...)
			got := map[string]graph.Proof{}
			var gotEdges []graph.ProofEdge
			first := ""
			err = res.ExplainFlat(c.id, reg, func(n *graph.Proof, _ int, in []graph.ProofEdge) error {
				if _, dup := got[n.Entity]; dup {
					t.Errorf("%s %s: node %s twice", c.name, reg, n.Entity)
				}
				if first == "" {
					first = n.Entity
				}
				got[n.Entity] = *n
				gotEdges = append(gotEdges, in...)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if first != c.id || len(got) != len(want) {
				t.Errorf("%s %s: root %s, %d nodes, want %s, %d", c.name, reg, first, len(got), c.id, len(want))
			}
			for id, w := range want {
				g := got[id]
				if g.Status != w.Status || !slices.Equal(g.Holdings, w.Holdings) || !slices.Equal(g.Controls, w.Controls) || !slices.Equal(g.Flags, w.Flags) {
					t.Errorf("%s %s: node %s\n got %+v\nwant %+v", c.name, reg, id, g, w)
				}
			}
			cmp := func(a, b graph.ProofEdge) int {
				if a.From+a.To != b.From+b.To {
					if a.From+"\x00"+a.To < b.From+"\x00"+b.To {
						return -1
					}
					return 1
				}
				return 0
			}
			slices.SortFunc(gotEdges, cmp)
			slices.SortFunc(wantEdges, cmp)
			if tree.Status != graph.StatusClear && !slices.Equal(gotEdges, wantEdges) {
				t.Errorf("%s %s: edges %v, want %v", c.name, reg, gotEdges, wantEdges)
			}
		}
	}
}
