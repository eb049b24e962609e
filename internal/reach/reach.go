package reach

import (
	"fmt"
	"slices"
)

// Edges are directed edges as two columns of equal length: From[i] →
// To[i], node indexes in [0, n).
type Edges struct{ From, To []int32 }

// Forward returns, for each of n nodes, whether it is reached from seeds
// (seeds included) along edges. It builds the adjacency of every edge
// first (two int32 per edge and one per node) and walks it once. An index
// outside [0, n) or columns of different lengths are an error.
func Forward(n int, seeds []int32, edges ...Edges) ([]bool, error) {
	off := make([]int32, n+1)
	for _, e := range edges {
		if len(e.From) != len(e.To) {
			return nil, fmt.Errorf("reach: %d edge sources, %d targets", len(e.From), len(e.To))
		}
		for i, u := range e.From {
			if u < 0 || int(u) >= n || e.To[i] < 0 || int(e.To[i]) >= n {
				return nil, fmt.Errorf("reach: edge %d→%d of %d nodes", u, e.To[i], n)
			}
			off[u+1]++
		}
	}
	for v := range n {
		off[v+1] += off[v]
	}
	adj := make([]int32, off[n])
	next := slices.Clone(off[:n])
	for _, e := range edges {
		for i, u := range e.From {
			adj[next[u]] = e.To[i]
			next[u]++
		}
	}
	next = nil
	in := make([]bool, n)
	stack := make([]int32, 0, len(seeds))
	for _, v := range seeds {
		if v < 0 || int(v) >= n {
			return nil, fmt.Errorf("reach: seed %d of %d nodes", v, n)
		}
		if !in[v] {
			in[v] = true
			stack = append(stack, v)
		}
	}
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, w := range adj[off[u]:off[u+1]] {
			if !in[w] {
				in[w] = true
				stack = append(stack, w)
			}
		}
	}
	return in, nil
}
