package exposure

import (
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
)

// ltHolding is a holding of owner in owned with share r. Each gets a
// start date of its own in the 1900s: two holdings of one pair are two
// interests of one source, which add up, never exact duplicates (RULES.md
// "Reports of one stake").
func ltHolding(owner, owned string, r graph.Range) graph.Holding {
	n := int(ltCount.Add(1))
	start := graph.Date(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n%30000).Format(graph.DateLayout))
	return graph.Holding{Owner: owner, Owned: owned, Share: r, Votes: r, Span: graph.Span{Start: start}}
}

var ltCount atomic.Int64

func ltExact(owner, owned string, pct float64) graph.Holding {
	return ltHolding(owner, owned, graph.Exact(graph.Pct(math.Round(pct*float64(graph.PctScale)))))
}

func ltSnap(hs ...graph.Holding) *graph.Snapshot {
	s := &graph.Snapshot{Holdings: hs}
	seen := map[string]bool{}
	for _, h := range hs {
		for _, id := range []string{h.Owner, h.Owned} {
			if !seen[id] {
				seen[id] = true
				s.Entities = append(s.Entities, graph.Entity{ID: id, Name: id})
			}
		}
	}
	return s
}

func ltShares(t *testing.T, res LookThroughResult) map[string]LookThroughShare {
	t.Helper()
	m := map[string]LookThroughShare{}
	for _, s := range res.Shares {
		if _, dup := m[s.ID]; dup {
			t.Fatalf("party %s listed twice", s.ID)
		}
		m[s.ID] = s
	}
	return m
}

func ltExpect(t *testing.T, got map[string]LookThroughShare, id string, lower, upper float64) {
	t.Helper()
	s, ok := got[id]
	if !ok {
		t.Errorf("%s: missing from the result", id)
		return
	}
	if !ltClose(s.Lower, lower) || !ltClose(s.Upper, upper) {
		t.Errorf("%s: look-through = [%.12g, %.12g] %%, want [%.12g, %.12g] %%", id, s.Lower, s.Upper, lower, upper)
	}
}

func ltClose(a, b float64) bool {
	if math.IsInf(a, 1) || math.IsInf(b, 1) {
		return a == b
	}
	return math.Abs(a-b) <= 1e-9
}

// TestLookThroughOECD: the OECD example (A holds 100 % of B1 and 80 % of
// B2; B1 holds 20 % and B2 40 % of C): A's look-through share of C is
// 20 + 0.8·40 = 52 %.
func TestLookThroughOECD(t *testing.T) {
	s := ltSnap(ltExact("A", "B1", 100), ltExact("A", "B2", 80), ltExact("B1", "C", 20), ltExact("B2", "C", 40))
	res, err := LookThrough(s, "C", "")
	if err != nil {
		t.Fatal(err)
	}
	got := ltShares(t, res)
	ltExpect(t, got, "A", 52, 52)
	ltExpect(t, got, "B1", 20, 20)
	ltExpect(t, got, "B2", 40, 40)
	if len(res.Shares) != 3 || res.Shares[0].ID != "A" || !res.Shares[0].Ultimate || res.Shares[1].Ultimate {
		t.Errorf("shares = %+v, want A (ultimate) first, then B2, B1", res.Shares)
	}
	if res.Solves != 0 || len(res.Cycles) != 0 {
		t.Errorf("an acyclic closure needs no solve: solves %d, cycles %v", res.Solves, res.Cycles)
	}
	if got["B2"].DirectLower != 40 || got["A"].DirectUpper != 0 {
		t.Errorf("direct shares wrong: %+v", got)
	}
}

// TestLookThroughCrossHolding: the cross-holding example derived by hand
// in docs/LOOKTHROUGH.md. X holds 60 % and Z 20 % of A; A holds 30 % and
// Y 70 % of B; B holds 20 % of A and 50 % of C; V holds the other 50 % of
// C. W(B) = 25/47, W(A) = 15/94, W(X) = 9/94, W(Z) = 3/94, W(Y) = 35/94,
// W(V) = 1/2; the ultimate owners add up to 100 %.
func TestLookThroughCrossHolding(t *testing.T) {
	s := ltSnap(ltExact("X", "A", 60), ltExact("Z", "A", 20), ltExact("B", "A", 20),
		ltExact("A", "B", 30), ltExact("Y", "B", 70), ltExact("B", "C", 50), ltExact("V", "C", 50),
		ltExact("C", "D", 100)) // downstream of C: ignored
	res, err := LookThrough(s, "C", "")
	if err != nil {
		t.Fatal(err)
	}
	got := ltShares(t, res)
	for id, want := range map[string]float64{
		"B": 100 * 25.0 / 47, "A": 100 * 15.0 / 94, "X": 100 * 9.0 / 94, "Z": 100 * 3.0 / 94,
		"Y": 100 * 35.0 / 94, "V": 50,
	} {
		ltExpect(t, got, id, want, want)
	}
	if _, ok := got["D"]; ok {
		t.Error("D is downstream of C, not an owner")
	}
	sum := 0.0
	for _, sh := range res.Shares {
		if sh.Ultimate {
			sum += sh.Lower
		}
	}
	if !ltClose(sum, 100) {
		t.Errorf("ultimate owners add up to %.12g %%, want 100", sum)
	}
	if len(res.Cycles) != 1 || len(res.Cycles[0]) != 2 || res.Cycles[0][0] != "A" || res.Cycles[0][1] != "B" {
		t.Errorf("cycles = %v, want [[A B]]", res.Cycles)
	}
	if res.Solves != 2 {
		t.Errorf("solves = %d, want one per run", res.Solves)
	}
}

