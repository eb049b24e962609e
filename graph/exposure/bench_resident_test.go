package exposure

import (
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/gen"
)

// BenchmarkOFACResident1M times the OFAC analysis alone (definite and
// possible fixpoints, flags) on gen.Graph(1_000_000, 1) with its compact
// graph already built, the engine's counterpart of baseline (b) of issue 7
// (internal/store/neo4j, BenchmarkOFACCypherFixpoint1M), where the
// iterative Cypher runs on a graph already imported into Neo4j. The first
// Analyze (building the compact graph from the in-memory snapshot, then
// OFAC) is timed once apart (analyze-s); all three regimes are
// BenchmarkAnalyzeAll1M. It checks that every
// iteration gives the statuses of Analyze.
//
//	go test ./graph/exposure -run '^$' -bench OFACResident1M -benchmem -count 3
func BenchmarkOFACResident1M(b *testing.B) {
	s := gen.Graph(1_000_000, 1)
	start := time.Now()
	res, err := Analyze(s, Options{AsOf: gen.AsOf, Regimes: []graph.Regime{graph.RegimeOFAC}})
	if err != nil {
		b.Fatal(err)
	}
	first := time.Since(start)
	want := res.regimes[graph.RegimeOFAC]
	var rr *regimeResult
	for b.Loop() {
		rr = analyzeRegime(res.g, graph.RegimeOFAC)
	}
	b.StopTimer()
	b.ReportMetric(first.Seconds(), "analyze-s")
	counts := map[graph.Status]int{}
	for v := range res.g.n() {
		got, exp := rr.status(int32(v)), want.status(int32(v))
		if got != exp {
			b.Fatalf("node %s: resident run %s, Analyze %s", res.g.ids[v], got, exp)
		}
		counts[got]++
	}
	b.Logf("OFAC on %d nodes: %v", res.g.n(), counts)
}
