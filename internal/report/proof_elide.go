package report

import (
	"fmt"
	"strings"

	"github.com/ownex/ownex/graph"
)

// elided sums up a proof left out of a text tree, as the end of its
// owner's line: "; its proof is left out below depth 25: 99,975 levels,
// 99,975 parties (99,974 blocked, 1 designated), reaching designated X
// (X); see --depth or --format json". It is "" for a nil proof. A proof
// cut by the builder (Elided set) carries its sum; a whole proof cut by
// this writer's depth is summed here, visiting each node once without
// recursion.
func (t *treeWriter) elided(p *graph.Proof) string {
	if p == nil {
		return ""
	}
	e := p.Elided
	if e == nil {
		e = &graph.ProofElision{Depth: t.depth, ByStatus: map[graph.Status]int{}}
		_ = graph.WalkProof(p, func(n *graph.Proof, depth int, _ []graph.ProofEdge) error {
			if n.Elided != nil { // a deeper cut, by the builder
				e.Merge(depth+1, n.Elided)
			} else {
				e.Add(depth+1, n.Entity, n.Name, n.Status)
			}
			return nil
		})
	}
	return elisionText(e)
}

// elisionText formats e for the text tree.
func elisionText(e *graph.ProofElision) string {
	var counts []string
	for _, st := range []graph.Status{graph.StatusBlocked, graph.StatusOwned, graph.StatusControlled,
		graph.StatusUndetermined, graph.StatusDesignated, graph.StatusClear} {
		if e.ByStatus[st] > 0 {
			counts = append(counts, fmt.Sprintf("%s %s", thousands(e.ByStatus[st]), st))
		}
	}
	reach := strings.Join(e.Designated, ", ")
	if e.MoreDesignated > 0 {
		reach += fmt.Sprintf(" and %s more", thousands(e.MoreDesignated))
	}
	if reach != "" {
		reach = ", reaching designated " + reach
	}
	return fmt.Sprintf("; its proof is left out below depth %d: %s %s, %s %s (%s)%s; see --depth or --format json",
		e.Depth, thousands(e.Levels), plural(e.Levels, "level", "levels"), thousands(e.Parties), plural(e.Parties, "party", "parties"),
		strings.Join(counts, ", "), reach)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// thousands formats n with commas: 99,975.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
