package exposure

import (
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/gen"
)

// benchAnalyzeAll runs all three regimes on a generated graph of n
// entities, generated once outside the timer.
func benchAnalyzeAll(b *testing.B, n int) {
	s := gen.Graph(n, 1)
	if len(s.Entities) < n || len(s.Holdings) < n*3/2 {
		b.Fatalf("generated %d entities, %d holdings", len(s.Entities), len(s.Holdings))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := Analyze(s, Options{AsOf: gen.AsOf})
		if err != nil {
			b.Fatal(err)
		}
		if res.Len() < n {
			b.Fatal("missing verdicts")
		}
	}
	b.StopTimer()
	res, _ := Analyze(s, Options{AsOf: gen.AsOf})
	for _, r := range graph.Engines {
		count := map[graph.Status]int{}
		for v := range res.Verdicts(r) {
			count[v.Status]++
		}
		b.Logf("%s: %v", r, count)
	}
}

func BenchmarkAnalyzeAll100k(b *testing.B) { benchAnalyzeAll(b, 100_000) }

func BenchmarkAnalyzeAll1M(b *testing.B) { benchAnalyzeAll(b, 1_000_000) }
