package reach

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestForward: a hand-made graph (a cycle, a node reached twice, an edge
// into a seed, a node that reaches the cone but is not reached), then
// random graphs against a fixed point of "reached if a seed, or an edge's
// target whose source is reached".
func TestForward(t *testing.T) {
	got, err := Forward(7, []int32{0, 5}, Edges{From: []int32{0, 1, 2, 2, 6}, To: []int32{1, 2, 1, 3, 0}},
		Edges{From: []int32{5}, To: []int32{0}})
	if err != nil {
		t.Fatal(err)
	}
	if want := []bool{true, true, true, true, false, true, false}; !slices.Equal(got, want) {
		t.Fatalf("Forward = %v, want %v", got, want)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		n := 1 + rng.IntN(30)
		var e1, e2 Edges
		for range rng.IntN(3 * n) {
			e := &e1
			if rng.IntN(3) == 0 {
				e = &e2
			}
			e.From, e.To = append(e.From, int32(rng.IntN(n))), append(e.To, int32(rng.IntN(n)))
		}
		var seeds []int32
		for range rng.IntN(3) {
			seeds = append(seeds, int32(rng.IntN(n)))
		}
		got, err := Forward(n, seeds, e1, e2)
		if err != nil {
			t.Fatal(err)
		}
		want := make([]bool, n)
		for _, s := range seeds {
			want[s] = true
		}
		for changed := true; changed; {
			changed = false
			for _, e := range []Edges{e1, e2} {
				for i, u := range e.From {
					if want[u] && !want[e.To[i]] {
						want[e.To[i]], changed = true, true
					}
				}
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("n %d seeds %v edges %v %v: Forward = %v, want %v", n, seeds, e1, e2, got, want)
		}
	}
	for _, bad := range []struct {
		seeds []int32
		e     Edges
	}{{[]int32{3}, Edges{}}, {nil, Edges{From: []int32{0}, To: []int32{3}}}, {nil, Edges{From: []int32{0}}}} {
		if _, err := Forward(3, bad.seeds, bad.e); err == nil {
			t.Errorf("Forward(3, %v, %v) took it", bad.seeds, bad.e)
		}
	}
}
