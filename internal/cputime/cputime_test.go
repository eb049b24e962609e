package cputime

import (
	"testing"
	"time"
)

// TestProcessGrows: busy work shows as CPU time.
func TestProcessGrows(t *testing.T) {
	start := Process()
	x := 0
	for deadline := time.Now().Add(50 * time.Millisecond); time.Now().Before(deadline); {
		x++
	}
	if used := Process() - start; used <= 0 || x == 0 {
		t.Fatalf("50 ms of work used %v of CPU time", used)
	}
}
