package neo4j_test

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ownex/ownex/internal/store/neo4j"
)

// BenchmarkIngestCLI times `ownex --store neo4j ingest csv DIR` — the
// command line, as a user runs it — into the Neo4j at
// OWNEX_BENCH_NEO4J_URI, which it WIPES before every load (point it at a
// server of its own). OWNEX_BENCH_OWNEX is the ownex binary and
// OWNEX_BENCH_CSV the folder of generic CSV files (`ownex gen`). The server
// is warmed first by OWNEX_BENCH_WARM loads (default 1) of the same files,
// untimed. It reports rows/s (the files' data lines per second of the
// command's wall time) and the 1-minute load average before and after
// each timed load (load-before, load-after).
//
//	OWNEX_BENCH_NEO4J_URI=bolt://127.0.0.1:7741 OWNEX_BENCH_OWNEX=/tmp/ownex OWNEX_BENCH_CSV=/tmp/g1m \
//	  go test ./internal/store/neo4j -run '^$' -bench IngestCLI -benchtime 1x -timeout 2h
func BenchmarkIngestCLI(b *testing.B) {
	uri, bin, dir := os.Getenv("OWNEX_BENCH_NEO4J_URI"), os.Getenv("OWNEX_BENCH_OWNEX"), os.Getenv("OWNEX_BENCH_CSV")
	if uri == "" || bin == "" || dir == "" {
		b.Skip("OWNEX_BENCH_NEO4J_URI, OWNEX_BENCH_OWNEX and OWNEX_BENCH_CSV must be set; the server is wiped")
	}
	warm := 1
	if v := os.Getenv("OWNEX_BENCH_WARM"); v != "" {
		var err error
		if warm, err = strconv.Atoi(v); err != nil {
			b.Fatalf("OWNEX_BENCH_WARM=%q: %v", v, err)
		}
	}
	rows := csvRows(b, dir)
	ctx := context.Background()
	st, err := neo4j.Open(ctx, neo4j.Config{URI: uri})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ingest := func() time.Duration {
		if err := st.Wipe(ctx); err != nil {
			b.Fatal(err)
		}
		cmd := exec.Command(bin, "--store", "neo4j", "--neo4j-uri", uri, "ingest", "csv", dir)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		t0 := time.Now()
		if err := cmd.Run(); err != nil {
			b.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out.String())
		}
		return time.Since(t0)
	}
	for i := range warm {
		b.Logf("warm-up load %d: %v", i+1, ingest())
	}
	b.ResetTimer()
	var secs, before, after float64
	for range b.N {
		b.StopTimer()
		l0 := loadAvg(b)
		b.StartTimer()
		d := ingest()
		b.StopTimer()
		l1 := loadAvg(b)
		b.Logf("%d rows in %v: %.0f rows/s; load average %.2f before, %.2f after", rows, d, float64(rows)/d.Seconds(), l0, l1)
		secs, before, after = secs+d.Seconds(), before+l0, after+l1
		b.StartTimer()
	}
	b.StopTimer()
	c, err := st.Counts(ctx)
	if err != nil || c.Entities == 0 {
		b.Fatalf("after the loads: counts %+v, %v", c, err)
	}
	b.ReportMetric(float64(rows)*float64(b.N)/secs, "rows/s")
	b.ReportMetric(before/float64(b.N), "load-before")
	b.ReportMetric(after/float64(b.N), "load-after")
}

// csvRows counts the data lines of the CSV files in dir (lines but the
// header; the generator writes no line breaks inside fields).
func csvRows(b *testing.B, dir string) int {
	files, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no CSV files in %s (%v)", dir, err)
	}
	n := 0
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			n++
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			b.Fatal(err)
		}
		n-- // header
	}
	return n
}

// loadAvg returns the 1-minute load average.
func loadAvg(b *testing.B) float64 {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		b.Fatal(err)
	}
	f, err := strconv.ParseFloat(strings.Fields(string(raw))[0], 64)
	if err != nil {
		b.Fatal(err)
	}
	return f
}
