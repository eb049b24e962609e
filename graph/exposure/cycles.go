package exposure

import (
	gograph "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
	"gonum.org/v1/gonum/graph/traverse"
)

// maxCycleScan bounds the upstream closure scanned for cycle notes.
const maxCycleScan = 10_000

// upstreamOf returns v and its owners and controllers, transitively, using
// a gonum breadth-first walk on the reversed graph; ok is false when the
// closure exceeds limit nodes.
func (g *compact) upstreamOf(v int32, limit int) (nodes []int32, ok bool) {
	bf := traverse.BreadthFirst{Visit: func(n gograph.Node) { nodes = append(nodes, int32(n.ID())) }}
	bf.Walk(upstream{g}, simple.Node(v), func(gograph.Node, int) bool { return len(nodes) > limit })
	return nodes, len(nodes) <= limit
}

// cycles returns the ownership or control cycles (strongly connected
// components of more than one node) among nodes, found by gonum's Tarjan
// algorithm on the induced subgraph.
func (g *compact) cycles(nodes []int32) [][]int32 {
	in := make(map[int32]bool, len(nodes))
	sub := simple.NewDirectedGraph()
	for _, v := range nodes {
		in[v] = true
		sub.AddNode(simple.Node(v))
	}
	for _, v := range nodes {
		for it := g.From(int64(v)); it.Next(); {
			if w := int32(it.Node().ID()); in[w] {
				sub.SetEdge(sub.NewEdge(simple.Node(v), simple.Node(w)))
			}
		}
	}
	var out [][]int32
	for _, scc := range topo.TarjanSCC(sub) {
		if len(scc) < 2 {
			continue
		}
		c := make([]int32, len(scc))
		for i, n := range scc {
			c[i] = int32(n.ID())
		}
		out = append(out, c)
	}
	return out
}

// cycleNotes explains the cycles upstream of v: least fixed points mean
// that a cycle never supports itself (RULES.md section 2, "Cycles").
func (r *Result) cycleNotes(v int32) []string {
	nodes, ok := r.g.upstreamOf(v, maxCycleScan)
	if !ok {
		return nil
	}
	var notes []string
	for _, c := range r.g.cycles(nodes) {
		notes = append(notes, "upstream cycle among "+r.g.joinIDs(c)+
			": least fixed point, a cycle never supports itself and cross-holdings never inflate a share")
	}
	return notes
}
