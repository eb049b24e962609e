// Package storetest is the contract test suite that every graph.Store
// (SQLite, Neo4j) must pass. A store's tests call Run with a function that
// opens a fresh, empty store for each subtest; Run takes a graph.Store,
// which embeds every capability the subtests exercise, so a store that
// lacks one fails to compile rather than skipping a subtest (the
// capabilities of one store alone, graph.Dumper and graph.VerdictStore,
// are tested by that store's own tests). Same-as links are checked
// with their strength and evidence (sameas.go): round trip through
// Snapshot, Upstream and Detail, refusal of a link without a valid
// strength, idempotent re-writes, a later decision replacing an earlier
// one, and Detail's party. LegacyLinks and CheckMigrated are the shared
// fixture and check of the stores' own tests of the migration of links
// written before link strengths (issue 13).
//
// StreamCone (cone.go) is checked twice: exactly which entities and
// holdings a hand-made graph's cone hands over, and, on random dated
// graphs (clusters, possible and rejected links, control edges, ends
// without records, open ranges), that the verdicts `ownex analyze`
// writes (not clear, or with a possible link) are the same from the cone
// as from the whole snapshot, in every regime, on several dates.
// ConeOrder, called by the SQLite store's own test, checks that the
// cone's holdings keep StreamSnapshot's order.
//
// KilledLoads (liveness.go) is the contract of interrupted loads
// (graph.Writer), run on real processes: a store's test re-runs its own
// binary as a child that holds a load (HoldLoad, Holder) and kills it with
// SIGKILL midway; the load must then show as interrupted, while a load of
// a live child shows as running and opening the store does not wait for
// it. It takes a function that opens the same store again, so it is
// called by each store's test beside Run.
package storetest
