package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// TimelineOptions are the flags of `ownex timeline`.
type TimelineOptions struct {
	Regime string // ofac, uk, eu, a comma list, or all
	From   string // YYYY-MM-DD; empty = since always
	To     string // YYYY-MM-DD, exclusive; empty = still in force
	Format string // text (default) or jsonl
}

// Timeline prints, per regime, the maximal intervals [from, to) on which
// the verdict on one entity (status and counted share) is constant, with
// the events on each interval's start (queries.Timeline). It reads only
// the entity's upstream closure, with every record of every date.
func Timeline(ctx context.Context, env Env, cfg Config, id string, opt TimelineOptions) error {
	regimes, err := ParseRegimes(opt.Regime)
	if err != nil {
		return err
	}
	from, err := graph.ParseDate(opt.From)
	if err != nil {
		return Usagef("--from: %v", err)
	}
	to, err := graph.ParseDate(opt.To)
	if err != nil {
		return Usagef("--to: %v", err)
	}
	if from != "" && to != "" && to <= from {
		return Usagef("--to %s is not after --from %s", to, from)
	}
	if opt.Format != "" && opt.Format != "text" && opt.Format != "jsonl" {
		return Usagef("--format: unknown format %q: want text or jsonl", opt.Format)
	}
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	ent, ivs, err := queries.EntityTimeline(ctx, st, id, queries.TimelineOptions{Regimes: regimes, From: from, To: to})
	if errors.Is(err, graph.ErrNotFound) {
		return &UsageError{Err: err}
	}
	if err != nil {
		return err
	}
	w := bufio.NewWriter(env.Stdout)
	if opt.Format == "jsonl" {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, iv := range ivs {
			if err := enc.Encode(iv); err != nil {
				return fmt.Errorf("timeline: write: %w", err)
			}
		}
	} else {
		writeTimelineText(w, ent, ivs)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("timeline: write: %w", err)
	}
	return nil
}

// writeTimelineText writes one block per regime: each interval with its
// status and counted share, then its events with their records.
func writeTimelineText(w io.Writer, ent graph.Entity, ivs []queries.Interval) {
	fmt.Fprintf(w, "%s  %s\n", ent.ID, ent.Name)
	var regime graph.Regime
	for _, iv := range ivs {
		if iv.Regime != regime {
			regime = iv.Regime
			fmt.Fprintf(w, "\n%s\n", regime)
		}
		from, to := string(iv.From), string(iv.To)
		if from == "" {
			from = "since always"
		}
		if to == "" {
			to = "still in force"
		}
		fmt.Fprintf(w, "  %-12s → %-14s  %-12s share %s\n", from, to, iv.Status, iv.Share)
		for _, e := range iv.Events {
			fmt.Fprintf(w, "      %s", e.Text)
			if p := e.Provenance(); p.Source != "" || p.Record != "" {
				fmt.Fprintf(w, "  [%s %s]", p.Source, p.Record)
			}
			fmt.Fprintln(w)
		}
	}
}
