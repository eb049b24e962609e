package gen

import (
	"math/rand/v2"
	"strconv"

	"github.com/ownex/ownex/graph"
)

// PossibleLinks returns possible same-as links (RULES.md "Parties and
// links": uncorroborated name matches) for about fraction of s's
// entities, deterministic for seed: each chosen entity is linked to a
// designated entity (half of them, so that the flags possibly-same-as and
// possibly-exposed arise) or to another random entity.
func PossibleLinks(s *graph.Snapshot, fraction float64, seed int64) []graph.SameAs {
	n := len(s.Entities)
	if n < 2 || fraction <= 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x73616d6561))
	var designated []string
	for _, d := range s.Designations {
		designated = append(designated, d.Entity)
	}
	k := int(float64(n) * fraction)
	out := make([]graph.SameAs, 0, k)
	for i := range k {
		a := s.Entities[rng.IntN(n)].ID
		b := s.Entities[rng.IntN(n)].ID
		if i%2 == 0 && len(designated) > 0 {
			b = designated[rng.IntN(len(designated))]
		}
		if a == b {
			continue
		}
		out = append(out, graph.SameAs{A: a, B: b, Method: "name", Score: 0.85 + float64(rng.IntN(15))/100,
			Strength: graph.StrengthPossible, Evidence: "generated possible link " + strconv.Itoa(i),
			Provenance: graph.Provenance{Source: "gen", Record: "l" + strconv.Itoa(i)}})
	}
	return out
}
