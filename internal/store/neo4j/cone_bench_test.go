package neo4j_test

import (
	"testing"

	"github.com/ownex/ownex/internal/store/storetest"
)

// BenchmarkStreamCone compares StreamCone with StreamSnapshot
// (storetest.BenchCone) on the graph of the Neo4j at
// OWNEX_BENCH_NEO4J_URI (loaded beforehand, for example by `ownex export
// neo4j-import` of a SQLite store of `ownex gen --entities 1000000 --seed
// 11` and deploy/neo4j/import.sh), as of OWNEX_BENCH_AS_OF (default
// 2025-06-30). The CPU figures are this process's only, not the server's.
//
//	OWNEX_BENCH_NEO4J_URI=bolt://127.0.0.1:7761 go test ./internal/store/neo4j -run '^$' -bench StreamCone -benchtime 3x
func BenchmarkStreamCone(b *testing.B) {
	storetest.BenchCone(b, openBench(b), storetest.BenchAsOf())
}
