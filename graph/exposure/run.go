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
}

// newRun returns an empty run over n nodes; ranked runs record join ranks.
func newRun(n int, ranked bool) *run {
	rn := &run{state: make([]uint8, n), sh: make([]graph.Pct, n), vt: make([]graph.Pct, n)}
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
		if rn.state[v] != stDesignated && rn.state[v] != stOwned &&
			rn.sh[v] >= minorityFloor && rn.sh[v] < graph.Fifty {
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
