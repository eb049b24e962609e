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
	return &screenAnalysis{asOf: asOf, res: res, holdings: newHoldingIndex(snap.Holdings, asOf, res, regimes),
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

// datedAnalyses decides the rows of a lookback screening (issue 17 item
// 2) as of their own dates. The rows of one date in one chunk of rows
// share one analysis: the upstream closure of their matched entities, read
// from the store as of that date (graph.Reader.Upstream: every owner and
// controller, transitively, and the same-as linked records, which is all
// a verdict depends on), analysed as of the date. The cost is one closure
// analysis per distinct date and chunk, never one per row; and since each
// analysis covers only the matched parties' closures and is dropped after
// its chunk, memory stays that of a chunk, however many dates the book
// has (an analysis of the whole store per date costs its memory for each
// date: docs/SCREENING.md, "Lookback").
type datedAnalyses struct {
	st      graph.Reader
	regimes []graph.Regime

	mu       sync.Mutex
	dates    map[graph.Date]bool
	analyses int
}

// analyse reads the upstream closure of ids as of d and analyses it.
func (x *datedAnalyses) analyse(ctx context.Context, ids []string, d graph.Date) (*screenAnalysis, error) {
	up, err := x.st.Upstream(ctx, ids, d)
	if err != nil {
		return nil, fmt.Errorf("screen: read the upstream of %d matched entities as of %s: %w", len(ids), d, err)
	}
	a, err := analyseAsOf(up, d, x.regimes)
	if err != nil {
		return nil, err
	}
	x.mu.Lock()
	x.dates[d] = true
	x.analyses++
	x.mu.Unlock()
	return a, nil
}

// counts returns the number of distinct dates and of closure analyses
// made so far.
func (x *datedAnalyses) counts() (dates, analyses int) {
	x.mu.Lock()
	defer x.mu.Unlock()
	return len(x.dates), x.analyses
}
