package neo4j_test

import (
	"context"
	"hash/fnv"
	"os"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/neo4j"
	"github.com/ownex/ownex/internal/store/storetest"
)

// digestSink is a graph.SnapshotSink that keeps counts and digests of what
// it is given: the entities as a sequence (their order counts), the
// holdings as a multiset (a sum of row hashes: their order does not).
type digestSink struct {
	entities, holdings, relations int
	entityDigest, holdingDigest   uint64
}

func (d *digestSink) Relations(des []graph.Designation, ctl []graph.Control, same []graph.SameAs) error {
	d.relations = len(des) + len(ctl) + len(same)
	return nil
}

func (d *digestSink) Entity(row graph.EntityRow) error {
	h := fnv.New64a()
	h.Write(row.ID)
	h.Write([]byte{0})
	h.Write(row.Name)
	d.entityDigest = d.entityDigest*1099511628211 ^ h.Sum64()
	d.entities++
	return nil
}

func (d *digestSink) Holding(row *graph.HoldingRow) error {
	h := fnv.New64a()
	for _, b := range [][]byte{row.Owner, row.Owned, []byte(row.Share.String()), []byte(row.Votes.String()),
		row.Arrangement, row.Source, row.Start, row.End} {
		h.Write(b)
		h.Write([]byte{0})
	}
	d.holdingDigest += h.Sum64()
	d.holdings++
	return nil
}

// openBench opens the store at OWNEX_BENCH_NEO4J_URI, loaded beforehand,
// closed at the end of b; it skips b when the variable is unset.
func openBench(b *testing.B) *neo4j.Store {
	uri := os.Getenv("OWNEX_BENCH_NEO4J_URI")
	if uri == "" {
		b.Skip("OWNEX_BENCH_NEO4J_URI unset: the benchmark reads the graph of a Neo4j loaded beforehand")
	}
	st, err := neo4j.Open(context.Background(), neo4j.Config{URI: uri})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// BenchmarkStreamSnapshot reads the whole graph of the Neo4j at
// OWNEX_BENCH_NEO4J_URI (left as it is: load it first, for example with
// `ownex --store neo4j ingest csv` of `ownex gen --entities 1000000 --seed
// 11`) as of OWNEX_BENCH_AS_OF (default 2025-06-30), alternately with the
// read before issue 18 (one session, one statement per kind,
// StreamSnapshotSerial) and with StreamSnapshot (ranges on several
// sessions, lean rows), into a sink that only digests the rows. Each
// iteration times both and fails when they do not hand over the same
// entities in the same order and the same holdings; it reports serial-s,
// parts-s and their ratio (serial/parts).
//
//	OWNEX_BENCH_NEO4J_URI=bolt://127.0.0.1:7741 go test ./internal/store/neo4j -run '^$' -bench StreamSnapshot -benchtime 3x
func BenchmarkStreamSnapshot(b *testing.B) {
	st := openBench(b)
	asOf := storetest.BenchAsOf()
	ctx := context.Background()
	var serialS, partsS float64
	for range b.N {
		var ds, dp digestSink
		t0 := time.Now()
		if err := st.StreamSnapshotSerial(ctx, asOf, &ds); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := st.StreamSnapshot(ctx, asOf, &dp); err != nil {
			b.Fatal(err)
		}
		serialS += t1.Sub(t0).Seconds()
		partsS += time.Since(t1).Seconds()
		if ds != dp {
			b.Fatalf("the reads differ: serial %+v, parts %+v", ds, dp)
		}
		b.Logf("%d entities, %d holdings, %d relations: serial %.2f s, parts %.2f s", dp.entities, dp.holdings,
			dp.relations, t1.Sub(t0).Seconds(), time.Since(t1).Seconds())
	}
	b.ReportMetric(serialS/float64(b.N), "serial-s")
	b.ReportMetric(partsS/float64(b.N), "parts-s")
	b.ReportMetric(serialS/partsS, "serial/parts")
}
