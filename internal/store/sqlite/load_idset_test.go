package sqlite

import (
	"strconv"
	"strings"
	"testing"
)

func TestIDSet(t *testing.T) {
	s := newIDSet(1 << 20)
	const n = 200_000
	for i := range n {
		id := "gen:" + strconv.Itoa(i)
		if s.has(id) {
			t.Fatalf("has(%q) before add", id)
		}
		if !s.add(id) {
			t.Fatalf("add(%q) = false", id)
		}
		if !s.add(id) || s.len() != i+1 {
			t.Fatalf("second add(%q): len %d, want %d", id, s.len(), i+1)
		}
	}
	for i := range n {
		if id := "gen:" + strconv.Itoa(i); !s.has(id) {
			t.Fatalf("has(%q) = false after %d adds", id, n)
		}
		if id := "gen:x" + strconv.Itoa(i); s.has(id) {
			t.Fatalf("has(%q) = true, never added", id)
		}
	}
	// Ids the set does not hold: the empty one and long ones.
	long := strings.Repeat("x", maxSetID+1)
	if s.add("") || s.has("") || s.add(long) || s.has(long) {
		t.Errorf("empty or %d-byte id held", len(long))
	}
	if exact := strings.Repeat("y", maxSetID); !s.add(exact) || !s.has(exact) {
		t.Errorf("%d-byte id not held", maxSetID)
	}
}

func TestIDSetFull(t *testing.T) {
	s := newIDSet(3)
	for _, id := range []string{"a", "b", "c"} {
		if !s.add(id) {
			t.Fatalf("add(%q) = false", id)
		}
	}
	if !s.full() || s.add("d") || s.has("d") || !s.add("a") {
		t.Errorf("full set: full %v, add(d) or has(d) true, or add(a) false", s.full())
	}
}