// TestLookThroughBounds: banded and open ranges give lower and upper
// values; upper bounds are capped by what the other holders leave.
func TestLookThroughBounds(t *testing.T) {
	band := graph.Range{Lo: 25 * graph.PctScale, LoOpen: true, Hi: 50 * graph.PctScale} // (25, 50]
	s := ltSnap(ltHolding("P", "Q", band), ltExact("R", "Q", 60), ltExact("Q", "T", 80),
		ltHolding("U", "T", graph.Unknown()))
	res, err := LookThrough(s, "T", "")
	if err != nil {
		t.Fatal(err)
	}
	got := ltShares(t, res)
	ltExpect(t, got, "P", 20, 32) // 25·0.8 and (capped 40)·0.8
	ltExpect(t, got, "R", 48, 48)
	ltExpect(t, got, "Q", 80, 80)
	ltExpect(t, got, "U", 0, 20) // unknown, capped at 100 − 80
}

// TestLookThroughDivergent: two companies that may hold each other
// entirely (unknown shares, nobody else) make the upper walk sum diverge;
// the lower one does not see the cycle at all.
func TestLookThroughDivergent(t *testing.T) {
	s := ltSnap(ltHolding("A", "B", graph.Unknown()), ltHolding("B", "A", graph.Unknown()),
		ltExact("B", "T", 50), ltExact("O", "T", 50))
	res, err := LookThrough(s, "T", "")
	if err != nil {
		t.Fatal(err)
	}
	got := ltShares(t, res)
	ltExpect(t, got, "B", 50, math.Inf(1))
	ltExpect(t, got, "A", 0, math.Inf(1))
	ltExpect(t, got, "O", 50, 50)
}

// TestLookThroughAsOf: holdings outside the date do not count.
func TestLookThroughAsOf(t *testing.T) {
	old := ltExact("A", "T", 40)
	old.End = "2020-01-01"
	s := ltSnap(old, ltExact("B", "T", 30))
	res, err := LookThrough(s, "T", "2024-01-01")
	if err != nil {
		t.Fatal(err)
	}
	got := ltShares(t, res)
	if _, ok := got["A"]; ok {
		t.Errorf("A's holding ended in 2020: %+v", got)
	}
	ltExpect(t, got, "B", 30, 30)
	res, _ = LookThrough(s, "T", "")
	ltExpect(t, ltShares(t, res), "A", 40, 40)
	if _, err := LookThrough(s, "nobody", ""); !errors.Is(err, ErrNoTarget) {
		t.Errorf("unknown target: err = %v", err)
	}
}

// ltRandomDAG returns a random acyclic holding graph on n nodes (edges from
// lower to higher index only, parallel holdings allowed) in which each
// entity's holders hold at most 100 % in total.
func ltRandomDAG(rng *rand.Rand, n int) *graph.Snapshot {
	var hs []graph.Holding
	for v := 1; v < n; v++ {
		left := 100 * graph.PctScale
		for range rng.IntN(4) {
			u := rng.IntN(v)
			sh := min(left, graph.Pct(rng.IntN(60*100+1))*graph.PctScale/100)
			left -= sh
			hs = append(hs, ltHolding(ltNode(u), ltNode(v), graph.Exact(sh)))
		}
	}
	return ltSnap(hs...)
}

func ltNode(i int) string { return "n" + strconv.Itoa(i) }

// ltPathSum is the explicit sum over all holding paths from u to t of the
// product of their shares (fractions).
func ltPathSum(s *graph.Snapshot, u, t string) float64 {
	if u == t {
		return 1
	}
	sum := 0.0
	for _, h := range s.Holdings {
		if h.Owner == u {
			sum += h.Share.Lo.Float() / 100 * ltPathSum(s, h.Owned, t)
		}
	}
	return sum
}

// TestLookThroughPropertyDAG: on random acyclic graphs, look-through
// equals the explicit sum over all paths of the products of shares.
func TestLookThroughPropertyDAG(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	for iter := range 300 {
		n := 2 + rng.IntN(11)
		s := ltRandomDAG(rng, n)
		target := ltNode(n - 1 - rng.IntN(2))
		res, err := LookThrough(s, target, "")
		if errors.Is(err, ErrNoTarget) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		got := ltShares(t, res)
		for i := range n {
			id := ltNode(i)
			want := 100 * ltPathSum(s, id, target)
			sh, ok := got[id]
			if id == target || want == 0 && !ok {
				continue
			}
			if !ok || math.Abs(sh.Lower-want) > 1e-9 || math.Abs(sh.Upper-want) > 1e-9 {
				t.Fatalf("iteration %d, %s in %s: got %+v, want %.12g %%\n%+v", iter, id, target, sh, want, s.Holdings)
			}
		}
		if res.Solves != 0 {
			t.Fatalf("iteration %d: %d solves on an acyclic graph", iter, res.Solves)
		}
	}
}

