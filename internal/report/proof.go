package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/ownex/ownex/graph"
)

// Explanation is an entity's proofs: the entity, the date of the analysis
// and one proof per regime.
type Explanation struct {
	ID     string
	Name   string
	AsOf   graph.Date
	Proofs []*graph.Proof
}

// WriteExplanationJSON writes e as the JSON document of `ownex explain
// --format json` (see ExplanationJSON), every node of every proof.
func WriteExplanationJSON(w io.Writer, e Explanation) error {
	x, err := NewExplanationJSON(w, e.ID, e.Name, e.AsOf)
	if err != nil {
		return err
	}
	for _, p := range e.Proofs {
		if err := x.Proof(p, Page{}); err != nil {
			return err
		}
	}
	return x.Close()
}

// DefaultProofDepth is how many levels of owners a text proof shows
// before it sums up the rest in one line (`ownex explain --depth`).
const DefaultProofDepth = graph.ProofDepth

// WriteExplanationText writes every proof of e as a tree, DefaultProofDepth
// levels deep.
func WriteExplanationText(w io.Writer, e Explanation) error {
	return WriteExplanationTextDepth(w, e, DefaultProofDepth)
}

// WriteExplanationTextDepth writes every proof of e as a tree down to depth
// levels of owners and controllers (see ExplanationText).
func WriteExplanationTextDepth(w io.Writer, e Explanation, depth int) error {
	x := NewExplanationText(w, e.ID, e.Name, e.AsOf, depth)
	for _, p := range e.Proofs {
		if err := x.Proof(p); err != nil {
			return err
		}
	}
	return nil
}

// ExplanationText writes the text of `ownex explain`, one proof at a time:
// a headline, then each proof as a tree down to depth levels of owners and
// controllers (depth >= 1). Deeper levels are left out: the last owner
// shown gets, at the end of its line, how many levels and parties (by
// status) were left out and which designated parties they reach. The
// output is at most the proof's size times depth, never quadratic in a
// chain's length.
type ExplanationText struct {
	tw *treeWriter
}

// NewExplanationText writes the headline.
func NewExplanationText(w io.Writer, id, name string, asOf graph.Date, depth int) *ExplanationText {
	x := &ExplanationText{tw: &treeWriter{w: w, depth: depth}}
	x.tw.printf("%s (%s), as of %s\n", name, id, asOf)
	return x
}

// Proof writes one proof after a blank line.
func (x *ExplanationText) Proof(p *graph.Proof) error {
	x.tw.printf("\n")
	x.tw.proof(p, "", "", 0)
	return x.tw.err
}

// WriteProofText writes one proof as a tree, DefaultProofDepth levels deep.
func WriteProofText(w io.Writer, p *graph.Proof) error {
	tw := &treeWriter{w: w, depth: DefaultProofDepth}
	tw.proof(p, "", "", 0)
	return tw.err
}

type treeWriter struct {
	w     io.Writer
	err   error
	depth int // levels of owners shown below the root
}

func (t *treeWriter) printf(format string, args ...any) {
	if t.err == nil {
		_, t.err = fmt.Fprintf(t.w, format, args...)
	}
}

// proof prints p's headline after head, then first, then its details and
// children indented by indent; level is p's distance from the root.
func (t *treeWriter) proof(p *graph.Proof, head, indent string, level int, first ...func(head, indent string)) {
	if p == nil {
		return
	}
	line := fmt.Sprintf("%s: %s", strings.ToUpper(string(p.Regime)), p.Status)
	if head == "" {
		line = fmt.Sprintf("%s (%s) — %s", p.Name, p.Entity, line)
	}
	if p.Run != "" && p.Status != graph.StatusDesignated && p.Status != graph.StatusClear {
		line += fmt.Sprintf(" [%s run]", p.Run)
	}
	if p.Person != "" {
		line += " for designated person " + p.Person
	}
	t.printf("%s%s\n", head, line)
	items := append(first, t.items(p, level)...)
	for i, it := range items {
		last := i == len(items)-1
		branch, next := "├── ", "│   "
		if last {
			branch, next = "└── ", "    "
		}
		it(indent+branch, indent+next)
	}
}

