package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ownex/ownex/graph"
)

// elidedNames is how many designated parties an elision line names.
const elidedNames = 5

// elided sums up a proof left out of a text tree below --depth, as the
// end of its owner's line: "; proof left out below depth 25: 99,975
// levels, 99,975 parties (99,974 blocked, 1 designated), reaching
// designated X (X)". It is "" for a nil proof. The walk visits each node of
// p once, without recursion.
func (t *treeWriter) elided(p *graph.Proof) string {
	if p == nil {
		return ""
	}
	levels, parties := 0, 0
	byStatus := map[graph.Status]int{}
	var designated []string
	_ = graph.WalkProof(p, func(n *graph.Proof, depth int, _ []graph.ProofEdge) error {
		levels = max(levels, depth+1)
		parties++
		byStatus[n.Status]++
		if n.Status == graph.StatusDesignated {
			designated = append(designated, fmt.Sprintf("%s (%s)", n.Name, n.Entity))
		}
		return nil
	})
	var counts []string
	for _, st := range []graph.Status{graph.StatusBlocked, graph.StatusOwned, graph.StatusControlled,
		graph.StatusUndetermined, graph.StatusDesignated, graph.StatusClear} {
		if byStatus[st] > 0 {
			counts = append(counts, fmt.Sprintf("%s %s", thousands(byStatus[st]), st))
		}
	}
	slices.Sort(designated)
	reach := strings.Join(designated[:min(len(designated), elidedNames)], ", ")
	if len(designated) > elidedNames {
		reach += fmt.Sprintf(" and %s more", thousands(len(designated)-elidedNames))
	}
	if reach != "" {
		reach = ", reaching designated " + reach
	}
	return fmt.Sprintf("; its proof is left out below depth %d: %s %s, %s %s (%s)%s; see --depth or --format json",
		t.depth, thousands(levels), plural(levels, "level", "levels"), thousands(parties), plural(parties, "party", "parties"),
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
