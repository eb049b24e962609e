package exposure

import "github.com/ownex/ownex/graph"

// ukCloser computes the closure of one designated person P at a time
// (RULES.md section 2, "UK"). S (P and its conduits) is a worklist: when a
// node enters S, its holdings are counted into their targets, pulling in
// every holding of the same joint arrangement (Sch. 1), and its control
// edges add their bases. Work and memory are bounded by what P reaches:
// the nodes a closure touches have a slot (nodeSlots) and their scratch is
// kept per slot; the counted holdings are a set of the same kind. Both are
// emptied at the start of each closure, arrangements are stamped with the
// closure number.
type ukCloser struct {
	g      *compact
	r      int   // run index
	k      int32 // closure number, stamps start at 1
	person int32

	slots    nodeSlots // nodes touched by this closure
	edges    nodeSlots // holdings counted by this closure (keys are holding ids)
	arrStamp []int32   // arrangement pulled in when arrStamp[a] == k
	inS      []bool    // per slot: the node is in S
	sh, vt   []graph.Pct
	shK, vtK []int32 // k of sh and vt (bounds.go), nil without open bounds
	bases    []uint8
	joint    []bool

	queue   []int32 // S in joining order; P first
	touched []int32 // nodes with scratch in this closure, in slot order
}

func newUKCloser(g *compact, r int) *ukCloser {
	c := &ukCloser{g: g, r: r, arrStamp: make([]int32, len(g.arrStart))}
	c.slots.sized(g.n())
	c.edges.sized(len(g.hOwner))
	return c
}

// slotOf returns v's slot in the current closure, -1 when v is untouched.
func (c *ukCloser) slotOf(v int32) int32 { return c.slots.slotOf(v) }

// counted reports whether holding e was counted in the current closure.
func (c *ukCloser) counted(e int32) bool { return c.edges.slotOf(e) >= 0 }

// share and votes return v's counted amounts in the current closure.
func (c *ukCloser) share(v int32) amount {
	s := c.slotOf(v)
	switch {
	case s < 0:
		return amount{}
	case c.shK == nil:
		return amount{c.sh[s], 0}
	}
	return amount{c.sh[s], c.shK[s]}
}

func (c *ukCloser) votes(v int32) amount {
	s := c.slotOf(v)
	switch {
	case s < 0:
		return amount{}
	case c.vtK == nil:
		return amount{c.vt[s], 0}
	}
	return amount{c.vt[s], c.vtK[s]}
}

// basesOf returns the control bases from S into v.
func (c *ukCloser) basesOf(v int32) uint8 {
	if s := c.slotOf(v); s >= 0 {
		return c.bases[s]
	}
	return 0
}

// touch returns v's slot, with empty scratch the first time the closure
// meets v.
func (c *ukCloser) touch(v int32) int32 {
	s, isNew := c.slots.add(v)
	if !isNew {
		return s
	}
	c.inS, c.joint, c.bases = append(c.inS, false), append(c.joint, false), append(c.bases, 0)
	c.sh, c.vt = append(c.sh, 0), append(c.vt, 0)
	if c.g.open {
		c.shK, c.vtK = append(c.shK, 0), append(c.vtK, 0)
	}
	c.touched = append(c.touched, v)
	return s
}

// start empties the scratch for the closure of person p.
func (c *ukCloser) start(p int32) {
	c.k++
	c.person = p
	c.slots.reset()
	c.edges.reset()
	c.inS, c.joint, c.bases = c.inS[:0], c.joint[:0], c.bases[:0]
	c.sh, c.vt = c.sh[:0], c.vt[:0]
	if c.shK != nil {
		c.shK, c.vtK = c.shK[:0], c.vtK[:0]
	}
	c.queue, c.touched = c.queue[:0], c.touched[:0]
}

// close computes the closure of person p.
func (c *ukCloser) close(p int32) {
	c.start(p)
	c.inS[c.touch(p)] = true
	c.queue = append(c.queue, p)
	for i := 0; i < len(c.queue); i++ {
		u := c.queue[i]
		for _, e := range c.g.out(u) {
			if v := c.g.hOwned[e]; v != p {
				c.count(e)
				c.evaluate(v, c.slotOf(v))
			}
		}
		for _, ce := range c.g.ctrlOut(u) {
			if v := c.g.cTo[ce]; v != p {
				s := c.touch(v)
				c.bases[s] |= basisBit(c.g.cBasis[ce])
				c.evaluate(v, s)
			}
		}
	}
}

// count counts holding e once, and with it every holding of its joint
// arrangement on the same entity, whoever the partners are (Sch. 1: joint
// arrangements; the partner need not be designated).
func (c *ukCloser) count(e int32) {
	if _, isNew := c.edges.add(e); !isNew {
		return
	}
	v := c.g.hOwned[e]
	s := c.touch(v)
	c.sh[s] += c.g.hShare[c.r][e]
	c.vt[s] += c.g.hVotes[c.r][e]
	if c.shK != nil {
		c.shK[s] += int32(c.g.hShareK[c.r][e])
		c.vtK[s] += int32(c.g.hVotesK[c.r][e])
	}
	a := c.g.hArr[e]
	if a < 0 || c.arrStamp[a] == c.k {
		return
	}
	c.arrStamp[a] = c.k
	c.joint[s] = true
	for _, e2 := range c.g.group(a) {
		c.count(e2)
	}
}

// evaluate adds v (slot s) to S when P now holds a majority stake in it.
func (c *ukCloser) evaluate(v, s int32) {
	if !c.inS[s] && ukConduit(c.votes(v), c.bases[s]) {
		c.inS[s] = true
		c.queue = append(c.queue, v)
	}
}
