package idtable

import (
	"strings"
	"unsafe"
)

// Strings numbers distinct non-empty strings in order of first use; the
// empty string is -1. The zero value is not ready: use NewStrings.
type Strings struct {
	index map[string]int32
	strs  []string
}

// NewStrings returns an empty Strings.
func NewStrings() Strings { return Strings{index: map[string]int32{}} }

// ID returns the number of s, numbering it if new.
func (t *Strings) ID(s string) int32 {
	if s == "" {
		return -1
	}
	if i, ok := t.index[s]; ok {
		return i
	}
	i := int32(len(t.strs))
	t.index[s] = i
	t.strs = append(t.strs, s)
	return i
}

// IDBytes is ID of s's bytes; they are copied only when new.
func (t *Strings) IDBytes(s []byte) int32 {
	if len(s) == 0 {
		return -1
	}
	if i, ok := t.index[string(s)]; ok {
		return i
	}
	return t.ID(string(s))
}

// Str returns string i ("" for -1).
func (t *Strings) Str(i int32) string {
	if i < 0 {
		return ""
	}
	return t.strs[i]
}

// All returns the strings in order of their numbers; the caller does not
// change it.
func (t *Strings) All() []string { return t.strs }

// Spans numbers distinct (start, end) pairs of dates; a pair of two empty
// dates is -1. The zero value is not ready: use NewSpans.
type Spans struct {
	Strings
	buf []byte
}

// NewSpans returns an empty Spans.
func NewSpans() Spans { return Spans{Strings: NewStrings()} }

// ID returns the number of the pair (start, end), numbering it if new.
func (t *Spans) ID(start, end []byte) int32 {
	if len(start) == 0 && len(end) == 0 {
		return -1
	}
	t.buf = append(append(append(t.buf[:0], start...), 0), end...)
	return t.IDBytes(t.buf)
}

// Dates returns the start and end of pair i.
func (t *Spans) Dates(i int32) (start, end string) {
	s, e, _ := strings.Cut(t.Str(i), "\x00")
	return s, e
}

// Arena copies byte strings into large chunks and returns strings
// pointing into them: one allocation per chunk instead of one per string.
// A chunk is never written again once a string points into it.
type Arena struct{ cur []byte }

const chunkSize = 1 << 20

// Str returns a string of b's bytes, copied into the arena.
func (a *Arena) Str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > chunkSize/4 {
		return string(b)
	}
	if cap(a.cur)-len(a.cur) < len(b) {
		a.cur = make([]byte, 0, chunkSize)
	}
	start := len(a.cur)
	a.cur = append(a.cur, b...)
	return unsafe.String(&a.cur[start], len(b))
}
