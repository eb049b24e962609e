package gen

import (
	"strconv"

	"github.com/ownex/ownex/graph"
)

// holders gives company c a main holder and a geometric number of
// minority holders whose shares sum to at most 100 %.
func (g *generator) holders(c int) {
	n := len(g.parent)
	extra := 0
	for extra < 11 && g.rng.Float64() < 0.535 {
		extra++
	}
	main := g.parent[c]
	if main < 0 {
		main = g.owner(n)
	}
	left := graph.Hundred
	share := graph.Hundred
	if extra > 0 {
		share = g.pct(30, 95)
	} else if g.rng.IntN(3) == 0 {
		share = g.pct(50, 99)
	}
	first := len(g.s.Holdings)
	g.add(main, c, share)
	left -= share
	for range extra {
		if left <= 0 {
			break
		}
		sh := min(left, g.pct(1, 30))
		g.add(g.owner(n), c, sh)
		left -= sh
	}
	if extra > 0 && g.rng.IntN(100) < 5 { // joint arrangement of two holders
		if len(g.s.Holdings)-first >= 2 {
			arr := "ja-" + strconv.Itoa(c)
			g.s.Holdings[first].Arrangement, g.s.Holdings[first+1].Arrangement = arr, arr
		}
	}
}

// add appends a holding of owner in c, sometimes banded, unknown, with
// separate votes or dated.
func (g *generator) add(owner, c int, share graph.Pct) {
	if owner == c {
		owner = (c + 1) % len(g.parent)
	}
	h := graph.Holding{Owner: id(owner), Owned: id(c), Share: graph.Exact(share),
		Provenance: graph.Provenance{Source: "gen", Record: "h" + strconv.Itoa(len(g.s.Holdings))}}
	switch x := g.rng.IntN(1000); {
	case x < 50:
		q := min(share/(25*graph.PctScale), 3) * 25 * graph.PctScale
		h.Share = graph.Range{Lo: q, Hi: q + 25*graph.PctScale}
	case x < 70:
		h.Share = graph.Unknown()
	case x < 100:
		h.Votes = graph.Exact(g.pct(0, 100))
	}
	if h.Votes == (graph.Range{}) {
		h.Votes = h.Share
	}
	if g.rng.IntN(100) == 0 {
		start := 2015 + g.rng.IntN(8)
		h.Start = graph.Date(strconv.Itoa(start) + "-01-01")
		if g.rng.IntN(2) == 0 {
			// Ends in July of 2021-2024, and never before it starts.
			h.End = graph.Date(strconv.Itoa(max(start, 2021+g.rng.IntN(4))) + "-07-01")
		}
	}
	g.s.Holdings = append(g.s.Holdings, h)
}

// crossHoldings gives about 1 % of companies with a group parent a small
// stake in that parent, closing a cycle.
func (g *generator) crossHoldings(n int) {
	for c := g.persons; c < n; c++ {
		if p := g.parent[c]; p >= 0 && g.rng.IntN(100) == 0 {
			g.add(c, p, g.pct(1, 20))
		}
	}
}

// topUp adds small minority holdings until there are 1.5 per entity.
func (g *generator) topUp(n int) {
	for len(g.s.Holdings) < n*3/2 {
		c := g.persons + g.rng.IntN(max(n-g.persons, 1))
		g.add(g.owner(n), c, g.pct(0, 5))
	}
}

// bases is the weighted distribution of control bases.
var bases = []struct {
	b graph.Basis
	w int
}{
	{graph.BasisBoardAppointment, 30}, {graph.BasisDirector, 25}, {graph.BasisDeFacto, 10},
	{graph.BasisDominantInfluence, 10}, {graph.BasisVotingAgreement, 10},
	{graph.BasisPoliticalOffice, 5}, {graph.BasisOther, 10},
}

func (g *generator) basis() graph.Basis {
	x := g.rng.IntN(100)
	for _, b := range bases {
		if x < b.w {
			return b.b
		}
		x -= b.w
	}
	return graph.BasisOther
}

// controls adds a control edge to about 3 % of companies.
func (g *generator) controls(n int) {
	for c := g.persons; c < n; c++ {
		if g.rng.IntN(100) >= 3 {
			continue
		}
		from := g.owner(n)
		if from == c {
			continue
		}
		g.s.Controls = append(g.s.Controls, graph.Control{Controller: id(from), Controlled: id(c), Basis: g.basis(),
			Provenance: graph.Provenance{Source: "gen", Record: "c" + strconv.Itoa(len(g.s.Controls))}})
	}
}

var regimes = []graph.Regime{graph.RegimeOFAC, graph.RegimeUK, graph.RegimeEU, graph.RegimeUN}

// designations designates about 0.2 % of entities: 60 % persons, 40 %
// group roots, some under two regimes, some delisted.
func (g *generator) designations(n int) {
	count := max(n/500, 1)
	for i := range count {
		e := g.rng.IntN(g.persons)
		if g.rng.IntN(10) < 4 && len(g.roots) > 0 {
			e = g.roots[g.rng.IntN(len(g.roots))]
		}
		k := 1 + g.rng.IntN(2)
		for j := range k {
			year := 2014 + g.rng.IntN(11)
			d := graph.Designation{Entity: id(e), Regime: regimes[g.rng.IntN(len(regimes))],
				Program: "GEN-" + strconv.Itoa(g.rng.IntN(20)),
				Listed:  graph.Date(strconv.Itoa(year) + "-03-15"),
				Provenance: graph.Provenance{Source: "gen-list",
					Record: "d" + strconv.Itoa(i) + "-" + strconv.Itoa(j)}}
			if g.rng.IntN(20) == 0 {
				// Delisted in September 2023, or the September after the
				// listing for later listings: never before it is listed.
				d.Delisted = graph.Date(strconv.Itoa(max(2023, year)) + "-09-01")
			}
			g.s.Designations = append(g.s.Designations, d)
		}
	}
}
