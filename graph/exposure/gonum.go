package exposure

import (
	"slices"

	gograph "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/traverse"
)

// The compact graph is a gonum directed graph: node IDs are the int32
// node indexes, and there is an edge u -> v when u holds shares in v or
// has a control edge to v. Parallel holdings collapse into one gonum edge.
// gonum types stay internal to the package.
var _ gograph.Directed = (*compact)(nil)

func (g *compact) valid(id int64) bool { return id >= 0 && id < int64(g.n()) }

// Node returns the node with the given ID, or nil.
func (g *compact) Node(id int64) gograph.Node {
	if !g.valid(id) {
		return nil
	}
	return simple.Node(id)
}

// Nodes returns all nodes in ID order.
func (g *compact) Nodes() gograph.Nodes {
	if g.n() == 0 {
		return gograph.Empty
	}
	return iterator.NewImplicitNodes(0, g.n(), func(id int) gograph.Node { return simple.Node(id) })
}

// From returns the entities that id owns or controls directly.
func (g *compact) From(id int64) gograph.Nodes {
	if !g.valid(id) {
		return gograph.Empty
	}
	u := int32(id)
	var ns []int32
	for _, e := range g.out(u) {
		ns = append(ns, g.hOwned[e])
	}
	for _, c := range g.ctrlOut(u) {
		ns = append(ns, g.cTo[c])
	}
	return nodeList(ns)
}

// To returns the direct owners and controllers of id.
func (g *compact) To(id int64) gograph.Nodes {
	if !g.valid(id) {
		return gograph.Empty
	}
	v := int32(id)
	lo, hi := g.inRange(v)
	ns := slices.Clone(g.hOwner[lo:hi])
	clo, chi := g.ctrlInRange(v)
	ns = append(ns, g.cFrom[clo:chi]...)
	return nodeList(ns)
}

// nodeList sorts and deduplicates ns into a gonum node iterator.
func nodeList(ns []int32) gograph.Nodes {
	if len(ns) == 0 {
		return gograph.Empty
	}
	slices.Sort(ns)
	ns = slices.Compact(ns)
	nodes := make([]gograph.Node, len(ns))
	for i, v := range ns {
		nodes[i] = simple.Node(v)
	}
	return iterator.NewOrderedNodes(nodes)
}

// HasEdgeFromTo reports whether u holds shares in or controls v.
func (g *compact) HasEdgeFromTo(uid, vid int64) bool {
	if !g.valid(uid) || !g.valid(vid) {
		return false
	}
	u, v := int32(uid), int32(vid)
	for _, e := range g.out(u) {
		if g.hOwned[e] == v {
			return true
		}
	}
	for _, c := range g.ctrlOut(u) {
		if g.cTo[c] == v {
			return true
		}
	}
	return false
}

// HasEdgeBetween reports whether an edge joins x and y in either direction.
func (g *compact) HasEdgeBetween(xid, yid int64) bool {
	return g.HasEdgeFromTo(xid, yid) || g.HasEdgeFromTo(yid, xid)
}

// Edge returns the edge from u to v, or nil.
func (g *compact) Edge(uid, vid int64) gograph.Edge {
	if !g.HasEdgeFromTo(uid, vid) {
		return nil
	}
	return simple.Edge{F: simple.Node(uid), T: simple.Node(vid)}
}

// upstream is the reversed view of a compact graph, for gonum traversals
// that walk from an entity to its owners and controllers.
type upstream struct{ g *compact }

// From returns the direct owners and controllers of id.
func (r upstream) From(id int64) gograph.Nodes { return r.g.To(id) }

// Edge returns the reversed edge from u to v, or nil.
func (r upstream) Edge(uid, vid int64) gograph.Edge {
	if !r.g.HasEdgeFromTo(vid, uid) {
		return nil
	}
	return simple.Edge{F: simple.Node(uid), T: simple.Node(vid)}
}

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
// components of more than one node) among nodes, found by Components on
// the induced subgraph. Each cycle's nodes are ascending and the cycles
// are ordered by their first node (nodes are numbered in ID order).
func (g *compact) cycles(nodes []int32) [][]int32 {
	pos := make(map[int32]int32, len(nodes))
	for i, v := range nodes {
		pos[v] = int32(i)
	}
	off := make([]int32, 1, len(nodes)+1)
	var to []int32
	for _, v := range nodes {
		for it := g.From(int64(v)); it.Next(); {
			if w, ok := pos[int32(it.Node().ID())]; ok {
				to = append(to, w)
			}
		}
		off = append(off, int32(len(to)))
	}
	var out [][]int32
	for _, comp := range Components(len(nodes), off, to) {
		if len(comp) < 2 {
			continue
		}
		c := make([]int32, len(comp))
		for i, p := range comp {
			c[i] = nodes[p]
		}
		slices.Sort(c)
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b []int32) int { return int(a[0]) - int(b[0]) })
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
