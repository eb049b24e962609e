package ingest

import (
	"fmt"
	"io"
	"os"
	"unicode/utf8"
)

// Text that is not UTF-8.
//
// Every format is read as UTF-8. Run checks each file first (CheckUTF8):
// in strict mode the first line holding a byte sequence that is not UTF-8
// fails the run with a *RowError at that file and line (exit status 2),
// before any load begins; in lenient mode the run goes on and every such
// line is listed in Report.Replaced. The parsers read files through
// NewTextReader (EachFile and WithFile do), which replaces each invalid
// byte with U+FFFD, so that in lenient mode a name holding one is kept
// with the replacement character, never cut or dropped.

// textReader passes on its input with each byte that does not belong to
// a valid UTF-8 sequence replaced by U+FFFD, counting lines, and calls bad
// once for each line that held such a byte.
type textReader struct {
	r    io.Reader
	bad  func(line, col, n int, first byte)
	in   []byte // raw bytes read and not yet converted
	out  []byte // converted bytes not yet returned
	err  error  // the error of r, once seen
	line int    // the line of in[0], 1-based
	col  int    // the byte column of in[0] in its line, 1-based
	// the current line's invalid bytes: count, first column and value
	nbad, badCol int
	badByte      byte
}

// NewTextReader returns a reader of r's bytes in which each byte that is
// not part of a valid UTF-8 sequence is replaced by U+FFFD ("\uFFFD").
func NewTextReader(r io.Reader) io.Reader {
	return &textReader{r: r, line: 1, col: 1}
}

func (t *textReader) Read(p []byte) (int, error) {
	for len(t.out) == 0 {
		if t.err != nil && len(t.in) == 0 {
			t.endLine()
			return 0, t.err
		}
		if t.err == nil {
			buf := make([]byte, 32<<10)
			n, err := t.r.Read(buf)
			t.in = append(t.in, buf[:n]...)
			t.err = err
		}
		t.convert()
	}
	n := copy(p, t.out)
	t.out = t.out[n:]
	return n, nil
}

// convert moves what it can of in to out: all of it once r is at its
// end, else all but an incomplete sequence at its end.
func (t *textReader) convert() {
	i, start := 0, 0
	for i < len(t.in) {
		c := t.in[i]
		if c < utf8.RuneSelf {
			i++
			if c == '\n' {
				t.endLine()
				t.line++
				t.col = 1
			} else {
				t.col++
			}
			continue
		}
		if t.err == nil && !utf8.FullRune(t.in[i:]) {
			break // wait for the rest of the sequence
		}
		r, size := utf8.DecodeRune(t.in[i:])
		if r == utf8.RuneError && size == 1 {
			t.out = append(t.out, t.in[start:i]...)
			t.out = append(t.out, "\uFFFD"...)
			if t.nbad == 0 {
				t.badCol, t.badByte = t.col, c
			}
			t.nbad++
			i++
			t.col++
			start = i
			continue
		}
		i += size
		t.col += size
	}
	t.out = append(t.out, t.in[start:i]...)
	t.in = append(t.in[:0], t.in[i:]...)
}

// endLine reports the current line if it held an invalid byte.
func (t *textReader) endLine() {
	if t.nbad > 0 && t.bad != nil {
		t.bad(t.line, t.badCol, t.nbad, t.badByte)
	}
	t.nbad = 0
}

// CheckUTF8 reads files and returns a *RowError for each line that holds
// a byte sequence that is not UTF-8, in order: the reason names the first
// such byte, its column and how many invalid bytes the line holds (each of
// which a lenient load reads as U+FFFD). With stopAtFirst it stops at the first one.
func CheckUTF8(files []string, stopAtFirst bool) ([]*RowError, error) {
	var bad []*RowError
	for _, name := range files {
		if err := checkFileUTF8(name, stopAtFirst, &bad); err != nil {
			return bad, err
		}
		if stopAtFirst && len(bad) > 0 {
			break
		}
	}
	return bad, nil
}

func checkFileUTF8(name string, stopAtFirst bool, bad *[]*RowError) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	t := &textReader{r: f, line: 1, col: 1}
	stop := false
	t.bad = func(line, col, n int, first byte) {
		if stop {
			return
		}
		*bad = append(*bad, &RowError{File: name, Line: line,
			Reason: fmt.Sprintf("text is not UTF-8: byte 0x%02X at column %d (%d invalid byte(s) on the line)", first, col, n)})
		stop = stopAtFirst
	}
	buf := make([]byte, 32<<10)
	for !stop {
		_, err := t.Read(buf)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

// ReadText reads the whole file name through NewTextReader.
func ReadText(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(NewTextReader(f))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return b, nil
}

// Seek supports only a return to the start, Seek(0, io.SeekStart), of an
// input that is an io.Seeker (as the *os.File of EachFile), for formats
// read in two passes.
func (t *textReader) Seek(offset int64, whence int) (int64, error) {
	s, ok := t.r.(io.Seeker)
	if !ok || offset != 0 || whence != io.SeekStart {
		return 0, fmt.Errorf("text reader: only a seek to the start is supported")
	}
	if _, err := s.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	*t = textReader{r: t.r, bad: t.bad, line: 1, col: 1}
	return 0, nil
}
