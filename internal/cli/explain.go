package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/internal/report"
)

// ExplainOptions are the flags of `ownex explain`.
type ExplainOptions struct {
	Regime string // ofac, uk, eu, a comma list, or all
	AsOf   string // YYYY-MM-DD; empty = today
	Format string // text or json
	// Depth is how many levels of owners a text proof shows before it sums
	// up the rest in one line; 0 means report.DefaultProofDepth.
	Depth int
}

// Explain prints the proof of one entity's verdicts. It loads only the
// entity's upstream closure: a verdict depends on nothing else (DESIGN.md).
// It builds and writes one regime's proof at a time; JSON proofs are flat
// (report.ExplanationJSON) and text proofs stop at opt.Depth levels.
func Explain(ctx context.Context, env Env, cfg Config, id string, opt ExplainOptions) error {
	regimes, err := ParseRegimes(opt.Regime)
	if err != nil {
		return err
	}
	asOf, err := ParseAsOf(opt.AsOf)
	if err != nil {
		return err
	}
	if opt.Format != "" && opt.Format != "text" && opt.Format != "json" {
		return Usagef("--format: unknown format %q: want text or json", opt.Format)
	}
	if opt.Depth < 0 {
		return Usagef("--depth: %d: want a number of levels >= 1", opt.Depth)
	}
	if opt.Depth == 0 {
		opt.Depth = report.DefaultProofDepth
	}
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	// The store is closed as soon as the upstream is read: its page cache
	// and the closure's temporary table are freed before the analysis.
	open := true
	release := func() error {
		if !open {
			return nil
		}
		open = false
		if err := st.Close(); err != nil {
			return fmt.Errorf("close the store: %w", err)
		}
		return nil
	}
	defer release()
	if opt.Format == "json" {
		var x *report.ExplanationJSON
		err := explainEach(ctx, st, release, id, asOf, regimes, func(ent graph.Entity) (err error) {
			x, err = report.NewExplanationJSON(env.Stdout, ent.ID, ent.Name, asOf)
			return err
		}, func(res *exposure.Result, ent graph.Entity, r graph.Regime) error {
			err := x.Walk(func(visit func(*graph.Proof, int, []graph.ProofEdge) error) error {
				return res.ExplainFlat(ent.ID, r, visit)
			}, report.Page{})
			if err != nil {
				return fmt.Errorf("explain %q under %s: %w", ent.ID, r, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
		return x.Close()
	}
	var x *report.ExplanationText
	return explainEach(ctx, st, release, id, asOf, regimes, func(ent graph.Entity) error {
		x = report.NewExplanationText(env.Stdout, ent.ID, ent.Name, asOf, opt.Depth)
		return nil
	}, func(res *exposure.Result, ent graph.Entity, r graph.Regime) error {
		p, err := treeProof(res, ent, r, opt.Depth)
		if err != nil {
			return err
		}
		return x.Proof(p)
	})
}

// explainEntity returns the proofs of one entity, all regimes at once (for
// small proofs: the demo).
func explainEntity(ctx context.Context, st graph.Store, id string, asOf graph.Date, regimes []graph.Regime) (report.Explanation, error) {
	var e report.Explanation
	err := explainEach(ctx, st, nil, id, asOf, regimes, func(ent graph.Entity) error {
		e = report.Explanation{ID: ent.ID, Name: ent.Name, AsOf: asOf}
		return nil
	}, func(res *exposure.Result, ent graph.Entity, r graph.Regime) error {
		p, err := treeProof(res, ent, r, report.DefaultProofDepth)
		e.Proofs = append(e.Proofs, p)
		return err
	})
	return e, err
}

// explainEach analyses the upstream closure of id, passes the entity to
// head, then calls each for one regime after the other, so that a caller
// that builds a proof in each holds only one. release (may be nil) is
// called once st has been read, before the analysis.
func explainEach(ctx context.Context, st graph.Store, release func() error, id string, asOf graph.Date, regimes []graph.Regime,
	head func(graph.Entity) error, each func(*exposure.Result, graph.Entity, graph.Regime) error) error {
	ent, err := st.Entity(ctx, id)
	if errors.Is(err, graph.ErrNotFound) {
		return &UsageError{Err: fmt.Errorf("entity %q: %w", id, graph.ErrNotFound)}
	}
	if err != nil {
		return fmt.Errorf("read entity %q: %w", id, err)
	}
	res, err := exposure.AnalyzeUpstream(ctx, st, []string{id}, exposure.Options{AsOf: asOf, Regimes: regimes}, release)
	if err != nil {
		return fmt.Errorf("analyze the upstream of %q as of %s: %w", id, asOf, err)
	}
	if n, ok := res.Name(ent.ID); ok {
		ent.Name = n // a stub is shown with its party's name
	}
	if err := head(ent); err != nil {
		return err
	}
	for _, r := range regimes {
		if err := each(res, ent, r); err != nil {
			return err
		}
	}
	return nil
}

// treeProof is ent's proof tree under r, cut below depth levels.
func treeProof(res *exposure.Result, ent graph.Entity, r graph.Regime, depth int) (*graph.Proof, error) {
	p, err := res.ExplainDepth(ent.ID, r, depth)
	if err != nil {
		return nil, fmt.Errorf("explain %q under %s: %w", ent.ID, r, err)
	}
	if p == nil {
		p = clearProof(ent, r)
	}
	return p, nil
}

func clearProof(ent graph.Entity, r graph.Regime) *graph.Proof {
	return &graph.Proof{Entity: ent.ID, Name: ent.Name, Regime: r, Status: graph.StatusClear,
		Notes: []string{"no designated, blocked, owned or controlled party reaches the threshold, even on upper bounds"}}
}
