package exposure

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	gograph "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"
	"gonum.org/v1/gonum/mat"

	"github.com/ownex/ownex/graph"
)

// Look-through ("integrated") ownership, docs/LOOKTHROUGH.md.
//
// RULES.md section 1: multiplied ownership is an analytic measure for risk
// teams, never a verdict. The engines never use it, and it is computed in
// float64: nothing here is compared with a legal threshold.
//
// Definition. Let a(u, v) be the fraction of v's shares held directly by
// u (the sum of u's holdings in v in force on the as-of date, at most 1).
// The look-through share of u in the target t is the sum, over every walk
// u -> ... -> t along holdings, of the product of the fractions on the
// walk: W(u) = Σ_k (A^k)[u, t], i.e. the column t of (I − A)^{-1}. W
// satisfies
//
//	W(u) = [u = t] + Σ_v a(u, v) · W(v)
//
// (W(t) = 1 unless t holds shares in its own owners).
// On an acyclic closure that is one pass in reverse topological order;
// a cross-holding group (a strongly connected component S) needs the
// linear system (I − A_SS) W_S = c_S, where c_S collects what S holds in
// the entities already solved: a dense LU solve (gonum/mat) up to
// denseLimit members, sparse Gauss–Seidel iteration beyond. The
// components come from gonum's Tarjan algorithm, which returns them sinks
// first (reverse topological order of the condensation): every component
// is solved after all the components it holds shares in. The walk sum converges iff the spectral radius of
// A_SS is below 1; a component whose holdings could support themselves
// (e.g. two companies each holding 100 % of the other) diverges, and its
// look-through shares, and those of everyone holding into it, are
// reported as unbounded (+Inf).
//
// Two runs: the lower run uses every holding's lower share bound, the
// upper run its upper bound capped as RULES.md section 2 caps it for the
// engines (hi := max(lo, min(hi, 100 − Σ lo of the other holdings of
// the same owned entity))). Open and closed bounds make no difference to a
// float sum. Both runs are monotone in the shares, so Lower <= Upper.

// LookThroughShare is one upstream party's look-through share of the
// target, in percent.
type LookThroughShare struct {
	ID string
	// Lower and Upper are the look-through shares computed on the lower
	// and (capped) upper bounds of every holding, in percent. Upper (or
	// even Lower) is +Inf when a cross-holding group on the way diverges.
	Lower, Upper float64
	// Direct is the direct holding of the party in the target (a(u, t),
	// lower and upper, percent); zero for an indirect owner.
	DirectLower, DirectUpper float64
	// Ultimate is set for a party nobody holds shares in (within the
	// upstream closure): the ultimate owners' look-through shares add up
	// to at most 100 % (when no holding is over-allocated), whereas an
	// intermediate company inside a cross-holding group can exceed 100 %.
	Ultimate bool
}

// LookThroughResult is the look-through ownership of one target.
type LookThroughResult struct {
	Target string
	AsOf   graph.Date
	// Shares lists every party upstream of the target through holdings
	// (the target excluded), by decreasing Upper, then Lower, then ID.
	Shares []LookThroughShare
	// Cycles lists the cross-holding groups (strongly connected
	// components with more than one member, or a company holding its own
	// shares) among the upstream parties, found on upper bounds; each is
	// sorted by ID.
	Cycles [][]string
	// Solves counts the linear systems solved (one per cross-holding
	// group and run).
	Solves int
}

// ErrNoTarget is returned (wrapped) when the target is not in the snapshot.
var ErrNoTarget = errors.New("target not in snapshot")

