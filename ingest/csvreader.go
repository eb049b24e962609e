package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
)

// MaxRecordBytes is the longest CSV record CSVReader reads: 4 MiB. A
// longer one is almost always a quote that opens a field and never
// closes, which makes the rest of the file one field; it is reported
// once this much is read, not after the whole file is in memory.
const MaxRecordBytes = 4 << 20

// ErrRecordTooLong is the Err of the *csv.ParseError CSVReader returns
// for a record longer than MaxRecordBytes.
var ErrRecordTooLong = errors.New("record longer than 4 MiB")

// csvBuffer is the size of CSVReader's read buffer.
const csvBuffer = 64 << 10

// CSVReader reads the records of one CSV file with encoding/csv (any
// number of fields per record, the record slice reused, a leading UTF-8
// byte-order mark skipped), and adds to it:
//
//   - Cut: whether the record read last is the file's last line, left
//     without a line break. A file cut short (a download or a copy that
//     stopped) ends in the middle of a line, and what is left of the line
//     can still read as a record: a share "2" of "25", a name "Beta
//     Holdi". RFC 4180 allows such a last record, so whether it is
//     refused is the caller's choice;
//   - a bound: a record longer than MaxRecordBytes is a *csv.ParseError
//     with ErrRecordTooLong;
//   - Recover: after a record that fails across lines (a *csv.ParseError
//     whose StartLine is before its Line, or a record too long), reading
//     goes on at the line after the one the record started on. Without
//     it, encoding/csv goes on after the line where it noticed the
//     error: a quote that opens a field and never closes takes the rest
//     of the file with it, and a lenient load that skips the record
//     skips every line after it.
//
// Lines and offsets (the errors', FieldPos, InputOffset) count from the
// start of the file, across resyncs.
type CSVReader struct {
	last  *lastByte // the file, keeping its last byte
	tee   *recordTee
	br    *bufio.Reader
	cr    *csv.Reader
	comma rune
	lazy  bool // encoding/csv's LazyQuotes

	lines  int   // lines of the file before cr's first
	offset int64 // bytes of the file before cr's first

	start int64 // offset of the next record
	line  int   // line of the next record
	// failStart and failLine locate the record that failed last, for
	// resync; failStart < 0 when there is none to resync from.
	failStart int64
	failLine  int
}

// NewCSVReader returns a CSVReader of r with the field separator comma
// (0 for ',').
func NewCSVReader(r io.Reader, comma rune) *CSVReader {
	c := &CSVReader{last: &lastByte{r: r}, comma: comma, line: 1, failStart: -1}
	c.tee = &recordTee{r: c.last}
	c.br = bufio.NewReaderSize(c.tee, csvBuffer)
	if b, err := c.br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		c.br.Discard(3)
		c.offset, c.start = 3, 3
	}
	c.cr = c.newCSV()
	return c
}

func (c *CSVReader) newCSV() *csv.Reader {
	cr := csv.NewReader(c.br)
	if c.comma != 0 {
		cr.Comma = c.comma
	}
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	cr.LazyQuotes = c.lazy
	return cr
}

// LazyQuotes reads quotes as encoding/csv's LazyQuotes does (a quote in
// a field is kept as text; a quoted field ends at a quote followed by the
// separator or a line break), for files that publish bare quotes; before
// the first Read. A quote never closed then raises no error to resync
// from: only the bound on a record's length catches it.
func (c *CSVReader) LazyQuotes() {
	c.lazy = true
	c.cr.LazyQuotes = true
}

// Read returns the next record, io.EOF at the end, or an error: a
// *csv.ParseError (lines counted from the file's start) for a malformed
// or too long record, after which Read goes on with the next record
// (call Recover first), or the file's read error.
func (c *CSVReader) Read() ([]string, error) {
	c.tee.mark = c.start
	c.failStart = -1
	rec, err := c.cr.Read()
	if errors.Is(err, errTeeTooLong) {
		// encoding/csv is in the middle of the record: only resync goes on.
		c.failStart, c.failLine = c.start, c.line
		return nil, &csv.ParseError{StartLine: c.line, Line: c.line + c.tee.newlines(c.start, c.tee.total), Err: ErrRecordTooLong}
	}
	var pe *csv.ParseError
	if err != nil && !errors.As(err, &pe) {
		return nil, err // the file's read error
	}
	end := c.InputOffset()
	lines := c.tee.newlines(c.start, end)
	switch {
	case err == nil && end-c.start > MaxRecordBytes:
		last := c.line + lines - 1 // the record's last line ends in a line break
		if c.tee.buf[end-c.tee.base-1] != '\n' {
			last++ // or is the file's last, without one
		}
		err = &csv.ParseError{StartLine: c.line, Line: last, Err: ErrRecordTooLong}
		rec = nil
		c.failStart, c.failLine = c.start, c.line
	case pe != nil:
		e := *pe
		e.StartLine += c.lines
		e.Line += c.lines
		if e.StartLine < e.Line {
			c.failStart, c.failLine = c.start, c.line
		}
		err = &e
	}
	c.line += lines
	c.start = end
	return rec, err
}

