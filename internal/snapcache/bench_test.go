package snapcache

import (
	"context"
	"runtime"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/internal/cputime"
	"github.com/ownex/ownex/internal/gen"
)

// BenchmarkOFACFromCache1M is baseline (b) of issue 18 counted the way a
// skeptic counts it: the engine's OFAC analysis of gen.Graph(1_000_000, 1)
// including building its graph from the snapshot cache — opening the
// file, reading the designated cone's part (StreamCone) into the engines'
// builder, building the compact graph and running OFAC's fixed points —
// against the warm iterative Cypher fixpoint of
// internal/store/neo4j's BenchmarkOFACCypherFixpoint1M. Writing the
// verdicts out is not counted (nor is it on the Cypher side). The file is
// in the page cache (warm, as Neo4j's is). It checks that every iteration
// gives the statuses that are not clear of Analyze of the whole snapshot,
// and reports the CPU time per analysis (cpu-s/op, every thread: the
// collector's too) beside the wall time.
//
//	go test ./internal/snapcache -run '^$' -bench OFACFromCache1M -count 5
func BenchmarkOFACFromCache1M(b *testing.B) {
	s := gen.Graph(1_000_000, 1)
	want, err := exposure.Analyze(s, exposure.Options{AsOf: gen.AsOf, Regimes: []graph.Regime{graph.RegimeOFAC}})
	if err != nil {
		b.Fatal(err)
	}
	exposed := map[string]graph.Status{} // the statuses that are not clear
	for v := range want.Verdicts(graph.RegimeOFAC) {
		if v.Status != graph.StatusClear {
			exposed[v.Entity] = v.Status
		}
	}
	path, tag := build(b, s)
	s, want = nil, nil
	runtime.GC() // the whole snapshot and its analysis are no heap of the timed work
	ctx := context.Background()
	var res *exposure.Result
	cpu := cputime.Process()
	for b.Loop() {
		c, err := Open(path, tag)
		if err != nil {
			b.Fatal(err)
		}
		bl := exposure.NewBuilder(gen.AsOf, 0)
		if err := c.StreamCone(ctx, gen.AsOf, []graph.Regime{graph.RegimeOFAC}, bl); err != nil {
			b.Fatal(err)
		}
		res, err = bl.Analyze(exposure.Options{AsOf: gen.AsOf, Regimes: []graph.Regime{graph.RegimeOFAC}, Cone: true})
		if err != nil {
			b.Fatal(err)
		}
		c.Close()
	}
	b.StopTimer()
	b.ReportMetric((cputime.Process()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	found := 0
	for v := range res.Verdicts(graph.RegimeOFAC) {
		if v.Status == graph.StatusClear {
			continue
		}
		if exposed[v.Entity] != v.Status {
			b.Fatalf("%s: %s from the cache's cone, %q from the whole snapshot", v.Entity, v.Status, exposed[v.Entity])
		}
		found++
	}
	if found != len(exposed) {
		b.Fatalf("%d entities not clear from the cache's cone, %d from the whole snapshot", found, len(exposed))
	}
	b.ReportMetric(float64(res.Len()), "cone-entities")
	b.Logf("OFAC: %d entities not clear, all found from the cache's cone of %d entities", found, res.Len())
}
