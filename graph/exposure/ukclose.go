package exposure

import "github.com/ownex/ownex/graph"

// ukCloser computes the closure of one designated person P at a time
// (RULES.md section 2, "UK"). S (P and its conduits) is a worklist: when a
// node enters S, its holdings are counted into their targets, pulling in
// every holding of the same joint arrangement (Sch. 1), and its control
// edges add their bases. Work is bounded by what P reaches. Scratch arrays
// are reset lazily by stamping them with the closure number.
type ukCloser struct {
	g      *compact
	r      int   // run index
	k      int32 // closure number, stamps start at 1
	person int32

	stamp     []int32 // node scratch valid for closure stamp[v]
	inS       []int32 // node is in S when inS[v] == k
	edgeStamp []int32 // holding counted when edgeStamp[e] == k
	arrStamp  []int32 // arrangement pulled in when arrStamp[a] == k
	sh, vt    []graph.Pct
	shK, vtK  []int32 // k of sh and vt (bounds.go), nil without open bounds
	bases     []uint8
	joint     []bool

	queue   []int32 // S in joining order; P first
	touched []int32 // nodes with scratch in this closure
}

func newUKCloser(g *compact, r int) *ukCloser {
	n := g.n()
	c := &ukCloser{
		g: g, r: r,
		stamp: make([]int32, n), inS: make([]int32, n),
		edgeStamp: make([]int32, len(g.hCol)), arrStamp: make([]int32, len(g.arrStart)),
		sh: make([]graph.Pct, n), vt: make([]graph.Pct, n),
		bases: make([]uint8, n), joint: make([]bool, n),
	}
	if g.open {
		c.shK, c.vtK = make([]int32, n), make([]int32, n)
	}
	return c
}

// share and votes return v's counted amounts in the current closure.
func (c *ukCloser) share(v int32) amount {
	if c.shK == nil {
		return amount{c.sh[v], 0}
	}
	return amount{c.sh[v], c.shK[v]}
}

func (c *ukCloser) votes(v int32) amount {
	if c.vtK == nil {
		return amount{c.vt[v], 0}
	}
	return amount{c.vt[v], c.vtK[v]}
}

// touch resets v's scratch the first time the closure meets it.
func (c *ukCloser) touch(v int32) {
	if c.stamp[v] == c.k {
		return
	}
	c.stamp[v] = c.k
	c.sh[v], c.vt[v], c.bases[v], c.joint[v] = 0, 0, 0, false
	if c.shK != nil {
		c.shK[v], c.vtK[v] = 0, 0
	}
	c.touched = append(c.touched, v)
}

// close computes the closure of person p.
func (c *ukCloser) close(p int32) {
	c.k++
	c.person = p
	c.queue, c.touched = c.queue[:0], c.touched[:0]
	c.inS[p] = c.k
	c.queue = append(c.queue, p)
	for i := 0; i < len(c.queue); i++ {
		u := c.queue[i]
		for _, e := range c.g.out(u) {
			if v := c.g.hOwned[e]; v != p {
				c.count(e)
				c.evaluate(v)
			}
		}
		for _, ce := range c.g.ctrlOut(u) {
			if v := c.g.cTo[ce]; v != p {
				c.touch(v)
				c.bases[v] |= basisBit(c.g.cBasis[ce])
				c.evaluate(v)
			}
		}
	}
}

// count counts holding e once, and with it every holding of its joint
// arrangement on the same entity, whoever the partners are (Sch. 1: joint
// arrangements; the partner need not be designated).
func (c *ukCloser) count(e int32) {
	if c.edgeStamp[e] == c.k {
		return
	}
	c.edgeStamp[e] = c.k
	v := c.g.hOwned[e]
	c.touch(v)
	c.sh[v] += c.g.hShare[c.r][e]
	c.vt[v] += c.g.hVotes[c.r][e]
	if c.shK != nil {
		c.shK[v] += int32(c.g.hShareK[c.r][e])
		c.vtK[v] += int32(c.g.hVotesK[c.r][e])
	}
	a := c.g.hArr[e]
	if a < 0 || c.arrStamp[a] == c.k {
		return
	}
	c.arrStamp[a] = c.k
	c.joint[v] = true
	for _, e2 := range c.g.group(a) {
		c.count(e2)
	}
}

// evaluate adds v to S when P now holds a majority stake in it.
func (c *ukCloser) evaluate(v int32) {
	if c.inS[v] != c.k && ukConduit(c.votes(v), c.bases[v]) {
		c.inS[v] = c.k
		c.queue = append(c.queue, v)
	}
}
