package queries

import (
	"cmp"
	"slices"

	"github.com/ownex/ownex/graph"
)

// rankPossible orders findings: the possibly exposed first, then by
// entity ID and regime (in regimes' order), and keeps the first max; total
// is the number of distinct entities.
func rankPossible(fs []PossibleFinding, regimes []graph.Regime, max int) (top []PossibleFinding, total int) {
	entities := map[string]bool{}
	for _, f := range fs {
		entities[f.ID] = true
	}
	exposed := func(f PossibleFinding) int {
		if possiblyExposed(f.Flags, f.PossiblyExposedVia) {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(fs, func(a, b PossibleFinding) int {
		if c := cmp.Compare(exposed(a), exposed(b)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return cmp.Compare(slices.Index(regimes, a.Regime), slices.Index(regimes, b.Regime))
	})
	return fs[:min(max, len(fs))], len(entities)
}
