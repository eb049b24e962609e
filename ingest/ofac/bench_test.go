package ofac_test

import (
	"context"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/ofac"
)

// BenchmarkParseSDN2019 parses the full January 2019 SDN list (all four
// files, 7,379 records).
func BenchmarkParseSDN2019(b *testing.B) {
	files := sample(dir2019, "sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
	src := ofac.NewSDN()
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		err := src.Parse(context.Background(), files, ingest.ParseOptions{}, func(bt *graph.Batch) error { n += len(bt.Entities); return nil })
		if err != nil || n != 7379 {
			b.Fatal(n, err)
		}
	}
}
