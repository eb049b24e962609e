package exposure

import "github.com/ownex/ownex/graph"

// This file holds the US OFAC rules (RULES.md section 2, "OFAC"). Sources:
// OFAC, Revised Guidance on Entities Owned by Persons Whose Property and
// Interests in Property Are Blocked (13 August 2014); OFAC FAQs 398-402.

// ofacRule names the legal test in proofs.
const ofacRule = "OFAC 50 Percent Rule (Revised Guidance 13 Aug 2014; FAQ 399/401): " +
	"blocked persons together hold 50 % or more"

// ofacThreshold is the threshold crossed, as printed in proofs.
const ofacThreshold = "shares >= 50"

// ofacControlNote explains control edges in OFAC proofs.
const ofacControlNote = "control without ownership never blocks under OFAC (FAQ 398); reported as control-risk"

// ofacBlocks is the ownership test: the shares held in an entity by
// blocked persons, aggregated across persons and across OFAC programs
// (FAQ 399, 400), are 50 % or more (Revised Guidance 2014: "50 percent or
// more"). Indirect holdings count in full through blocked entities, never
// multiplied down a chain (FAQ 401, example 1). With open bounds
// (bounds.go) a definite (50, 100] and a definite [50, 100] block; a
// possible [0, 50) cannot reach 50 %.
func ofacBlocks(sh amount) bool { return sh.atLeast(graph.Fifty) }

// shareClosure computes the least fixed point of "members together hold
// shares passing joins": members start as seeds, and when a node joins, its
// out-holdings are added to their targets' accumulators; a target joins
// when its accumulator passes the test. Each holding is visited once, so
// the run is linear in the size of the graph. A cycle never supports
// itself: only members push shares (RULES.md section 2, "Cycles").
func shareClosure(g *compact, seeds []int32, r int, joins func(amount) bool) *run {
	rn := newRun(g, true, false)
	for _, p := range seeds {
		rn.join(p, stDesignated)
	}
	for i := 0; i < len(rn.order); i++ {
		u := rn.order[i]
		for _, e := range g.out(u) {
			v := g.hOwned[e]
			if s := rn.add(g, r, e, v); rn.rank[s] < 0 && joins(rn.slotShare(s)) {
				rn.join(v, stOwned)
			}
		}
	}
	return rn
}

// analyzeOFAC runs both OFAC runs. Control edges never change an OFAC
// status (FAQ 398: ownership, not control); a control edge from a member
// raises the control-risk flag.
func analyzeOFAC(g *compact) *regimeResult {
	seeds := g.seeds(graph.RegimeOFAC)
	rr := &regimeResult{regime: graph.RegimeOFAC, flags: make([]uint8, g.n())}
	for r := range rr.runs {
		rr.runs[r] = shareClosure(g, seeds, r, ofacBlocks)
	}
	memberFlags(g, rr.runs[definite], rr.flags, true)
	return rr
}
