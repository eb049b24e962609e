package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ownex/ownex/graph"
)

// LoadsOptions are the flags of `ownex loads`.
type LoadsOptions struct {
	Format string // table (default) or jsonl
}

// Loads prints the store's load log, oldest first (`ownex loads`): each
// load's id, status, start and finish times, format, records, the records
// a lenient load skipped (",partial" for a list's partial version) and
// error.
// Opening the store stores as interrupted the loads whose process is gone,
// and the log shows them so (graph.Writer); a load that another live
// process runs shows as running. jsonl gives each graph.LoadRecord as a
// JSON object, owner token included.
func Loads(ctx context.Context, env Env, cfg Config, opt LoadsOptions) error {
	if opt.Format != "" && opt.Format != "table" && opt.Format != "jsonl" {
		return Usagef("--format: unknown format %q: want table or jsonl", opt.Format)
	}
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	log, err := st.Loads(ctx)
	if err != nil {
		return fmt.Errorf("loads: %w", err)
	}
	if opt.Format == "jsonl" {
		enc := json.NewEncoder(env.Stdout)
		for _, r := range log {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	if len(log) == 0 {
		fmt.Fprintln(env.Stdout, "no loads")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tSTARTED\tFINISHED\tFORMAT\tFILES\tRECORDS\tSKIPPED\tERROR")
	for _, r := range log {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", r.ID, r.Status, stamp(r.Started), stamp(r.Finished),
			r.Format, len(r.Files), loadRecords(r), loadSkipped(r), oneLine(r.Error))
	}
	return tw.Flush()
}

// stamp formats a time of the load log; "-" when there is none (a load
// running or interrupted has no finish time).
func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

// loadRecords sums a committed load's records; "-" for any other, whose
// counts are not recorded.
func loadRecords(r graph.LoadRecord) string {
	if r.Status != graph.LoadCommitted {
		return "-"
	}
	c := r.Counts
	return fmt.Sprint(c.Entities + c.Designations + c.Holdings + c.Controls + c.SameAs + c.Links)
}

// loadSkipped is the number of records a committed load skipped
// (--lenient), "partial" after it for a list's partial version (nothing
// closed); "-" for any other load.
func loadSkipped(r graph.LoadRecord) string {
	if r.Status != graph.LoadCommitted {
		return "-"
	}
	if r.Partial() {
		return fmt.Sprintf("%d,partial", r.Skipped)
	}
	return fmt.Sprint(r.Skipped)
}

// oneLine keeps an error on its table row.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