// resync makes the next Read start at the line after the first line of
// the record that failed last, when it failed across lines or was too
// long (see Read); otherwise it does nothing. It reports whether it
// moved.
func (c *CSVReader) resync() (bool, error) {
	if c.failStart < 0 {
		return false, nil
	}
	from := c.failStart
	c.failStart = -1
	kept := c.tee.since(from)
	var rest []byte
	if i := bytes.IndexByte(kept, '\n'); i >= 0 {
		from += int64(i) + 1
		rest = bytes.Clone(kept[i+1:])
	} else {
		// The record's first line goes on past what was read: skip the
		// rest of it in the file.
		n, after, err := skipLine(c.tee.r)
		if err != nil {
			return false, err
		}
		from += int64(len(kept)) + n
		rest = after
	}
	src := io.MultiReader(bytes.NewReader(rest), c.tee.r)
	c.tee = &recordTee{r: src, total: from, base: from, mark: from}
	c.br = bufio.NewReaderSize(c.tee, csvBuffer)
	c.cr = c.newCSV()
	c.lines, c.offset = c.failLine, from
	c.line, c.start = c.failLine+1, from
	return true, nil
}

// Recover readies the next Read after err, an error of Read that the
// caller has reported and skips (a lenient load): after a
// *csv.ParseError it resyncs when the record failed across lines or was
// too long (resync), and otherwise encoding/csv has already moved past
// it; it returns nil, or the error that stops the file: err itself when
// it is the file's read error (nothing to move past), or resync's.
func (c *CSVReader) Recover(err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	_, err = c.resync()
	return err
}

// skipLine reads r up to and including its next line break (or its end);
// it returns the bytes up to the line break and those read after it.
func skipLine(r io.Reader) (n int64, after []byte, err error) {
	var b [4096]byte
	for {
		k, err := r.Read(b[:])
		if i := bytes.IndexByte(b[:k], '\n'); i >= 0 {
			return n + int64(i) + 1, bytes.Clone(b[i+1 : k]), nil
		}
		n += int64(k)
		if err == io.EOF {
			return n, nil, nil
		}
		if err != nil {
			return n, nil, err
		}
	}
}

// FieldPos is encoding/csv's, counted from the file's first line.
func (c *CSVReader) FieldPos(field int) (line, column int) {
	line, column = c.cr.FieldPos(field)
	return line + c.lines, column
}

// InputOffset is the byte offset in the file of the end of the record
// read last.
func (c *CSVReader) InputOffset() int64 { return c.offset + c.cr.InputOffset() }

// Cut reports whether the whole file has been read and its last byte is
// not a line break: called after a record is read, whether that record is
// the file's last line and was left unterminated.
func (c *CSVReader) Cut() bool {
	if _, err := c.br.Peek(1); err != io.EOF {
		return false
	}
	return c.last.n > 0 && c.last.last != '\n' && c.last.last != '\r'
}

// errTeeTooLong is what recordTee returns once the record being read is
// longer than MaxRecordBytes and the read buffer.
var errTeeTooLong = errors.New("ingest: record too long")

// recordTee passes r on and keeps what went through since mark, the
// offset of the record being read, so that resync can read it again.
type recordTee struct {
	r     io.Reader
	buf   []byte // bytes from base to total
	base  int64
	total int64
	mark  int64
}

func (t *recordTee) Read(p []byte) (int, error) {
	if t.total-t.mark > MaxRecordBytes+csvBuffer {
		return 0, errTeeTooLong
	}
	if dead := t.mark - t.base; dead > 1<<20 && dead > int64(len(t.buf))/2 {
		t.buf = append(t.buf[:0], t.buf[dead:]...)
		t.base = t.mark
	}
	n, err := t.r.Read(p)
	t.buf = append(t.buf, p[:n]...)
	t.total += int64(n)
	return n, err
}

// since returns the bytes kept from offset from on.
func (t *recordTee) since(from int64) []byte { return t.buf[from-t.base:] }

// newlines counts the line breaks between offsets from and to.
func (t *recordTee) newlines(from, to int64) int {
	return bytes.Count(t.buf[from-t.base:to-t.base], []byte{'\n'})
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
