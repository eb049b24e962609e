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

// Flag bits, in the byte order of the flag names so that a flag list built
// from low to high bits is sorted.
const (
	fConflict uint8 = 1 << iota
	fControlRisk
	fJoint
	fMinority
	fOverAlloc
	fPolitical
	fRebuttable
)

var flagNames = [...]graph.Flag{
	graph.FlagConflictingReports,
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
	// poss holds what the third run says (possible.go), by party node;
	// nil without possible links.
	poss map[int32]*possInfo
}

// status combines the two runs (RULES.md section 2, "Two runs"): the
// definite status where it is not clear, else undetermined where the
// possible run is not clear, else clear.
func (rr *regimeResult) status(v int32) graph.Status {
	return combined(rr.regime, rr.runs[definite].status(v), rr.runs[possible].status(v))
}

// combined is the status of a node with run status codes def and pos.
func combined(r graph.Regime, def, pos uint8) graph.Status {
	switch {
	case def != stClear:
		return statusName(r, def)
	case pos != stClear:
		return graph.StatusUndetermined
	}
	return graph.StatusClear
}

// decidingRun returns the run that decided v's status.
func (rr *regimeResult) decidingRun(v int32) int {
	if rr.runs[definite].status(v) == stClear && rr.runs[possible].status(v) != stClear {
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
	overAllocFlags(g, flags)
	for s, v := range rn.slots.nodes {
		if sh := rn.slotShare(int32(s)); rn.state[s] != stDesignated && rn.state[s] != stOwned &&
			sh.atLeast(minorityFloor) && !sh.atLeast(graph.Fifty) {
			flags[v] |= fMinority
		}
	}
	// Only the members' own holdings and control edges can raise the
	// joint-arrangement, control-risk and political-office flags: the
	// work is bounded by the members' out-degrees, not the graph.
	for _, u := range rn.order {
		if len(g.hArr) > 0 {
			for _, e := range g.out(u) {
				if g.hArr[e] >= 0 {
					flags[g.hOwned[e]] |= fJoint
				}
			}
		}
		for _, c := range g.ctrlOut(u) {
			if controlRisk {
				flags[g.cTo[c]] |= fControlRisk
			}
			if g.cBasis[c] == graph.BasisPoliticalOffice {
				flags[g.cTo[c]] |= fPolitical
			}
		}
	}
}

// overAllocFlags sets the flags on what the data say of an entity's
// holdings, whatever the run: over-allocated and conflicting-reports.
func overAllocFlags(g *compact, flags []uint8) {
	for _, v := range g.overAlloc {
		flags[v] |= fOverAlloc
	}
	for _, v := range g.conflicts {
		flags[v] |= fConflict
	}
}
