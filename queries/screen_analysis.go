package queries

import (
	"context"
	"fmt"
	"slices"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
)

// Analysis is a whole-store analysis as of one date together with what a
// screening reads besides the verdicts: the holdings in force that the
// designated parties reach (look-through shares, screen_lookthrough.go)
// and the parties of the same-as links (matching, screen_decide.go). The
// entity records a screening matches rows against are a MatchIndex,
// which depends on no date.
//
// An Analysis is read-only and safe for concurrent use: one serves any
// number of screenings (and entity requests, through Result) at its date;
// the HTTP server keeps a few by date (internal/httpapi).
type Analysis struct {
	asOf     graph.Date
	regimes  []graph.Regime
	res      *exposure.Result
	holdings *holdingIndex
	parties  parties
}

// Analyze reads the store's snapshot as of asOf and analyses it under
// regimes (empty: graph.Engines), keeping what screenings need of the
// snapshot; the snapshot itself is not kept.
func Analyze(ctx context.Context, st graph.Reader, asOf graph.Date, regimes []graph.Regime) (*Analysis, error) {
	if len(regimes) == 0 {
		regimes = graph.Engines
	}
	snap, err := st.Snapshot(ctx, asOf)
	if err != nil {
		return nil, fmt.Errorf("read snapshot as of %s: %w", asOf, err)
	}
	res, err := exposure.Analyze(snap, exposure.Options{AsOf: asOf, Regimes: regimes})
	if err != nil {
		return nil, fmt.Errorf("analyze as of %s: %w", asOf, err)
	}
	return &Analysis{asOf: asOf, regimes: slices.Clone(regimes), res: res,
		holdings: newHoldingIndex(snap, asOf, res, regimes), parties: newParties(snap.SameAs)}, nil
}

// Result is the whole-store analysis.
func (a *Analysis) Result() *exposure.Result { return a.res }

// AsOf is the analysis date.
func (a *Analysis) AsOf() graph.Date { return a.asOf }

// covers reports whether a was analysed under every regime of regs.
func (a *Analysis) covers(regs []graph.Regime) bool {
	for _, r := range regs {
		if !slices.Contains(a.regimes, r) {
			return false
		}
	}
	return true
}

// MatchIndex is every entity record of a store indexed for matching
// (screen_match.go). It depends on the records alone — not on a date
// (the parties come from the Analysis) nor on a threshold (the scorer's
// floor is the screening's) — so one serves every screening of the store
// until the store changes. It is safe for concurrent use; its cache of
// row tokens' lookups is bounded (maxHitCache).
type MatchIndex struct{ m *matchIndex }

// NewMatchIndex reads every entity record of st and indexes it.
func NewMatchIndex(ctx context.Context, st graph.EntityLister) (*MatchIndex, error) {
	m := newMatchIndex()
	if err := st.Entities(ctx, func(e graph.Entity) error {
		m.add(e)
		return ctx.Err()
	}); err != nil {
		return nil, fmt.Errorf("read entities: %w", err)
	}
	m.finish()
	return &MatchIndex{m: m}, nil
}
