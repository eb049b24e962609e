package graph

import "slices"

// Edge kinds of a flat proof.
const (
	EdgeHolding = "holding"
	EdgeControl = "control"
)

// ProofEdge links two nodes of a proof in its flat form (nodes, edges,
// root): the proof of To uses the proof of From, which holds shares in To
// (Kind "holding") or controls it (Kind "control"). The counted share and
// the source record are on the holding or control in To's node.
type ProofEdge struct {
	From string `json:"from"`
	To   string `json:"to"`
	Kind string `json:"kind"`
}

// Node returns p as a node of the flat form: p's own fields, its holdings
// and controls without the nested proofs of owners and controllers (those
// are nodes of their own, linked by edges). p is not changed.
func (p *Proof) Node() Proof {
	n := *p
	n.Holdings = slices.Clone(p.Holdings)
	for i := range n.Holdings {
		n.Holdings[i].OwnerProof = nil
	}
	n.Controls = slices.Clone(p.Controls)
	for i := range n.Controls {
		n.Controls[i].ControllerProof = nil
	}
	return n
}

// WalkProof visits the nodes of p breadth first, the root first, each with
// the edges into it: one per owner or controller whose proof is nested in
// it. Every nested proof is visited once (a proof is a tree: an owner's
// proof is nested at most once, later uses note that it is given above).
// The walk uses a queue, not recursion, so a proof 100,000 levels deep
// costs no deep stack. It stops at the first error of visit and returns
// it.
func WalkProof(p *Proof, visit func(n *Proof, depth int, edges []ProofEdge) error) error {
	if p == nil {
		return nil
	}
	type item struct {
		p     *Proof
		depth int
	}
	queue := []item{{p, 0}}
	var edges []ProofEdge
	for len(queue) > 0 {
		it := queue[0]
		queue = queue[1:]
		edges = edges[:0]
		for _, h := range it.p.Holdings {
			if h.OwnerProof != nil {
				edges = append(edges, ProofEdge{From: h.OwnerProof.Entity, To: it.p.Entity, Kind: EdgeHolding})
				queue = append(queue, item{h.OwnerProof, it.depth + 1})
			}
		}
		for _, c := range it.p.Controls {
			if c.ControllerProof != nil {
				edges = append(edges, ProofEdge{From: c.ControllerProof.Entity, To: it.p.Entity, Kind: EdgeControl})
				queue = append(queue, item{c.ControllerProof, it.depth + 1})
			}
		}
		if err := visit(it.p, it.depth, edges); err != nil {
			return err
		}
	}
	return nil
}
