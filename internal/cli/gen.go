package cli

import (
	"context"
	"fmt"
	"time"

	"github.com/ownex/ownex/internal/gen"
)

// GenOptions are the flags of `ownex gen`.
type GenOptions struct {
	Entities int
	Seed     int64
	Out      string
}

// Gen writes a synthetic, realistic ownership graph (corporate groups,
// a long tail of small owners, cross-holdings, banded and unknown shares,
// joint arrangements, control edges, designated parties, dated changes) in
// the generic CSV format, deterministic for a seed.
func Gen(ctx context.Context, env Env, opt GenOptions) error {
	if opt.Entities <= 0 {
		return Usagef("--entities must be positive")
	}
	if opt.Out == "" {
		return Usagef("--out: a folder is required")
	}
	t0 := time.Now()
	s := gen.Graph(opt.Entities, opt.Seed)
	if err := gen.WriteCSV(s, opt.Out); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %d entities, %d holdings, %d control edges, %d designations to %s in %s\n",
		len(s.Entities), len(s.Holdings), len(s.Controls), len(s.Designations), opt.Out, time.Since(t0).Round(time.Millisecond))
	return nil
}
