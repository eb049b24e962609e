package bods

import (
	"strings"

	"github.com/ownex/ownex/graph"
)

// rel is what one relationship record contributes to the graph.
type rel struct {
	parties  []graph.Entity // synthetic entities of unspecified parties
	holdings []graph.Holding
	controls []graph.Control
	links    []graph.Link
	date     string // statementDate of the statement that produced it
	dropped  bool   // replaced (0.2/0.3) without a successor under this key
}

func (r *rel) empty() bool { return len(r.holdings)+len(r.controls)+len(r.links) == 0 }

// outcome is the effect of one valid statement, applied by apply.
type outcome struct {
	entity   *graph.Entity
	guardKey string // 0.4 record whose latest statementDate wins
	date     string
	stmtID   string // 0.2/0.3 entity or person statement: its ID maps to entity.ID
	replaces []string
	rel      *rel
	relKey   string
	relRef   string     // 0.2/0.3: the id that the refs of rel's edges start with
	closeAt  graph.Date // 0.4 closed relationship: its edges end here
	// noInterests: the closing statement lists no interests, so the
	// previous statement's edges are the ones that end
	noInterests bool
}

// apply changes the parser state; it never fails.
func (p *parser) apply(o *outcome) {
	for _, r := range o.replaces {
		p.replaced[r] = true
		if old, ok := p.rels["s:"+r]; ok {
			old.dropped = true
		}
	}
	if o.stmtID != "" && o.entity != nil {
		p.stmtEntity[o.stmtID] = o.entity.ID
	}
	if o.entity != nil {
		if o.guardKey != "" {
			if last, ok := p.entDate[o.guardKey]; ok && o.date < last {
				return // an older statement of a record already loaded
			}
			p.entDate[o.guardKey] = o.date
		}
		p.Batch().Entities = append(p.Batch().Entities, *o.entity)
	}
	if o.rel == nil {
		return
	}
	prev, seen := p.rels[o.relKey]
	if seen && !prev.dropped && o.rel.date < prev.date {
		return // older than what we hold: the latest statementDate wins
	}
	if o.closeAt != "" {
		if o.noInterests && seen && !prev.dropped {
			o.rel.parties = prev.parties
			o.rel.holdings = append([]graph.Holding(nil), prev.holdings...)
			o.rel.controls = append([]graph.Control(nil), prev.controls...)
			o.rel.links = append([]graph.Link(nil), prev.links...)
		}
		closeRel(o.rel, o.closeAt)
	}
	if o.relRef != "" {
		p.relRef[strings.TrimPrefix(o.relKey, "s:")] = o.relRef
	}
	if !seen {
		p.order = append(p.order, o.relKey)
	}
	p.rels[o.relKey] = o.rel
}

// closeRel ends every edge of r at day; an edge that started on or after
// day never held and is dropped.
func closeRel(r *rel, day graph.Date) {
	end := func(s *graph.Span) bool {
		if s.End == "" || s.End > day {
			s.End = day
		}
		return s.Start == "" || s.Start < s.End
	}
	hs := r.holdings[:0]
	for _, h := range r.holdings {
		if end(&h.Span) {
			hs = append(hs, h)
		}
	}
	r.holdings = hs
	cs := r.controls[:0]
	for _, c := range r.controls {
		if end(&c.Span) {
			cs = append(cs, c)
		}
	}
	r.controls = cs
	ls := r.links[:0]
	for _, l := range r.links {
		if end(&l.Span) {
			ls = append(ls, l)
		}
	}
	r.links = ls
}
