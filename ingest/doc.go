// Package ingest loads source files into a store.
//
// A Source parses one format (generic CSV, OFAC, UK PSC, ...) and streams
// graph records in batches; Run drives a Source into a graph.Writer: it
// validates the whole input first in strict mode (so that a bad row writes
// nothing), then writes the records in one load, in batches, and records the
// load in the store's load log. In lenient mode bad rows are skipped and
// reported one by one.
//
// Bad input is reported as a *RowError naming the file, line, column and
// what was wrong; the command line maps it to exit status 2.
package ingest
