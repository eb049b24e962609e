package bods_test

import (
	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/bods"
)

func bodsParseSizes(data string, sizes *[]int) error {
	return bods.ParseBytes("b.json", []byte(data), ingest.ParseOptions{BatchSize: 2}, func(b *graph.Batch) error {
		*sizes = append(*sizes, b.Len())
		return nil
	})
}
