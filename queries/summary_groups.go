package queries

import (
	"sort"

	"github.com/ownex/ownex/graph"
)

func (z *summarizer) groups(s *Summary, hs []graph.Holding, cs []graph.Control, top int) {
	n := len(z.ids)
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	var find func(int32) int32
	find = func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	degree := make([]int32, n)
	join := func(a, b string) {
		u, ok1 := z.node(a)
		v, ok2 := z.node(b)
		if !ok1 || !ok2 || u == v || !z.exposed(u) || !z.exposed(v) {
			return // u == v: two records of one party
		}
		degree[u]++
		degree[v]++
		if ru, rv := find(u), find(v); ru != rv {
			parent[ru] = rv
		}
	}
	for _, h := range hs {
		join(h.Owner, h.Owned)
	}
	for _, c := range cs {
		join(c.Controller, c.Controlled)
	}
	byRoot := map[int32]*ExposedGroup{}
	largest := map[int32]int32{}
	for v := range int32(n) {
		if !z.exposed(v) {
			continue
		}
		r := find(v)
		g := byRoot[r]
		if g == nil {
			g = &ExposedGroup{Exposed: map[graph.Regime]int{}}
			byRoot[r] = g
			largest[r] = v
		}
		g.Size++
		designated := false
		for i, st := range z.status {
			if st[v] != graph.StatusClear {
				g.Exposed[z.regimes[i]]++
			}
			designated = designated || st[v] == graph.StatusDesignated
		}
		if designated && len(g.Designated) < 10 {
			g.Designated = append(g.Designated, z.ref(v))
		}
		if degree[v] > degree[largest[r]] {
			largest[r] = v
		}
	}
	var gs []ExposedGroup
	for r, g := range byRoot {
		if g.Size < 2 {
			continue // a lone designated party is not a group
		}
		g.Largest = z.ref(largest[r])
		gs = append(gs, *g)
	}
	sort.Slice(gs, func(i, j int) bool {
		if gs[i].Size != gs[j].Size {
			return gs[i].Size > gs[j].Size
		}
		return gs[i].Largest.ID < gs[j].Largest.ID
	})
	s.GroupsTotal = len(gs)
	s.Groups = gs[:min(top, len(gs))]
}