// LookThrough computes the look-through ownership of target by every
// party upstream of it in s, as of asOf (every holding of s if asOf is
// empty). s may hold more than the target's upstream closure; only the
// closure is used, and the work is linear in its size apart from one
// dense solve per cross-holding group.
func LookThrough(s *graph.Snapshot, target string, asOf graph.Date) (LookThroughResult, error) {
	res := LookThroughResult{Target: target, AsOf: asOf}
	lt := newLookThroughGraph(s, asOf)
	t, ok := lt.index[target]
	if !ok {
		found := slices.ContainsFunc(s.Entities, func(e graph.Entity) bool { return e.ID == target })
		if !found {
			return res, fmt.Errorf("look-through of %q: %w", target, ErrNoTarget)
		}
		return res, nil // an entity with no holdings at all
	}
	closure := lt.upstreamClosure(t)
	var w [2][]float64
	for run := range 2 {
		var err error
		var cycles [][]int32
		w[run], cycles, err = lt.solve(closure, t, run, &res.Solves)
		if err != nil {
			return res, fmt.Errorf("look-through of %q: %w", target, err)
		}
		if run == 1 {
			for _, c := range cycles {
				ids := make([]string, len(c))
				for i, v := range c {
					ids[i] = lt.ids[v]
				}
				slices.Sort(ids)
				res.Cycles = append(res.Cycles, ids)
			}
			slices.SortFunc(res.Cycles, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
		}
	}
	for i, u := range closure {
		if u == t {
			continue
		}
		sh := LookThroughShare{ID: lt.ids[u], Lower: 100 * w[0][i], Upper: 100 * w[1][i], Ultimate: true}
		for _, e := range lt.in[u] {
			if lt.w[1][e] > 0 {
				sh.Ultimate = false
				break
			}
		}
		for _, e := range lt.outOf(u) {
			if lt.to[e] == t {
				sh.DirectLower, sh.DirectUpper = 100*lt.w[0][e], 100*lt.w[1][e]
			}
		}
		res.Shares = append(res.Shares, sh)
	}
	slices.SortFunc(res.Shares, func(a, b LookThroughShare) int {
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
	})
	return res, nil
}

// ltGraph is the holding graph of a snapshot with one edge per (owner,
// owned) pair: parallel holdings add up (capped at 100 %), as the engines
// add a party's holdings.
type ltGraph struct {
	ids      []string
	index    map[string]int32
	from, to []int32
	w        [2][]float64 // fraction per run: lower, capped upper
	in       [][]int32    // edge ids into each node
	out      [][]int32    // edge ids out of each node
}

func (g *ltGraph) outOf(u int32) []int32 { return g.out[u] }

func (g *ltGraph) node(id string) int32 {
	if v, ok := g.index[id]; ok {
		return v
	}
	v := int32(len(g.ids))
	g.ids = append(g.ids, id)
	g.index[id] = v
	g.in = append(g.in, nil)
	g.out = append(g.out, nil)
	return v
}

func newLookThroughGraph(s *graph.Snapshot, asOf graph.Date) *ltGraph {
	g := &ltGraph{index: map[string]int32{}}
	var hs []graph.Holding
	for _, h := range s.Holdings {
		if asOf != "" && !h.Covers(asOf) {
			continue
		}
		hs = append(hs, h)
	}
	// Cap upper bounds per owned entity (RULES.md section 2, "Holdings").
	sumLo := map[string]graph.Pct{}
	for _, h := range hs {
		sumLo[h.Owned] += h.Share.Lo
	}
	type pair struct{ u, v int32 }
	edge := map[pair]int32{}
	for _, h := range hs {
		lo, hi := h.Share.Lo, h.Share.Hi
		hi = max(lo, min(hi, graph.Hundred-(sumLo[h.Owned]-lo)))
		u, v := g.node(h.Owner), g.node(h.Owned)
		p := pair{u, v}
		e, ok := edge[p]
		if !ok {
			e = int32(len(g.from))
			edge[p] = e
			g.from, g.to = append(g.from, u), append(g.to, v)
			g.w[0], g.w[1] = append(g.w[0], 0), append(g.w[1], 0)
			g.in[v] = append(g.in[v], e)
			g.out[u] = append(g.out[u], e)
		}
		g.w[0][e] = min(g.w[0][e]+lo.Float()/100, 1)
		g.w[1][e] = min(g.w[1][e]+hi.Float()/100, 1)
	}
	return g
}

// upstreamClosure returns t and every node with a holding path to t, in
// breadth-first order from t.
func (g *ltGraph) upstreamClosure(t int32) []int32 {
	seen := map[int32]bool{t: true}
	out := []int32{t}
	for i := 0; i < len(out); i++ {
		for _, e := range g.in[out[i]] {
			if u := g.from[e]; !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
		}
	}
	return out
}

// solve computes W over closure (indexed like closure) for one run, and
// returns the cross-holding groups of that run's positive holdings.
func (g *ltGraph) solve(closure []int32, t int32, run int, solves *int) ([]float64, [][]int32, error) {
	local := make(map[int32]int64, len(closure))
	for i, v := range closure {
		local[v] = int64(i)
	}
	// The gonum graph of the run's positive holdings inside the closure.
	dg := simple.NewDirectedGraph()
	for i := range closure {
		dg.AddNode(simple.Node(i))
	}
	selfHeld := map[int64]bool{}
	for i, v := range closure {
		for _, e := range g.out[v] {
			j, ok := local[g.to[e]]
			if !ok || g.w[run][e] <= 0 {
				continue
			}
			if j == int64(i) {
				selfHeld[j] = true // simple graphs have no loops: kept apart
				continue
			}
			dg.SetEdge(simple.Edge{F: simple.Node(i), T: simple.Node(j)})
		}
	}
	w := make([]float64, len(closure))
	done := make([]bool, len(closure))
	var cycles [][]int32
	// TarjanSCC returns the components sinks first: a component only
	// holds shares in components already solved.
	for _, scc := range topo.TarjanSCC(dg) {
		if len(scc) == 1 && !selfHeld[scc[0].ID()] {
			i := scc[0].ID()
			w[i] = g.rhs(closure, local, i, t, run, w, done, nil)
			done[i] = true
			continue
		}
		members := make([]int32, len(scc))
		for k, n := range scc {
			members[k] = closure[n.ID()]
		}
		cycles = append(cycles, members)
		*solves++
		if err := g.solveSCC(closure, local, scc, t, run, w, done); err != nil {
			return nil, nil, err
		}
	}
	return w, cycles, nil
}

// rhs returns Σ a(u, v)·W(v) over the edges of node i into solved nodes
// outside skip (plus 1 for the target itself). An unbounded W(v) makes the
// sum unbounded when the share is positive.
func (g *ltGraph) rhs(closure []int32, local map[int32]int64, i int64, t int32, run int, w []float64, done []bool, skip map[int64]int) float64 {
	u := closure[i]
	sum := 0.0
	if u == t {
		sum = 1
	}
	for _, e := range g.out[u] {
		j, ok := local[g.to[e]]
		a := g.w[run][e]
		if !ok || a <= 0 {
			continue
		}
		if _, in := skip[j]; in {
			continue
		}
		if !done[j] {
			continue // cannot happen: components come sinks first
		}
		sum += a * w[j]
	}
	return sum
}

// denseLimit is the largest cross-holding group solved by a dense LU
// factorisation; larger groups (generated and real registers can have
// strongly connected components of thousands of companies, which a dense
// matrix cannot hold) are solved by sparse Gauss–Seidel iteration.
const denseLimit = 400

// solveSCC solves (I − A_SS) W_S = c_S for one cross-holding group and
// sets W on its members. A divergent group gets W = +Inf (or 0 where
// nothing reaches the target through it).
func (g *ltGraph) solveSCC(closure []int32, local map[int32]int64, scc []gograph.Node, t int32, run int, w []float64, done []bool) error {
	n := len(scc)
	pos := make(map[int64]int, n)
	for k, nd := range scc {
		pos[nd.ID()] = k
	}
	// The group's holdings among its members, sparse, and the constant
	// part c_S from the components already solved.
	rows := make([][]sccEntry, n)
	c := make([]float64, n)
	unbounded, zero := false, true
	for k, nd := range scc {
		i := nd.ID()
		for _, e := range g.out[closure[i]] {
			j, ok := local[g.to[e]]
			if !ok || g.w[run][e] <= 0 {
				continue
			}
			if l, in := pos[j]; in {
				rows[k] = append(rows[k], sccEntry{l, g.w[run][e]})
			}
		}
		c[k] = g.rhs(closure, local, i, t, run, w, done, pos)
		unbounded = unbounded || math.IsInf(c[k], 1)
		zero = zero && c[k] == 0
	}
	var x []float64
	converges := false
	switch {
	case unbounded || zero:
	case n <= denseLimit:
		x, converges = solveDense(rows, c)
	default:
		x, converges = solveIterative(rows, c)
	}
	for k, nd := range scc {
		i := nd.ID()
		switch {
		case zero:
			w[i] = 0 // nothing reaches the target through the group
		case converges:
			w[i] = max(x[k], 0) // rounding only: the solution is nonnegative
		default:
			w[i] = math.Inf(1)
		}
		done[i] = true
	}
	return nil
}

// sccEntry is a holding inside a group: the member held and the fraction.
type sccEntry struct {
	col int
	a   float64
}

// solveDense solves (I − M) x = c with gonum/mat's LU factorisation. It
// checks convergence of the walk sum with the same factorisation: for an
// irreducible nonnegative M, the spectral radius is below 1 iff
// (I − M) y = 1 has a solution with every y > 0 (Collatz–Wielandt).
func solveDense(rows [][]sccEntry, c []float64) ([]float64, bool) {
	n := len(rows)
	m := mat.NewDense(n, n, nil)
	ones := mat.NewVecDense(n, nil)
	for k, row := range rows {
		m.Set(k, k, 1)
		ones.SetVec(k, 1)
		for _, e := range row {
			m.Set(k, e.col, m.At(k, e.col)-e.a)
		}
	}
	var lu mat.LU
	lu.Factorize(m)
	var y, x mat.VecDense
	if err := lu.SolveVecTo(&y, false, ones); err != nil {
		return nil, false
	}
	for k := range n {
		if v := y.AtVec(k); !(v > 0) || math.IsInf(v, 0) {
			return nil, false
		}
	}
	if err := lu.SolveVecTo(&x, false, mat.NewVecDense(n, c)); err != nil {
		return nil, false
	}
	return x.RawVector().Data, true
}

// Iteration bounds of solveIterative.
const (
	maxSweeps = 20_000
	tolerance = 1e-15 // relative change of a sweep at which x has converged
	divergent = 1e15  // a look-through fraction this large diverges
)

// solveIterative solves x = c + M x by Gauss–Seidel sweeps over the sparse
// rows, each sweep linear in the group's holdings. Starting from 0, the
// iterates increase monotonically to the walk sum (M and c are
// nonnegative), so they converge exactly when the walk sum does; a value
// past 1e15, or no convergence within 20,000 sweeps (a spectral radius
// within about 1e-3 of 1), is reported as divergent.
func solveIterative(rows [][]sccEntry, c []float64) ([]float64, bool) {
	x := make([]float64, len(rows))
	for range maxSweeps {
		change, size := 0.0, 0.0
		for k, row := range rows {
			v := c[k]
			for _, e := range row {
				v += e.a * x[e.col]
			}
			change = max(change, math.Abs(v-x[k]))
			size = max(size, v)
			x[k] = v
		}
		if size > divergent || math.IsNaN(size) {
			return nil, false
		}
		if change <= tolerance*size {
			return x, true
		}
	}
	return nil, false
}
