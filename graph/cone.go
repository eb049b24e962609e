package graph

import "context"

// ConeStreamer hands a SnapshotSink the part of the snapshot as of asOf
// that decides every verdict that is not clear or carries a possible link
// (exposure.Options.Cone, for `ownex analyze` without --all): at 10M
// generated entities under 5 % of the entities (docs/SCALE.md).
//
// The seeds are the IDs of the designations that StreamSnapshot hands to
// Relations for asOf and that seed one of regimes (Seeds; regimes are
// engine regimes, nil for all). The cone C is their closure along holdings valid on
// asOf (owner to owned), control edges valid on asOf (controller to
// controlled) and the same-as links StreamSnapshot hands over (both ways);
// an ID without an entity record counts too. The boundary B is the owners
// of the holdings valid on asOf whose owned end is in C and the
// controllers of the control edges valid on asOf whose controlled end is
// in C.
//
// StreamCone calls sink.Relations once with the designations
// StreamSnapshot gives it and, of its control edges and same-as links, at
// least those that end in C; then at least the entities whose IDs are in
// C ∪ B, in ascending byte order of ID (sink.Entity, or one sink.Nodes for
// a ColumnSink, whose ends without a record include those in C ∪ B); then
// at least the holdings valid on asOf whose owned end is in C (sink.Holding,
// or sink.Holdings by chunks). What more it hands over is part of what
// StreamSnapshot hands over, in the same relative order: a streamer may
// hand over a larger cone (a snapshot cache keeps the cone of every date at
// once), which exposure.Options.Cone cuts to the date's. It runs from a
// single goroutine and stops at the first error a sink method returns.
type ConeStreamer interface {
	StreamCone(ctx context.Context, asOf Date, regimes []Regime, sink SnapshotSink) error
}
