package baseline

import "github.com/ownex/ownex/graph"

// Status codes of one run, ordered so that a larger code is a stronger
// verdict; owned is reported as blocked under OFAC.
const (
	clear uint8 = iota
	controlled
	owned
	designated
)

// statusName maps a run's status code to regime r's status.
func statusName(r graph.Regime, st uint8) graph.Status {
	switch st {
	case designated:
		return graph.StatusDesignated
	case owned:
		if r == graph.RegimeOFAC {
			return graph.StatusBlocked
		}
		return graph.StatusOwned
	case controlled:
		return graph.StatusControlled
	}
	return graph.StatusClear
}

// The thresholds, compared on exact graph.Pct sums.
const fifty = graph.Fifty

// leastFixpoint computes a least fixed point by rounds: the members start
// as the seeds (designated); each round, every non-member held or
// controlled by a member that joined in the previous round is tested with
// joins against the current members, and those that pass join together.
// An entity none of whose owners or controllers joined since it was last
// tested cannot pass now (the tests are monotone), so the rounds stop at
// the least fixed point: a cycle never supports itself.
func (g *Graph) leastFixpoint(seeds []int64, joins func(v int64, member map[int64]uint8) bool) map[int64]uint8 {
	member := make(map[int64]uint8, 2*len(seeds))
	frontier := make([]int64, 0, len(seeds))
	for _, p := range seeds {
		member[p] = designated
		frontier = append(frontier, p)
	}
	for len(frontier) > 0 {
		candidates := map[int64]bool{}
		for _, u := range frontier {
			for it := g.From(u); it.Next(); {
				if v := it.Node().ID(); member[v] == clear {
					candidates[v] = true
				}
			}
		}
		var next []int64
		for v := range candidates {
			if joins(v, member) {
				next = append(next, v)
			}
		}
		for _, v := range next {
			member[v] = owned
		}
		frontier = next
	}
	return member
}

// memberSums returns the shares and votes that members hold in v, summed
// over v's direct owners (g.To) in run.
func (g *Graph) memberSums(v int64, member map[int64]uint8, run int) (sh, vt graph.Pct) {
	for it := g.To(v); it.Next(); {
		u := it.Node().ID()
		if member[u] != clear {
			e := g.edge(u, v)
			sh += e.Share[run]
			vt += e.Votes[run]
		}
	}
	return sh, vt
}

// OFAC runs the OFAC 50 Percent Rule on one run (RULES.md section 2,
// "OFAC"): an entity is blocked when designated or blocked persons
// together hold 50 % or more of its shares; holdings of blocked entities
// count in full; control never blocks.
func (g *Graph) OFAC(run int) map[int64]uint8 {
	return g.leastFixpoint(g.Seeds[graph.RegimeOFAC], func(v int64, member map[int64]uint8) bool {
		sh, _ := g.memberSums(v, member, run)
		return sh >= fifty
	})
}

// euControlBasis reports whether a control edge from a member makes its
// target controlled under EU rules.
func euControlBasis(b graph.Basis) bool {
	switch b {
	case graph.BasisBoardAppointment, graph.BasisVotingAgreement,
		graph.BasisDominantInfluence, graph.BasisDeFacto:
		return true
	}
	return false
}

// EU runs the EU rules on one run (RULES.md section 2, "EU"): an entity
// joins when members together hold 50 % or more of its shares, more than
// 50 % of its votes, or a member controls it (board appointment, voting
// agreement, dominant influence, de facto). At the fixed point a member is
// owned when members' shares in it reach 50 %, else controlled.
func (g *Graph) EU(run int) map[int64]uint8 {
	member := g.leastFixpoint(g.Seeds[graph.RegimeEU], func(v int64, member map[int64]uint8) bool {
		sh, vt := g.memberSums(v, member, run)
		if sh >= fifty || vt > fifty {
			return true
		}
		for it := g.To(v); it.Next(); {
			u := it.Node().ID()
			if member[u] == clear {
				continue
			}
			for _, b := range g.edge(u, v).Bases {
				if euControlBasis(b) {
					return true
				}
			}
		}
		return false
	})
	for v, st := range member {
		if st == designated {
			continue
		}
		if sh, _ := g.memberSums(v, member, run); sh >= fifty {
			member[v] = owned
		} else {
			member[v] = controlled
		}
	}
	return member
}

// UK control bases: every one of them makes an entity controlled; all
// but de facto control also make it a conduit (a "majority stake").
const (
	ukControl uint8 = 1 << iota
	ukConduit
)

func ukBasis(b graph.Basis) uint8 {
	switch b {
	case graph.BasisBoardAppointment, graph.BasisVotingAgreement, graph.BasisDominantInfluence:
		return ukControl | ukConduit
	case graph.BasisDeFacto:
		return ukControl
	}
	return 0
}

// UK runs the UK rules on one run (RULES.md section 2, "UK"): one closure
// per designated person, never summing different persons; an entity is
// owned if owned for some person, else controlled if controlled for some
// person.
func (g *Graph) UK(run int) map[int64]uint8 {
	state := map[int64]uint8{}
	seeds := g.Seeds[graph.RegimeUK]
	for _, p := range seeds {
		state[p] = designated
	}
	for _, p := range seeds {
		for v, st := range g.ukClosure(p, run) {
			if st > state[v] {
				state[v] = st
			}
		}
	}
	return state
}

// ukClosure computes person p's closure: S = {p} and its conduits; the
// holdings counted into an entity C are those of members of S plus every
// holding of the same joint arrangement as a counted one (each counted
// once); C is owned when they sum to more than 50 % of shares or votes,
// controlled when a member of S controls it; C joins S when they sum to
// more than 50 % of votes or a member has a board-appointment,
// voting-agreement or dominant-influence right over it.
func (g *Graph) ukClosure(p int64, run int) map[int64]uint8 {
	inS := map[int64]bool{p: true}
	queue := []int64{p}
	sh, vt := map[int64]graph.Pct{}, map[int64]graph.Pct{}
	bases := map[int64]uint8{}
	counted := map[*JointHolding]bool{}
	countJoint := func(jh *JointHolding) {
		if counted[jh] {
			return
		}
		// The whole arrangement is pulled in, whoever the partners are.
		for _, partner := range g.Joint[jointKey{jh.Owned, jh.Arrangement}] {
			if !counted[partner] {
				counted[partner] = true
				sh[jh.Owned] += partner.Share[run]
				vt[jh.Owned] += partner.Votes[run]
			}
		}
	}
	for i := 0; i < len(queue); i++ {
		u := queue[i]
		for it := g.From(u); it.Next(); {
			v := it.Node().ID()
			if v == p {
				continue
			}
			e := g.edge(u, v)
			// u's holdings outside joint arrangements, then its joint ones.
			own, ownVotes := e.Share[run], e.Votes[run]
			for _, jh := range e.Joint {
				own -= jh.Share[run]
				ownVotes -= jh.Votes[run]
			}
			sh[v] += own
			vt[v] += ownVotes
			for _, jh := range e.Joint {
				countJoint(jh)
			}
			for _, b := range e.Bases {
				bases[v] |= ukBasis(b)
			}
			if !inS[v] && (vt[v] > fifty || bases[v]&ukConduit != 0) {
				inS[v] = true
				queue = append(queue, v)
			}
		}
	}
	out := map[int64]uint8{}
	for v := range sh {
		if sh[v] > fifty || vt[v] > fifty {
			out[v] = owned
		}
	}
	for v, b := range bases {
		if out[v] == clear && b&ukControl != 0 {
			out[v] = controlled
		}
	}
	return out
}
