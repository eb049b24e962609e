package cli

import (
	"context"
	"io"
	"time"

	"github.com/ownex/ownex/internal/report"
	"github.com/ownex/ownex/queries"
)

// ReportOptions are the flags of `ownex report`.
type ReportOptions struct {
	Regime string // ofac, uk, eu, a comma list, or all
	AsOf   string // YYYY-MM-DD; empty = today
	// Format is html or xlsx; empty: from the --out extension, else html.
	Format string
	Out    string // file to write (atomically); empty = stdout
	Top    int    // length of every list (0: 25)
}

// Report writes a whole-store summary for a risk committee: counts per
// regime and status, the largest exposed groups, the entities on which
// regimes disagree, data-quality findings and the verdicts with possible
// links to review.
func Report(ctx context.Context, env Env, cfg Config, opt ReportOptions) error {
	regimes, err := ParseRegimes(opt.Regime)
	if err != nil {
		return err
	}
	asOf, err := ParseAsOf(opt.AsOf)
	if err != nil {
		return err
	}
	format, err := outputFormat(opt.Format, opt.Out, []string{"html", "xlsx"}, "html")
	if err != nil {
		return err
	}
	if err := checkOutput(opt.Out); err != nil {
		return err
	}
	if opt.Top < 0 {
		return Usagef("--top %d: want a positive number", opt.Top)
	}
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	t0 := time.Now()
	sum, err := queries.Summarize(ctx, st, queries.SummaryOptions{AsOf: asOf, Regimes: regimes, Top: opt.Top})
	if err != nil {
		return err
	}
	progressf(env, "summarised %d entities as of %s in %s\n", sum.Entities, asOf, time.Since(t0).Round(time.Millisecond))
	_, err = writeOutput(ctx, env, opt.Out, func(w io.Writer) (struct{}, error) {
		if format == "xlsx" {
			return struct{}{}, report.WriteSummaryXLSX(w, sum, time.Now())
		}
		return struct{}{}, report.WriteSummaryHTML(w, sum, time.Now())
	})
	return err
}
