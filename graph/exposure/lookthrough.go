package exposure

import (
	"errors"
	"fmt"

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
// components come from Tarjan's algorithm (scc.go), which
// returns them sinks first (reverse topological order of the
// condensation): every component is solved after all the components it
// holds shares in. The walk sum converges iff the spectral radius of
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
// empty). It builds a LookThroughIndex of s and queries it once: callers
// with many targets on the same snapshot should build the index once
// themselves. s may hold more than the target's upstream closure; only
// the closure is used by the query. The error wraps ErrNoTarget when
// target is neither an entity of s nor a party to a holding in force.
func LookThrough(s *graph.Snapshot, target string, asOf graph.Date) (LookThroughResult, error) {
	x, err := NewLookThroughIndex(s, asOf)
	if err != nil {
		return LookThroughResult{Target: target, AsOf: asOf}, fmt.Errorf("look-through of %q: %w", target, err)
	}
	return x.LookThrough(target)
}
