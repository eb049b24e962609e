package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/ownex/ownex/graph"
)

// Detail is the JSON document of `ownex show --format json`: the entity
// detail (its party among it) and the record's possible links.
type Detail struct {
	graph.EntityDetail
	// PossiblySameAs are the record's possible same-as links (name
	// matches nothing corroborates: they never merge parties), with the
	// other record, its name, the score and the names matched.
	PossiblySameAs []graph.PossibleLink `json:"possibly_same_as"`
}

// NewDetail adds d's possible links.
func NewDetail(d graph.EntityDetail) Detail {
	out := Detail{EntityDetail: d, PossiblySameAs: []graph.PossibleLink{}}
	for _, s := range d.SameAs {
		if s.Strength == graph.StrengthPossible {
			out.PossiblySameAs = append(out.PossiblySameAs, possibleOf(d, s))
		}
	}
	return out
}

// possibleOf is a possible same-as link of d's record seen from it: the
// candidate is the other end; the names matched are the link's evidence,
// else its record (as the engines report them).
func possibleOf(d graph.EntityDetail, s graph.SameAs) graph.PossibleLink {
	self, other := s.A, s.B
	if other == d.Entity.ID {
		self, other = s.B, s.A
	}
	return graph.PossibleLink{Entity: self, Candidate: other, Name: d.Names[other], Score: s.Score, Names: s.Matched()}
}

// WriteDetailJSON writes an entity detail as indented JSON (Detail).
func WriteDetailJSON(w io.Writer, d graph.EntityDetail) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(NewDetail(d))
}

// WriteDetailText writes everything known about an entity for a person.
// Records not in force on asOf are marked so.
func WriteDetailText(w io.Writer, d graph.EntityDetail, asOf graph.Date) error {
	p := &printer{w: w}
	e := d.Entity
	name := e.Name
	if !graph.Named(e.ID, name) && len(d.Party) > 1 {
		// A stub (named by its id) shows its party's name; d.Party is in
		// byte order, its first id the party's.
		name = graph.PartyName(d.Party[0], d.Party, func(id string) string {
			if id == e.ID {
				return e.Name
			}
			return d.Names[id]
		})
	}
	p.line("%s (%s) — %s", name, e.ID, e.Kind)
	if d.Since != "" {
		p.line("  record version since %s", d.Since)
	}
	switch {
	case len(d.Party) > 1:
		p.line("  party: %s (records joined by strong same-as links)", strings.Join(d.Party, ", "))
	case len(d.Party) == 1:
		p.line("  party: %s (no other record)", d.Party[0])
	}
	p.list("aliases", e.Aliases)
	p.list("weak aliases", e.WeakAliases)
	var ids []string
	for _, i := range e.Identifiers {
		s := i.String()
		if i.Country != "" {
			s += " (" + i.Country + ")"
		}
		ids = append(ids, s)
	}
	p.list("identifiers", ids)
	p.list("countries", e.Countries)
	var addrs []string
	for _, a := range e.Addresses {
		addrs = append(addrs, a.String())
	}
	p.list("addresses", addrs)
	var facts []string
	for _, f := range e.Facts {
		facts = append(facts, f.Type+": "+f.Value)
	}
	p.list("facts", facts)
	p.section("designations", len(d.Designations), func() {
		for _, x := range d.Designations {
			p.line("    %s%s", strings.TrimPrefix(designationLine(x), "designation: "), inForce(graph.Span{Start: x.Listed, End: x.Delisted}, asOf))
		}
	})
	p.relations(d, asOf)
	p.section("earlier versions of the record", len(d.Versions), func() {
		for _, v := range d.Versions {
			p.line("    %s to %s: %s (%s)%s", orDash(v.ValidFrom), v.ValidTo, v.Name, v.Kind, provenance(v.Provenance))
		}
	})
	p.list("sources", sources(d))
	return p.err
}

