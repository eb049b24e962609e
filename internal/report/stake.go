package report

import (
	"fmt"

	"github.com/ownex/ownex/graph"
)

// MergeLines lists, for the stakes of proof p (at every level, each owner
// once) that were merged from several reports (RULES.md "Reports of one
// stake"), a line saying how, followed by one line per report, for pages
// that draw the proof as a picture (the web UI).
func MergeLines(p *graph.Proof) []string {
	var out []string
	seen := map[*graph.Proof]bool{}
	var walk func(p *graph.Proof)
	walk = func(p *graph.Proof) {
		if p == nil || seen[p] {
			return
		}
		seen[p] = true
		for _, h := range p.Holdings {
			if m := h.Merge; m != nil {
				out = append(out, fmt.Sprintf("%s (%s) in %s (%s): %s", h.OwnerName, h.Holding.Owner, p.Name, p.Entity, m.How))
				for _, r := range m.Reports {
					out = append(out, "  "+reportLine(r))
				}
			}
			walk(h.OwnerProof)
		}
		for _, c := range p.Controls {
			walk(c.ControllerProof)
		}
	}
	walk(p)
	return out
}
