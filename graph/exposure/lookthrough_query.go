package exposure

import (
	"fmt"
	"slices"
	"strings"
)

// ltScratch is the working space of one look-through query: node-sized
// visit stamps, and the target's upstream closure with its holdings in
// closure-local int32 positions. Queries reuse it through the index's
// pool; a scratch serves one query at a time.
type ltScratch struct {
	stamp []uint32 // node -> gen while the node is in the current closure
	gen   uint32
	local []int32 // node -> closure position (valid when stamped)
	// closure lists the target (position 0) and every node with a holding
	// path to it, in breadth-first order from the target.
	closure []int32
	// Holdings between closure members: position i's are
	// to[off[i]:off[i+1]], in the index's out-edge order, with fractions
	// a[run][p] (run 0 lower, 1 capped upper).
	off []int32
	to  []int32
	a   [2][]float64
	w   [2][]float64 // look-through fraction per closure position and run
	pos []int32      // closure position -> place in the group being solved, or -1
	scc sccScratch
}

func newLTScratch(nodes int) *ltScratch {
	return &ltScratch{stamp: make([]uint32, nodes), local: make([]int32, nodes)}
}

// LookThrough computes the look-through ownership of target by every
// party upstream of it, as of the index's date: the same result as
// exposure.LookThrough on the snapshot the index was built from. The
// work is linear in the target's upstream closure apart from one solve
// per cross-holding group and run; it does not depend on the size of the
// index. Safe for concurrent use. The error wraps ErrNoTarget when target
// is not a node of the index; an entity without holdings gets an empty
// result.
func (x *LookThroughIndex) LookThrough(target string) (LookThroughResult, error) {
	res := LookThroughResult{Target: target, AsOf: x.asOf}
	t, ok := x.index[target]
	if !ok {
		return res, fmt.Errorf("look-through of %q: %w", target, ErrNoTarget)
	}
	sc := x.pool.Get().(*ltScratch)
	defer x.pool.Put(sc)
	x.upstreamClosure(sc, t)
	x.closureEdges(sc)
	var cycles [][]int32
	for run := range 2 {
		cycles = sc.solveRun(run, &res.Solves)
	}
	res.Cycles = x.cycleIDs(sc, cycles)
	res.Shares = x.shares(sc)
	return res, nil
}

// upstreamClosure sets sc.closure to t and every node with a holding
// path to t (whatever the shares), breadth first over in-edges, and
// stamps them with their positions.
func (x *LookThroughIndex) upstreamClosure(sc *ltScratch, t int32) {
	sc.gen++
	if sc.gen == 0 { // wrapped around: old stamps would look current
		clear(sc.stamp)
		sc.gen = 1
	}
	sc.closure = append(sc.closure[:0], t)
	sc.stamp[t], sc.local[t] = sc.gen, 0
	for i := 0; i < len(sc.closure); i++ {
		v := sc.closure[i]
		for _, u := range x.inFrom[x.inOff[v]:x.inOff[v+1]] {
			if sc.stamp[u] != sc.gen {
				sc.stamp[u], sc.local[u] = sc.gen, int32(len(sc.closure))
				sc.closure = append(sc.closure, u)
			}
		}
	}
}

// closureEdges copies the holdings between closure members into sc's
// closure-local rows, and sizes the per-position arrays.
func (x *LookThroughIndex) closureEdges(sc *ltScratch) {
	n := len(sc.closure)
	sc.off = append(sc.off[:0], 0)
	sc.to = sc.to[:0]
	sc.a[0], sc.a[1] = sc.a[0][:0], sc.a[1][:0]
	for _, u := range sc.closure {
		for e := x.outOff[u]; e < x.outOff[u+1]; e++ {
			if v := x.outTo[e]; sc.stamp[v] == sc.gen {
				sc.to = append(sc.to, sc.local[v])
				sc.a[0], sc.a[1] = append(sc.a[0], x.frac[0][e]), append(sc.a[1], x.frac[1][e])
			}
		}
		sc.off = append(sc.off, int32(len(sc.to)))
	}
	for run := range 2 {
		sc.w[run] = slices.Grow(sc.w[run][:0], n)[:n]
	}
	sc.pos = slices.Grow(sc.pos[:0], n)[:n]
	for i := range sc.pos {
		sc.pos[i] = -1
	}
}

// cycleIDs turns cross-holding groups of closure positions into entity
// IDs, each group sorted, the groups by their first ID; nil for none.
func (x *LookThroughIndex) cycleIDs(sc *ltScratch, cycles [][]int32) [][]string {
	var out [][]string
	for _, c := range cycles {
		ids := make([]string, len(c))
		for k, i := range c {
			ids[k] = x.ids[sc.closure[i]]
		}
		slices.Sort(ids)
		out = append(out, ids)
	}
	slices.SortFunc(out, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return out
}

// shares lists every closure member but the target with its look-through
// and direct shares (percent), by decreasing Upper, then Lower, then ID;
// nil when nobody holds shares in the target.
func (x *LookThroughIndex) shares(sc *ltScratch) []LookThroughShare {
	var out []LookThroughShare
	if len(sc.closure) > 1 {
		out = make([]LookThroughShare, 0, len(sc.closure)-1)
	}
	for i, u := range sc.closure[1:] {
		i++ // closure position; the target is at 0
		sh := LookThroughShare{ID: x.ids[u], Lower: 100 * sc.w[0][i], Upper: 100 * sc.w[1][i], Ultimate: !x.held[u]}
		for p := sc.off[i]; p < sc.off[i+1]; p++ {
			if sc.to[p] == 0 {
				sh.DirectLower, sh.DirectUpper = 100*sc.a[0][p], 100*sc.a[1][p]
			}
		}
		out = append(out, sh)
	}
	slices.SortFunc(out, compareShares)
	return out
}

// compareShares orders shares by decreasing Upper, then Lower, then ID.
func compareShares(a, b LookThroughShare) int {
	switch {
	case a.Upper != b.Upper:
		if a.Upper > b.Upper {
			return -1
		}
		return 1
	case a.Lower != b.Lower:
		if a.Lower > b.Lower {
			return -1
		}
		return 1
	}
	return strings.Compare(a.ID, b.ID)
}
