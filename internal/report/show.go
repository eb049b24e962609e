package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/ownex/ownex/graph"
)

// WriteDetailJSON writes an entity detail as indented JSON.
func WriteDetailJSON(w io.Writer, d graph.EntityDetail) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// WriteDetailText writes everything known about an entity for a person.
// Records not in force on asOf are marked so.
func WriteDetailText(w io.Writer, d graph.EntityDetail, asOf graph.Date) error {
	p := &printer{w: w}
	e := d.Entity
	p.line("%s (%s) — %s", e.Name, e.ID, e.Kind)
	if d.Since != "" {
		p.line("  record version since %s", d.Since)
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
	p.section("same party as", len(d.SameAs), func() {
		for _, s := range d.SameAs {
			other := s.A
			if other == d.Entity.ID {
				other = s.B
			}
			p.line("    %s by %s (score %.2f)%s", name(other), s.Method, s.Score, provenance(s.Provenance))
		}
	})
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
