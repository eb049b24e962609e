package ingest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/ownex/ownex/graph"
)

// DefaultBatchSize is the number of records per batch when none is given.
const DefaultBatchSize = 5000

// Source parses one input format.
type Source interface {
	// Name is the format name used on the command line, e.g. "csv".
	Name() string
	// Parse reads files and calls emit with batches of records, in an order
	// that the format defines. In strict mode (the default) the first bad
	// record stops the parse with a *RowError; in lenient mode the bad
	// record is passed to opt.Skip and parsing continues. An error returned
	// by emit stops the parse and is returned as is. A batch passed to emit
	// belongs to the callee.
	Parse(ctx context.Context, files []string, opt ParseOptions, emit func(*graph.Batch) error) error
}

// ParseOptions tune a parse.
type ParseOptions struct {
	// Lenient skips bad records (reporting each to Skip) instead of failing.
	Lenient bool
	// BatchSize is the number of records per emitted batch (DefaultBatchSize
	// if <= 0).
	BatchSize int
	// Skip is called with every skipped record in lenient mode; it may be
	// nil.
	Skip func(*RowError)
}

// Size returns the effective batch size.
func (o ParseOptions) Size() int {
	if o.BatchSize <= 0 {
		return DefaultBatchSize
	}
	return o.BatchSize
}

// RowError is bad input: a record (or a header) that cannot be read.
type RowError struct {
	File   string // the file as given to the parser
	Line   int    // physical line number, 1-based; 0 if unknown
	Column string // column (header) name, if the error is about one column
	Record string // the offending record's raw text, shortened; may be empty
	Reason string // what was wrong
	// Rest is set when nothing of File after this error could be read (a
	// syntax error in XML or in a JSON array: the decoder cannot go on),
	// so that a lenient load that skips it says the file was not read to
	// its end (Report.Unread).
	Rest bool
}

// Error formats e as `file:line: column "c": reason`.
func (e *RowError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Column != "" {
		fmt.Fprintf(&b, "column %q: ", e.Column)
	}
	b.WriteString(e.Reason)
	return b.String()
}

// AsRowError returns the *RowError in err's chain, if any.
func AsRowError(err error) (*RowError, bool) {
	var re *RowError
	if errors.As(err, &re) {
		return re, true
	}
	return nil, false
}

// IsRowError reports whether err's chain holds a *RowError (bad input).
func IsRowError(err error) bool {
	_, ok := AsRowError(err)
	return ok
}
