package exposure

import "github.com/ownex/ownex/graph"

// Status codes inside a run, ordered so that a larger code is a stronger
// verdict. stOwned is reported as blocked under OFAC.
const (
	stClear uint8 = iota
	stControlled
	stOwned
	stDesignated
)

// run is the outcome of one fixpoint run (definite or possible) of one
// regime.
type run struct {
	state []uint8     // status code per node
	rank  []int32     // join rank, -1 outside the fixed point (nil for UK)
	order []int32     // nodes in the order they joined (nil for UK)
	who   []int32     // UK: the designated person deciding state (nil otherwise)
	sh    []graph.Pct // counted shares per node (UK: maximum over persons)
	vt    []graph.Pct // counted votes per node
	shK   []int32     // k of sh (bounds.go: the amount is sh + shK·ε), nil without open bounds
	vtK   []int32     // k of vt, nil without open bounds
}

// newRun returns an empty run over g's nodes; ranked runs record join
// ranks. The k counters exist only when g has open bounds.
func newRun(g *compact, ranked bool) *run {
	n := g.n()
	rn := &run{state: make([]uint8, n), sh: make([]graph.Pct, n), vt: make([]graph.Pct, n)}
	if g.open {
		rn.shK, rn.vtK = make([]int32, n), make([]int32, n)
	}
	if ranked {
		rn.rank = make([]int32, n)
		for i := range rn.rank {
			rn.rank[i] = -1
		}
	}
	return rn
}

// join adds v to the fixed point with status st and records its rank.
func (rn *run) join(v int32, st uint8) {
	rn.state[v] = st
	rn.rank[v] = int32(len(rn.order))
	rn.order = append(rn.order, v)
}

// member reports whether v is in the fixed point of a ranked run.
func (rn *run) member(v int32) bool { return rn.rank[v] >= 0 }

// share and votes return v's counted amounts.
func (rn *run) share(v int32) amount {
	if rn.shK == nil {
		return amount{rn.sh[v], 0}
	}
	return amount{rn.sh[v], rn.shK[v]}
}

func (rn *run) votes(v int32) amount {
	if rn.vtK == nil {
		return amount{rn.vt[v], 0}
	}
	return amount{rn.vt[v], rn.vtK[v]}
}

// maxWith raises v's counted amounts to sh and vt where they are larger.
func (rn *run) maxWith(v int32, sh, vt amount) {
	if rn.share(v).less(sh) {
		rn.sh[v] = sh.v
		if rn.shK != nil {
			rn.shK[v] = sh.k
		}
	}
	if rn.votes(v).less(vt) {
		rn.vt[v] = vt.v
		if rn.vtK != nil {
			rn.vtK[v] = vt.k
		}
	}
}

// add counts holding e of run r into its target v.
func (rn *run) add(g *compact, r int, e, v int32) {
	rn.sh[v] += g.hShare[r][e]
	rn.vt[v] += g.hVotes[r][e]
	if rn.shK != nil {
		rn.shK[v] += int32(g.hShareK[r][e])
		rn.vtK[v] += int32(g.hVotesK[r][e])
	}
}

// Flag bits, in the byte order of the flag names so that a flag list built
// from low to high bits is sorted.
const (
	fControlRisk uint8 = 1 << iota
	fJoint
	fMinority
	fOverAlloc
	fPolitical
	fRebuttable
)

var flagNames = [...]graph.Flag{
	graph.FlagControlRisk,
	graph.FlagJointArrangement,
	graph.FlagMinorityExposure,
	graph.FlagOverAllocated,
	graph.FlagPoliticalOffice,
	graph.FlagRebuttable,
}

// flagList returns the flags of bits, sorted.
func flagList(bits uint8) []graph.Flag {
	out := []graph.Flag{}
	for i, f := range flagNames {
		if bits&(1<<i) != 0 {
			out = append(out, f)
		}
	}
	return out
}

// Minority exposure band (RULES.md section 2, "Flags"): designated or
// blocked owners hold 25 % or more without reaching the ownership test.
// Flags use the definite run: "25 % or more" is tested on the lower bound,
// so an open lower bound of exactly 25 ((25, 50]) is in the band and one
// of 24.99 is not; "less than 50" under OFAC and EU is "not owned", and
// "50 % or less" under UK is "not more than 50" on the definite amount.
const minorityFloor = 25 * graph.PctScale

// regimeResult holds both runs of one regime and the flags of each node.
type regimeResult struct {
	regime graph.Regime
	runs   [2]*run
	flags  []uint8
}

// status combines the two runs (RULES.md section 2, "Two runs"): the
// definite status where it is not clear, else undetermined where the
// possible run is not clear, else clear.
func (rr *regimeResult) status(v int32) graph.Status {
	if st := rr.runs[definite].state[v]; st != stClear {
		return statusName(rr.regime, st)
	}
	if rr.runs[possible].state[v] != stClear {
		return graph.StatusUndetermined
	}
	return graph.StatusClear
}

// decidingRun returns the run that decided v's status.
func (rr *regimeResult) decidingRun(v int32) int {
	if rr.runs[definite].state[v] == stClear && rr.runs[possible].state[v] != stClear {
		return possible
	}
	return definite
}

// statusName maps a run status code to the regime's status string.
func statusName(r graph.Regime, st uint8) graph.Status {
	switch st {
	case stDesignated:
		return graph.StatusDesignated
	case stOwned:
		if r == graph.RegimeOFAC {
			return graph.StatusBlocked
		}
		return graph.StatusOwned
	case stControlled:
		return graph.StatusControlled
	}
	return graph.StatusClear
}

// memberFlags sets the flags that depend on the definite run's members
// under OFAC and EU: minority exposure, joint arrangements with a member
// party, political-office edges from members (and, when controlRisk, any
// control edge from a member), and over-allocation.
func memberFlags(g *compact, rn *run, flags []uint8, controlRisk bool) {
	for v := range g.n() {
		if g.overAlloc[v] {
			flags[v] |= fOverAlloc
		}
		if sh := rn.share(int32(v)); rn.state[v] != stDesignated && rn.state[v] != stOwned &&
			sh.atLeast(minorityFloor) && !sh.atLeast(graph.Fifty) {
			flags[v] |= fMinority
		}
	}
	for e, a := range g.hArr {
		if a >= 0 && rn.member(g.hOwner[e]) {
			flags[g.hOwned[e]] |= fJoint
		}
	}
	for c, from := range g.cFrom {
		if !rn.member(from) {
			continue
		}
		if controlRisk {
			flags[g.cTo[c]] |= fControlRisk
		}
		if g.cBasis[c] == graph.BasisPoliticalOffice {
			flags[g.cTo[c]] |= fPolitical
		}
	}
}
