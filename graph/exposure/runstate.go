package exposure

import "github.com/ownex/ownex/graph"

// run is the outcome of one fixpoint run (definite or possible) of one
// regime. Its per-node state is kept per slot (nodeSlots): only the nodes
// the run touched (members and the targets of their holdings and control
// edges) have a slot; a node without one is clear, outside the fixed
// point, with nothing counted.
type run struct {
	slots nodeSlots
	state []uint8     // status code per slot
	rank  []int32     // join rank per slot, -1 outside the fixed point (nil for UK)
	order []int32     // nodes in the order they joined (nil for UK)
	who   []int32     // UK: the designated person deciding state, per slot (nil otherwise)
	sh    []graph.Pct // counted shares per slot (UK: maximum over persons)
	vt    []graph.Pct // counted votes per slot
	shK   []int32     // k of sh (bounds.go: the amount is sh + shK·ε), nil without open bounds
	vtK   []int32     // k of vt, nil without open bounds

	open, ranked, uk bool
}

// newRun returns an empty run; ranked runs record join ranks, UK runs the
// deciding person. The k counters exist only when g has open bounds.
func newRun(g *compact, ranked, uk bool) *run {
	rn := &run{open: g.open, ranked: ranked, uk: uk}
	rn.slots.sized(g.n())
	return rn
}

// slot returns v's slot, giving v one (clear, nothing counted) when it
// has none.
func (rn *run) slot(v int32) int32 {
	s, isNew := rn.slots.add(v)
	if !isNew {
		return s
	}
	rn.state = append(rn.state, stClear)
	rn.sh, rn.vt = append(rn.sh, 0), append(rn.vt, 0)
	if rn.open {
		rn.shK, rn.vtK = append(rn.shK, 0), append(rn.vtK, 0)
	}
	if rn.ranked {
		rn.rank = append(rn.rank, -1)
	}
	if rn.uk {
		rn.who = append(rn.who, -1)
	}
	return s
}

// status returns v's status code.
func (rn *run) status(v int32) uint8 {
	if s := rn.slots.slotOf(v); s >= 0 {
		return rn.state[s]
	}
	return stClear
}

// get returns v's status code and counted amounts.
func (rn *run) get(v int32) (st uint8, sh, vt amount) {
	if !rn.slots.has(v) { // most nodes: tested without a call
		return stClear, amount{}, amount{}
	}
	s := rn.slots.probe(v)
	return rn.state[s], rn.slotShare(s), rn.slotVotes(s)
}

// rankOf returns v's join rank in a ranked run, -1 outside the fixed point.
func (rn *run) rankOf(v int32) int32 {
	if s := rn.slots.slotOf(v); s >= 0 {
		return rn.rank[s]
	}
	return -1
}

// whoOf returns the person deciding v's status in a UK run, -1 if none.
func (rn *run) whoOf(v int32) int32 {
	if s := rn.slots.slotOf(v); s >= 0 {
		return rn.who[s]
	}
	return -1
}

// join adds v to the fixed point with status st and records its rank.
func (rn *run) join(v int32, st uint8) {
	s := rn.slot(v)
	rn.state[s] = st
	rn.rank[s] = int32(len(rn.order))
	rn.order = append(rn.order, v)
}

// member reports whether v is in the fixed point of a ranked run.
func (rn *run) member(v int32) bool { return rn.rankOf(v) >= 0 }

// share and votes return v's counted amounts.
func (rn *run) share(v int32) amount {
	if s := rn.slots.slotOf(v); s >= 0 {
		return rn.slotShare(s)
	}
	return amount{}
}

func (rn *run) votes(v int32) amount {
	if s := rn.slots.slotOf(v); s >= 0 {
		return rn.slotVotes(s)
	}
	return amount{}
}

// slotShare and slotVotes return the counted amounts of slot s.
func (rn *run) slotShare(s int32) amount {
	if rn.shK == nil {
		return amount{rn.sh[s], 0}
	}
	return amount{rn.sh[s], rn.shK[s]}
}

func (rn *run) slotVotes(s int32) amount {
	if rn.vtK == nil {
		return amount{rn.vt[s], 0}
	}
	return amount{rn.vt[s], rn.vtK[s]}
}

// maxWith raises slot s's counted amounts to sh and vt where they are
// larger.
func (rn *run) maxWith(s int32, sh, vt amount) {
	if rn.slotShare(s).less(sh) {
		rn.sh[s] = sh.v
		if rn.shK != nil {
			rn.shK[s] = sh.k
		}
	}
	if rn.slotVotes(s).less(vt) {
		rn.vt[s] = vt.v
		if rn.vtK != nil {
			rn.vtK[s] = vt.k
		}
	}
}

// add counts holding e of run r into its target v and returns v's slot.
func (rn *run) add(g *compact, r int, e, v int32) int32 {
	s := rn.slot(v)
	rn.sh[s] += g.hShare[r][e]
	rn.vt[s] += g.hVotes[r][e]
	if rn.shK != nil {
		rn.shK[s] += int32(g.hShareK[r][e])
		rn.vtK[s] += int32(g.hVotesK[r][e])
	}
	return s
}
