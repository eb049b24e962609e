package psc

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

// ParseCount parses files and returns the number of records of each kind
// (data.kind, or "company-data").
func ParseCount(files []string, opt ingest.ParseOptions, emit func(*graph.Batch) error) (map[string]int, error) {
	p := newParser(context.Background(), opt, emit)
	if err := ingest.EachFile(context.Background(), files, p.parse); err != nil {
		return p.counts, err
	}
	return p.counts, p.Flush()
}

// ParseNature exposes the natures_of_control parser.
func ParseNature(code string) (share, votes graph.Range, holding bool, bases []graph.Basis, ok bool) {
	n, ok := parseNature(code)
	if !ok {
		return
	}
	share, votes, holding, bases = interests([]nature{n})
	return share, votes, holding, bases, true
}
