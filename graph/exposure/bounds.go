package exposure

import "github.com/ownex/ownex/graph"

// Open and closed bounds (docs/SHARES.md). A share range may have open
// bounds: "more than 25 % but not more than 50 %" is (25, 50]. Each run
// counts an amount as a pair (v, k) read as v + k·ε for an infinitesimal
// ε > 0, with integer arithmetic only:
//
//   - definite run: a holding counts its lower bound, k = +1 when it is
//     open (the true share is more than v), else 0;
//   - possible run: a holding counts its capped upper bound, k = −1 when it
//     is open (the true share is less than v), else 0 — and +1 in the one
//     case where capping falls to an open lower bound (see capRange).
//
// Sums add v and k separately. This is exact for sums of intervals: the
// lower end of a sum is open when one of its lower ends is (k > 0), its
// upper end is open when one of its upper ends is (k < 0). The threshold
// tests compare lexicographically, so that a definite (50, 100] passes
// "more than 50" and a possible [0, 50) fails "50 or more". Lexicographic
// order is preserved by addition, and each holding's possible amount is
// never below its definite one, so the possible run still contains the
// definite one.
type amount struct {
	v graph.Pct
	k int32
}

// atLeast reports whether a passes "t or more".
func (a amount) atLeast(t graph.Pct) bool { return a.v > t || a.v == t && a.k >= 0 }

// above reports whether a passes "more than t".
func (a amount) above(t graph.Pct) bool { return a.v > t || a.v == t && a.k > 0 }

// less reports whether a < b lexicographically.
func (a amount) less(b amount) bool { return a.v < b.v || a.v == b.v && a.k < b.k }

// lowerK and upperK are the k of a range's lower and upper bound.
func lowerK(r graph.Range) int8 {
	if r.LoOpen {
		return 1
	}
	return 0
}

func upperK(r graph.Range) int8 {
	if r.HiOpen {
		return -1
	}
	return 0
}

// runRange renders a run's amount as a range for proofs: a definite
// amount with k > 0 is "more than v", (v, max(v, 100)]; a possible amount
// with k < 0 is "less than v", [0, v); any other amount is exact.
func runRange(a amount) graph.Range {
	switch {
	case a.k > 0 && a.v < graph.Hundred:
		return graph.Range{Lo: a.v, LoOpen: true, Hi: graph.Hundred}
	case a.k < 0 && a.v > 0:
		return graph.Range{Lo: 0, Hi: a.v, HiOpen: true}
	}
	return graph.Exact(a.v)
}

// countedRange is a verdict's counted range from the definite amount lo
// and the possible amount hi. A bound is open when its run says so; in the
// contradictory case where both ends meet and one would be open (an
// over-allocated entity, see capRange), the range is given closed.
func countedRange(lo, hi amount) graph.Range {
	r := graph.Range{Lo: lo.v, LoOpen: lo.k > 0, Hi: hi.v, HiOpen: hi.k < 0}
	if r.Lo == r.Hi {
		r.LoOpen, r.HiOpen = false, false
	}
	return r
}
