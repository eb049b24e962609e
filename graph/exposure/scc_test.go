package exposure

import (
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
)

// TestComponentsAgreesWithGonum checks the one SCC search against gonum's
// Tarjan on random graphs: the same partition into components, and every
// edge between components going to one listed earlier.
func TestComponentsAgreesWithGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 6))
	for iter := range 300 {
		n := 1 + rng.IntN(12)
		adj := make([][]int32, n)
		dg := simple.NewDirectedGraph()
		for v := range n {
			dg.AddNode(simple.Node(v))
		}
		for range rng.IntN(3 * n) {
			u, v := rng.IntN(n), rng.IntN(n)
			adj[u] = append(adj[u], int32(v))
			if u != v {
				dg.SetEdge(dg.NewEdge(simple.Node(u), simple.Node(v)))
			}
		}
		off := []int32{0}
		var to []int32
		for _, ws := range adj {
			to = append(to, ws...)
			off = append(off, int32(len(to)))
		}
		got := Components(n, off, to)
		compOf := make([]int, n)
		var gotSets [][]int32
		for c, comp := range got {
			for _, v := range comp {
				compOf[v] = c
			}
			gotSets = append(gotSets, slices.Sorted(slices.Values(comp)))
		}
		for u, ws := range adj {
			for _, w := range ws {
				if compOf[w] > compOf[u] {
					t.Fatalf("graph %d: edge %d->%d goes to a later component", iter, u, w)
				}
			}
		}
		var want [][]int32
		for _, comp := range topo.TarjanSCC(dg) {
			var c []int32
			for _, v := range comp {
				c = append(c, int32(v.ID()))
			}
			want = append(want, slices.Sorted(slices.Values(c)))
		}
		cmpSets := func(a, b []int32) int { return int(a[0]) - int(b[0]) }
		slices.SortFunc(gotSets, cmpSets)
		slices.SortFunc(want, cmpSets)
		if !slices.EqualFunc(gotSets, want, slices.Equal[[]int32]) {
			t.Fatalf("graph %d: components %v, gonum %v", iter, gotSets, want)
		}
	}
}
