package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
)

// syntheticVerdicts yields n verdicts, regimes in turn per entity, in the
// proportions of a generated graph's all-regime analysis: most clear, some
// owned or blocked with share bands, a few with flags and open bounds.
func syntheticVerdicts(n int, each func([]graph.Verdict) error) error {
	regimes := []graph.Regime{graph.RegimeOFAC, graph.RegimeUK, graph.RegimeEU}
	statuses := []graph.Status{graph.StatusClear, graph.StatusClear, graph.StatusClear, graph.StatusOwned,
		graph.StatusUndetermined, graph.StatusClear, graph.StatusDesignated}
	flags := [][]graph.Flag{nil, {graph.FlagMinorityExposure}, nil, {graph.FlagControlRisk, graph.FlagRebuttable}}
	buf := make([]graph.Verdict, 0, len(regimes))
	for i := 0; i < n; {
		id := "E" + strconv.Itoa(i/len(regimes))
		buf = buf[:0]
		for _, r := range regimes {
			if i == n {
				break
			}
			lo := graph.Pct(i%101) * graph.PctScale / 2
			buf = append(buf, graph.Verdict{Entity: id, Name: "Company " + id, Party: id, Regime: r,
				Status: statuses[i%len(statuses)], Share: graph.Interval(lo, i%5 == 0, lo+graph.PctScale*3/2, false),
				Votes: graph.Exact(lo), Flags: flags[i%len(flags)]})
			i++
		}
		if err := each(buf); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkVerdictWriters writes OWNEX_BENCH_VERDICTS synthetic verdicts
// (default 1,000,000; the figure of docs/BENCHMARKS.md is 10,000,000),
// every one kept (all), as Parquet and as JSON lines to a file in the
// test's temporary folder, and reports ns/verdict and the file's bytes:
//
//	OWNEX_BENCH_VERDICTS=10000000 go test ./internal/report -run '^$' -bench VerdictWriters -benchtime 1x
func BenchmarkVerdictWriters(b *testing.B) {
	n := 1_000_000
	if s := os.Getenv("OWNEX_BENCH_VERDICTS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("OWNEX_BENCH_VERDICTS=%q: want a positive count", s)
		}
		n = v
	}
	for _, f := range []Format{FormatParquet, FormatJSONL} {
		b.Run(fmt.Sprintf("%s/%d", f, n), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "verdicts."+string(f))
			var size int64
			var took time.Duration
			for b.Loop() {
				out, err := os.Create(path)
				if err != nil {
					b.Fatal(err)
				}
				t0 := time.Now()
				vw := NewVerdictWriter(out, f, nil, true)
				if err := syntheticVerdicts(n, vw.WriteEntity); err != nil {
					b.Fatal(err)
				}
				if err := vw.Close(); err != nil {
					b.Fatal(err)
				}
				if err := out.Close(); err != nil {
					b.Fatal(err)
				}
				took += time.Since(t0)
				st, err := os.Stat(path)
				if err != nil {
					b.Fatal(err)
				}
				size = st.Size()
			}
			b.ReportMetric(float64(took.Nanoseconds())/float64(b.N)/float64(n), "ns/verdict")
			b.ReportMetric(float64(took.Seconds())/float64(b.N), "s/file")
			b.ReportMetric(float64(size), "bytes")
		})
	}
	_ = io.Discard
}
