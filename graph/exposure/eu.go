package exposure

import "github.com/ownex/ownex/graph"

// This file holds the EU rules (RULES.md section 2, "EU"). Sources: Council
// Regulation (EU) No 269/2014, Art. 1 as amended by Regulation (EU)
// 2025/2037 (definitions of owning and controlling); Council, EU Best
// Practices for the effective implementation of restrictive measures
// (update of July 2024: "50 % or more", aggregation); Commission FAQ on
// asset freezes (aggregated ownership); CJEU C-84/24 EM System (2026:
// control presumed at a 50 % holding, rebuttable).

// Rules and thresholds named in EU proofs.
const (
	euOwnedRule = "EU Reg. 269/2014 Art. 1 (as amended by Reg. 2025/2037); Best Practices (July 2024); " +
		"Commission FAQ: designated, owned or controlled persons together hold 50 % or more of proprietary rights"
	euControlledRule = "EU Reg. 269/2014 Art. 1 (as amended by Reg. 2025/2037); Best Practices (July 2024): " +
		"majority of voting rights, board appointment, voting agreement, dominant influence or de facto control " +
		"by designated, owned or controlled persons (rebuttable presumption, CJEU C-84/24 EM System)"
	euOwnedThreshold      = "shares >= 50"
	euControlledThreshold = "votes > 50 or control basis board-appointment/voting-agreement/dominant-influence/de-facto"
)

// euOwns is the ownership test: members' proprietary rights, aggregated
// across persons and counted in full through owned or controlled entities,
// are 50 % or more (Best Practices 2024).
func euOwns(sh amount) bool { return sh.atLeast(graph.Fifty) }

// euVotesControl is the control test by voting rights: members hold a
// majority (more than 50 %) of the voting rights (Reg. 2025/2037, Art. 1
// definition of control). A definite (50, 75] of the votes is a majority;
// a definite [50, 75] is not (bounds.go).
func euVotesControl(vt amount) bool { return vt.above(graph.Fifty) }

// euControlBasis reports whether a control edge from a member makes the
// target controlled (Reg. 2025/2037; Best Practices 2024): a right to
// appoint or remove the board majority, a voting agreement, dominant
// influence, or de facto control. Director, political-office and other
// bases have no effect.
func euControlBasis(b graph.Basis) bool {
	switch b {
	case graph.BasisBoardAppointment, graph.BasisVotingAgreement,
		graph.BasisDominantInfluence, graph.BasisDeFacto:
		return true
	}
	return false
}

// euRun computes the EU least fixed point with a worklist: when a member
// joins, its holdings add shares and votes to their targets and its
// qualifying control edges mark their targets; a target joins once one
// test passes. At the fixed point a member is owned if members' shares in
// it reach 50 %, else controlled.
func euRun(g *compact, seeds []int32, r int) *run {
	rn := newRun(g, true, false)
	for _, p := range seeds {
		rn.join(p, stDesignated)
	}
	for i := 0; i < len(rn.order); i++ {
		u := rn.order[i]
		for _, e := range g.out(u) {
			v := g.hOwned[e]
			if s := rn.add(g, r, e, v); rn.rank[s] < 0 && (euOwns(rn.slotShare(s)) || euVotesControl(rn.slotVotes(s))) {
				rn.join(v, stControlled)
			}
		}
		for _, c := range g.ctrlOut(u) {
			if v := g.cTo[c]; !rn.member(v) && euControlBasis(g.cBasis[c]) {
				rn.join(v, stControlled)
			}
		}
	}
	for _, v := range rn.order {
		if s := rn.slots.slotOf(v); rn.state[s] != stDesignated && euOwns(rn.slotShare(s)) {
			rn.state[s] = stOwned
		}
	}
	return rn
}

// analyzeEU runs both EU runs. Any verdict that needs control somewhere
// in its derivation (a controlled entity, or an owned entity whose owners
// are only members through control) is a rebuttable presumption: it is
// flagged rebuttable. The ownership-only fixed point finds the others.
func analyzeEU(g *compact) *regimeResult {
	seeds := g.seeds(graph.RegimeEU)
	rr := &regimeResult{regime: graph.RegimeEU, flags: make([]uint8, g.n())}
	for r := range rr.runs {
		rr.runs[r] = euRun(g, seeds, r)
	}
	def := rr.runs[definite]
	memberFlags(g, def, rr.flags, false)
	pure := shareClosure(g, seeds, definite, euOwns)
	for _, v := range def.order {
		if def.status(v) != stDesignated && !pure.member(v) {
			rr.flags[v] |= fRebuttable
		}
	}
	return rr
}
