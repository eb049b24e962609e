package queries

import (
	"context"
	"fmt"
	"sync"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
)

// screenAnalysis is the whole-store analysis of a screening as of one
// date, with the proofs and look-through shares computed from it (each
// once per entity and regime, shared by the rows that need it). It is safe
// for concurrent use.
type screenAnalysis struct {
	asOf     graph.Date
	res      *exposure.Result
	holdings *holdingIndex

	mu     sync.Mutex
	proofs map[proofKey]proofEntry
	looks  map[proofKey]*DesignatedShare
}

type proofKey struct {
	id     string
	regime graph.Regime
}

type proofEntry struct {
	proof  *graph.Proof
	reason string
}

// analyseAsOf analyses snap as of asOf under regimes. snap holds at least
// every record valid on asOf (records of other dates are left out by the
// engines and by the holding index).
func analyseAsOf(snap *graph.Snapshot, asOf graph.Date, regimes []graph.Regime) (*screenAnalysis, error) {
	res, err := exposure.Analyze(snap, exposure.Options{AsOf: asOf, Regimes: regimes})
	if err != nil {
		return nil, fmt.Errorf("screen: analyze as of %s: %w", asOf, err)
	}
	return &screenAnalysis{asOf: asOf, res: res, holdings: newHoldingIndex(snap, asOf, res, regimes),
		proofs: map[proofKey]proofEntry{}, looks: map[proofKey]*DesignatedShare{}}, nil
}

// verdicts returns id's verdict under every regime of regimes, with proof
// and reason for every status but clear, and the look-through share
// held by designated parties when the status is not clear or lookAll.
func (a *screenAnalysis) verdicts(id string, regimes []graph.Regime, lookAll bool) []RowVerdict {
	out := make([]RowVerdict, 0, len(regimes))
	for _, r := range regimes {
		v, ok := a.res.Verdict(id, r)
		if !ok {
			v = graph.Verdict{Entity: id, Regime: r, Status: graph.StatusClear}
		}
		rv := RowVerdict{Regime: r, Status: v.Status, Share: v.Share, Votes: v.Votes, Flags: v.Flags, Reason: "clear",
			PossiblySameAs: v.PossiblySameAs, PossiblyExposedVia: v.PossiblyExposedVia, PossibleStatus: v.PossibleStatus}
		if rv.Flags == nil {
			rv.Flags = []graph.Flag{}
		}
		if v.Status != graph.StatusClear {
			rv.Proof, rv.Reason = a.proof(id, r)
		}
		if v.Status != graph.StatusClear || lookAll {
			rv.LookThrough = a.lookThrough(id, r)
		}
		out = append(out, rv)
	}
	return out
}

// status is id's status under r (clear when the analysis has no verdict).
func (a *screenAnalysis) status(id string, r graph.Regime) graph.Status {
	if v, ok := a.res.Verdict(id, r); ok {
		return v.Status
	}
	return graph.StatusClear
}

// lookThrough computes designatedShare once per entity and regime.
func (a *screenAnalysis) lookThrough(id string, r graph.Regime) *DesignatedShare {
	k := proofKey{id, r}
	a.mu.Lock()
	d, ok := a.looks[k]
	a.mu.Unlock()
	if ok {
		return d
	}
	d = a.designatedShare(id, r)
	a.mu.Lock()
	a.looks[k] = d
	a.mu.Unlock()
	return d
}

// proof explains one (entity, regime) once, graph.ProofDepth levels deep
// (deeper levels summed up: a chain of 100,000 owners is not copied into
// each result); rows matching the same entity share the proof.
func (a *screenAnalysis) proof(id string, r graph.Regime) (*graph.Proof, string) {
	k := proofKey{id, r}
	a.mu.Lock()
	e, ok := a.proofs[k]
	a.mu.Unlock()
	if ok {
		return e.proof, e.reason
	}
	p, err := a.res.ExplainDepth(id, r, graph.ProofDepth)
	if err != nil || p == nil {
		e = proofEntry{reason: "no proof: " + fmt.Sprint(err)}
	} else {
		e = proofEntry{proof: p, reason: Reason(p)}
	}
	a.mu.Lock()
	a.proofs[k] = e
	a.mu.Unlock()
	return e.proof, e.reason
}

// datedAnalyses holds a screening's analyses as of the rows' own dates
// (lookback screening, issue 17 item 2): one per distinct date, built on
// first use and shared by every row of that date. They are all cut from
// one read of the whole store (every record of every date), so that the
// cost of a date is one analysis, not one store read.
type datedAnalyses struct {
	st      graph.Reader
	regimes []graph.Regime

	allOnce sync.Once
	all     *graph.Snapshot
	allErr  error

	mu     sync.Mutex
	byDate map[graph.Date]*datedEntry
}

type datedEntry struct {
	once sync.Once
	a    *screenAnalysis
	err  error
}

// get returns the analysis as of d, building it on first use.
func (x *datedAnalyses) get(ctx context.Context, d graph.Date) (*screenAnalysis, error) {
	x.mu.Lock()
	e := x.byDate[d]
	if e == nil {
		e = &datedEntry{}
		x.byDate[d] = e
	}
	x.mu.Unlock()
	e.once.Do(func() {
		x.allOnce.Do(func() {
			x.all, x.allErr = x.st.Snapshot(ctx, "")
			if x.allErr != nil {
				x.allErr = fmt.Errorf("screen: read the whole store for dated rows: %w", x.allErr)
			}
		})
		if x.allErr != nil {
			e.err = x.allErr
			return
		}
		e.a, e.err = analyseAsOf(x.all, d, x.regimes)
	})
	return e.a, e.err
}

// count is the number of distinct dates analysed.
func (x *datedAnalyses) count() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return len(x.byDate)
}
