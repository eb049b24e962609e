package exposure

import (
	"runtime"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure/exposuretest"
)

// TestExplainLongChain: the proof of the end of a 100,000-company chain
// (issue 15) names every company once, down to the designation, and is
// built without a deep goroutine stack.
func TestExplainLongChain(t *testing.T) {
	const n = 100000
	res := analyze(t, exposuretest.Chain(n), "2025-06-30")
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for _, reg := range graph.Engines {
		p, err := res.Explain("C99999", reg)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		depth := 0
		for q := p; q != nil; depth++ {
			if seen[q.Entity] {
				t.Fatalf("%s: %s explained twice", reg, q.Entity)
			}
			seen[q.Entity] = true
			if len(q.Holdings) != 1 && q.Status != graph.StatusDesignated {
				t.Fatalf("%s: %s has %d holdings", reg, q.Entity, len(q.Holdings))
			}
			if q.Status == graph.StatusDesignated {
				if q.Entity != "X" || len(q.Designations) == 0 {
					t.Fatalf("%s: chain ends at %+v", reg, q)
				}
				break
			}
			q = q.Holdings[0].OwnerProof
		}
		if depth != n {
			t.Errorf("%s: proof depth %d, want %d", reg, depth, n)
		}
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if stack := after.StackSys; stack > 64<<20 {
		t.Errorf("stack memory %d MB after explaining: the builder recurses", stack>>20)
	}
}
