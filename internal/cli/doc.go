// Package cli implements ownex's commands as plain functions,
// Command(ctx, env, cfg, options) error, so that tests call them directly
// without cobra. cmd/ownex only parses flags and configuration into these
// structs. This package is the composition root: it alone picks the store
// adapter and the ingesters. OpenStore prints, on stderr, the notices of
// a store that migrated data written by an earlier ownex when it was
// opened (graph.Migrator), once.
//
// Files named by --out are written by writeOutput (outfile.go):
// atomically, through a symlink to its target, never over a FIFO, device
// or other non-regular file, with mode 0644 minus the umask, and with the
// temporary file removed when the command's context is cancelled
// (SIGINT, SIGTERM).
//
// Change reports (`ingest --changes FILE`, changes*.go) are incremental:
// before the load, the load's files are parsed once more to find the
// entities its records target; their downstream closure (through
// holdings and control edges of any date, and same-as links) is the only
// part of the store whose verdicts the load can change, and it is
// analysed on its upstream closure, before and after the load, as of the
// report's date. A list version closes records its files do not name, so
// it compares the whole store. The lines are diff's (DiffLine), their
// causes the records of the upstream closure whose state on that date the
// load changed (including shares restated in place, which diff cannot
// date); same-as links are not given as causes.
package cli
