package eu

import (
	"bytes"
	"context"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// ParseBytes parses data as the content of one file called name.
func ParseBytes(name string, data []byte, opt ingest.ParseOptions, emit func(*graph.Batch) error) error {
	p := newParser(context.Background(), opt, emit)
	if err := p.parse(name, bytes.NewReader(data)); err != nil {
		return err
	}
	return p.Flush()
}

var Latin = latin
