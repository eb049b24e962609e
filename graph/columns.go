package graph

// ColumnSink is a SnapshotSink that also takes a snapshot as columns: a
// snapshot cache (internal/snapcache) hands it so, without a row per
// entity or holding. A streamer that sees a ColumnSink calls, after
// Relations, Nodes once instead of Entity, then Holdings for each chunk of
// holdings instead of Holding; a ColumnSink gets either form, never both.
// The result must be the same as that of the rows: Nodes' entities are
// what Entity would get, in the same order, and each chunk's holdings are
// what Holding would get, in the same order.
type ColumnSink interface {
	SnapshotSink
	// Nodes receives every node: ids[:entities] are the entity records in
	// ascending byte order of ID, with their names; ids[entities:] are the
	// ends of holdings that no entity record names (each named by its ID in
	// names), which the sink adds, as for a Holding row, when a holding
	// first uses them. holdings is about how many holdings will follow
	// (an upper bound, for room). The strings and the slices may be kept,
	// never changed: the streamer does not change them either.
	Nodes(ids, names []string, entities, holdings int) error
	// Holdings receives a chunk of holdings valid on the snapshot's date,
	// in order; their ends are indexes into Nodes' ids. The columns are
	// valid during the call only.
	Holdings(c *HoldingColumns) error
}

// HoldingColumns is a chunk of holdings as columns, one entry per holding
// in each of Owner, Owned, Share, Votes, Arrangement, Source and Span.
type HoldingColumns struct {
	Owner, Owned []int32
	Share, Votes []Range
	// Arrangement, Source and Span index Arrangements, Sources and Spans;
	// -1 is none (an empty arrangement or source, a span of two empty
	// dates).
	Arrangement, Source, Span []int32
	Arrangements, Sources     []string
	Spans                     []Span
}

// Len returns the number of holdings of c.
func (c *HoldingColumns) Len() int { return len(c.Owner) }
