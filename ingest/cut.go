package ingest

import (
	"bufio"
	"io"
)

// A file cut short (a download or a copy that stopped) ends in the middle
// of a line, and what is left of the line can still read as a record: a
// share "2" of "25", a name "Beta Holdi". A line-based file whose last line
// has no line break after it is therefore suspect. RFC 4180 allows such a
// last record, so whether it is refused is the caller's choice.

// NewCutReader returns a buffered reader of r (size bytes of buffer; hand
// it to encoding/csv, which then reads it directly) and cut, which
// reports whether everything of r has been read and r's last byte is not
// a line break: called after a CSV record is read, whether that record is
// the file's last line and was left unterminated.
func NewCutReader(r io.Reader, size int) (br *bufio.Reader, cut func() bool) {
	t := &lastByte{r: r}
	br = bufio.NewReaderSize(t, size)
	return br, func() bool {
		if _, err := br.Peek(1); err != io.EOF {
			return false
		}
		return t.n > 0 && t.last != '\n' && t.last != '\r'
	}
}

// lastByte passes r on and keeps the last byte that went through.
type lastByte struct {
	r    io.Reader
	last byte
	n    int64
}

func (t *lastByte) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 {
		t.last, t.n = p[n-1], t.n+int64(n)
	}
	return n, err
}
