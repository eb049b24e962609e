package main

import (
	"fmt"
	"math"
)

// csr returns the edges of lists as compressed rows over nodes 0..n−1
// (the form exposure.Components takes): the edges of node i are
// to[off[i]:off[i+1]], in the order of lists and of each list. With both,
// every edge is also given in reverse, from its end to its start.
func csr(n int, both bool, lists ...[]edge) (off, to []int32, err error) {
	m := 0
	for _, l := range lists {
		m += len(l)
	}
	if both {
		m *= 2
	}
	if m > math.MaxInt32 {
		return nil, nil, fmt.Errorf("%d edges: more than %d", m, math.MaxInt32)
	}
	off = make([]int32, n+1)
	for _, l := range lists {
		for _, e := range l {
			off[e.from+1]++
			if both {
				off[e.to+1]++
			}
		}
	}
	for i := range n {
		off[i+1] += off[i]
	}
	to = make([]int32, m)
	next := make([]int32, n)
	copy(next, off[:n])
	for _, l := range lists {
		for _, e := range l {
			to[next[e.from]] = e.to
			next[e.from]++
			if both {
				to[next[e.to]] = e.from
				next[e.to]++
			}
		}
	}
	return off, to, nil
}
