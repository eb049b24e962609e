package exposure

import (
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/gen"
)

// benchAnalyzeAll runs all three regimes on a generated graph of n
// entities, generated once outside the timer.
func benchAnalyzeAll(b *testing.B, n int) { benchAnalyze(b, n, false) }

// benchAnalyze is benchAnalyzeAll; with open, a third of the holdings get
// an open lower bound (docs/SHARES.md), so that the open-bound counters
// are allocated and used.
func benchAnalyze(b *testing.B, n int, open bool) {
	s := gen.Graph(n, 1)
	if open {
		for i := range s.Holdings {
			if h := &s.Holdings[i]; i%3 == 0 && h.Share.Lo < graph.Hundred {
				h.Share.Hi = max(h.Share.Hi, h.Share.Lo+1)
				h.Share.LoOpen = true
				h.Votes = h.Share
			}
		}
	}
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

func BenchmarkAnalyzeAll1MOpen(b *testing.B) { benchAnalyze(b, 1_000_000, true) }

// BenchmarkPossibleLinks1M is issue 13's cost of the third run: the 1M
// generated graph analysed (all regimes) without and with possible links
// on 1 % of its entities (gen.PossibleLinks, half of them to designated
// entities). The ratio with/without is the figure of docs/BENCHMARKS.md.
func BenchmarkPossibleLinks1M(b *testing.B) {
	s := gen.Graph(1_000_000, 1)
	links := gen.PossibleLinks(s, 0.01, 1)
	for _, tc := range []struct {
		name string
		same []graph.SameAs
	}{{"without", nil}, {"with", links}} {
		b.Run(tc.name, func(b *testing.B) {
			s.SameAs = tc.same
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Analyze(s, Options{AsOf: gen.AsOf}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			res, _ := Analyze(s, Options{AsOf: gen.AsOf})
			for _, r := range graph.Engines {
				count := map[graph.Flag]int{}
				for v := range res.Verdicts(r) {
					for _, f := range v.Flags {
						if f == graph.FlagPossiblyExposed || f == graph.FlagPossiblySameAs {
							count[f]++
						}
					}
				}
				b.Logf("%s: %d links, %v", r, len(tc.same), count)
			}
		})
	}
}
