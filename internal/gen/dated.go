package gen

import (
	"fmt"
	"math/rand/v2"

	"github.com/ownex/ownex/graph"
)

// DatedDates are the dates DatedGraph draws spans from, in order.
var DatedDates = []graph.Date{"2019-01-01", "2020-01-01", "2021-01-01", "2022-01-01", "2023-01-01", "2024-01-01"}

// datedNames are distinct company names (no shared word), so that a
// screening matches each by its exact name.
var datedNames = []string{"Zorvex Holdings", "Quandrel Trading", "Bexomar Shipping", "Ulvine Capital", "Trastoro Mining",
	"Kelmira Energy", "Poxwell Logistics", "Drunavi Metals", "Ystrel Finance", "Owbarek Chemicals"}

// DatedGraph returns a small random graph for property tests of dated
// questions (issue 17): 2 to 10 companies "d0"... with the distinct names
// of datedNames, holdings (some of them bands, some unknown) and control
// edges between them, and designations under ofac, uk and eu, each
// holding, control edge and designation with a random span over
// DatedDates (open at either end or both). Every record has a source
// record id. It is deterministic for rng's seed.
func DatedGraph(rng *rand.Rand) *graph.Snapshot {
	n := 2 + rng.IntN(len(datedNames)-1)
	s := &graph.Snapshot{}
	id := func(i int) string { return fmt.Sprintf("d%d", i) }
	span := func() graph.Span {
		var sp graph.Span
		a, b := rng.IntN(len(DatedDates)+1), rng.IntN(len(DatedDates)+1)
		if a > b {
			a, b = b, a
		}
		if a > 0 {
			sp.Start = DatedDates[a-1]
		}
		if b < len(DatedDates) && b > a {
			sp.End = DatedDates[b]
		}
		return sp
	}
	rec := 0
	prov := func() graph.Provenance {
		rec++
		return graph.Provenance{Source: "dated", Record: fmt.Sprintf("r%d", rec)}
	}
	for i := range n {
		s.Entities = append(s.Entities, graph.Entity{ID: id(i), Name: datedNames[i], Kind: graph.KindCompany, Provenance: prov()})
		for _, r := range []graph.Regime{graph.RegimeOFAC, graph.RegimeUK, graph.RegimeEU} {
			if rng.IntN(4) == 0 {
				sp := span()
				s.Designations = append(s.Designations, graph.Designation{Entity: id(i), Regime: r, Program: "T",
					Listed: sp.Start, Delisted: sp.End, Provenance: prov()})
			}
		}
	}
	for range rng.IntN(3 * n) {
		a, b := rng.IntN(n), rng.IntN(n)
		if a == b {
			continue
		}
		sh := graph.Exact(graph.Pct(10*(1+rng.IntN(9))) * graph.PctScale)
		switch rng.IntN(8) {
		case 0:
			sh = graph.Unknown()
		case 1:
			sh = graph.Range{Lo: 25 * graph.PctScale, Hi: graph.Fifty}
		}
		s.Holdings = append(s.Holdings, graph.Holding{Owner: id(a), Owned: id(b), Share: sh, Votes: sh, Span: span(), Provenance: prov()})
	}
	for range rng.IntN(3) {
		a, b := rng.IntN(n), rng.IntN(n)
		if a != b {
			s.Controls = append(s.Controls, graph.Control{Controller: id(a), Controlled: id(b), Basis: graph.BasisBoardAppointment,
				Span: span(), Provenance: prov()})
		}
	}
	return s
}
