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
package cli
