package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// MaxLineBytes is the longest line a JSON-lines format (ftm, psc) reads:
// 64 MiB. A longer line is a bad record, consumed without being kept.
const MaxLineBytes = 64 << 20

// ErrLineTooLong is LineReader.Next's error for a line longer than
// MaxLineBytes; the line is consumed, and the next call reads the one
// after it.
var ErrLineTooLong = errors.New("line longer than 64 MiB")

// LineReader reads the physical lines of a JSON-lines file, of any length
// up to MaxLineBytes, without their line break; a UTF-8 byte-order mark
// before the first is dropped.
type LineReader struct {
	br      *bufio.Reader
	buf     []byte
	line    int
	started bool // a line was returned: a byte-order mark is text now
}

// NewLineReader returns a LineReader of r whose first line is numbered
// first.
func NewLineReader(r io.Reader, first int) *LineReader {
	return &LineReader{br: bufio.NewReaderSize(r, 256<<10), line: first - 1}
}

// Line is the number of the line Next returned last.
func (lr *LineReader) Line() int { return lr.line }

// Next returns the next line without its line break (the slice is valid
// until the next call), io.EOF at the end, ErrLineTooLong for a line too
// long, or the reader's error.
func (lr *LineReader) Next() ([]byte, error) {
	lr.buf = lr.buf[:0]
	tooLong := false
	for {
		chunk, err := lr.br.ReadSlice('\n')
		if !tooLong {
			if len(lr.buf)+len(chunk) > MaxLineBytes+2 {
				tooLong = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		if err == io.EOF && len(chunk) == 0 && len(lr.buf) == 0 && !tooLong {
			return nil, io.EOF
		}
		lr.line++
		if tooLong {
			lr.started = true
			return nil, ErrLineTooLong
		}
		line := bytes.TrimRight(lr.buf, "\r\n")
		if !lr.started {
			line = bytes.TrimPrefix(line, []byte("\ufeff"))
		}
		lr.started = true
		return line, nil
	}
}

// OffsetLines passes a reader on to a decoder that reports byte offsets
// (encoding/json's InputOffset, a syntax error's Offset) and turns them
// into line numbers. It keeps the offsets of the line breaks it has
// passed on but not yet been asked about, so its memory stays bounded by
// the decoder's read-ahead.
type OffsetLines struct {
	r    io.Reader
	off  int64
	nls  []int64
	line int // line breaks before the last offset asked about
}

// NewOffsetLines returns an OffsetLines reading r.
func NewOffsetLines(r io.Reader) *OffsetLines { return &OffsetLines{r: r} }

func (l *OffsetLines) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i := 0; i < n; i++ {
		if p[i] == '\n' {
			l.nls = append(l.nls, l.off+int64(i))
		}
	}
	l.off += int64(n)
	return n, err
}

// LineAt returns the 1-based line of byte offset o of what was read; the
// offsets asked about must not decrease from one call to the next.
func (l *OffsetLines) LineAt(o int64) int {
	i := 0
	for i < len(l.nls) && l.nls[i] < o {
		i++
	}
	l.line += i
	l.nls = append(l.nls[:0], l.nls[i:]...)
	return l.line + 1
}