// items lists the children of a proof node as deferred printers.
func (t *treeWriter) items(p *graph.Proof, level int) []func(head, indent string) {
	var out []func(string, string)
	if p.Rule != "" || p.Threshold != "" {
		rule := p.Rule
		if p.Threshold != "" {
			rule = strings.TrimSpace(rule + "; threshold " + p.Threshold)
		}
		counted := fmt.Sprintf("; counted shares %s %%, votes %s %%", p.Share, p.Votes)
		if p.Status == graph.StatusDesignated {
			counted = ""
		}
		out = append(out, func(h, _ string) { t.printf("%srule: %s%s\n", h, rule, counted) })
	}
	for _, d := range p.Designations {
		d := d
		out = append(out, func(h, _ string) { t.printf("%s%s\n", h, designationLine(d)) })
	}
	for _, ph := range p.Holdings {
		ph := ph
		out = append(out, func(h, ind string) {
			reports := t.mergeItems(ph.Merge)
			if ph.OwnerProof == nil || level >= t.depth || ph.OwnerProof.Elided != nil {
				t.printf("%s%s — %s%s\n", h, holdingLine(ph), ph.OwnerStatus, t.elided(ph.OwnerProof))
				for i, it := range reports {
					if i == len(reports)-1 {
						it(ind+"└── ", ind+"    ")
					} else {
						it(ind+"├── ", ind+"│   ")
					}
				}
				return
			}
			t.proof(ph.OwnerProof, h+holdingLine(ph)+" — ", ind, level+1, reports...)
		})
	}
	for _, pc := range p.Controls {
		pc := pc
		out = append(out, func(h, ind string) {
			line := fmt.Sprintf("control (%s) by %s (%s)%s", pc.Basis, pc.ControllerName, pc.Control.Controller, provenance(pc.Provenance))
			if pc.ControllerProof == nil || level >= t.depth || pc.ControllerProof.Elided != nil {
				t.printf("%s%s — %s%s\n", h, line, pc.ControllerStatus, t.elided(pc.ControllerProof))
				return
			}
			t.proof(pc.ControllerProof, h+line+" — ", ind, level+1)
		})
	}
	if len(p.Flags) > 0 {
		out = append(out, func(h, _ string) { t.printf("%sflags: %s\n", h, joinFlags(p.Flags, ", ")) })
	}
	for _, l := range PossibleLines(p.Entity, p.Regime, p.Flags, p.PossiblySameAs, p.PossiblyExposedVia, p.PossibleStatus) {
		out = append(out, func(h, _ string) { t.printf("%s%s\n", h, l) })
	}
	for _, n := range p.Notes {
		n := n
		out = append(out, func(h, _ string) { t.printf("%snote: %s\n", h, n) })
	}
	return out
}

// mergeItems lists the reports of a merged stake and how they were merged
// (RULES.md "Reports of one stake"); none for a stake of one record.
func (t *treeWriter) mergeItems(m *graph.StakeMerge) []func(head, indent string) {
	if m == nil {
		return nil
	}
	out := []func(string, string){func(h, _ string) { t.printf("%sstake: %s\n", h, m.How) }}
	for _, r := range m.Reports {
		out = append(out, func(h, _ string) { t.printf("%s%s\n", h, reportLine(r)) })
	}
	return out
}

// reportLine is one report of a merged stake: what it says, with its
// dates, source and record.
func reportLine(r graph.Holding) string {
	s := fmt.Sprintf("report: %s %% shares", r.Share)
	if r.Votes != r.Share {
		s += fmt.Sprintf(", %s %% votes", r.Votes)
	}
	if r.Arrangement != "" {
		s += " in joint arrangement " + r.Arrangement
	}
	return s + span(r.Span) + provenance(r.Provenance)
}

func holdingLine(ph graph.ProofHolding) string {
	s := fmt.Sprintf("holds %s %% shares", ph.CountedShare)
	if ph.CountedVotes != ph.CountedShare {
		s += fmt.Sprintf(", %s %% votes", ph.CountedVotes)
	}
	if ph.Share != ph.CountedShare {
		s += fmt.Sprintf(" (published %s %%)", ph.Share)
	}
	if ph.Arrangement != "" {
		s += " in joint arrangement " + ph.Arrangement
	}
	if ph.Merge != nil {
		// The reports, with their dates and provenance, follow.
		return fmt.Sprintf("%s (%s) %s [%d reports from %d %s]", ph.OwnerName, ph.Holding.Owner, s,
			len(ph.Merge.Reports), ph.Merge.Sources, plural(ph.Merge.Sources, "source", "sources"))
	}
	return fmt.Sprintf("%s (%s) %s%s%s", ph.OwnerName, ph.Holding.Owner, s, span(ph.Span), provenance(ph.Provenance))
}

func designationLine(d graph.Designation) string {
	s := "designation: " + string(d.Regime)
	if d.Program != "" {
		s += " program " + d.Program
	}
	if d.Listed != "" {
		s += " listed " + string(d.Listed)
	}
	if d.Delisted != "" {
		s += " delisted " + string(d.Delisted)
	}
	return s + provenance(d.Provenance)
}

func span(s graph.Span) string {
	switch {
	case s.Start != "" && s.End != "":
		return fmt.Sprintf(" from %s to %s", s.Start, s.End)
	case s.Start != "":
		return " since " + string(s.Start)
	case s.End != "":
		return " until " + string(s.End)
	}
	return ""
}

func provenance(p graph.Provenance) string {
	if p.Source == "" && p.Record == "" {
		return ""
	}
	return fmt.Sprintf(" [source %s, record %s]", p.Source, p.Record)
}
