package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/ownex/ownex/ingest"
	csvsrc "github.com/ownex/ownex/ingest/csv"
	"github.com/ownex/ownex/internal/gen"
	"github.com/ownex/ownex/internal/store/sqlite"
)

// benchEntities is the size of the generated graph of BenchmarkIngestCSV:
// 100,000 entities, or OWNEX_BENCH_INGEST_ENTITIES (1000000 for the figure
// of docs/BENCHMARKS.md, "SQLite ingest").
func benchEntities(b *testing.B) int {
	n := 100_000
	if v := os.Getenv("OWNEX_BENCH_INGEST_ENTITIES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 2 {
			b.Fatalf("OWNEX_BENCH_INGEST_ENTITIES=%q: want a number of entities", v)
		}
	}
	return n
}

// BenchmarkIngestCSV times ingest.Run of the generic CSV source (strict
// mode, as `ownex ingest csv`) on the files that `ownex gen` writes for
// gen.Graph(n, 1), into a new store ("new") and, a second time, into the
// store that already holds them ("again": every row an upsert). The files
// are written once, outside the timer; each iteration opens a fresh
// database file. It reports rows/s (CSV data rows over the iteration's
// wall time, opening the store included).
func BenchmarkIngestCSV(b *testing.B) {
	n := benchEntities(b)
	dir := b.TempDir()
	g := gen.Graph(n, 1)
	rows := len(g.Entities) + len(g.Holdings) + len(g.Controls) + len(g.Designations)
	if err := gen.WriteCSV(g, dir); err != nil {
		b.Fatal(err)
	}
	g = nil
	files, err := ingest.ExpandFiles([]string{dir}, "csv")
	if err != nil {
		b.Fatal(err)
	}
	// A context that can be cancelled, as the command's (signal.NotifyContext).
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	run := func(b *testing.B, path string) {
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		rep, err := ingest.Run(ctx, s, csvsrc.New(), files, ingest.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if got := rep.Counts.Entities + rep.Counts.Holdings + rep.Counts.Controls + rep.Counts.Designations; got != rows {
			b.Fatalf("loaded %d rows, want %d", got, rows)
		}
	}
	b.Run("new", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			run(b, filepath.Join(b.TempDir(), "new"+strconv.Itoa(i)+".db"))
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("again", func(b *testing.B) {
		path := filepath.Join(b.TempDir(), "again.db")
		b.StopTimer()
		run(b, path)
		b.StartTimer()
		for b.Loop() {
			run(b, path)
		}
		b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}
