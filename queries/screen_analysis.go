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

// AnalysisSource is what a whole-store analysis reads: a store, or its
// snapshot cache (internal/snapcache), which streams the same records.
type AnalysisSource interface {
	graph.SnapshotStreamer
	graph.ConeStreamer
}

// Analyze analyses the snapshot of src as of asOf under regimes (empty:
// graph.Engines), keeping what screenings need of it; the snapshot itself
// is not kept. It streams the whole snapshot, with each holding's record
// (proofs cite them), into the engines' builder, and then the designated
// cone of regimes (src.StreamCone) for the look-through index: every
// holding the designated parties reach, and every holding into what they
// reach, is in the cone.
func Analyze(ctx context.Context, src AnalysisSource, asOf graph.Date, regimes []graph.Regime) (*Analysis, error) {
	if len(regimes) == 0 {
		regimes = graph.Engines
	}
	b := exposure.NewBuilder(asOf, 0)
	b.KeepRecords()
	sink := &sameAsTee{SnapshotSink: b}
	if err := src.StreamSnapshot(ctx, asOf, sink); err != nil {
		return nil, fmt.Errorf("read snapshot as of %s: %w", asOf, err)
	}
	res, err := b.Analyze(exposure.Options{AsOf: asOf, Regimes: regimes})
	if err != nil {
		return nil, fmt.Errorf("analyze as of %s: %w", asOf, err)
	}
	var cone holdingRows
	if err := src.StreamCone(ctx, asOf, regimes, &cone); err != nil {
		return nil, fmt.Errorf("read the designated cone as of %s: %w", asOf, err)
	}
	return &Analysis{asOf: asOf, regimes: slices.Clone(regimes), res: res,
		holdings: newHoldingIndex(cone.hs, asOf, res, regimes), parties: newParties(sink.sameAs)}, nil
}

// sameAsTee is the builder's sink that keeps the same-as links (the
// parties of a screening) as they pass, and keeps records.
type sameAsTee struct {
	graph.SnapshotSink
	sameAs []graph.SameAs
}

func (t *sameAsTee) Relations(des []graph.Designation, ctl []graph.Control, same []graph.SameAs) error {
	t.sameAs = slices.Clone(same)
	return t.SnapshotSink.Relations(des, ctl, same)
}

func (t *sameAsTee) KeepsRecords() bool { return true }

// holdingRows is a sink that keeps the holdings it gets, without their
// records (the look-through index reads shares, sources and dates).
type holdingRows struct{ hs []graph.Holding }

func (*holdingRows) Relations([]graph.Designation, []graph.Control, []graph.SameAs) error { return nil }
func (*holdingRows) Entity(graph.EntityRow) error                                         { return nil }

func (h *holdingRows) Holding(row *graph.HoldingRow) error {
	h.hs = append(h.hs, graph.Holding{Owner: string(row.Owner), Owned: string(row.Owned), Share: row.Share,
		Votes: row.Votes, Arrangement: string(row.Arrangement),
		Span:       graph.Span{Start: graph.Date(row.Start), End: graph.Date(row.End)},
		Provenance: graph.Provenance{Source: string(row.Source)}})
	return nil
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
