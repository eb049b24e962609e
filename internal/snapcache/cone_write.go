package snapcache

import (
	"fmt"
	"slices"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/reach"
)

// conePart returns a designated cone's part of the file, for every date
// at once: the closure C of every designation (of any date) that seeds
// engine (graph.Seeds; every designation when engine is "")
// along every holding and control edge (of any date) and every same-as
// link (both ways); its nodes with the owners of the holdings into C and
// the controllers of the control edges into C (the boundary B); the
// holdings into C, in the whole part's order; every designation, the
// control edges into C and the same-as links inside C. On any date the
// cone of graph.ConeStreamer lies inside C, and its boundary inside
// C ∪ B: StreamCone reads this part alone (at 10M generated entities,
// some 5 % of the file).
func (c *Collector) conePart(engine graph.Regime) (*part, error) {
	n := len(c.ids)
	// Relation ends that are no node get vertices after the nodes.
	extra := map[string]int32{}
	vertex := func(id string) int32 {
		if v := c.index.Find(c.ids, id); v >= 0 {
			return v
		}
		v, ok := extra[id]
		if !ok {
			v = int32(n + len(extra))
			extra[id] = v
		}
		return v
	}
	rels := c.rels
	var seeds []int32
	for _, d := range rels.Designations {
		if engine == "" || slices.Contains(graph.Seeds(engine), d.Regime) {
			seeds = append(seeds, vertex(d.Entity))
		}
	}
	cFrom, cTo := make([]int32, len(rels.Controls)), make([]int32, len(rels.Controls))
	for i, k := range rels.Controls {
		cFrom[i], cTo[i] = vertex(k.Controller), vertex(k.Controlled)
	}
	la, lb := make([]int32, len(rels.SameAs)), make([]int32, len(rels.SameAs))
	for i, l := range rels.SameAs {
		la[i], lb[i] = vertex(l.A), vertex(l.B)
	}
	h := &c.h
	in, err := reach.Forward(n+len(extra), seeds, reach.Edges{From: h.owner, To: h.owned},
		reach.Edges{From: cFrom, To: cTo}, reach.Edges{From: append(la, lb...), To: append(lb, la...)})
	if err != nil {
		return nil, fmt.Errorf("the designated cone: %w", err)
	}

	keep := make([]bool, n)
	copy(keep, in)
	var rows []int
	for i, od := range h.owned {
		if in[od] {
			keep[h.owner[i]] = true
			rows = append(rows, i)
		}
	}
	p := &part{rels: relations{Designations: rels.Designations}, h: &holdings{}}
	for i, k := range rels.Controls {
		if in[cTo[i]] {
			if int(cFrom[i]) < n {
				keep[cFrom[i]] = true
			}
			p.rels.Controls = append(p.rels.Controls, k)
		}
	}
	for i, l := range rels.SameAs {
		if in[la[i]] { // and so in[lb[i]]
			p.rels.SameAs = append(p.rels.SameAs, l)
		}
	}
	newNode := make([]int32, n)
	for v := range n {
		if keep[v] {
			newNode[v] = int32(len(p.ids))
			p.ids = append(p.ids, c.ids[v])
			if v < c.entities {
				p.names = append(p.names, c.names[v])
				p.entities++
			}
		}
	}
	ch := p.h
	for _, i := range rows {
		ch.owner, ch.owned = append(ch.owner, newNode[h.owner[i]]), append(ch.owned, newNode[h.owned[i]])
		ch.shareLo, ch.shareHi = append(ch.shareLo, h.shareLo[i]), append(ch.shareHi, h.shareHi[i])
		ch.votesLo, ch.votesHi = append(ch.votesLo, h.votesLo[i]), append(ch.votesHi, h.votesHi[i])
		ch.open = append(ch.open, h.open[i])
		ch.arr, ch.src, ch.span = append(ch.arr, h.arr[i]), append(ch.src, h.src[i]), append(ch.span, h.span[i])
	}
	return p, nil
}
