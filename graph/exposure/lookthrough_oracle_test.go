package exposure

// The look-through implementation before LookThroughIndex (string-keyed
// maps, gonum simple graphs and topo.TarjanSCC per target), kept verbatim
// apart from its names as the oracle of TestLookThroughIndexMatchesOracle.
// It shares sccEntry, solveDense and solveIterative, which did not change.

import (
	"fmt"
	"slices"
	"strings"

	gograph "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"
	"gonum.org/v1/gonum/graph/topo"

	"github.com/ownex/ownex/graph"
)

// oracleLookThrough computes the look-through ownership of target by every
// party upstream of it in s, as of asOf (every holding of s if asOf is
// empty). s may hold more than the target's upstream closure; only the
// closure is used, and the work is linear in its size apart from one
// dense solve per cross-holding group.
func oracleLookThrough(s *graph.Snapshot, target string, asOf graph.Date) (LookThroughResult, error) {
	res := LookThroughResult{Target: target, AsOf: asOf}
	lt := newOracleGraph(s, asOf)
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
	slices.SortFunc(res.Shares, compareShares)
	return res, nil
}

// oracleGraph is the holding graph of a snapshot with one edge per (owner,
// owned) pair: parallel holdings add up (capped at 100 %), as the engines
// add a party's holdings.
type oracleGraph struct {
	ids      []string
	index    map[string]int32
	from, to []int32
	w        [2][]float64 // fraction per run: lower, capped upper
	in       [][]int32    // edge ids into each node
	out      [][]int32    // edge ids out of each node
}

func (g *oracleGraph) outOf(u int32) []int32 { return g.out[u] }

func (g *oracleGraph) node(id string) int32 {
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

func newOracleGraph(s *graph.Snapshot, asOf graph.Date) *oracleGraph {
	g := &oracleGraph{index: map[string]int32{}}
	var hs []graph.Holding
	for _, h := range s.Holdings {
		if asOf != "" && !h.Covers(asOf) {
			continue
		}
		hs = append(hs, h)
	}
	// The reports of one stake are merged before capping (RULES.md
	// section 2, "Reports of one stake"; naiveMerge in property_test.go).
	hs = naiveMerge(hs)
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
func (g *oracleGraph) upstreamClosure(t int32) []int32 {
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
func (g *oracleGraph) solve(closure []int32, t int32, run int, solves *int) ([]float64, [][]int32, error) {
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
func (g *oracleGraph) rhs(closure []int32, local map[int32]int64, i int64, t int32, run int, w []float64, done []bool, skip map[int64]int) float64 {
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

// solveSCC solves (I − A_SS) W_S = c_S for one cross-holding group and
// sets W on its members. A divergent group gets W = +Inf (or 0 where
// nothing reaches the target through it).
func (g *oracleGraph) solveSCC(closure []int32, local map[int32]int64, scc []gograph.Node, t int32, run int, w []float64, done []bool) error {
	n := len(scc)
	pos := make(map[int64]int, n)
	for k, nd := range scc {
		pos[nd.ID()] = k
	}
	// The group's holdings among its members, sparse, and the constant
	// part c_S from the components already solved.
	rows := make([][]sccEntry, n)
	c := make([]float64, n)
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
	}
	for k, v := range groupShares(rows, c) {
		w[scc[k].ID()] = v
		done[scc[k].ID()] = true
	}
	return nil
}
