package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/report"
)

// ShowOptions are the flags of `ownex show`.
type ShowOptions struct {
	Format string // text or json
	AsOf   string // marks what is not in force on this date (default today)
}

// Show prints everything known about one entity: names, identifiers,
// addresses, designations with their dates and source records, holdings
// and control in and out, links, same-as links, earlier versions.
func Show(ctx context.Context, env Env, cfg Config, id string, opt ShowOptions) error {
	if opt.Format != "" && opt.Format != "text" && opt.Format != "json" {
		return Usagef("--format: unknown format %q: want text or json", opt.Format)
	}
	asOf, err := ParseAsOf(opt.AsOf)
	if err != nil {
		return err
	}
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	d, err := st.Detail(ctx, id)
	if errors.Is(err, graph.ErrNotFound) {
		return &UsageError{Err: fmt.Errorf("entity %q: %w", id, graph.ErrNotFound)}
	}
	if err != nil {
		return fmt.Errorf("show %q: %w", id, err)
	}
	if opt.Format == "json" {
		return report.WriteDetailJSON(env.Stdout, d)
	}
	return report.WriteDetailText(env.Stdout, d, asOf)
}
