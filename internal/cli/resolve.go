package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/resolve"
)

// ResolveOptions are the flags of `ownex resolve`.
type ResolveOptions struct {
	Threshold float64 // name matches scoring at least this are links (possible, or strong when corroborated)
	Review    string  // CSV file for the review rows (possible, vetoed, below the threshold)
	DryRun    bool    // report, write nothing to the store
	// Decisions, stored before the resolution runs (at most one of the
	// three): Accept is a review file whose accept column decides its
	// rows; Confirm or Reject decide the pair of ids Pair.
	Accept          string
	Confirm, Reject bool
	Pair            []string
	By              string           // who decides (empty: "unknown"; the command's default is $USER)
	Now             func() time.Time // the decision time (nil: the clock)
}

// Resolve links records of the same party across sources (resolve.Resolve:
// strong links by identifier or corroborated name, possible links by name
// alone, conflicts vetoing, never two entries of one list) and replaces
// the previous run's links with them (source "resolve"). The review rows
// go to the review CSV. Decisions given with --accept, --confirm or
// --reject are stored first (source "review"), so that this run already
// follows them.
func Resolve(ctx context.Context, env Env, cfg Config, opt ResolveOptions) error {
	if opt.Threshold == 0 {
		opt.Threshold = resolve.DefaultThreshold
	}
	if opt.Threshold <= 0 || opt.Threshold > 1 {
		return Usagef("--threshold %v: want a score in (0, 1]", opt.Threshold)
	}
	if opt.By = strings.TrimSpace(opt.By); opt.By == "" {
		opt.By = "unknown"
	}
	if err := checkOutput(opt.Review); err != nil {
		return err
	}
	decisions, err := readDecisions(opt)
	if err != nil {
		return err
	}
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	t0 := time.Now()
	var ents []graph.Entity
	if err := st.Entities(ctx, func(e graph.Entity) error { ents = append(ents, e); return nil }); err != nil {
		return fmt.Errorf("resolve: read entities: %w", err)
	}
	snap, err := st.Snapshot(ctx, "")
	if err != nil {
		return fmt.Errorf("resolve: read designations and links: %w", err)
	}
	decided, err := decisionLinks(ents, decisions, opt)
	if err != nil {
		return err
	}
	if !opt.DryRun && len(decided) > 0 {
		if err := writeLinks(ctx, st, graph.SourceReview, decided); err != nil {
			return err
		}
	}
	res := resolve.Resolve(resolve.Input{Entities: ents, Lists: resolve.ListsOf(snap.Designations),
		Links: withDecisions(snap.SameAs, decided)}, resolve.Options{Threshold: opt.Threshold})
	progressf(env, "compared %d entities in %s\n", len(ents), time.Since(t0).Round(time.Millisecond))
	if opt.Review != "" {
		if err := writeReview(ctx, env, opt.Review, res.Review); err != nil {
			return err
		}
	}
	if !opt.DryRun {
		if err := st.ReplaceSameAs(ctx, resolve.SourceName, res.Links); err != nil {
			return fmt.Errorf("resolve: store the links: %w", err)
		}
		refreshSnapshot(ctx, env, cfg, st)
	}
	fmt.Fprintln(env.Stdout, resolveSummary(res.Counts, decided, opt))
	return nil
}

// readDecisions checks the decision flags and reads the review file of
// --accept (nothing is decided when any row is bad).
func readDecisions(opt ResolveOptions) ([]resolve.Decision, error) {
	n := 0
	for _, set := range []bool{opt.Accept != "", opt.Confirm, opt.Reject} {
		if set {
			n++
		}
	}
	switch {
	case n > 1:
		return nil, Usagef("--accept, --confirm and --reject go one at a time")
	case (opt.Confirm || opt.Reject) && len(opt.Pair) != 2:
		return nil, Usagef("--confirm and --reject take two entity ids, got %d", len(opt.Pair))
	case !opt.Confirm && !opt.Reject && len(opt.Pair) > 0:
		return nil, Usagef("resolve takes no arguments but the two ids of --confirm or --reject (got %q)", opt.Pair)
	case (opt.Confirm || opt.Reject) && opt.Pair[0] == opt.Pair[1]:
		return nil, Usagef("--confirm and --reject take two different entity ids, got %s twice", opt.Pair[0])
	case opt.Confirm || opt.Reject:
		return []resolve.Decision{{A: opt.Pair[0], B: opt.Pair[1], Confirm: opt.Confirm, Where: "command line"}}, nil
	case opt.Accept == "":
		return nil, nil
	}
	f, err := os.Open(opt.Accept)
	if err != nil {
		return nil, Usagef("--accept: %w", err)
	}
	defer f.Close()
	d, err := resolve.ReadReview(f, opt.Accept)
	if errors.Is(err, resolve.ErrReview) {
		return nil, &UsageError{Err: err}
	}
	return d, err
}

