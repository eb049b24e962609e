// Package cli implements ownex's commands as plain functions,
// Command(ctx, env, cfg, options) error, so that tests call them directly
// without cobra. cmd/ownex only parses flags and configuration into these
// structs. This package is the composition root: it alone picks the store
// adapter and the ingesters. OpenStore prints, on stderr, the notices of
// a store that migrated data written by an earlier ownex when it was
// opened (graph.Migrator), once.
package cli
