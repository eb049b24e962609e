package graph

import "context"

// ConeStreamer hands a SnapshotSink the part of the snapshot as of asOf
// that decides every verdict that is not clear or carries a possible link
// (exposure.Options.Cone, for `ownex analyze` without --all): at 10M
// generated entities under 5 % of the entities (docs/SCALE.md).
//
// The seeds are the IDs of the designations that StreamSnapshot hands to
// Relations for asOf. The cone C is their closure along holdings valid on
// asOf (owner to owned), control edges valid on asOf (controller to
// controlled) and the same-as links StreamSnapshot hands over (both ways);
// an ID without an entity record counts too. The boundary B is the owners
// of the holdings valid on asOf whose owned end is in C and the
// controllers of the control edges valid on asOf whose controlled end is
// in C.
//
// StreamCone calls sink.Relations once with the designations and same-as
// links StreamSnapshot gives it and, of its control edges, at least those
// whose controlled end is in C (the others change no verdict); then the entities whose IDs are in C ∪ B, in ascending byte
// order of ID (sink.Entity, or one sink.Nodes for a ColumnSink, whose ends
// without a record are those in C ∪ B); then the holdings valid on asOf
// whose owned end is in C, in the relative order StreamSnapshot hands them
// (sink.Holding, or sink.Holdings by chunks). It runs from a single
// goroutine and stops at the first error a sink method returns.
type ConeStreamer interface {
	StreamCone(ctx context.Context, asOf Date, sink SnapshotSink) error
}
