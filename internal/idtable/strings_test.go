package idtable

import "testing"

// TestStrings: numbers in order of first use, -1 for the empty string,
// the same number for the same string given as bytes; Spans split back
// into their dates; the arena's strings keep their bytes.
func TestStrings(t *testing.T) {
	s := NewStrings()
	if s.ID("") != -1 || s.IDBytes(nil) != -1 || s.Str(-1) != "" {
		t.Fatal("the empty string is not -1")
	}
	a, b := s.ID("a"), s.IDBytes([]byte("b"))
	if a != 0 || b != 1 || s.IDBytes([]byte("a")) != 0 || s.Str(1) != "b" || len(s.All()) != 2 {
		t.Fatalf("a %d b %d all %v", a, b, s.All())
	}
	sp := NewSpans()
	if sp.ID(nil, nil) != -1 {
		t.Error("an empty span is not -1")
	}
	i := sp.ID([]byte("2020-01-01"), nil)
	j := sp.ID(nil, []byte("2020-01-01"))
	if i == j || sp.ID([]byte("2020-01-01"), []byte{}) != i {
		t.Errorf("spans %d %d", i, j)
	}
	if st, en := sp.Dates(j); st != "" || en != "2020-01-01" {
		t.Errorf("dates of %d: %q %q", j, st, en)
	}
	var ar Arena
	buf := []byte("abc")
	x := ar.Str(buf)
	buf[0] = 'z'
	if x != "abc" || ar.Str(nil) != "" {
		t.Errorf("arena string %q", x)
	}
}
