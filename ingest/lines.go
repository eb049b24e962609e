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
	br   *bufio.Reader
	buf  []byte
	line int
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
			return nil, ErrLineTooLong
		}
		line := bytes.TrimRight(lr.buf, "\r\n")
		if lr.line == 1 {
			line = bytes.TrimPrefix(line, []byte("\ufeff"))
		}
		return line, nil
	}
}
