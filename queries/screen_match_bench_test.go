package queries

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/gen"
)

// entitySlice lists entities from memory.
type entitySlice []graph.Entity

func (s entitySlice) Entities(ctx context.Context, each func(graph.Entity) error) error {
	for _, e := range s {
		if err := each(e); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkMatchIndex builds the match index of the generated graph's
// entities (300,000, or OWNEX_BENCH_MATCH_ENTITIES), listed from memory
// (no store's read). It reports live-MB: the heap a finished index holds
// (runtime.GC and HeapAlloc around a build before the timed ones).
func BenchmarkMatchIndex(b *testing.B) {
	n := 300_000
	if v := os.Getenv("OWNEX_BENCH_MATCH_ENTITIES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			b.Fatalf("OWNEX_BENCH_MATCH_ENTITIES=%q: want a positive number", v)
		}
	}
	ents := entitySlice(gen.Graph(n, 11).Entities)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m, err := NewMatchIndex(context.Background(), ents)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(m)
	for b.Loop() { // the timer starts here
		if _, err := NewMatchIndex(context.Background(), ents); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "live-MB")
}
