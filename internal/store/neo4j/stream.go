package neo4j

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ownex/ownex/graph"
)

// streamFetchSize is the number of records the server sends per pull
// while streaming a snapshot.
const streamFetchSize = 5000

// StreamSnapshot implements graph.SnapshotStreamer. It reads the
// designations active on asOf, the control edges valid on asOf and every
// same-as link (as Snapshot reads them) and hands them to sink.Relations;
// then the id and name of every entity in ascending byte order of ID;
// then every holding valid on asOf.
//
// The entities and holdings are read in parts, on several sessions at once
// (stream_parts.go): the entity IDs are cut into ranges of about
// streamRangeRows entities (streamBounds), and each range is one part of
// entities (in ID order) and one part of the holdings its entities own.
// Parts are handed to the sink in that order — entity ranges in ID order,
// then holding ranges in the same order — so the output does not depend
// on which session finishes first. Rows are lean: an entity's node id, id
// and name; a holding's two node ids (not its ends' ids, which would be
// two more property reads on the server and two strings to decode per
// row) and its properties. The node ids are turned back into entity IDs
// with the table the entity parts fill (nodeIDs).
//
// The parts are separate auto-commit reads, not one transaction; Neo4j's
// transactions are read-committed, so one transaction did not give a
// consistent view either. A holding whose end was not among the entities
// read (a load ran meanwhile) fails the stream; run it again.
func (s *Store) StreamSnapshot(ctx context.Context, asOf graph.Date, sink graph.SnapshotSink) error {
	p := map[string]any{"asOf": nullable(string(asOf))}
	bounds, err := s.streamBounds(ctx)
	if err != nil {
		return fmt.Errorf("neo4j: stream snapshot: %w", err)
	}
	parts := snapshotParts(bounds, p, graph.WantsRecords(sink))
	var ents entityOrder
	ents.emit = sink.Entity
	var nodes nodeIDs
	var row graph.HoldingRow
	entitiesDone := false
	relations := func() error {
		des, ctl, same, err := streamRelations(ctx, s.readOnce, p)
		if err != nil {
			return err
		}
		if err := sink.Relations(des, ctl, same); err != nil {
			return fmt.Errorf("relations: %w", err)
		}
		return nil
	}
	consume := func(part *streamPart, c *streamChunk) error {
		for i := range c.ents {
			e := &c.ents[i]
			nodes.put(e.node, e.id)
			if err := ents.add(e.id, e.name); err != nil {
				return err
			}
		}
		if len(c.holds) > 0 && !entitiesDone {
			if err := ents.flush(); err != nil {
				return err
			}
			entitiesDone = true
		}
		for i := range c.holds {
			if err := c.holds[i].send(&nodes, &row, sink); err != nil {
				return err
			}
		}
		return nil
	}
	if err := s.streamParts(ctx, parts, relations, consume); err != nil {
		return fmt.Errorf("neo4j: stream snapshot: %w", err)
	}
	if !entitiesDone {
		if err := ents.flush(); err != nil {
			return fmt.Errorf("neo4j: stream snapshot: entities: %w", err)
		}
	}
	return nil
}

// snapshotParts returns the parts of StreamSnapshot for the ranges that
// bounds cut: every range's entities, then every range's holdings (with
// their records when records is set), the ranges in ID order; p holds
// $asOf.
func snapshotParts(bounds []string, p map[string]any, records bool) []streamPart {
	cols, decode := streamHoldingCols, decodeHoldingRow
	if records {
		cols, decode = streamHoldingRecordCols, decodeHoldingRecordRow
	}
	var parts []streamPart
	for i := 0; i <= len(bounds); i++ {
		cond, rp := idRange(bounds, i, p)
		parts = append(parts, streamPart{what: "entities", q: `MATCH (e:Entity) WHERE ` + cond("e") + ` RETURN ` +
			streamEntityCols + ` ORDER BY e.id`, params: rp, decode: decodeEntityRow})
	}
	for i := 0; i <= len(bounds); i++ {
		cond, rp := idRange(bounds, i, p)
		parts = append(parts, streamPart{what: "holdings", q: `MATCH (a:Entity) WHERE ` + cond("a") +
			` MATCH (a)-[r:OWNS]->(b:Entity) WHERE ` + asOfFilter + ` RETURN ` + cols,
			params: rp, decode: decode})
	}
	return parts
}

