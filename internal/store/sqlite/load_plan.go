package sqlite

import (
	"errors"
	"fmt"
	"sync"

	"github.com/ownex/ownex/graph"
)

// A plan is the part of writing a batch that needs no database, computed
// by prepare: the keys of the relations, which relation ends need a stub
// row (an entity id the load has not written yet), which entities may
// have aliases or identifiers to delete, and the JSON columns. Batches
// are planned in the order they are written, since the load's seen set
// and owned-rows sets depend on the batches before.
//
// ingest.Run calls Prepare (ingest.Preparer) in the goroutine that parses
// while the previous batches are being written, which takes this work off
// the goroutine that runs SQLite. A load whose caller never calls Prepare
// plans each batch in Write.
type plan struct {
	b     *graph.Batch
	err   error        // the batch cannot be written
	ents  []entityPlan // one per entity
	keys  []string     // one per relation, in write order
	stubs []bool       // one per relation end, in write order: insert a stub
}

// entityPlan is what a plan keeps of one entity record.
type entityPlan struct {
	kind                  graph.Kind
	weak, addrs, facts    string
	delAliases, delIdents bool
}

// planQueue hands plans from Prepare to Write.
type planQueue struct {
	mu      sync.Mutex
	plans   []*plan
	started bool // Prepare has been called: every batch must be prepared
}

// Prepare plans b, the next batch the caller will write. It may run
// concurrently with Write of earlier batches, but not with another
// Prepare; once it has been called, every batch must be prepared before it
// is written. It implements ingest.Preparer.
func (l *load) Prepare(b *graph.Batch) {
	q := &l.planned
	q.mu.Lock()
	q.started = true
	q.mu.Unlock()
	p := l.plan(b)
	q.mu.Lock()
	q.plans = append(q.plans, p)
	q.mu.Unlock()
}

var errNotPrepared = errors.New("sqlite: batch written without Prepare after other batches were prepared")

// planFor returns the plan of b: the one Prepare made, or a new one.
func (l *load) planFor(b *graph.Batch) (*plan, error) {
	q := &l.planned
	q.mu.Lock()
	if !q.started {
		q.mu.Unlock()
		return l.plan(b), nil
	}
	var p *plan
	if len(q.plans) > 0 && q.plans[0].b == b {
		p = q.plans[0]
		q.plans[0] = nil
		q.plans = q.plans[1:]
	}
	q.mu.Unlock()
	if p == nil {
		return nil, errNotPrepared
	}
	return p, nil
}

// plan plans b (see plan).
func (l *load) plan(b *graph.Batch) *plan {
	p := &plan{b: b, ents: make([]entityPlan, len(b.Entities)),
		keys:  make([]string, 0, len(b.Designations)+len(b.Holdings)+len(b.Controls)+len(b.SameAs)+len(b.Links)),
		stubs: make([]bool, 0, len(b.Designations)+2*(len(b.Holdings)+len(b.Controls)+len(b.SameAs)+len(b.Links)))}
	for i := range b.Entities {
		e := &b.Entities[i]
		ep := &p.ents[i]
		if e.ID == "" {
			p.err = fmt.Errorf("sqlite: entity with empty id (%s)", e.Record)
			return p
		}
		if ep.kind = e.Kind; ep.kind == "" {
			ep.kind = graph.KindUnknown
		}
		var err error
		if ep.weak, err = jsonList(e.WeakAliases); err == nil {
			if ep.addrs, err = jsonList(e.Addresses); err == nil {
				ep.facts, err = jsonList(e.Facts)
			}
		}
		if err != nil {
			p.err = fmt.Errorf("sqlite: entity %s: %w", e.ID, err)
			return p
		}
		l.seen.add(e.ID)
		ep.delAliases = l.aliases.mayHave(e.ID)
		if len(e.Aliases) > 0 {
			l.aliases.wrote(e.ID)
		}
		ep.delIdents = l.idents.mayHave(e.ID)
		if len(e.Identifiers) > 0 {
			l.idents.wrote(e.ID)
		}
	}
	for i := range b.Designations {
		d := &b.Designations[i]
		p.keys = append(p.keys, d.Key())
		p.stub(l, d.Entity)
	}
	for i := range b.Holdings {
		h := &b.Holdings[i]
		p.keys = append(p.keys, h.Key())
		p.stub(l, h.Owner)
		p.stub(l, h.Owned)
	}
	for i := range b.Controls {
		c := &b.Controls[i]
		p.keys = append(p.keys, c.Key())
		p.stub(l, c.Controller)
		p.stub(l, c.Controlled)
	}
	for i := range b.SameAs {
		s := &b.SameAs[i]
		if err := s.CheckStrength(); err != nil {
			p.err = fmt.Errorf("sqlite: %w", err)
			return p
		}
		a, bb := sameAsEnds(s)
		p.keys = append(p.keys, s.Key())
		p.stub(l, a)
		p.stub(l, bb)
	}
	for i := range b.Links {
		k := &b.Links[i]
		if k.From == "" {
			p.err = fmt.Errorf("sqlite: link with an empty source entity (%s)", k.Record)
			return p
		}
		p.keys = append(p.keys, k.Key())
		p.stub(l, k.From)
		if k.To != "" {
			p.stub(l, k.To)
		}
	}
	return p
}

// stub decides whether relation end id needs a stub row: it does unless
// the load has written a row for it (seen), in which case the insert,
// which leaves an existing row alone, is skipped.
func (p *plan) stub(l *load, id string) {
	if l.recent[0] == id || l.recent[1] == id || l.seen.has(id) {
		p.stubs = append(p.stubs, false)
	} else {
		p.stubs = append(p.stubs, true)
		l.seen.add(id)
	}
	// Relation files often repeat an end on consecutive rows (the holders
	// of one company): remember the last two ends known to have a row.
	if l.recent[0] != id {
		l.recent[1], l.recent[0] = l.recent[0], id
	}
}
