package graph

import "context"

// ChangeReport is the change report of one load (`ingest --changes`):
// the verdicts the load changed as of AsOf. A report with no line is kept
// too: it says that the load changed nothing, where a load without a
// report says nothing.
type ChangeReport struct {
	Load  int64 `json:"load"`
	AsOf  Date  `json:"as_of"`
	Lines int   `json:"lines"`
}

// ChangeEntry is one line of a change report: one entity's verdict under
// one regime that a load changed. Line is the line as the report wrote
// it (a JSON object); the store keeps it as it is.
type ChangeEntry struct {
	Load   int64  `json:"load"`
	Seq    int    `json:"seq"` // position in the load's report, from 0
	AsOf   Date   `json:"as_of"`
	Regime Regime `json:"regime"`
	Change string `json:"change"`
	Entity string `json:"entity"`
	Line   []byte `json:"-"`
}

// ChangeLog keeps the change reports of loads, for `ownex changes` and
// the API's change feed.
type ChangeLog interface {
	// AddChanges keeps the report of load, replacing an earlier report of
	// the same load, in one transaction: entries take load as their Load,
	// asOf as their AsOf and their index as their Seq.
	AddChanges(ctx context.Context, load int64, asOf Date, entries []ChangeEntry) error
	// ChangeReports lists the reports of loads >= since, by load.
	ChangeReports(ctx context.Context, since int64) ([]ChangeReport, error)
	// Changes returns the lines of the reports of loads >= since, ordered
	// by load then Seq, from the first after (afterLoad, afterSeq) (a
	// zero afterLoad starts at the beginning), at most limit of them (0:
	// all).
	Changes(ctx context.Context, since, afterLoad int64, afterSeq, limit int) ([]ChangeEntry, error)
}
