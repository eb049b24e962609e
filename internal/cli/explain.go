package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/report"
)

// ExplainOptions are the flags of `ownex explain`.
type ExplainOptions struct {
	Regime string // ofac, uk, eu, a comma list, or all
	AsOf   string // YYYY-MM-DD; empty = today
	Format string // text or json
}

// Explain prints the proof of one entity's verdicts. It loads only the
// entity's upstream closure: a verdict depends on nothing else (DESIGN.md).
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
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	e, err := explainEntity(ctx, st, id, asOf, regimes)
	if err != nil {
		return err
	}
	if opt.Format == "json" {
		return report.WriteExplanationJSON(env.Stdout, e)
	}
	return report.WriteExplanationText(env.Stdout, e)
}

func explainEntity(ctx context.Context, st graph.Reader, id string, asOf graph.Date, regimes []graph.Regime) (report.Explanation, error) {
	ent, err := st.Entity(ctx, id)
	if errors.Is(err, graph.ErrNotFound) {
		return report.Explanation{}, &UsageError{Err: fmt.Errorf("entity %q: %w", id, graph.ErrNotFound)}
	}
	if err != nil {
		return report.Explanation{}, fmt.Errorf("read entity %q: %w", id, err)
	}
	up, err := st.Upstream(ctx, []string{id}, asOf)
	if err != nil {
		return report.Explanation{}, fmt.Errorf("read upstream of %q: %w", id, err)
	}
	res, err := analyzeSnapshot(up, asOf, regimes)
	if err != nil {
		return report.Explanation{}, err
	}
	e := report.Explanation{ID: ent.ID, Name: ent.Name, AsOf: asOf}
	for _, r := range regimes {
		p, err := res.Explain(id, r)
		if err != nil {
			return report.Explanation{}, fmt.Errorf("explain %q under %s: %w", id, r, err)
		}
		if p == nil {
			p = clearProof(ent, r)
		}
		e.Proofs = append(e.Proofs, p)
	}
	return e, nil
}

func clearProof(ent graph.Entity, r graph.Regime) *graph.Proof {
	return &graph.Proof{Entity: ent.ID, Name: ent.Name, Regime: r, Status: graph.StatusClear,
		Notes: []string{"no designated, blocked, owned or controlled party reaches the threshold, even on upper bounds"}}
}
