package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/report"
	"github.com/ownex/ownex/queries"
)

// ScreenOptions are the flags of `ownex screen`.
type ScreenOptions struct {
	Regime string // ofac, uk, eu, a comma list, or all
	AsOf   string // YYYY-MM-DD; empty = today
	// Format is csv, jsonl, xlsx, html or parquet; empty: from the --out
	// extension, else csv. parquet is refused on a terminal (binary).
	Format string
	Out    string // file to write (atomically); empty = stdout
	// Threshold is the lowest name score that matches (0: the resolver's
	// default).
	Threshold float64
	// LookThroughAll computes the look-through share held by designated
	// parties for clear verdicts too.
	LookThroughAll bool
}

// ScreenWriter receives a screening's rows in input order.
type ScreenWriter interface {
	WriteRow(queries.ScreenRow) error
	Close(queries.ScreenStats) error
}

// Screen matches every counterparty of input (a CSV: name, country,
// identifiers, dob, date, ref) to the store and writes, per row, the match
// and each regime's verdict, reason and proof: as of the row's date when
// it has one (lookback; then also its status as of opt.AsOf), else as of
// opt.AsOf. The input is read and checked whole before the store is.
func Screen(ctx context.Context, env Env, cfg Config, input string, opt ScreenOptions) error {
	regimes, err := ParseRegimes(opt.Regime)
	if err != nil {
		return err
	}
	asOf, err := ParseAsOf(opt.AsOf)
	if err != nil {
		return err
	}
	format, err := outputFormat(opt.Format, opt.Out, []string{"csv", "jsonl", "xlsx", "html", "parquet"}, "csv")
	if err != nil {
		return err
	}
	if format == "parquet" && opt.Out == "" && env.StdoutIsTerminal {
		return Usagef("--format parquet is binary: give --out FILE (or redirect standard output)")
	}
	if err := checkOutput(opt.Out); err != nil {
		return err
	}
	if opt.Threshold < 0 || opt.Threshold > 1 {
		return Usagef("--threshold %v: want a score between 0 and 1", opt.Threshold)
	}
	in, err := os.Open(input)
	if err != nil {
		return Usagef("counterparties: %v", err)
	}
	defer in.Close()
	// The whole input is read once before any analysis: a broken file or
	// a bad date stops here, and the distinct dates are known.
	scan, err := queries.ScanCounterparties(in, input)
	if err != nil {
		return &UsageError{Err: err}
	}
	if _, err := in.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("counterparties: %w", err)
	}
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	t0 := time.Now()
	sopt := queries.ScreenOptions{AsOf: asOf, Regimes: regimes, Threshold: opt.Threshold, LookThroughAll: opt.LookThroughAll}
	pp := newProgress(env, cfg, "screen", t0)
	sopt.Progress = func(done int) { pp.report(done, scan.Rows) }
	s, err := newScreener(ctx, env, cfg, st, sopt)
	if err != nil {
		return err
	}
	progressf(env, "read and analysed the store as of %s in %s\n", asOf, time.Since(t0).Round(time.Millisecond))
	meta := report.ScreenMeta{Input: filepath.Base(input), AsOf: asOf, Regimes: regimes, Generated: time.Now(), Lookback: len(scan.Dates) > 0}
	if w := warnNoDesignations(env, s.Result(), regimes, asOf); w != "" {
		meta.Warnings = []string{w}
	}
	stats, err := writeOutput(ctx, env, opt.Out, func(w io.Writer) (queries.ScreenStats, error) {
		sw, err := NewScreenWriter(w, format, meta)
		if err != nil {
			return queries.ScreenStats{}, err
		}
		stats, err := s.ScreenAll(ctx, queries.ReadCounterparties(in, input), sw.WriteRow)
		if err != nil {
			return stats, err
		}
		return stats, sw.Close(stats)
	})
	pp.end()
	if errors.Is(err, queries.ErrScreenInput) {
		return &UsageError{Err: err}
	}
	if err != nil {
		return err
	}
	progressf(env, "screened %d rows in %s: %d matched, %d ambiguous, %d unmatched\n",
		stats.Rows, time.Since(t0).Round(time.Millisecond), stats.Matched, stats.Ambiguous, stats.Unmatched)
	if meta.Lookback {
		dates, analyses := s.DatedAnalyses()
		progressf(env, "lookback: %d distinct row dates, %d besides %s, decided in %d closure analyses\n", len(scan.Dates), dates, asOf, analyses)
	}
	return nil
}

// newScreener makes the screening's two reads of the whole store at once,
// one on each core: the analysis as of opt.AsOf, from the snapshot cache
// when it is that of the store's state (fromSnapshot), and the index of
// every entity record for matching, from the store.
func newScreener(ctx context.Context, env Env, cfg Config, st graph.Store, opt queries.ScreenOptions) (*queries.Screener, error) {
	type index struct {
		x   *queries.MatchIndex
		err error
	}
	ictx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan index, 1)
	go func() {
		x, err := queries.NewMatchIndex(ictx, st)
		ch <- index{x, err}
	}()
	var a *queries.Analysis
	err := fromSnapshot(ctx, env, cfg, st, func(src snapshotSource) (err error) {
		a, err = queries.Analyze(ctx, src, opt.AsOf, opt.Regimes)
		return err
	})
	if err != nil {
		cancel()
		<-ch
		return nil, fmt.Errorf("screen: %w", err)
	}
	ix := <-ch
	if ix.err != nil {
		return nil, fmt.Errorf("screen: %w", ix.err)
	}
	return queries.NewScreenerFrom(st, a, ix.x, opt)
}

// outputFormat picks --format, or the --out file's extension, or def.
func outputFormat(format, out string, allowed []string, def string) (string, error) {
	if format == "" {
		ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
		for _, a := range allowed {
			if ext == a {
				return a, nil
			}
		}
		return def, nil
	}
	for _, a := range allowed {
		if format == a {
			return a, nil
		}
	}
	return "", Usagef("--format: unknown format %q: want %s", format, strings.Join(allowed, ", "))
}

// NewScreenWriter returns the writer of a screening format: csv, jsonl,
// xlsx, html or parquet.
func NewScreenWriter(w io.Writer, format string, meta report.ScreenMeta) (ScreenWriter, error) {
	switch format {
	case "csv":
		return report.NewScreenCSVMeta(w, meta), nil
	case "jsonl":
		return report.NewScreenJSONL(w), nil
	case "xlsx":
		return report.NewScreenXLSX(w, meta)
	case "html":
		return report.NewScreenHTML(w, meta), nil
	case "parquet":
		return report.NewScreenParquet(w, meta), nil
	}
	return nil, Usagef("--format: unknown format %q: want csv, jsonl, xlsx, html or parquet", format)
}
