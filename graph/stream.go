package graph

import (
	"context"
	"slices"
	"strings"
)

// SnapshotStreamer hands the analysable content of a snapshot to a
// SnapshotSink row by row, without building a Go object per entity or
// holding. The engines' builder
// (exposure.Builder) is such a sink; registry-size graphs (ten million
// entities) are analysed this way.
//
// StreamSnapshot calls sink.Relations once, then sink.Entity for every
// entity in ascending byte order of ID, then sink.Holding for every
// holding valid on asOf (all if asOf is empty), from a single goroutine.
// Each HoldingRow carries its record (HoldingRow.Record) when the sink
// keeps records (WantsRecords), and may leave it nil otherwise. It stops
// at the first error a sink method returns and returns it (wrapped).
type SnapshotStreamer interface {
	StreamSnapshot(ctx context.Context, asOf Date, sink SnapshotSink) error
}

// UpstreamStreamer hands the upstream closure of ids (what
// Reader.Upstream returns) to a SnapshotSink row by row, as
// SnapshotStreamer hands the whole snapshot: sink.Relations once
// with the closure's designations active on asOf, control edges valid on
// asOf and same-as links, then sink.Entity for every entity of the
// closure in ascending byte order of ID, then sink.Holding for every
// holding among them valid on asOf (all if asOf is empty), from a single
// goroutine. Each HoldingRow carries its record's provenance too (Start,
// End, Record): `ownex explain` cites it. It stops at the first error a
// sink method returns and returns it (wrapped).
type UpstreamStreamer interface {
	StreamUpstream(ctx context.Context, ids []string, asOf Date, sink SnapshotSink) error
}

// SnapshotSink receives a streamed snapshot. The byte slices of an
// EntityRow or HoldingRow are valid only during the call: a sink that
// keeps them copies them.
type SnapshotSink interface {
	// Relations receives the record kinds that are few in every real
	// graph, whole: designations active on asOf, control edges valid on
	// asOf and every same-as link. It is called once, before any entity.
	Relations(designations []Designation, controls []Control, sameAs []SameAs) error
	// Entity receives one entity.
	Entity(row EntityRow) error
	// Holding receives one holding valid on asOf.
	Holding(row *HoldingRow) error
}

// EntityRow is the part of an entity the engines need.
type EntityRow struct {
	ID, Name []byte
}

// HoldingRow is the part of a holding the engines need, with its source,
// start and end for the merge of the reports of one stake (MergeStake:
// records of one source add up unless they are exact duplicates). Record,
// the rest of the record that proofs cite, is given by UpstreamStreamer
// always, and by SnapshotStreamer to a sink that keeps records
// (WantsRecords); a ConeStreamer may leave it nil.
type HoldingRow struct {
	Owner, Owned []byte
	Share, Votes Range
	Arrangement  []byte
	Source       []byte
	Start, End   []byte
	Record       []byte
}

// RecordKeeper is implemented by a SnapshotSink that may keep each
// holding's record, so that proofs cite it (exposure.Builder.KeepRecords,
// the snapshot cache's collector). Streamers read records only for a
// sink that keeps them: reading them costs a registry-size analysis time
// and memory for nothing.
type RecordKeeper interface {
	KeepsRecords() bool
}

// WantsRecords reports whether sink keeps holdings' records
// (RecordKeeper).
func WantsRecords(sink SnapshotSink) bool {
	k, ok := sink.(RecordKeeper)
	return ok && k.KeepsRecords()
}

// FeedSnapshot hands an in-memory snapshot to sink in the order and with
// the contents a SnapshotStreamer or UpstreamStreamer gives: the
// designations active on asOf, the control edges valid on asOf and every
// same-as link once, then the entities in ascending byte order of ID,
// then the holdings valid on asOf (all when asOf is empty) with their
// provenance. Stores without a lean read of their own stream so (the
// Neo4j store's upstream closures).
func FeedSnapshot(s *Snapshot, asOf Date, sink SnapshotSink) error {
	var des []Designation
	for _, d := range s.Designations {
		if asOf == "" || d.ActiveOn(asOf) {
			des = append(des, d)
		}
	}
	var ctl []Control
	for _, c := range s.Controls {
		if asOf == "" || c.Covers(asOf) {
			ctl = append(ctl, c)
		}
	}
	if err := sink.Relations(des, ctl, s.SameAs); err != nil {
		return err
	}
	order := make([]int, len(s.Entities))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(s.Entities[a].ID, s.Entities[b].ID) })
	for _, i := range order {
		e := &s.Entities[i]
		if err := sink.Entity(EntityRow{ID: []byte(e.ID), Name: []byte(e.Name)}); err != nil {
			return err
		}
	}
	for i := range s.Holdings {
		h := &s.Holdings[i]
		if asOf != "" && !h.Covers(asOf) {
			continue
		}
		row := HoldingRow{Owner: []byte(h.Owner), Owned: []byte(h.Owned), Share: h.Share, Votes: h.Votes,
			Arrangement: []byte(h.Arrangement), Source: []byte(h.Source), Start: []byte(h.Start), End: []byte(h.End),
			Record: []byte(h.Record)}
		if err := sink.Holding(&row); err != nil {
			return err
		}
	}
	return nil
}
