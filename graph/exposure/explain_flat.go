package exposure

import (
	"math"
	"slices"

	"github.com/ownex/ownex/graph"
)

// ExplainFlat walks the proof of id's verdict under regime as a flat DAG
// (the JSON form of issue 15), breadth first from the entity. visit gets
// each node once, complete — holdings and controls without nested proofs,
// the entity's notes — with its distance from the root and the edges into
// it: one for each owner or controller whose proof supports it (not clear,
// joined the fixed point before it). An owner that supports several
// entities has an edge to each, where the tree form of Explain notes "given
// above". Nothing is kept between nodes but the queue and the set of nodes
// seen, so memory follows the widest level, not the proof's size. The root
// is the entity, with the fields that combine both runs, as in Explain; it
// is visited first. The walk stops at the first error of visit.
func (r *Result) ExplainFlat(id string, regime graph.Regime, visit func(n *graph.Proof, depth int, edges []graph.ProofEdge) error) error {
	_, err := r.ExplainFlatRange(id, regime, 0, math.MaxInt, visit)
	return err
}

// ExplainFlatRange is ExplainFlat for a window of the walk (a page of the
// API's explain, issue 15 item 2): visit gets the root (node 0, whose
// fields head a proof) and the nodes numbered from..to-1 in the walk's
// order. The other nodes are walked, to count them and to reach the nodes
// beyond them, without building their proofs: a page of 1,000 nodes of a
// 100,000-node proof costs the walk of the ids, not 100,000 proofs. It
// returns the number of nodes of the whole walk.
func (r *Result) ExplainFlatRange(id string, regime graph.Regime, from, to int, visit func(n *graph.Proof, depth int, edges []graph.ProofEdge) error) (int, error) {
	b, v, rr, clear, err := r.prepare(id, regime)
	if err != nil {
		return 0, err
	}
	if clear != nil {
		r.asMember(clear, id, v)
		return 1, visit(clear, 0, nil)
	}
	type item struct {
		v     int32
		depth int
	}
	b.seen[v] = true
	queue := []item{{v, 0}}
	var edges []graph.ProofEdge
	n := 0
	for ; len(queue) > 0; n++ {
		it := queue[0]
		queue = queue[1:]
		if n > 0 && (n < from || n >= to) {
			if f := b.frameOf(it.v); f != nil {
				for i := range len(f.hs) + len(f.cs) {
					if u := b.edgeFrom(f, i); b.supports(nil, u, it.v) && !b.seen[u] {
						b.seen[u] = true
						queue = append(queue, item{u, it.depth + 1})
					}
				}
			}
			continue
		}
		pr, f := b.open(it.v, it.depth)
		edges = edges[:0]
		for i := 0; f != nil && i < len(f.hs)+len(f.cs); i++ {
			kind := graph.EdgeHolding
			if i < len(f.hs) {
				pr.Holdings = append(pr.Holdings, b.holding(f.hs[i]))
			} else {
				kind = graph.EdgeControl
				pr.Controls = append(pr.Controls, b.control(f.cs[i-len(f.hs)]))
			}
			u := b.edgeFrom(f, i)
			if !b.supports(pr, u, it.v) {
				continue
			}
			e := graph.ProofEdge{From: b.g.ids[u], To: pr.Entity, Kind: kind}
			if !slices.Contains(edges, e) { // two holdings of one owner: one edge
				edges = append(edges, e)
			}
			if !b.seen[u] {
				b.seen[u] = true
				queue = append(queue, item{u, it.depth + 1})
			}
		}
		if it.depth == 0 {
			r.decorate(pr, rr, v)
			r.asMember(pr, id, v)
			for i := range edges {
				edges[i].To = pr.Entity
			}
		}
		if err := visit(pr, it.depth, edges); err != nil {
			return 0, err
		}
	}
	return n, nil
}
