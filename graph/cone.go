package graph

import "context"

// ConeStreamer hands a SnapshotSink the part of the snapshot as of asOf
// that decides every verdict, under the given engine regimes, that is not
// clear or carries a possible link (what `ownex analyze` writes without
// --all; exposure.Options.Cone): the designated cone and the edges into
// it, at 10M generated entities under 5 % of the entities (docs/SCALE.md).
// Every entity outside the cone is clear in every run, and its verdict
// carries no possible link (a possible link is shown only when its other
// end's party is exposed, and that end is in the cone); an entity inside
// it depends only on the holdings and control edges that end in the cone,
// their owners and controllers, and the relations.
//
// StreamCone's contract, for a snapshot as of asOf (an empty asOf counts
// every record, as in StreamSnapshot):
//
//   - Seeds S: the entity IDs of the designations that StreamSnapshot
//     hands to Relations for asOf and that seed one of regimes (Seeds;
//     regimes are engine regimes, nil or empty for all).
//   - Cone C: the closure of S along holdings valid on asOf (owner to
//     owned), control edges valid on asOf (controller to controlled) and
//     every strong or possible same-as link that StreamSnapshot hands over,
//     in both directions (a link that a rejection overrides, see
//     PartyLinks, may be followed too). IDs without an entity record count
//     too (ends of holdings, designated IDs).
//   - Boundary B: the owners of holdings valid on asOf whose owned end is
//     in C, and the controllers of control edges valid on asOf whose
//     controlled end is in C.
//
// StreamCone calls sink.Relations once with the designations
// StreamSnapshot gives it and, of its control edges and same-as links, at
// least those that end in C; then at least the entities whose IDs are in
// C ∪ B, in ascending byte order of ID (sink.Entity, or one sink.Nodes for
// a ColumnSink, whose ends without a record include those in C ∪ B); then
// at least the holdings valid on asOf whose owned end is in C (sink.Holding,
// or sink.Holdings by chunks), in the relative order in which
// StreamSnapshot hands them (a filter of its sequence; where that order is
// the database server's own, as within a range of owner IDs in the Neo4j
// store, in one such order). What more it hands over is part of what
// StreamSnapshot hands over: a streamer may hand over a larger cone (a
// snapshot cache keeps the cones of every date at once, a store may ignore
// regimes), which exposure.Options.Cone cuts to the date's and the
// regimes'. It runs from a single goroutine and stops at the first error a
// sink method returns and returns it (wrapped).
type ConeStreamer interface {
	StreamCone(ctx context.Context, asOf Date, regimes []Regime, sink SnapshotSink) error
}
