package exposure

import "github.com/ownex/ownex/graph"

// This file holds the UK rules (RULES.md section 2, "UK"). Sources: The
// Russia (Sanctions) (EU Exit) Regulations 2019, regulation 7 (ownership
// and control) and Schedule 1 (joint interests, joint arrangements,
// indirect holdings through majority stakes); OFSI general guidance, para
// 4.14 (no aggregation of different designated persons' holdings); FCDO
// guidance on public officials and control (2023, updated 2024).

// Rules and thresholds named in UK proofs.
const (
	ukOwnedRule = "UK Russia (Sanctions) (EU Exit) Regulations 2019, reg. 7(2)(a)/(b) and Sch. 1: " +
		"the designated person holds more than 50 % of the shares or voting rights, directly, jointly " +
		"or through entities in which it holds a majority stake (OFSI guidance 4.14: no aggregation across persons)"
	ukControlledRule = "UK Russia (Sanctions) (EU Exit) Regulations 2019, reg. 7(2)(c) and 7(4): " +
		"the designated person can appoint or remove the board majority, or it is reasonable to expect " +
		"that it can direct the entity's affairs"
	ukOwnedThreshold      = "shares > 50 or votes > 50"
	ukControlledThreshold = "control basis board-appointment/voting-agreement/dominant-influence/de-facto"
)

// Control basis bits used by the UK closure.
const (
	bBoard uint8 = 1 << iota
	bVoting
	bDominant
	bDeFacto
	bPolitical
)

// ukControlBases make an entity controlled (reg. 7(2)(c), 7(4)); ukConduitBases
// also give the person a "majority stake" through which indirect holdings
// count (Sch. 1). De facto control alone makes an entity controlled but
// not a conduit.
const (
	ukControlBases = bBoard | bVoting | bDominant | bDeFacto
	ukConduitBases = bBoard | bVoting | bDominant
)

// basisBit maps a control basis to its bit; director and other map to 0
// (no effect on a status, FCDO guidance: a public office alone is not control).
func basisBit(b graph.Basis) uint8 {
	switch b {
	case graph.BasisBoardAppointment:
		return bBoard
	case graph.BasisVotingAgreement:
		return bVoting
	case graph.BasisDominantInfluence:
		return bDominant
	case graph.BasisDeFacto:
		return bDeFacto
	case graph.BasisPoliticalOffice:
		return bPolitical
	}
	return 0
}

// ukOwned is the ownership test of reg. 7(2)(a)/(b): more than 50 % of the
// shares or more than 50 % of the voting rights. With open bounds
// (bounds.go) a definite (50, 75] is more than 50 %, a definite [50, 75]
// is not (it is undetermined), and two (25, 50] holdings of one person sum
// to (50, 100], more than 50 %.
func ukOwned(sh, vt amount) bool { return sh.above(graph.Fifty) || vt.above(graph.Fifty) }

// ukConduit reports whether P holds a "majority stake" in the entity
// (Sch. 1): a majority of the voting rights or a right to appoint the board
// majority (or an equivalent agreement or dominant influence). A majority
// of shares without a majority of votes is not a majority stake.
func ukConduit(vt amount, bases uint8) bool {
	return vt.above(graph.Fifty) || bases&ukConduitBases != 0
}

// ukStatus is the status of an entity for one person.
func ukStatus(sh, vt amount, bases uint8) uint8 {
	switch {
	case ukOwned(sh, vt):
		return stOwned
	case bases&ukControlBases != 0:
		return stControlled
	}
	return stClear
}

// analyzeUK runs one closure per designated person and per run, never
// summing different persons (OFSI 4.14). An entity is owned if owned for
// some person, else controlled if controlled for some person; the first
// person (in ID order) reaching that status is recorded for proofs.
func analyzeUK(g *compact) *regimeResult {
	seeds := g.seeds(graph.RegimeUK)
	rr := &regimeResult{regime: graph.RegimeUK, flags: make([]uint8, g.n())}
	overAllocFlags(g, rr.flags)
	for r := range rr.runs {
		rn := newRun(g, false, true)
		for _, p := range seeds {
			s := rn.slot(p)
			rn.state[s], rn.who[s] = stDesignated, p
		}
		c := newUKCloser(g, r)
		for _, p := range seeds {
			c.close(p)
			c.record(rn, rr.flags, r == definite)
		}
		rr.runs[r] = rn
	}
	return rr
}

// record merges the closure of the current person into rn and, for the
// definite run, sets the per-person flags.
func (c *ukCloser) record(rn *run, flags []uint8, withFlags bool) {
	for cs, v := range c.touched { // cs is v's slot in c
		sh, vt, bases := c.share(v), c.votes(v), c.bases[cs]
		s := rn.slot(v)
		if st := ukStatus(sh, vt, bases); st > rn.state[s] {
			rn.state[s], rn.who[s] = st, c.person
		}
		rn.maxWith(s, sh, vt)
		if !withFlags {
			continue
		}
		if sh.atLeast(minorityFloor) && !sh.above(graph.Fifty) && rn.state[s] != stDesignated {
			flags[v] |= fMinority
		}
		if c.joint[cs] {
			flags[v] |= fJoint
		}
		if bases&bPolitical != 0 {
			flags[v] |= fPolitical
		}
	}
}
