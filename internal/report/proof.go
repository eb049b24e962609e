package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/ownex/ownex/graph"
)

// Explanation is the JSON document of `ownex explain --format json`: the
// entity, the date of the analysis and one proof per regime.
type Explanation struct {
	ID     string         `json:"id"`
	Name   string         `json:"name"`
	AsOf   graph.Date     `json:"as_of"`
	Proofs []*graph.Proof `json:"proofs"`
}

// WriteExplanationJSON writes e as indented JSON.
func WriteExplanationJSON(w io.Writer, e Explanation) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(e); err != nil {
		return fmt.Errorf("write explanation: %w", err)
	}
	return nil
}

// WriteExplanationText writes every proof of e as a tree.
func WriteExplanationText(w io.Writer, e Explanation) error {
	tw := &treeWriter{w: w}
	tw.printf("%s (%s), as of %s\n", e.Name, e.ID, e.AsOf)
	for _, p := range e.Proofs {
		tw.printf("\n")
		tw.proof(p, "", "")
	}
	return tw.err
}

// WriteProofText writes one proof as a tree.
func WriteProofText(w io.Writer, p *graph.Proof) error {
	tw := &treeWriter{w: w}
	tw.proof(p, "", "")
	return tw.err
}

type treeWriter struct {
	w   io.Writer
	err error
}

func (t *treeWriter) printf(format string, args ...any) {
	if t.err == nil {
		_, t.err = fmt.Fprintf(t.w, format, args...)
	}
}

// proof prints p's headline after head, then its details and children
// indented by indent.
func (t *treeWriter) proof(p *graph.Proof, head, indent string) {
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
	items := t.items(p)
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
func (t *treeWriter) items(p *graph.Proof) []func(head, indent string) {
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
			t.proof(ph.OwnerProof, h+holdingLine(ph)+" — ", ind)
			if ph.OwnerProof == nil {
				t.printf("%s%s\n", h, holdingLine(ph)+" — "+string(ph.OwnerStatus))
			}
		})
	}
	for _, pc := range p.Controls {
		pc := pc
		out = append(out, func(h, ind string) {
			line := fmt.Sprintf("control (%s) by %s (%s)%s", pc.Basis, pc.ControllerName, pc.Control.Controller, provenance(pc.Provenance))
			if pc.ControllerProof == nil {
				t.printf("%s%s — %s\n", h, line, pc.ControllerStatus)
				return
			}
			t.proof(pc.ControllerProof, h+line+" — ", ind)
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
