package report

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"

	"github.com/ownex/ownex/graph"
)

// Parquet outputs (issue 18 item 4) share the conventions of this file:
//
//   - every file is written by a parquet.GenericWriter of one row struct,
//     whose `parquet` tags are the file's schema and whose column names
//     are those of the JSON lines and CSV outputs;
//   - rows are buffered parquetBatch at a time and cut into row groups of
//     ParquetRowGroup rows: memory holds at most one row group's pages,
//     never the whole file;
//   - pages are snappy-compressed (every Parquet reader has snappy);
//   - percentages (graph.Pct) are DECIMAL(18,6): the exact millionths of
//     a percent as an INT64 with scale 6, so 25.5 % reads back as 25.5
//     exactly; each bound comes with its openness as a boolean
//     (<x>_min_open, <x>_max_open);
//   - dates are the DATE logical type (days since 1970-01-01), null when
//     not given; a text that is not a valid date is an error, never a
//     zero date;
//   - a field that may be absent (possible_status, a holding's ref) is an
//     optional column, null when absent.
const (
	// ParquetRowGroup is the number of rows per row group (DuckDB's own
	// row group size is 122,880).
	ParquetRowGroup = 128 * 1024
	// parquetBatch is the number of rows handed to the writer at once.
	parquetBatch = 1024
)

// pqWriter buffers rows of type T and writes them in batches to a
// parquet.GenericWriter. Close writes the footer; it does not close the
// io.Writer.
type pqWriter[T any] struct {
	w    *parquet.GenericWriter[T]
	buf  []T
	what string // for errors: "verdicts", "entities", ...
}

func newPQWriter[T any](w io.Writer, what string) *pqWriter[T] {
	return &pqWriter[T]{
		w: parquet.NewGenericWriter[T](w,
			parquet.Compression(&snappy.Codec{}),
			parquet.MaxRowsPerRowGroup(ParquetRowGroup),
			parquet.CreatedBy("ownex", "", "")),
		buf:  make([]T, 0, parquetBatch),
		what: what,
	}
}

// add appends a row, writing the batch when it is full.
func (p *pqWriter[T]) add(row T) error {
	p.buf = append(p.buf, row)
	if len(p.buf) == cap(p.buf) {
		return p.flush()
	}
	return nil
}

func (p *pqWriter[T]) flush() error {
	if len(p.buf) == 0 {
		return nil
	}
	if _, err := p.w.Write(p.buf); err != nil {
		return fmt.Errorf("write parquet %s: %w", p.what, err)
	}
	clear(p.buf) // drop the references to the rows' strings
	p.buf = p.buf[:0]
	return nil
}

// Close writes the buffered rows and the file's footer.
func (p *pqWriter[T]) Close() error {
	if err := p.flush(); err != nil {
		return err
	}
	if err := p.w.Close(); err != nil {
		return fmt.Errorf("write parquet %s: %w", p.what, err)
	}
	return nil
}

// pqDate converts a date to the DATE logical type: nil for the empty
// Date, an error for a text that is not YYYY-MM-DD.
func pqDate(d graph.Date) (*int32, error) {
	if d == "" {
		return nil, nil
	}
	t, err := time.Parse(graph.DateLayout, string(d))
	if err != nil {
		return nil, fmt.Errorf("bad date %q: want YYYY-MM-DD", d)
	}
	// Midnight UTC: the Unix time is a whole number of days (negative
	// before 1970); time.Sub would saturate after 2262 (9999-12-31).
	days := int32(t.Unix() / 86400)
	return &days, nil
}

// pqJSON encodes v for an optional JSON column: nil (null) for an empty
// slice.
func pqJSON[E any](v []E) ([]byte, error) {
	if len(v) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("write parquet: encode %T: %w", v, err)
	}
	return b, nil
}
