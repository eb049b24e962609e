package exposure

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/ownex/ownex/graph"
)

// This file checks the worklist engines against naive reference
// implementations that iterate "until nothing changes" over all entities,
// written plainly from RULES.md section 2, on random small graphs.

var randBases = []graph.Basis{graph.BasisBoardAppointment, graph.BasisVotingAgreement, graph.BasisDominantInfluence,
	graph.BasisDeFacto, graph.BasisDirector, graph.BasisPoliticalOffice, graph.BasisOther}

func randPct(rng *rand.Rand) graph.Pct { return graph.Pct(rng.IntN(21)) * 5 * graph.PctScale }

// randOpen returns a random valid range with random open bounds, often
// ending on 25, 50 or 100.
func randOpen(rng *rand.Rand) graph.Range {
	for {
		lo, hi := randPct(rng), randPct(rng)
		if rng.IntN(3) == 0 {
			lo = graph.Pct(rng.IntN(5)) * 25 * graph.PctScale
		}
		r := graph.Range{Lo: min(lo, hi), Hi: max(lo, hi), LoOpen: rng.IntN(2) == 0, HiOpen: rng.IntN(2) == 0}
		if r.Valid() {
			return r
		}
	}
}

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
		switch rng.IntN(10) {
		case 0:
			h.Share = graph.Unknown()
		case 1:
			lo, hi := randPct(rng), randPct(rng)
			h.Share = graph.Range{Lo: min(lo, hi), Hi: max(lo, hi)}
		case 2:
			h.Votes = graph.Exact(randPct(rng) + 1)
		case 3, 4:
			h.Share = randOpen(rng)
			if rng.IntN(2) == 0 {
				h.Votes = randOpen(rng)
			}
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

// naiveAmount is v + k·ε: k counts open lower bounds (+1 each) or open
// upper bounds (−1 each).
type naiveAmount struct {
	v graph.Pct
	k int
}

func (a naiveAmount) plus(b naiveAmount) naiveAmount { return naiveAmount{a.v + b.v, a.k + b.k} }

// geq and gt are the threshold tests "t or more" and "more than t".
func (a naiveAmount) geq(t graph.Pct) bool {
	if a.v != t {
		return a.v > t
	}
	return a.k >= 0
}

func (a naiveAmount) gt(t graph.Pct) bool {
	if a.v != t {
		return a.v > t
	}
	return a.k > 0
}

// naiveHolding is a holding with its run values after capping.
type naiveHolding struct {
	owner, owned, arr string
	sh, vt            naiveAmount
}

// naiveLower and naiveUpper are a range's bounds as amounts.
func naiveLower(r graph.Range) naiveAmount {
	if r.LoOpen {
		return naiveAmount{r.Lo, 1}
	}
	return naiveAmount{r.Lo, 0}
}

func naiveUpper(r graph.Range) naiveAmount {
	if r.HiOpen {
		return naiveAmount{r.Hi, -1}
	}
	return naiveAmount{r.Hi, 0}
}

// naiveCap is max(lo, min(hi, 100 − Σ lo of the others)) where the cap
// is open when one of the others' lower bounds is, compared
// lexicographically (docs/SHARES.md).
func naiveCap(r graph.Range, others naiveAmount) naiveAmount {
	capK := 0
	if others.k > 0 {
		capK = -1
	}
	lo, hi, c := naiveLower(r), naiveUpper(r), naiveAmount{graph.Hundred - others.v, capK}
	if c.v < hi.v || c.v == hi.v && c.k < hi.k {
		hi = c
	}
	if hi.v < lo.v || hi.v == lo.v && hi.k < lo.k {
		hi = lo
	}
	return hi
}

// naiveMerge merges the reports of one stake plainly, as RULES.md section
// 2 "Reports of one stake" says: the holdings of one owner in one entity
// are grouped by source; a source's records add up (capped at 100),
// exact duplicates once; the sources' totals meet (intersection) or else
// span their hull. The merged holding keeps the arrangement of the first
// record in source order, else the first non-empty one (the engines'
// documented choice).
func naiveMerge(hs []graph.Holding) []graph.Holding {
	var out []graph.Holding
	done := map[[2]string]bool{}
	for _, h := range hs {
		pair := [2]string{h.Owner, h.Owned}
		if done[pair] {
			continue
		}
		done[pair] = true
		var group []graph.Holding
		for _, o := range hs {
			if o.Owner == h.Owner && o.Owned == h.Owned {
				if o.Votes == (graph.Range{}) {
					o.Votes = o.Share
				}
				group = append(group, o)
			}
		}
		slices.SortStableFunc(group, func(a, b graph.Holding) int { return strings.Compare(a.Source, b.Source) })
		var srcs []string
		totals := map[string][2]graph.Range{}
		seen := map[string]bool{}
		for _, o := range group {
			k := fmt.Sprint(o.Source, o.Share, o.Votes, o.Start, o.End, o.Arrangement)
			if seen[k] {
				continue
			}
			seen[k] = true
			t, ok := totals[o.Source]
			if !ok {
				srcs = append(srcs, o.Source)
				totals[o.Source] = [2]graph.Range{o.Share, o.Votes}
				continue
			}
			for i, r := range [2]graph.Range{o.Share, o.Votes} {
				sum := graph.Range{Lo: min(t[i].Lo+r.Lo, graph.Hundred), Hi: min(t[i].Hi+r.Hi, graph.Hundred),
					LoOpen: t[i].LoOpen || r.LoOpen, HiOpen: t[i].HiOpen || r.HiOpen}
				if t[i].Hi+r.Hi > graph.Hundred {
					sum.HiOpen = false
				}
				if t[i].Lo+r.Lo > graph.Hundred {
					sum.LoOpen = false
				}
				t[i] = sum
			}
			totals[o.Source] = t
		}
		m := group[0]
		for _, o := range group {
			if m.Arrangement == "" && o.Arrangement != "" {
				m.Arrangement = o.Arrangement
			}
		}
		for i := range 2 {
			var rs []graph.Range
			for _, src := range srcs {
				rs = append(rs, totals[src][i])
			}
			lo, hi := naiveLower(rs[0]), naiveUpper(rs[0])
			for _, r := range rs[1:] {
				if l := naiveLower(r); l.v > lo.v || l.v == lo.v && l.k > lo.k {
					lo = l
				}
				if u := naiveUpper(r); u.v < hi.v || u.v == hi.v && u.k < hi.k {
					hi = u
				}
			}
			if !(lo.v < hi.v || lo.v == hi.v && lo.k == 0 && hi.k == 0) { // empty: the hull
				lo, hi = naiveLower(rs[0]), naiveUpper(rs[0])
				for _, r := range rs[1:] {
					if l := naiveLower(r); l.v < lo.v || l.v == lo.v && l.k < lo.k {
						lo = l
					}
					if u := naiveUpper(r); u.v > hi.v || u.v == hi.v && u.k > hi.k {
						hi = u
					}
				}
			}
			r := graph.Range{Lo: lo.v, Hi: hi.v, LoOpen: lo.k != 0, HiOpen: hi.k != 0}
			if i == 0 {
				m.Share = r
			} else {
				m.Votes = r
			}
		}
		out = append(out, m)
	}
	return out
}

// naiveValues merges the reports of each stake and caps every holding
// plainly, for run 0 (lower) or 1 (upper).
func naiveValues(s *graph.Snapshot, run int) []naiveHolding {
	var out []naiveHolding
	s = &graph.Snapshot{Holdings: naiveMerge(s.Holdings)}
	for i, h := range s.Holdings {
		sh, vt := h.Share, h.Votes
		if vt == (graph.Range{}) {
			vt = sh
		}
		var otherSh, otherVt naiveAmount
		for j, o := range s.Holdings {
			if j != i && o.Owned == h.Owned {
				osh, ovt := o.Share, o.Votes
				if ovt == (graph.Range{}) {
					ovt = osh
				}
				otherSh, otherVt = otherSh.plus(naiveLower(osh)), otherVt.plus(naiveLower(ovt))
			}
		}
		nh := naiveHolding{owner: h.Owner, owned: h.Owned, arr: h.Arrangement, sh: naiveLower(sh), vt: naiveLower(vt)}
		if run == 1 {
			nh.sh, nh.vt = naiveCap(sh, otherSh), naiveCap(vt, otherVt)
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
	sums := func(c string) (sh, vt naiveAmount, ctl bool) {
		for _, h := range hs {
			if h.owned == c && member[h.owner] {
				sh, vt = sh.plus(h.sh), vt.plus(h.vt)
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
			joins := sh.geq(graph.Fifty)
			if r == graph.RegimeEU {
				joins = joins || vt.gt(graph.Fifty) || ctl
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
		case member[e.ID] && sh.geq(graph.Fifty):
			out[e.ID] = stOwned
		case member[e.ID]:
			out[e.ID] = stControlled
		}
	}
	return out
}
