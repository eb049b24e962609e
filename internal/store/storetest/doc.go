// Package storetest is the contract test suite that every graph.Store
// (SQLite, Neo4j) must pass. A store's tests call Run with a function that
// opens a fresh, empty store for each subtest; Run takes a Store, the
// interface of every capability the subtests exercise, so a store that
// lacks one fails to compile its test rather than skipping a subtest. Same-as links are checked
// with their strength and evidence (sameas.go): round trip through
// Snapshot, Upstream and Detail, refusal of a link without a valid
// strength, idempotent re-writes, a later decision replacing an earlier
// one, and Detail's party. LegacyLinks and CheckMigrated are the shared
// fixture and check of the stores' own tests of the migration of links
// written before link strengths (issue 13).
package storetest
