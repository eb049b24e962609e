package graph

import "context"

// ConeStreamer hands a SnapshotSink the part of the snapshot as of asOf
// that decides every verdict that is not clear or carries a possible link
// (what `ownex analyze` writes without --all): the designated cone and the
// edges into it. Every entity outside the cone is clear in every regime and
// run, and its verdict carries no possible link (a possible link is shown
// only when its other end's party is exposed, and that end is in the cone);
// an entity inside it depends only on the holdings and control edges that
// end in the cone, their owners and controllers, and the relations.
//
// StreamCone's contract, for a snapshot as of asOf (an empty asOf counts
// every record, as in StreamSnapshot):
//
//   - Seeds S: the entity IDs of the designations that StreamSnapshot
//     hands to Relations for asOf (every regime).
//   - Cone C: the closure of S along holdings valid on asOf (owner to
//     owned), control edges valid on asOf (controller to controlled) and
//     every strong or possible same-as link that StreamSnapshot hands over,
//     in both directions (a link that a rejection overrides, see
//     PartyLinks, is followed too: C may be larger than needed, never
//     smaller). IDs
//     without an entity record count too (ends of holdings, designated
//     IDs).
//   - Boundary B: the owners of holdings valid on asOf whose owned end is
//     in C, and the controllers of control edges valid on asOf whose
//     controlled end is in C.
//
// StreamCone calls sink.Relations once with exactly what StreamSnapshot
// gives (every designation active on asOf, every control edge valid on
// asOf, every same-as link); then sink.Entity for every entity record
// whose ID is in C ∪ B, in ascending byte order of ID; then sink.Holding
// for every holding valid on asOf whose owned end is in C, in the relative
// order in which StreamSnapshot hands them (a filter of its sequence;
// where that order is the database server's own, as within a range of
// owner IDs in the Neo4j store, in one such order), from a single
// goroutine. It stops at the first error a sink method returns and
// returns it (wrapped).
type ConeStreamer interface {
	StreamCone(ctx context.Context, asOf Date, sink SnapshotSink) error
}
