package exposure

// This file is the project's one strongly-connected-components search
// (issue 17 item 6): the look-through solver, the cycle notes of proofs
// and the cycles of `ownex report` (package queries) all use it.

// Components returns the strongly connected components of the directed
// graph on nodes 0..n−1 given as compressed rows: the edges of node i go
// to to[p] for p in off[i]:off[i+1] (len(off) = n+1). The components come
// in reverse topological order of the condensation (every edge leaving a
// component goes to a component listed before it), each with its members
// in the order they leave Tarjan's stack; the result is deterministic.
// Every node is in exactly one component; singletons are included.
func Components(n int, off, to []int32) [][]int32 {
	var s sccScratch
	k := s.components(n, off, to, nil)
	out := make([][]int32, k)
	for c := range k {
		out[c] = s.comp(c)
	}
	return out
}

// sccScratch is the working space of an iterative Tarjan
// strongly-connected-components search over closure-local positions
// (int32, no maps), reused across queries.
type sccScratch struct {
	num, low []int32 // DFS number (0: not visited yet) and low link
	onStack  []bool
	stack    []int32
	frames   []sccFrame
	// The components found, sinks first: members[compOff[c]:compOff[c+1]].
	members []int32
	compOff []int32
}

// sccFrame is one level of the depth-first search: node v, and the next
// of its edges to look at.
type sccFrame struct{ v, next int32 }

// components finds the strongly connected components of the graph on
// positions 0..n−1 whose edges are the p in off[i]:off[i+1] from i to
// to[p] with a[p] > 0 (every edge when a is nil). Like gonum's topo.TarjanSCC it returns them in
// reverse topological order of the condensation (every edge leaving a
// component goes to a component listed before it) and each component's
// members in the order they leave Tarjan's stack. Roots are tried in
// position order and edges in row order, so the result is deterministic.
// The result is valid until the next call; it is the number of
// components, read with comp.
func (s *sccScratch) components(n int, off, to []int32, a []float64) int {
	s.num = resize(s.num, n)
	s.low = resize(s.low, n)
	clear(s.num)
	if cap(s.onStack) < n {
		s.onStack = make([]bool, n)
	}
	s.onStack = s.onStack[:n]
	s.members, s.compOff = s.members[:0], append(s.compOff[:0], 0)
	counter := int32(0)
	for root := range int32(n) {
		if s.num[root] != 0 {
			continue
		}
		counter = s.visit(root, counter, off)
		for len(s.frames) > 0 {
			f := &s.frames[len(s.frames)-1]
			v := f.v
			if f.next < off[v+1] {
				p := f.next
				f.next++
				w := to[p]
				switch {
				case a != nil && a[p] <= 0:
				case s.num[w] == 0:
					counter = s.visit(w, counter, off) // f is stale from here
				case s.onStack[w]:
					s.low[v] = min(s.low[v], s.num[w])
				}
				continue
			}
			s.frames = s.frames[:len(s.frames)-1]
			if s.low[v] == s.num[v] {
				s.pop(v)
			}
			if k := len(s.frames); k > 0 {
				u := s.frames[k-1].v
				s.low[u] = min(s.low[u], s.low[v])
			}
		}
	}
	return len(s.compOff) - 1
}

// visit numbers v, pushes it on Tarjan's stack and starts its frame.
func (s *sccScratch) visit(v, counter int32, off []int32) int32 {
	counter++
	s.num[v], s.low[v] = counter, counter
	s.stack = append(s.stack, v)
	s.onStack[v] = true
	s.frames = append(s.frames, sccFrame{v: v, next: off[v]})
	return counter
}

// pop moves the component rooted at v from the stack to the result.
func (s *sccScratch) pop(v int32) {
	for {
		w := s.stack[len(s.stack)-1]
		s.stack = s.stack[:len(s.stack)-1]
		s.onStack[w] = false
		s.members = append(s.members, w)
		if w == v {
			break
		}
	}
	s.compOff = append(s.compOff, int32(len(s.members)))
}

// comp returns the members of component c of the last components call.
func (s *sccScratch) comp(c int) []int32 { return s.members[s.compOff[c]:s.compOff[c+1]] }

// resize returns a slice of length n, reusing b's array when it can.
func resize(b []int32, n int) []int32 {
	if cap(b) < n {
		return make([]int32, n)
	}
	return b[:n]
}