// send hands h to sink as row (reused), its ends' node ids turned into
// IDs by nodes; it fails when an end is not among the entities read or a
// property of h could not be read (holdingRec.bad).
func (h *holdingRec) send(nodes *nodeIDs, row *graph.HoldingRow, sink graph.SnapshotSink) error {
	owner, ok1 := nodes.get(h.owner)
	owned, ok2 := nodes.get(h.owned)
	if !ok1 || !ok2 {
		return fmt.Errorf("holding between nodes %d and %d (source %q): an end is not among the entities read; "+
			"was the store written meanwhile?", h.owner, h.owned, h.source)
	}
	if h.bad != "" {
		return fmt.Errorf("stored %s: property %s", ends("OWNS", owner, owned,
			graph.Provenance{Source: h.source, Record: "not read"}), h.bad)
	}
	row.Owner = append(row.Owner[:0], owner...)
	row.Owned = append(row.Owned[:0], owned...)
	row.Share, row.Votes = h.share, h.votes
	row.Arrangement = append(row.Arrangement[:0], h.arrangement...)
	row.Source = append(row.Source[:0], h.source...)
	row.Start = append(row.Start[:0], h.start...)
	row.End = append(row.End[:0], h.end...)
	row.Record = append(row.Record[:0], h.record...)
	if err := sink.Holding(row); err != nil {
		return errSink{err}
	}
	return nil
}

// errSink marks an error returned by the sink, so that it is not described
// as a database error.
type errSink struct{ err error }

func (e errSink) Error() string { return e.err.Error() }
func (e errSink) Unwrap() error { return e.err }

// Columns of StreamSnapshot's parts (decodeEntityRow, decodeHoldingRow).
const (
	streamEntityCols  = `id(e), e.id, e.name`
	streamHoldingCols = `id(a), id(b), r.share_min, r.share_max, r.votes_min, r.votes_max, r.share_open, r.votes_open, ` +
		`r.arrangement, r.source, r.start, r.end`
	// streamHoldingRecordCols are streamHoldingCols and the record, for a
	// sink that keeps records (graph.WantsRecords).
	streamHoldingRecordCols = streamHoldingCols + `, r.record`
)

var (
	streamEntityNames, streamHoldingNames = colNames(streamEntityCols), colNames(streamHoldingCols)
	streamHoldingRecordNames              = colNames(streamHoldingRecordCols)
)

// decodeEntityRow appends the entity of one record to c.
func decodeEntityRow(v []any, c *streamChunk) error {
	f := newFields(streamEntityNames, v)
	e := entityRec{node: f.int(0), id: f.str(1), name: f.str(2)}
	if err := f.check(func() string { return fmt.Sprintf("entity %q", e.id) }); err != nil {
		return err
	}
	c.ents = append(c.ents, e)
	return nil
}

// decodeHoldingRow appends the holding of one record to c. A missing or
// mistyped property is kept in the record (bad) and reported by the
// consumer, which knows the IDs of the ends to name the relationship.
func decodeHoldingRow(v []any, c *streamChunk) error { return decodeHolding(streamHoldingNames, v, c) }

// decodeHoldingRecordRow is decodeHoldingRow of a row with the record
// (streamHoldingRecordCols).
func decodeHoldingRecordRow(v []any, c *streamChunk) error {
	return decodeHolding(streamHoldingRecordNames, v, c)
}

func decodeHolding(names []string, v []any, c *streamChunk) error {
	f := newFields(names, v)
	h := holdingRec{owner: f.int(0), owned: f.int(1),
		share:       f.open(6, graph.Range{Lo: f.pct(2), Hi: f.pct(3)}),
		votes:       f.open(7, graph.Range{Lo: f.pct(4), Hi: f.pct(5)}),
		arrangement: f.opt(8), source: f.opt(9), start: f.opt(10), end: f.opt(11)}
	if len(names) > 12 {
		h.record = f.opt(12)
	}
	if f.bad >= 0 {
		if f.bad < 2 { // a node id: cannot happen, there is no relationship to name
			return f.check(func() string { return "OWNS relationship" })
		}
		h.bad = strings.TrimPrefix(f.names[f.bad], "r.") + " " + f.why
	}
	c.holds = append(c.holds, h)
	if h.bad != "" {
		return errBadRow
	}
	return nil
}

// readFunc runs one statement and calls each with the values of every
// record (Store.readOnce, or a statement of an open transaction).
type readFunc func(ctx context.Context, q string, params map[string]any, each func(v []any) error) error

// streamRelations reads with run what StreamSnapshot hands to
// sink.Relations; p holds $asOf.
func streamRelations(ctx context.Context, run readFunc, p map[string]any) (des []graph.Designation, ctl []graph.Control, same []graph.SameAs, err error) {
	rel := relationQueries("", "")
	for _, st := range []struct {
		what, q string
		each    func([]any) error
	}{
		{"designations", rel.designations, func(v []any) error { return add(&des, v, designationOf) }},
		{"control edges", rel.controls, func(v []any) error { return add(&ctl, v, controlOf) }},
		{"same-as links", rel.sameAs, func(v []any) error { return add(&same, v, sameAsOf) }},
	} {
		if err := run(ctx, st.q, p, st.each); err != nil {
			return nil, nil, nil, fmt.Errorf("%s: %w", st.what, err)
		}
	}
	return des, ctl, same, nil
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
