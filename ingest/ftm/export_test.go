package ftm

import (
	"context"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// ParseBytes parses data as the content of one file called name.
func ParseBytes(name string, data []byte, opt ingest.ParseOptions, emit func(*graph.Batch) error) (Stats, error) {
	return parseReaders(context.Background(), name, data, opt, emit)
}

// ParseDate exposes the date reader.
var ParseDate = parseFtMDate
