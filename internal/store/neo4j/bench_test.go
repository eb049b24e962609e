package neo4j_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/neo4j"
	"github.com/ownex/ownex/internal/store/neo4j/neo4jtest"
)

// holdingsBatch returns n holdings among n/4 companies, every (owner,
// owned) pair distinct.
func holdingsBatch(n int) *graph.Batch {
	ents := n / 4
	b := &graph.Batch{}
	for i := range ents {
		b.Entities = append(b.Entities, graph.Entity{ID: fmt.Sprintf("b%d", i), Name: fmt.Sprintf("Bench %d", i), Kind: graph.KindCompany})
	}
	for i := range n {
		o := i % ents
		s := graph.Exact(graph.Pct(1+i%40) * graph.PctScale)
		b.Holdings = append(b.Holdings, graph.Holding{Owner: fmt.Sprintf("b%d", o), Owned: fmt.Sprintf("b%d", (o+1+i/ents)%ents),
			Share: s, Votes: s, Provenance: graph.Provenance{Source: "bench", Record: fmt.Sprint(i)}})
	}
	return b
}

// BenchmarkLoadHoldings loads OWNEX_BENCH_HOLDINGS (default 200,000)
// holdings into the real Neo4j, once with UNWIND batches and once with one
// MERGE statement and transaction per row, and reports rows/s for each.
//
//	make neo4j-bench
func BenchmarkLoadHoldings(b *testing.B) {
	n := 200_000
	if testing.Short() {
		n = 20_000
	}
	batch := holdingsBatch(n)
	rows := float64(len(batch.Holdings) + len(batch.Entities))
	for _, mode := range []struct {
		name   string
		perRow bool
	}{{"batched", false}, {"per-row", true}} {
		b.Run(mode.name, func(b *testing.B) {
			ctx := context.Background()
			wipe := neo4jtest.Open(b) // lock the server for the whole sub-benchmark
			cfg := neo4jtest.Config(b)
			cfg.BatchSize = 0 // the store's default batch size
			open := neo4j.Open
			if mode.perRow {
				open = neo4j.OpenPerRow
			}
			st, err := open(ctx, cfg)
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			warmUp(b, st, wipe)
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				if err := wipe.Wipe(ctx); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				t0 := time.Now()
				load(b, st, batch)
				b.ReportMetric(rows/time.Since(t0).Seconds(), "rows/s")
				b.StopTimer()
				c, err := st.Counts(ctx)
				if err != nil || c.Holdings != len(batch.Holdings) {
					b.Fatalf("loaded %+v, %v", c, err)
				}
			}
		})
	}
}

func load(b *testing.B, st *neo4j.Store, batch *graph.Batch) {
	b.Helper()
	ctx := context.Background()
	l, err := st.Begin(ctx, graph.LoadMeta{Source: "bench", Format: "bench", Started: time.Now()})
	if err != nil {
		b.Fatal(err)
	}
	if err := l.Write(ctx, batch); err != nil {
		b.Fatal(err)
	}
	if err := l.Commit(ctx, graph.Counts{Holdings: len(batch.Holdings)}, 0); err != nil {
		b.Fatal(err)
	}
}

// warmUp loads a small graph a few times and wipes it, so that the timed
// loads do not pay for Cypher planning, JIT compilation and a cold page
// cache. The caller holds the server's test lock.
func warmUp(b *testing.B, st, wipe *neo4j.Store) {
	b.Helper()
	for range 3 {
		load(b, st, holdingsBatch(20_000))
	}
	if err := wipe.Wipe(context.Background()); err != nil {
		b.Fatal(err)
	}
}
