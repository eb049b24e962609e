package baseline

import (
	"os"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/internal/cputime"
	"github.com/ownex/ownex/internal/gen"
)

// big1M is gen.Graph(1_000_000, 1), generated once per process and shared
// by every benchmark of the package (the graph of
// graph/exposure/bench_test.go's BenchmarkAnalyzeAll1M).
var big1M struct {
	once sync.Once
	s    *graph.Snapshot
}

func snapshot1M(b *testing.B) *graph.Snapshot {
	big1M.once.Do(func() {
		start := time.Now()
		big1M.s = gen.Graph(1_000_000, 1)
		b.Logf("gen.Graph(1_000_000, 1): %d entities, %d holdings, %d control edges, %d designations in %v",
			len(big1M.s.Entities), len(big1M.s.Holdings), len(big1M.s.Controls), len(big1M.s.Designations),
			time.Since(start).Round(time.Millisecond))
	})
	if s := big1M.s; len(s.Entities) < 1_000_000 || len(s.Holdings) < 1_500_000 {
		b.Fatalf("generated %d entities, %d holdings", len(s.Entities), len(s.Holdings))
	}
	return big1M.s
}

// verified1M guards the one comparison of every verdict on the 1M graph.
var verified1M sync.Once

// BenchmarkAnalyze1M times, on the same gen.Graph(1_000_000, 1) in memory,
// exposure.Analyze ("engine": compact CSR graph) and this package's
// Analyze ("gonum-simple": gonum's map-based simple.WeightedDirectedGraph),
// each iteration building its graph from the snapshot and running the
// definite and the possible fixpoint of OFAC, UK and EU (regimes
// concurrently in both). Before timing, once per process, it checks that
// both give the same status to every entity under every regime.
//
// Besides ns/op, B/op and allocs/op, each sub-benchmark reports, from one
// extra untimed iteration: peak-heap-MiB, the largest heap in use
// (runtime/metrics /memory/classes/heap/objects:bytes, sampled every
// millisecond, live and not yet swept objects) above the heap before the
// call; and live-MiB, the heap still reachable from the result after a
// GC (the analysis graph and statuses the caller keeps); and cpu-s/op,
// the process's user and system CPU time per iteration (getrusage; both
// analyses use several goroutines, so it can exceed the wall time), less
// sensitive than ns/op to other jobs on a shared machine.
// OWNEX_BENCH_NOVERIFY=1 skips the comparison (for profiling runs).
//
//	go test ./internal/baseline -run '^$' -bench Analyze1M -benchmem -count 3
func BenchmarkAnalyze1M(b *testing.B) {
	s := snapshot1M(b)
	if os.Getenv("OWNEX_BENCH_NOVERIFY") == "1" { // profiling runs
		verified1M.Do(func() { b.Log("OWNEX_BENCH_NOVERIFY=1: verdicts not compared") })
	}
	verified1M.Do(func() {
		start := time.Now()
		counts := compareAll(b, s, gen.AsOf)
		b.Logf("verdicts compared for %d entities x 3 regimes in %v: engine statuses %v",
			len(s.Entities), time.Since(start).Round(time.Millisecond), counts)
		runtime.GC()
	})
	if b.Failed() {
		b.FailNow()
	}
	b.Run("engine", func(b *testing.B) {
		benchAnalysis(b, func() (any, error) { return exposure.Analyze(s, exposure.Options{AsOf: gen.AsOf}) })
	})
	b.Run("gonum-simple", func(b *testing.B) {
		benchAnalysis(b, func() (any, error) { return Analyze(s, gen.AsOf) })
	})
}

// benchAnalysis times analyze and reports its peak and retained heap.
func benchAnalysis(b *testing.B, analyze func() (any, error)) {
	runtime.GC()
	b.ReportAllocs()
	cpu := cputime.Process()
	for b.Loop() {
		if _, err := analyze(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric((cputime.Process()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	peak, live := heapOf(analyze)
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	b.ReportMetric(float64(live)/(1<<20), "live-MiB")
}

// heapOf runs f once and returns the peak heap in use while it ran and the
// heap retained by its result, both above the heap in use before it.
func heapOf(f func() (any, error)) (peak, live uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	runtime.GC()
	base := read()
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		top := base
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			top = max(top, read())
			select {
			case <-stop:
				done <- max(top, read())
				return
			case <-tick.C:
			}
		}
	}()
	res, _ := f()
	close(stop)
	top := <-done
	runtime.GC()
	after := read()
	runtime.KeepAlive(res)
	return sub(top, base), sub(after, base)
}

func sub(a, b uint64) uint64 {
	if a < b {
		return 0
	}
	return a - b
}
