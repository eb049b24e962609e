package queries

import (
	"slices"
	"sort"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
)

// cycles finds the strongly connected components of the holdings graph
// with more than one member, or a self-holding (exposure.Components).
func (z *summarizer) cycles(s *Summary, hs []graph.Holding, top int) {
	n := len(z.ids)
	adj := make([][]int32, n)
	self := make([]bool, n)
	for _, h := range hs {
		u, ok1 := z.node(h.Owner)
		v, ok2 := z.node(h.Owned)
		if !ok1 || !ok2 || (u == v && h.Owner != h.Owned) {
			continue // a holding between two records of one party
		}
		if u == v {
			self[u] = true
		}
		adj[u] = append(adj[u], v)
	}
	off := make([]int32, 1, n+1)
	var to []int32
	for _, ws := range adj {
		to = append(to, ws...)
		off = append(off, int32(len(to)))
	}
	var comps [][]int32
	for _, comp := range exposure.Components(n, off, to) {
		if len(comp) > 1 || self[comp[0]] {
			comps = append(comps, comp)
		}
	}
	sort.Slice(comps, func(i, j int) bool {
		if len(comps[i]) != len(comps[j]) {
			return len(comps[i]) > len(comps[j])
		}
		return slices.Min(comps[i]) < slices.Min(comps[j])
	})
	s.CyclesTotal = len(comps)
	for _, c := range comps[:min(top, len(comps))] {
		slices.Sort(c)
		cy := Cycle{Size: len(c)}
		for _, v := range c[:min(10, len(c))] {
			cy.Members = append(cy.Members, z.ref(v))
		}
		s.Cycles = append(s.Cycles, cy)
	}
}