// TestLookThroughPropertyCyclic: on random graphs with cross-holdings
// (each entity's holders below 100 % in total, so the walk sum
// converges), look-through equals the fixed point W = e_t + A·W found by
// plain iteration.
func TestLookThroughPropertyCyclic(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for iter := range 200 {
		n := 2 + rng.IntN(9)
		var hs []graph.Holding
		for v := range n {
			left := 90 * graph.PctScale
			for range rng.IntN(4) {
				u := rng.IntN(n)
				if u == v {
					continue
				}
				sh := min(left, graph.Pct(rng.IntN(50*100+1))*graph.PctScale/100)
				left -= sh
				hs = append(hs, ltExact(ltNode(u), ltNode(v), sh.Float()))
			}
		}
		s := ltSnap(hs...)
		target := ltNode(rng.IntN(n))
		res, err := LookThrough(s, target, "")
		if errors.Is(err, ErrNoTarget) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		w := map[string]float64{}
		for range 3000 {
			next := map[string]float64{target: 1}
			for _, h := range s.Holdings {
				next[h.Owner] += h.Share.Lo.Float() / 100 * w[h.Owned]
			}
			w = next
		}
		for _, sh := range res.Shares {
			if want := 100 * w[sh.ID]; math.Abs(sh.Lower-want) > 1e-9 || math.Abs(sh.Upper-want) > 1e-9 {
				t.Fatalf("iteration %d, %s in %s: got %+v, want %.12g %%", iter, sh.ID, target, sh, want)
			}
		}
	}
}

// TestLookThroughRing: a ring of n companies, each holding 50 % of the
// next: the company d steps upstream of the target holds
// 0.5^d / (1 − 0.5^n) of it. n = 5 is solved densely (gonum/mat), n = 600
// by sparse iteration (beyond denseLimit).
func TestLookThroughRing(t *testing.T) {
	for _, n := range []int{5, denseLimit + 200} {
		var hs []graph.Holding
		for i := range n {
			hs = append(hs, ltExact(ltNode(i), ltNode((i+1)%n), 50))
			hs = append(hs, ltExact("o"+strconv.Itoa(i), ltNode((i+1)%n), 50))
		}
		res, err := LookThrough(ltSnap(hs...), ltNode(0), "")
		if err != nil {
			t.Fatal(err)
		}
		got := ltShares(t, res)
		den := 1 - math.Pow(0.5, float64(n))
		for _, d := range []int{1, 2, 3, n - 1} {
			want := 100 * math.Pow(0.5, float64(d)) / den
			ltExpect(t, got, ltNode((n-d)%n), want, want)
		}
		sum := 0.0
		for _, s := range res.Shares {
			if s.Ultimate {
				sum += s.Lower
			}
		}
		if !ltClose(sum, 100) || len(res.Cycles) != 1 || len(res.Cycles[0]) != n {
			t.Errorf("n = %d: ultimate owners sum to %g %%, cycles %d", n, sum, len(res.Cycles))
		}
	}
}

// TestLookThroughIterativeMatchesDense: the sparse iteration and the
// dense LU solve agree on random convergent groups, and both detect a
// divergent one.
func TestLookThroughIterativeMatchesDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	for range 50 {
		n := 2 + rng.IntN(30)
		rows := make([][]sccEntry, n)
		c := make([]float64, n)
		for k := range n {
			left := 0.95
			rows[k] = append(rows[k], sccEntry{(k + 1) % n, 0.3 * rng.Float64()}) // strongly connected
			left -= rows[k][0].a
			for range rng.IntN(4) {
				a := left * rng.Float64()
				left -= a
				rows[k] = append(rows[k], sccEntry{rng.IntN(n), a})
			}
			c[k] = rng.Float64()
		}
		xd, okd := solveDense(rows, c)
		xi, oki := solveIterative(rows, c)
		if !okd || !oki {
			t.Fatalf("convergent group reported divergent: dense %v iterative %v", okd, oki)
		}
		for k := range n {
			if math.Abs(xd[k]-xi[k]) > 1e-9*max(1, xd[k]) {
				t.Fatalf("x[%d]: dense %g, iterative %g", k, xd[k], xi[k])
			}
		}
	}
	full := [][]sccEntry{{{1, 1}}, {{0, 1}}}
	if _, ok := solveDense(full, []float64{1, 0}); ok {
		t.Error("dense: two companies holding 100 % of each other must diverge")
	}
	if _, ok := solveIterative(full, []float64{1, 0}); ok {
		t.Error("iterative: two companies holding 100 % of each other must diverge")
	}
}
