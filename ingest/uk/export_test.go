package uk

import (
	"bytes"
	"context"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// ParseBytes parses data as the content of one file called name.
func ParseBytes(name string, data []byte, opt ingest.ParseOptions, emit func(*graph.Batch) error) error {
	return parse(context.Background(), name, bytes.NewReader(data), opt, emit)
}
