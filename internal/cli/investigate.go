package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// InvestigateOptions are the flags of `ownex owners`, `holdings`, `paths`
// and `lookthrough`.
type InvestigateOptions struct {
	Depth     int    // owners, holdings: levels (0: unlimited)
	Max       int    // paths: number of paths (default 10)
	MaxLength int    // paths: holdings per path (default queries.DefaultPathLength)
	AsOf      string // YYYY-MM-DD; empty = today
	Format    string // table (default) or jsonl
}

// investigate checks the common flags and opens the store.
func investigate(ctx context.Context, env Env, cfg Config, opt InvestigateOptions) (queries.Store, graph.Date, func(), error) {
	if opt.Format != "" && opt.Format != "table" && opt.Format != "jsonl" {
		return nil, "", nil, Usagef("--format: unknown format %q: want table or jsonl", opt.Format)
	}
	if opt.Depth < 0 {
		return nil, "", nil, Usagef("--depth: %d is negative (0 means unlimited)", opt.Depth)
	}
	if opt.Max < 0 || opt.MaxLength < 0 {
		return nil, "", nil, Usagef("--max and --max-length must be positive")
	}
	asOf, err := ParseAsOf(opt.AsOf)
	if err != nil {
		return nil, "", nil, err
	}
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		return nil, "", nil, err
	}
	return st, asOf, func() { st.Close() }, nil
}

// notFound turns an unknown entity into bad input (exit status 2).
func notFound(err error) error {
	if errors.Is(err, graph.ErrNotFound) || errors.Is(err, queries.ErrSameEntity) {
		return &UsageError{Err: err}
	}
	return err
}

// Owners prints who owns or controls an entity, level by level.
func Owners(ctx context.Context, env Env, cfg Config, id string, opt InvestigateOptions) error {
	st, asOf, done, err := investigate(ctx, env, cfg, opt)
	if err != nil {
		return err
	}
	defer done()
	c, err := queries.Owners(ctx, st, id, opt.Depth, asOf)
	if err != nil {
		return notFound(err)
	}
	return writeClosure(env.Stdout, c, opt.Format, "owners")
}

// Holdings prints what an entity owns or controls, level by level.
func Holdings(ctx context.Context, env Env, cfg Config, id string, opt InvestigateOptions) error {
	st, asOf, done, err := investigate(ctx, env, cfg, opt)
	if err != nil {
		return err
	}
	defer done()
	c, err := queries.Holdings(ctx, st, id, opt.Depth, asOf)
	if err != nil {
		return notFound(err)
	}
	return writeClosure(env.Stdout, c, opt.Format, "holdings")
}

// Paths prints the ownership paths from a to b (a owns ... owns b),
// shortest first, with each step's share and the multiplied share.
func Paths(ctx context.Context, env Env, cfg Config, a, b string, opt InvestigateOptions) error {
	if a == b {
		return Usagef("paths: %q twice: give two different entities", a)
	}
	st, asOf, done, err := investigate(ctx, env, cfg, opt)
	if err != nil {
		return err
	}
	defer done()
	maxPaths, maxLen := opt.Max, opt.MaxLength
	if maxPaths == 0 {
		maxPaths = 10
	}
	if maxLen == 0 {
		maxLen = queries.DefaultPathLength
	}
	r, err := queries.PathsWithin(ctx, st, a, b, maxPaths, maxLen, asOf)
	if err != nil {
		return notFound(err)
	}
	return writePaths(env.Stdout, r, opt.Format)
}

// LookThrough prints the look-through (integrated) ownership of an entity
// by every upstream party: an analytic measure, not a verdict.
func LookThrough(ctx context.Context, env Env, cfg Config, id string, opt InvestigateOptions) error {
	st, asOf, done, err := investigate(ctx, env, cfg, opt)
	if err != nil {
		return err
	}
	defer done()
	r, err := queries.LookThrough(ctx, st, id, asOf)
	if err != nil {
		return notFound(err)
	}
	if err := writeLookThrough(env.Stdout, r, opt.Format); err != nil {
		return fmt.Errorf("write look-through: %w", err)
	}
	return nil
}
