// Package sqlite is ownex's embedded store: one SQLite file through
// modernc.org/sqlite (pure Go), implementing graph.Store. It is the only
// package that imports the driver.
//
// Schema (see schema.go): entities (with stub flag), identifiers, aliases,
// designations, holdings, controls, same_as and the load log loads. Every
// record row keeps its provenance (source, record) and the id of the load
// that last wrote it; relations carry a unique key column holding their
// graph Key() string, so writes are idempotent upserts. Shares are stored as
// INTEGER millionths of a percent (share_lo, share_hi, votes_lo, votes_hi);
// dates as TEXT "YYYY-MM-DD", the empty string when unset.
//
// A load is one transaction: nothing is visible before Commit, Abort rolls
// everything back. The load log row is written outside that transaction so
// that a failed load stays recorded.
package sqlite
