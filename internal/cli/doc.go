// Package cli implements ownex's commands as plain functions,
// Command(ctx, env, cfg, options) error, so that tests call them directly
// without cobra. cmd/ownex only parses flags and configuration into these
// structs. This package is the composition root: it alone picks the store
// adapter and the ingesters. OpenStore prints, on stderr, the notices of
// a store that migrated data written by an earlier ownex when it was
// opened (graph.Migrator), once. OpenStoreReadOnly is for commands that
// promise to write nothing (`ownex whatif`, whatif.go: diff's report of
// the store against the store with hypothetical records, computed in
// memory).
//
// Files named by --out are written by writeOutput (outfile.go):
// atomically, through a symlink to its target, never over a FIFO, device
// or other non-regular file, with mode 0644 minus the umask, and with the
// temporary file removed when the command's context is cancelled
// (SIGINT, SIGTERM). The folders of `ownex export` (neo4j-import, parquet:
// export_parquet.go) are written into a temporary folder beside the
// destination and renamed to it once complete (exportDir).
//
// Change reports (`ingest --changes FILE`, changes*.go) are incremental:
// before the load, the load's files are parsed once more to find the
// entities its records target (touched); their downstream closure on the
// report's date (holdings and control edges in force then, and same-as
// links) is the only part of the store whose verdicts the load can change
// (the scope), and it is analysed on its upstream closure before the
// load, and again after it on that closure with the touched entities'
// records (and the closures of owners new to it) read again. A list
// version closes records its files do not name, so it compares the whole
// store. The lines are diff's (DiffLine), their causes the records the
// load changed (of a touched target) whose state on that date differs
// (including shares restated in place, which diff cannot date); same-as
// links are not given as causes. The store keeps each report
// (graph.ChangeLog); `ownex changes --since` composes the kept reports of
// several loads (changes_since.go).
//
// The snapshot cache (snapshot.go, internal/snapcache): after each
// committed load (ingest, resolve) the store's whole snapshot is written
// to FILE.snapshot beside a SQLite file, or into Config.CacheDir for
// Neo4j, tagged with the load log (and a Neo4j store's counts); analyze,
// export parquet and the whole-store analyses of screen and serve
// (queries.Analyze, with the holdings' records that proofs cite) read it
// while the tag matches (fromSnapshot), rebuild it when not, and report a
// damaged one, which is never trusted: what was read from it is dropped
// and the store read instead. screen builds its match index from the
// store's entity records meanwhile, on the other core. analyze without
// --all (and without --save or --write-back, which keep every verdict)
// reads only the designated cone, from the cache or the store
// (graph.ConeStreamer, exposure.Options.Cone): its output is the whole
// graph's analysis's, byte for byte. Config.NoCache bypasses it. explain,
// timeline, the lookback rows of screen and the entity requests of serve
// at a date with no kept analysis read an upstream closure from the
// store, through its indexes: a few milliseconds at 1M entities, which a
// whole-graph file without an index by owned entity cannot beat. analyze
// sets a soft memory limit sized to its graph (memlimit.go,
// Config.SizedMemoryLimit); screen and serve do not (their match index is
// not in the estimate).
//
// What goes to stderr: progress (progress.go: a refreshed line on a
// terminal, a line every Config.ProgressEvery elsewhere), and, terminal or
// not, analyze's and screen's warning when no designation is in force
// under one of their regimes (nolists.go, queries.NoDesignations): every
// verdict under it would be clear. screen's HTML and XLSX reports carry
// it too (report.ScreenMeta.Warnings).
package cli
