package exposuretest

import (
	"fmt"
	"math/rand/v2"

	"github.com/ownex/ownex/graph"
)

// RandomDated is a random dated graph of 15 to 64 entities with few
// designations, for the tests that compare two ways of reading or
// analysing a graph (the designated cone, the snapshot cache): holdings
// (open, ranged and unknown shares, arrangements, two sources), control
// edges of every basis, strong, possible and rejected same-as links, ends
// without records, stubs.
func RandomDated(seed uint64) *graph.Snapshot {
	r := rand.New(rand.NewPCG(seed, 11))
	n := 15 + r.IntN(50)
	id := func(i int) string { return fmt.Sprintf("N%03d", i) }
	s := &graph.Snapshot{}
	for i := range n {
		if r.IntN(8) > 0 {
			s.Entities = append(s.Entities, graph.Entity{ID: id(i), Name: "name " + id(i)})
		} else if r.IntN(2) == 0 {
			s.Entities = append(s.Entities, graph.Entity{ID: id(i), Name: id(i)}) // a stub
		}
	}
	span := func() graph.Span {
		ds := []graph.Date{"", "", "2020-01-01", "2024-01-01", "2025-06-30", "2026-01-01"}
		a, b := ds[r.IntN(len(ds))], ds[r.IntN(len(ds))]
		if a != "" && b != "" && b <= a {
			b = ""
		}
		return graph.Span{Start: a, End: b}
	}
	pct := func() graph.Pct { return graph.Pct(5*r.IntN(21)) * graph.PctScale }
	for range n + r.IntN(2*n) {
		h := graph.Holding{Owner: id(r.IntN(n)), Owned: id(r.IntN(n)), Span: span(),
			Provenance: graph.Provenance{Source: []string{"", "a", "b"}[r.IntN(3)]}}
		switch r.IntN(8) {
		case 0:
			h.Share = graph.Unknown()
		case 1:
			lo, hi := pct(), pct()
			h.Share = graph.Range{Lo: min(lo, hi), Hi: max(lo, hi), LoOpen: r.IntN(2) == 0 && lo != hi}
		case 2:
			h.Share = randomOpen(r)
		default:
			h.Share = graph.Exact(pct())
		}
		h.Votes = h.Share
		if r.IntN(5) == 0 {
			h.Votes = graph.Exact(pct())
		}
		if r.IntN(6) == 0 {
			h.Arrangement = "j" + fmt.Sprint(r.IntN(2))
		}
		s.Holdings = append(s.Holdings, h)
	}
	for range 1 + r.IntN(3) {
		sp := span()
		s.Designations = append(s.Designations, graph.Designation{Entity: id(r.IntN(n)), Regime: []graph.Regime{
			graph.RegimeOFAC, graph.RegimeUK, graph.RegimeEU, graph.RegimeUN}[r.IntN(4)], Listed: sp.Start, Delisted: sp.End})
	}
	for range r.IntN(5) {
		s.Controls = append(s.Controls, graph.Control{Controller: id(r.IntN(n)), Controlled: id(r.IntN(n)),
			Basis: bases[r.IntN(len(bases))], Span: span()})
	}
	for range r.IntN(6) {
		l := graph.SameAs{A: id(r.IntN(n)), B: id(r.IntN(n)), Method: "test", Score: 0.9}
		switch r.IntN(4) {
		case 0:
			l.Strength = graph.StrengthStrong
		case 1:
			l.Strength = graph.StrengthRejected
		default:
			l.Strength = graph.StrengthPossible
		}
		s.SameAs = append(s.SameAs, l)
	}
	return s
}

// bases are the control bases RandomDated draws from.
var bases = []graph.Basis{graph.BasisBoardAppointment, graph.BasisVotingAgreement, graph.BasisDominantInfluence,
	graph.BasisDeFacto, graph.BasisDirector, graph.BasisPoliticalOffice, graph.BasisOther}

// randomOpen returns a random valid range of multiples of 5 % with random
// open bounds.
func randomOpen(r *rand.Rand) graph.Range {
	for {
		lo, hi := graph.Pct(5*r.IntN(21))*graph.PctScale, graph.Pct(5*r.IntN(21))*graph.PctScale
		rg := graph.Range{Lo: min(lo, hi), Hi: max(lo, hi), LoOpen: r.IntN(2) == 0, HiOpen: r.IntN(2) == 0}
		if rg.Valid() {
			return rg
		}
	}
}
