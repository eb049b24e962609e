package ofac

import (
	"context"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// ParseData parses in-memory files: names[i] and data[i] are the SDN (or
// CONS_PRIM), ADD, ALT and COMMENTS files; an empty name means absent.
func ParseData(consolidated bool, names [4]string, data [4][]byte, opt ingest.ParseOptions, emit func(*graph.Batch) error) (Stats, error) {
	l := sdnList
	if consolidated {
		l = consList
	}
	return l.parse(context.Background(), names, data, opt, emit)
}
