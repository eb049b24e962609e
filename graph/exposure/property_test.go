package exposure

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/ownex/ownex/graph"
)

// This file checks the worklist engines against naive reference
// implementations that iterate "until nothing changes" over all entities,
// written plainly from RULES.md section 2, on random small graphs.

var randBases = []graph.Basis{graph.BasisBoardAppointment, graph.BasisVotingAgreement, graph.BasisDominantInfluence,
	graph.BasisDeFacto, graph.BasisDirector, graph.BasisPoliticalOffice, graph.BasisOther}

func randPct(rng *rand.Rand) graph.Pct { return graph.Pct(rng.IntN(21)) * 5 * graph.PctScale }

// randomSnapshot returns a random graph of at most 8 entities.
func randomSnapshot(rng *rand.Rand) *graph.Snapshot {
	n := 2 + rng.IntN(7)
	s := &graph.Snapshot{}
	name := func(i int) string { return fmt.Sprintf("e%d", i) }
	for i := range n {
		s.Entities = append(s.Entities, graph.Entity{ID: name(i)})
		for _, r := range []graph.Regime{graph.RegimeOFAC, graph.RegimeUK, graph.RegimeEU, graph.RegimeUN} {
			if rng.IntN(6) == 0 {
				s.Designations = append(s.Designations, graph.Designation{Entity: name(i), Regime: r})
			}
		}
	}
	for range rng.IntN(14) {
		a, b := rng.IntN(n), rng.IntN(n)
		if a == b {
			continue
		}
		h := graph.Holding{Owner: name(a), Owned: name(b), Share: graph.Exact(randPct(rng))}
		switch rng.IntN(8) {
		case 0:
			h.Share = graph.Unknown()
		case 1:
			lo, hi := randPct(rng), randPct(rng)
			h.Share = graph.Range{Lo: min(lo, hi), Hi: max(lo, hi)}
		case 2:
			h.Votes = graph.Exact(randPct(rng) + 1)
		}
		if h.Votes == (graph.Range{}) {
			h.Votes = h.Share
		}
		if rng.IntN(5) == 0 {
			h.Arrangement = []string{"j", "k"}[rng.IntN(2)]
		}
		s.Holdings = append(s.Holdings, h)
	}
	for range rng.IntN(4) {
		a, b := rng.IntN(n), rng.IntN(n)
		if a != b {
			s.Controls = append(s.Controls, graph.Control{Controller: name(a), Controlled: name(b),
				Basis: randBases[rng.IntN(len(randBases))]})
		}
	}
	return s
}

// naiveHolding is a holding with its run values after capping.
type naiveHolding struct {
	owner, owned, arr string
	sh, vt            graph.Pct
}

// naiveValues caps every holding plainly, for run 0 (lower) or 1 (upper).
func naiveValues(s *graph.Snapshot, run int) []naiveHolding {
	var out []naiveHolding
	for i, h := range s.Holdings {
		sh, vt := h.Share, h.Votes
		if vt == (graph.Range{}) {
			vt = sh
		}
		var otherSh, otherVt graph.Pct
		for j, o := range s.Holdings {
			if j != i && o.Owned == h.Owned {
				osh, ovt := o.Share, o.Votes
				if ovt == (graph.Range{}) {
					ovt = osh
				}
				otherSh, otherVt = otherSh+osh.Lo, otherVt+ovt.Lo
			}
		}
		nh := naiveHolding{owner: h.Owner, owned: h.Owned, arr: h.Arrangement, sh: sh.Lo, vt: vt.Lo}
		if run == 1 {
			nh.sh = max(sh.Lo, min(sh.Hi, graph.Hundred-otherSh))
			nh.vt = max(vt.Lo, min(vt.Hi, graph.Hundred-otherVt))
		}
		out = append(out, nh)
	}
	return out
}

func naiveSeeds(s *graph.Snapshot, r graph.Regime) map[string]bool {
	m := map[string]bool{}
	for _, d := range s.Designations {
		if slices.Contains(graph.Seeds(r), d.Regime) {
			m[d.Entity] = true
		}
	}
	return m
}

// naiveOFACEU iterates over all entities until nothing changes and returns
// each entity's run status.
func naiveOFACEU(s *graph.Snapshot, r graph.Regime, run int) map[string]uint8 {
	hs := naiveValues(s, run)
	member := naiveSeeds(s, r)
	sums := func(c string) (sh, vt graph.Pct, ctl bool) {
		for _, h := range hs {
			if h.owned == c && member[h.owner] {
				sh, vt = sh+h.sh, vt+h.vt
			}
		}
		for _, k := range s.Controls {
			if k.Controlled == c && member[k.Controller] && euControlBasis(k.Basis) {
				ctl = true
			}
		}
		return sh, vt, ctl
	}
	for changed := true; changed; {
		changed = false
		for _, e := range s.Entities {
			sh, vt, ctl := sums(e.ID)
			joins := sh >= graph.Fifty
			if r == graph.RegimeEU {
				joins = joins || vt > graph.Fifty || ctl
			}
			if !member[e.ID] && joins {
				member[e.ID], changed = true, true
			}
		}
	}
	out := map[string]uint8{}
	seeds := naiveSeeds(s, r)
	for _, e := range s.Entities {
		sh, _, _ := sums(e.ID)
		switch {
		case seeds[e.ID]:
			out[e.ID] = stDesignated
		case member[e.ID] && sh >= graph.Fifty:
			out[e.ID] = stOwned
		case member[e.ID]:
			out[e.ID] = stControlled
		}
	}
	return out
}
