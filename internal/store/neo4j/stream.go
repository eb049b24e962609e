package neo4j

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/graph"
)

// streamFetchSize is the number of records the server sends per pull
// while streaming a snapshot.
const streamFetchSize = 5000

// Statements of StreamSnapshot. The relations are those of Snapshot; the
// entity statement filters on the id so that the planner can read the
// entity_id index in order instead of sorting every entity on the heap;
// holdings come in the order the server finds them.
const (
	cypherStreamEntities = `MATCH (e:Entity) WHERE e.id IS NOT NULL RETURN ` + streamEntityCols + ` ORDER BY e.id`
	streamEntityCols     = `e.id, e.name`
	cypherStreamHoldings = `MATCH (a:Entity)-[r:OWNS]->(b:Entity) WHERE ` + asOfFilter + `
RETURN ` + streamHoldingCols
	streamHoldingCols = `a.id, b.id, r.share_min, r.share_max, r.votes_min, r.votes_max, r.share_open, r.votes_open, ` +
		`r.arrangement, r.source, r.start, r.end`
)

var streamEntityNames, streamHoldingNames = colNames(streamEntityCols), colNames(streamHoldingCols)

// errSink marks an error returned by the sink, so that it is not described
// as a database error.
type errSink struct{ err error }

func (e errSink) Error() string { return e.err.Error() }
func (e errSink) Unwrap() error { return e.err }

