package cli

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/ownex/ownex/internal/store/sqlite"
	"github.com/ownex/ownex/queries"
)

// BenchmarkScreenRows is BenchmarkScreen10k with OWNEX_BENCH_SCREEN_ROWS
// rows (default 200,000): issue 14's acceptance 3 measures 200,000 rows
// against the acceptance store (57,000 entities), from reading and
// analysing the store to the last row's verdicts, without output:
//
//	OWNEX_BENCH_SCREEN_ROWS=200000 go test ./internal/cli -run '^$' -bench ScreenRows -benchtime 1x
func BenchmarkScreenRows(b *testing.B) {
	n := 200_000
	if s := os.Getenv("OWNEX_BENCH_SCREEN_ROWS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("OWNEX_BENCH_SCREEN_ROWS=%q: want a positive number", s)
		}
		n = v
	}
	benchScreen(b, n)
}

// benchScreen screens n counterparties drawn from the acceptance store
// (counterpartiesCSV) once per iteration, each time with a new screener:
// its match and proof caches start empty.
func benchScreen(b *testing.B, n int) {
	db := buildScreenStore(b, 50_000)
	input, _ := counterpartiesCSV(b, db, n)
	data, err := os.ReadFile(input)
	if err != nil {
		b.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	for b.Loop() {
		s, err := queries.NewScreener(context.Background(), st, queries.ScreenOptions{AsOf: screenAsOf})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.ScreenAll(context.Background(), queries.ReadCounterparties(bytes.NewReader(data), "bench.csv"),
			func(queries.ScreenRow) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