func (p *printer) relations(d graph.EntityDetail, asOf graph.Date) {
	name := func(id string) string {
		if n := d.Names[id]; n != "" && n != id {
			return fmt.Sprintf("%s (%s)", n, id)
		}
		return id
	}
	hold := func(title string, hs []graph.Holding, other func(graph.Holding) string) {
		p.section(title, len(hs), func() {
			for _, h := range hs {
				p.line("    %s: %s %% shares, %s %% votes%s%s%s", name(other(h)), h.Share, h.Votes, arrangement(h), provenance(h.Provenance), inForce(h.Span, asOf))
			}
		})
	}
	hold("owned by", d.HoldingsIn, func(h graph.Holding) string { return h.Owner })
	hold("owns", d.HoldingsOut, func(h graph.Holding) string { return h.Owned })
	ctl := func(title string, cs []graph.Control, other func(graph.Control) string) {
		p.section(title, len(cs), func() {
			for _, c := range cs {
				p.line("    %s: %s%s%s", name(other(c)), c.Basis, provenance(c.Provenance), inForce(c.Span, asOf))
			}
		})
	}
	ctl("controlled by", d.ControlsIn, func(c graph.Control) string { return c.Controller })
	ctl("controls", d.ControlsOut, func(c graph.Control) string { return c.Controlled })
	p.section("links (never change a verdict)", len(d.LinksOut)+len(d.LinksIn), func() {
		for _, l := range d.LinksOut {
			target := l.ToName + " (unresolved)"
			if l.To != "" {
				target = name(l.To)
			}
			p.line("    %s → %s%s%s", l.Type, target, provenance(l.Provenance), inForce(l.Span, asOf))
		}
		for _, l := range d.LinksIn {
			p.line("    %s ← %s%s%s", l.Type, name(l.From), provenance(l.Provenance), inForce(l.Span, asOf))
		}
	})
	p.sameAs(d, name)
}

// sameAs prints d's same-as links by strength: the strong ones (they
// form the party) with their evidence, the possible ones with score and
// names, the rejected ones, and any without a strength (which no engine
// uses).
func (p *printer) sameAs(d graph.EntityDetail, name func(string) string) {
	by := map[graph.LinkStrength][]graph.SameAs{}
	for _, s := range d.SameAs {
		by[s.Strength] = append(by[s.Strength], s)
	}
	other := func(s graph.SameAs) string {
		if s.A == d.Entity.ID {
			return s.B
		}
		return s.A
	}
	decided := func(title string, ls []graph.SameAs) {
		p.section(title, len(ls), func() {
			for _, s := range ls {
				p.line("    %s by %s (score %.2f)%s%s", name(other(s)), s.Method, s.Score, evidence(s.Evidence), provenance(s.Provenance))
			}
		})
	}
	decided("same party as", by[graph.StrengthStrong])
	p.section("possibly the same as (name matches nothing corroborates: never merged, never change a status)", len(by[graph.StrengthPossible]), func() {
		for _, s := range by[graph.StrengthPossible] {
			p.line("    %s by %s%s", linkText(possibleOf(d, s), d.Entity.ID, true), s.Method, provenance(s.Provenance))
		}
	})
	decided("not the same party as (rejected)", by[graph.StrengthRejected])
	var unknown []graph.SameAs
	for _, s := range d.SameAs {
		switch s.Strength {
		case graph.StrengthStrong, graph.StrengthPossible, graph.StrengthRejected:
		default:
			unknown = append(unknown, s)
		}
	}
	decided("same-as links without a strength (no engine uses them)", unknown)
}

func evidence(e string) string {
	if e == "" {
		return ""
	}
	return ": " + e
}

func arrangement(h graph.Holding) string {
	if h.Arrangement == "" {
		return ""
	}
	return ", joint arrangement " + h.Arrangement
}

// inForce marks a record that is not in force on asOf.
func inForce(s graph.Span, asOf graph.Date) string {
	switch {
	case s.Covers(asOf):
		return ""
	case s.End != "" && !(asOf < s.End):
		return fmt.Sprintf(" — ended %s", s.End)
	default:
		return fmt.Sprintf(" — not yet in force on %s", asOf)
	}
}

func orDash(d graph.Date) string {
	if d == "" {
		return "—"
	}
	return string(d)
}

// sources lists the distinct sources of every fact in d.
func sources(d graph.EntityDetail) []string {
	set := map[string]bool{}
	add := func(p graph.Provenance) {
		if p.Source != "" {
			set[p.Source] = true
		}
	}
	add(d.Entity.Provenance)
	for _, x := range d.Designations {
		add(x.Provenance)
	}
	for _, h := range append(append([]graph.Holding{}, d.HoldingsIn...), d.HoldingsOut...) {
		add(h.Provenance)
	}
	for _, c := range append(append([]graph.Control{}, d.ControlsIn...), d.ControlsOut...) {
		add(c.Provenance)
	}
	for _, l := range append(append([]graph.Link{}, d.LinksOut...), d.LinksIn...) {
		add(l.Provenance)
	}
	var out []string
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) line(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format+"\n", args...)
	}
}

func (p *printer) list(title string, xs []string) {
	if len(xs) == 0 {
		return
	}
	p.line("  %s:", title)
	for _, x := range xs {
		p.line("    %s", x)
	}
}

func (p *printer) section(title string, n int, body func()) {
	if n == 0 {
		return
	}
	p.line("  %s:", title)
	body()
}