// StreamSnapshot implements graph.SnapshotStreamer: in one read
// transaction it hands sink the designations active on asOf, the control
// edges valid on asOf and every same-as link (as Snapshot reads them), then
// the id and name of every entity in ascending byte order of ID, then every
// holding valid on asOf. Records are decoded from the driver into reused
// buffers: no graph.Entity or graph.Holding is built per row.
//
// The transaction is explicit, not managed: a managed transaction would
// be retried after a transient error and hand the sink rows twice.
func (s *Store) StreamSnapshot(ctx context.Context, asOf graph.Date, sink graph.SnapshotSink) error {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead,
		DatabaseName: s.cfg.Database, FetchSize: streamFetchSize})
	defer sess.Close(ctx)
	tx, err := sess.BeginTransaction(ctx)
	if err != nil {
		return fmt.Errorf("neo4j: stream snapshot: %w", s.describe(err))
	}
	defer tx.Close(ctx)
	p := map[string]any{"asOf": nullable(string(asOf))}
	run := func(what, q string, each func([]any) error) error {
		res, err := tx.Run(ctx, q, p)
		if err == nil {
			for res.Next(ctx) {
				if err = each(res.Record().Values); err != nil {
					break
				}
			}
			if err == nil {
				err = res.Err()
			}
		}
		var se errSink
		switch {
		case err == nil:
			return nil
		case errors.As(err, &se):
			return fmt.Errorf("neo4j: stream snapshot: %s: %w", what, se.err)
		case ctx.Err() != nil:
			return fmt.Errorf("neo4j: stream snapshot: %s: %w", what, ctx.Err())
		}
		return fmt.Errorf("neo4j: stream snapshot: %s: %w", what, s.describe(err))
	}

	var des []graph.Designation
	var ctl []graph.Control
	var same []graph.SameAs
	rel := relationQueries("", "")
	for _, st := range []struct {
		what, q string
		each    func([]any) error
	}{
		{"designations", rel.designations, func(v []any) error { return add(&des, v, designationOf) }},
		{"control edges", rel.controls, func(v []any) error { return add(&ctl, v, controlOf) }},
		{"same-as links", rel.sameAs, func(v []any) error { return add(&same, v, sameAsOf) }},
	} {
		if err := run(st.what, st.q, st.each); err != nil {
			return err
		}
	}
	if err := sink.Relations(des, ctl, same); err != nil {
		return fmt.Errorf("neo4j: stream snapshot: relations: %w", err)
	}

	var ents entityOrder
	ents.emit = sink.Entity
	if err := run("entities", cypherStreamEntities, func(v []any) error {
		f := newFields(streamEntityNames, v)
		id, name := f.str(0), f.str(1)
		if err := f.check(func() string { return fmt.Sprintf("entity %q", id) }); err != nil {
			return err
		}
		return ents.add(id, name)
	}); err != nil {
		return err
	}
	if err := ents.flush(); err != nil {
		return fmt.Errorf("neo4j: stream snapshot: entities: %w", err)
	}

	var row graph.HoldingRow
	err = run("holdings", cypherStreamHoldings, func(v []any) error {
		f := newFields(streamHoldingNames, v)
		owner, owned := f.str(0), f.str(1)
		row.Owner = append(row.Owner[:0], owner...)
		row.Owned = append(row.Owned[:0], owned...)
		row.Share = f.open(6, graph.Range{Lo: f.pct(2), Hi: f.pct(3)})
		row.Votes = f.open(7, graph.Range{Lo: f.pct(4), Hi: f.pct(5)})
		row.Arrangement = append(row.Arrangement[:0], f.opt(8)...)
		source := f.opt(9)
		row.Source = append(row.Source[:0], source...)
		row.Start = append(row.Start[:0], f.opt(10)...)
		row.End = append(row.End[:0], f.opt(11)...)
		if err := f.check(func() string {
			return ends("OWNS", owner, owned, graph.Provenance{Source: source, Record: "not read"})
		}); err != nil {
			return err
		}
		if err := sink.Holding(&row); err != nil {
			return errSink{err}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Nothing was written: committing only ends the read transaction.
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("neo4j: stream snapshot: %w", s.describe(err))
	}
	return nil
}

// entityOrder hands entities to emit in ascending byte order of ID,
// although Cypher orders strings by UTF-16 code units: the two orders
// differ only where one ID has a character above U+FFFF (a surrogate pair in
// UTF-16) and the other one in U+E000–U+FFFF at the same place, and then
// the ID with the supplementary character comes too early. IDs with such a
// character (rare: emoji, historic scripts) are held back, sorted, and
// emitted just before the first other ID that is greater; every other ID
// arrives in byte order. Whether the server sorts by UTF-16 or reads an
// index in byte order, the output is in byte order.
type entityOrder struct {
	emit     func(graph.EntityRow) error
	held     []heldEntity // sorted by id
	row      graph.EntityRow
	last     string // last emitted id
	anyEmits bool
}

type heldEntity struct{ id, name string }

func (o *entityOrder) add(id, name string) error {
	if hasSupplementary(id) {
		i, _ := slices.BinarySearchFunc(o.held, id, func(h heldEntity, id string) int { return strings.Compare(h.id, id) })
		o.held = slices.Insert(o.held, i, heldEntity{id, name})
		return nil
	}
	for len(o.held) > 0 && o.held[0].id < id {
		if err := o.send(o.held[0].id, o.held[0].name); err != nil {
			return err
		}
		o.held = o.held[1:]
	}
	return o.send(id, name)
}

// flush emits the IDs still held back, at the end.
func (o *entityOrder) flush() error {
	for _, h := range o.held {
		if err := o.send(h.id, h.name); err != nil {
			return err
		}
	}
	o.held = nil
	return nil
}

func (o *entityOrder) send(id, name string) error {
	if o.anyEmits && id <= o.last {
		// Cannot happen with either order of the server; a sink relying
		// on the order must not be fed silently out of order.
		return fmt.Errorf("entity %q after %q: not in ID order", id, o.last)
	}
	o.last, o.anyEmits = id, true
	o.row.ID = append(o.row.ID[:0], id...)
	o.row.Name = append(o.row.Name[:0], name...)
	if err := o.emit(o.row); err != nil {
		return errSink{err}
	}
	return nil
}

// hasSupplementary reports whether s has a character above U+FFFF: in
// UTF-8 those, and only those, start with a byte of 0xF0 or more.
func hasSupplementary(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xF0 {
			return true
		}
	}
	return false
}

// StreamUpstream implements graph.UpstreamStreamer from the closure that
// Upstream reads (graph.FeedSnapshot): the same rows and order as the
// SQLite store's lean read, without its memory saving — a closure read
// over Bolt arrives as records anyway.
func (s *Store) StreamUpstream(ctx context.Context, ids []string, asOf graph.Date, sink graph.SnapshotSink) error {
	up, err := s.Upstream(ctx, ids, asOf)
	if err != nil {
		return err
	}
	if err := graph.FeedSnapshot(up, asOf, sink); err != nil {
		return fmt.Errorf("neo4j: stream upstream: %w", err)
	}
	return nil
}
