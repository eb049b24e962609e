package exposure

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// solveRun computes the look-through fraction W of every closure
// position for one run (0 lower, 1 capped upper) into sc.w[run], over the
// run's positive holdings: components sinks first, a lone node in one
// pass, a cross-holding group (or a node holding its own shares) by one
// linear system, counted in *solves. It returns the groups, as closure
// positions.
func (sc *ltScratch) solveRun(run int, solves *int) [][]int32 {
	a := sc.a[run]
	var groups [][]int32
	for c := range sc.scc.components(len(sc.closure), sc.off, sc.to, a) {
		members := sc.scc.comp(c)
		if len(members) == 1 && !sc.selfHeld(members[0], run) {
			i := members[0]
			sc.w[run][i] = sc.rhs(i, run)
			continue
		}
		groups = append(groups, append([]int32(nil), members...))
		*solves++
		sc.solveGroup(members, run)
	}
	return groups
}

// selfHeld reports whether position i holds a positive share of itself.
func (sc *ltScratch) selfHeld(i int32, run int) bool {
	for p := sc.off[i]; p < sc.off[i+1]; p++ {
		if sc.to[p] == i && sc.a[run][p] > 0 {
			return true
		}
	}
	return false
}

// rhs returns [i is the target] + Σ a(i, j)·W(j) over i's positive
// holdings in positions j outside the group being solved (sc.pos[j] < 0),
// all solved already since components come sinks first. An unbounded
// W(j) makes the sum unbounded.
func (sc *ltScratch) rhs(i int32, run int) float64 {
	sum := 0.0
	if i == 0 {
		sum = 1
	}
	for p := sc.off[i]; p < sc.off[i+1]; p++ {
		a := sc.a[run][p]
		if a <= 0 {
			continue
		}
		if j := sc.to[p]; sc.pos[j] < 0 {
			sum += a * sc.w[run][j]
		}
	}
	return sum
}

// solveGroup solves (I − A_SS) W_S = c_S for one cross-holding group S
// (closure positions) and sets W on its members: a dense LU solve up to
// denseLimit members, Gauss–Seidel beyond. A divergent group gets
// W = +Inf, or 0 where nothing reaches the target through it.
func (sc *ltScratch) solveGroup(members []int32, run int) {
	n := len(members)
	for k, i := range members {
		sc.pos[i] = int32(k)
	}
	// The group's holdings among its members, sparse, and the constant
	// part c_S from the components already solved.
	rows := make([][]sccEntry, n)
	c := make([]float64, n)
	for k, i := range members {
		for p := sc.off[i]; p < sc.off[i+1]; p++ {
			if a := sc.a[run][p]; a > 0 && sc.pos[sc.to[p]] >= 0 {
				rows[k] = append(rows[k], sccEntry{int(sc.pos[sc.to[p]]), a})
			}
		}
		c[k] = sc.rhs(i, run)
	}
	for k, w := range groupShares(rows, c) {
		sc.w[run][members[k]] = w
		sc.pos[members[k]] = -1
	}
}

// groupShares returns W_S for a group whose holdings among its members
// are rows and whose constant part is c: 0 everywhere when nothing
// reaches the target through the group (c = 0), +Inf when c is
// unbounded or the walk sum diverges, else the solution of (I − A_SS)
// W_S = c_S, by dense LU up to denseLimit members and Gauss–Seidel beyond.
func groupShares(rows [][]sccEntry, c []float64) []float64 {
	w := make([]float64, len(c))
	unbounded, zero := false, true
	for _, ck := range c {
		unbounded = unbounded || math.IsInf(ck, 1)
		zero = zero && ck == 0
	}
	var x []float64
	converges := false
	switch {
	case unbounded || zero:
	case len(c) <= denseLimit:
		x, converges = solveDense(rows, c)
	default:
		x, converges = solveIterative(rows, c)
	}
	for k := range w {
		switch {
		case zero:
			w[k] = 0 // nothing reaches the target through the group
		case converges:
			w[k] = max(x[k], 0) // rounding only: the solution is nonnegative
		default:
			w[k] = math.Inf(1)
		}
	}
	return w
}

// denseLimit is the largest cross-holding group solved by a dense LU
// factorisation; larger groups (generated and real registers can have
// strongly connected components of thousands of companies, which a dense
// matrix cannot hold) are solved by sparse Gauss–Seidel iteration.
const denseLimit = 400

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
