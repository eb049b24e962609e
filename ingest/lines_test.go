package ingest

import (
	"io"
	"strings"
	"testing"
)

// TestOffsetLines: offsets read through OffsetLines map to their lines,
// asked in increasing order, line breaks included on the line they end.
func TestOffsetLines(t *testing.T) {
	l := NewOffsetLines(strings.NewReader("ab\ncd\n\nef"))
	if _, err := io.ReadAll(l); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		off  int64
		line int
	}{{0, 1}, {2, 1}, {3, 2}, {5, 2}, {6, 3}, {7, 4}, {9, 4}} {
		if got := l.LineAt(c.off); got != c.line {
			t.Errorf("offset %d: line %d, want %d", c.off, got, c.line)
		}
	}
}

// TestLineReader: lines without their breaks (CRLF too), a byte-order
// mark dropped from the first, numbered from the first line given, and
// a line over MaxLineBytes consumed as ErrLineTooLong.
func TestLineReader(t *testing.T) {
	long := strings.Repeat("x", MaxLineBytes+3)
	lr := NewLineReader(strings.NewReader("\ufeffa\r\nb\n"+long+"\nc"), 5)
	for _, want := range []string{"a", "b", "", "c"} {
		line, err := lr.Next()
		if want == "" {
			if err != ErrLineTooLong || lr.Line() != 7 {
				t.Fatalf("long line: %v at line %d, want ErrLineTooLong at 7", err, lr.Line())
			}
			continue
		}
		if err != nil || string(line) != want {
			t.Fatalf("line %d: %q, %v; want %q", lr.Line(), line, err, want)
		}
	}
	if lr.Line() != 8 {
		t.Errorf("last line numbered %d, want 8", lr.Line())
	}
	if _, err := lr.Next(); err != io.EOF {
		t.Errorf("after the last line: %v, want EOF", err)
	}
}
