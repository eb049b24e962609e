package storetest

import (
	"context"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/internal/cputime"
)

// BenchCone compares, on the graph of st (loaded beforehand, left as it
// is), the read of StreamCone with that of StreamSnapshot as of asOf, each
// into an exposure.Builder and then analysed in every regime. Each
// iteration runs both, the cone first (with -benchtime 1x on a server
// just started, its read is a cold one), and reports, per iteration, the wall and CPU
// seconds of this process (the CPU of a database server is not counted)
// of each read (stream into the builder) and of each analysis, the
// numbers of nodes and holdings the builders collected, and the ratio of the
// reads' wall times (snapshot/cone). The first iteration fails when the
// verdicts `ownex analyze` writes (not clear, or with a possible link)
// differ, entity by entity, in any regime.
func BenchCone(b *testing.B, st graph.Store, asOf graph.Date) {
	ctx := context.Background()
	type side struct {
		wall, cpu, aWall, aCPU float64
		ents, holds            int
	}
	var snapS, coneS side
	run := func(sd *side, stream func(graph.SnapshotSink) error) *exposure.Result {
		bl := exposure.NewBuilder(asOf, 0)
		t0, c0 := time.Now(), cpuSeconds(b)
		if err := stream(bl); err != nil {
			b.Fatal(err)
		}
		t1, c1 := time.Now(), cpuSeconds(b)
		sd.ents, sd.holds = bl.Len()
		res, err := bl.Analyze(exposure.Options{AsOf: asOf})
		if err != nil {
			b.Fatal(err)
		}
		sd.wall += t1.Sub(t0).Seconds()
		sd.cpu += c1 - c0
		sd.aWall += time.Since(t1).Seconds()
		sd.aCPU += cpuSeconds(b) - c1
		return res
	}
	for i := range b.N {
		cone := run(&coneS, func(sink graph.SnapshotSink) error { return st.StreamCone(ctx, asOf, nil, sink) })
		full := run(&snapS, func(sink graph.SnapshotSink) error { return st.StreamSnapshot(ctx, asOf, sink) })
		if i == 0 {
			for _, r := range graph.Engines {
				want, got := shown(full, r), shown(cone, r)
				if len(want) != len(got) {
					b.Fatalf("%s: %d verdicts shown from the cone, %d from the whole snapshot", r, len(got), len(want))
				}
				for id, v := range want {
					if !reflect.DeepEqual(got[id], v) {
						b.Fatalf("%s %s: from the cone %+v, from the whole snapshot %+v", r, id, got[id], v)
					}
				}
				b.Logf("%s: %d verdicts shown, identical", r, len(want))
			}
		}
	}
	n := float64(b.N)
	b.ReportMetric(snapS.wall/n, "snapshot-read-s")
	b.ReportMetric(snapS.cpu/n, "snapshot-read-cpu-s")
	b.ReportMetric(coneS.wall/n, "cone-read-s")
	b.ReportMetric(coneS.cpu/n, "cone-read-cpu-s")
	b.ReportMetric(snapS.aWall/n, "snapshot-analyze-s")
	b.ReportMetric(coneS.aWall/n, "cone-analyze-s")
	b.ReportMetric(snapS.wall/coneS.wall, "read-ratio")
	b.ReportMetric(float64(snapS.ents), "snapshot-nodes")
	b.ReportMetric(float64(snapS.holds), "snapshot-holdings")
	b.ReportMetric(float64(coneS.ents), "cone-nodes")
	b.ReportMetric(float64(coneS.holds), "cone-holdings")
}

// BenchAsOf is the date of the benchmarks that read a graph loaded
// beforehand: OWNEX_BENCH_AS_OF, default 2025-06-30.
func BenchAsOf() graph.Date {
	if v, ok := os.LookupEnv("OWNEX_BENCH_AS_OF"); ok {
		return graph.Date(v)
	}
	return "2025-06-30"
}

// cpuSeconds returns the user and system CPU time of this process.
func cpuSeconds(b *testing.B) float64 {
	cpu := cputime.Process()
	if cpu == 0 {
		b.Fatal("the process's CPU time is unknown")
	}
	return cpu.Seconds()
}
