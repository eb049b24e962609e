package sqlite_test

import (
	"context"
	"os"
	"testing"

	"github.com/ownex/ownex/internal/store/sqlite"
	"github.com/ownex/ownex/internal/store/storetest"
)

// BenchmarkStreamCone compares StreamCone with StreamSnapshot
// (storetest.BenchCone) on the SQLite store OWNEX_BENCH_DB, loaded
// beforehand, as of OWNEX_BENCH_AS_OF (default 2025-06-30):
//
//	ownex gen --entities 1000000 --seed 11 --out /tmp/g1m
//	ownex ingest csv /tmp/g1m --db /tmp/g1m.db
//	OWNEX_BENCH_DB=/tmp/g1m.db go test ./internal/store/sqlite -run '^$' -bench StreamCone -benchtime 3x
func BenchmarkStreamCone(b *testing.B) {
	path := os.Getenv("OWNEX_BENCH_DB")
	if path == "" {
		b.Skip("OWNEX_BENCH_DB unset: the benchmark reads a SQLite store loaded beforehand")
	}
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	storetest.BenchCone(b, st, storetest.BenchAsOf())
}
