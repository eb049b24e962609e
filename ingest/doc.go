// Package ingest loads source files into a store.
//
// A Source parses one format (generic CSV, OFAC, UK PSC, ...) and streams
// graph records in batches; Run drives a Source into a graph.Writer and
// records the load in the store's load log. In strict mode a bad row writes
// nothing: with a store whose loads are atomic and can be discarded
// (Discarder, the SQLite store) Run parses and writes in one pass and
// discards the whole load at the first bad row; with other stores (Neo4j)
// it validates the whole input first, then writes the records in batches.
// In lenient mode bad rows are skipped and reported one by one.
//
// A sanctions list (ListSource) is a complete version only when its files
// were read whole, with no record skipped; a lenient list load that
// skipped records (a bad record, malformed or truncated XML) is a partial
// version: its additions and changes are written, nothing is closed, and
// Report.Partial says so (the command line exits 3).
//
// Bad input is reported as a *RowError naming the file, line, column and
// what was wrong; the command line maps it to exit status 2.
package ingest
