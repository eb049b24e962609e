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

// TestExplainFlatRangeWindows: a window of the walk visits the root and
// exactly the nodes ExplainFlat visits at those positions, with the same
// depths and edges, and counts every node of the walk (issue 15 item 2:
// the API's page builds its nodes only).
func TestExplainFlatRangeWindows(t *testing.T) {
	type visited struct {
		node  graph.Proof
		depth int
		edges []graph.ProofEdge
	}
	for _, c := range []struct{ facts, id string }{
		{"X>A 50; A>B 50", "B"},
		{"X>A 60; X>B 60; A>C 30; B>C 30", "C"},
		{"X>A 60; A=B board-appointment", "B"},
		{"X>A 60; A>B 60; B>A 40", "B"},
		{"X>A 60; Y>B 60; A>C 30; B>C 30; C>D 100; X>D 1", "D"},
	} {
		facts, id := c.facts, c.id
		res := analyze(t, snap(t, facts), "2025-06-30")
		for _, reg := range graph.Engines {
			var all []visited
			if err := res.ExplainFlat(id, reg, func(n *graph.Proof, depth int, in []graph.ProofEdge) error {
				all = append(all, visited{n.Node(), depth, slices.Clone(in)})
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			for from := 0; from <= len(all)+1; from++ {
				for to := from; to <= len(all)+1; to++ {
					var got []visited
					total, err := res.ExplainFlatRange(id, reg, from, to, func(n *graph.Proof, depth int, in []graph.ProofEdge) error {
						got = append(got, visited{n.Node(), depth, slices.Clone(in)})
						return nil
					})
					if err != nil {
						t.Fatal(err)
					}
					want := all[:1]
					if lo, hi := max(from, 1), min(to, len(all)); lo < hi {
						want = append(slices.Clone(want), all[lo:hi]...)
					}
					if total != len(all) || len(got) != len(want) {
						t.Fatalf("%q %s [%d,%d): %d nodes of %d, want %d of %d", facts, reg, from, to, len(got), total, len(want), len(all))
					}
					for i := range want {
						g, w := got[i], want[i]
						if g.node.Entity != w.node.Entity || g.depth != w.depth || g.node.Status != w.node.Status ||
							!slices.Equal(g.node.Holdings, w.node.Holdings) || !slices.Equal(g.edges, w.edges) {
							t.Errorf("%q %s [%d,%d) node %d: got %+v, want %+v", facts, reg, from, to, i, g, w)
						}
					}
				}
			}
		}
	}
}