// decisionLinks checks that the decisions name known entities and returns
// their links, decided by opt.By now.
func decisionLinks(ents []graph.Entity, decisions []resolve.Decision, opt ResolveOptions) ([]graph.SameAs, error) {
	if len(decisions) == 0 {
		return nil, nil
	}
	known := make(map[string]bool, len(ents))
	for _, e := range ents {
		known[e.ID] = true
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	at := now().UTC().Truncate(time.Second)
	out := make([]graph.SameAs, 0, len(decisions))
	for _, d := range decisions {
		for _, id := range []string{d.A, d.B} {
			if !known[id] {
				return nil, fmt.Errorf("%s: entity %s: %w", d.Where, id, graph.ErrNotFound)
			}
		}
		out = append(out, d.Link(opt.By, at))
	}
	return out, nil
}

// withDecisions returns the store's links with the new decisions in place
// of earlier decisions on the same pairs (SameAs.Key), as the store will
// hold them.
func withDecisions(links, decided []graph.SameAs) []graph.SameAs {
	if len(decided) == 0 {
		return links
	}
	replaced := make(map[string]bool, len(decided))
	for _, d := range decided {
		replaced[d.Key()] = true
	}
	out := make([]graph.SameAs, 0, len(links)+len(decided))
	for _, l := range links {
		if !replaced[l.Key()] {
			out = append(out, l)
		}
	}
	return append(out, decided...)
}

// resolveSummary is the line `ownex resolve` prints.
func resolveSummary(c resolve.Counts, decided []graph.SameAs, opt ResolveOptions) string {
	verb := "linked"
	if opt.DryRun {
		verb = "would link"
	}
	var b strings.Builder
	if len(decided) > 0 {
		yes := 0
		for _, d := range decided {
			if d.Strength == graph.StrengthStrong {
				yes++
			}
		}
		stored := "stored"
		if opt.DryRun {
			stored = "would store"
		}
		fmt.Fprintf(&b, "%s %d decisions by %s (%d confirmed, %d rejected); ", stored, len(decided), opt.By, yes, len(decided)-yes)
	}
	fmt.Fprintf(&b, "%s %d pairs strongly (%d by identifier, %d by corroborated name; %d confirmed links kept), %d possible links, "+
		"%d vetoed by a conflicting attribute, among %d entities (threshold %.2f); %d candidates for review%s",
		verb, c.ByIdentifier+c.ByName, c.ByIdentifier, c.ByName, c.Confirmed, c.Possible, c.Vetoed, c.Entities,
		opt.Threshold, c.Review, reviewWhere(opt.Review))
	return b.String()
}

func reviewWhere(path string) string {
	if path == "" {
		return " (not written: no --review file)"
	}
	return " in " + path
}

func writeReview(ctx context.Context, env Env, path string, review []resolve.Candidate) error {
	_, err := writeOutput(ctx, env, path, func(w io.Writer) (struct{}, error) {
		if err := resolve.WriteReviewCSV(w, review); err != nil {
			return struct{}{}, fmt.Errorf("write %s: %w", path, err)
		}
		return struct{}{}, nil
	})
	return err
}

// writeLinks writes links as one load of source.
func writeLinks(ctx context.Context, st graph.Writer, source string, links []graph.SameAs) error {
	l, err := st.Begin(ctx, graph.LoadMeta{Source: source, Format: "resolve", Started: time.Now().UTC()})
	if err != nil {
		return fmt.Errorf("resolve: %w", err)
	}
	b := &graph.Batch{SameAs: links}
	if err := l.Write(ctx, b); err != nil {
		l.Abort(context.WithoutCancel(ctx), err)
		return fmt.Errorf("resolve: write %s links: %w", source, err)
	}
	var c graph.Counts
	c.Add(b)
	if err := l.Commit(ctx, c, 0); err != nil {
		return fmt.Errorf("resolve: %w", err)
	}
	return nil
}
