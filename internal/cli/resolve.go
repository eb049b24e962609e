package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/resolve"
)

// ResolveOptions are the flags of `ownex resolve`.
type ResolveOptions struct {
	Threshold float64 // name matches scoring at least this are linked
	Review    string  // CSV file for the candidates below the threshold
	DryRun    bool    // report, write nothing to the store
}

// Resolve links records of the same party across sources: records that
// share a normalised identifier (LEI, IMO, UK company number, INN, OGRN…)
// and, above the threshold, records whose names match. Links are written
// to the store as same-as links (source "resolve"); the candidates below
// the threshold go to the review CSV.
func Resolve(ctx context.Context, env Env, cfg Config, opt ResolveOptions) error {
	if opt.Threshold == 0 {
		opt.Threshold = resolve.DefaultThreshold
	}
	if opt.Threshold <= 0 || opt.Threshold > 1 {
		return Usagef("--threshold %v: want a score in (0, 1]", opt.Threshold)
	}
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	lister, ok := st.(graph.EntityLister)
	if !ok {
		return Usagef("store %s cannot list entities", cfg.Store)
	}
	t0 := time.Now()
	var ents []graph.Entity
	if err := lister.Entities(ctx, func(e graph.Entity) error { ents = append(ents, e); return nil }); err != nil {
		return fmt.Errorf("resolve: read entities: %w", err)
	}
	idLinks := resolve.IdentifierLinks(ents)
	nameLinks, review := resolve.Propose(ents, opt.Threshold)
	progressf(env, "compared %d entities in %s\n", len(ents), time.Since(t0).Round(time.Millisecond))
	if opt.Review != "" {
		if err := writeReview(env, opt.Review, review); err != nil {
			return err
		}
	}
	links := append(idLinks, nameLinks...)
	if !opt.DryRun && len(links) > 0 {
		if err := writeSameAs(ctx, st, links); err != nil {
			return err
		}
	}
	verb := "linked"
	if opt.DryRun {
		verb = "would link"
	}
	fmt.Fprintf(env.Stdout, "%s %d pairs by identifier and %d by name (threshold %.2f) among %d entities; %d candidates for review%s\n",
		verb, len(idLinks), len(nameLinks), opt.Threshold, len(ents), len(review), reviewWhere(opt.Review))
	return nil
}

func reviewWhere(path string) string {
	if path == "" {
		return " (not written: no --review file)"
	}
	return " in " + path
}

func writeReview(env Env, path string, review []resolve.Candidate) error {
	_, err := writeOutput(env, path, func(w io.Writer) (struct{}, error) {
		if err := resolve.WriteReviewCSV(w, review); err != nil {
			return struct{}{}, fmt.Errorf("write %s: %w", path, err)
		}
		return struct{}{}, nil
	})
	return err
}

// writeSameAs writes the links as one load of source "resolve".
func writeSameAs(ctx context.Context, st graph.Writer, links []graph.SameAs) error {
	l, err := st.Begin(ctx, graph.LoadMeta{Source: "resolve", Format: "resolve", Started: time.Now().UTC()})
	if err != nil {
		return fmt.Errorf("resolve: %w", err)
	}
	b := &graph.Batch{SameAs: links}
	if err := l.Write(ctx, b); err != nil {
		l.Abort(context.WithoutCancel(ctx), err)
		return fmt.Errorf("resolve: write links: %w", err)
	}
	var c graph.Counts
	c.Add(b)
	if err := l.Commit(ctx, c, 0); err != nil {
		return fmt.Errorf("resolve: %w", err)
	}
	return nil
}
