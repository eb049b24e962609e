package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/internal/report"
	"github.com/ownex/ownex/internal/snapcache"
)

// AnalyzeOptions are the flags of `ownex analyze`.
type AnalyzeOptions struct {
	Regime string // ofac, uk, eu, a comma list, or all
	AsOf   string // YYYY-MM-DD; empty = today
	// Format is table, jsonl, csv or parquet; empty = table on a
	// terminal, else jsonl. parquet is refused on a terminal (binary).
	Format string
	All    bool   // include clear verdicts
	Out    string // file to write; empty = stdout
	// WriteBack stores the verdicts on the store's entities (Neo4j).
	WriteBack bool
	// Save keeps the run under this name for `ownex diff` (replacing a
	// run of the same name).
	Save string
}

// Analyze runs the regime engines over the whole store and writes the
// verdicts.
func Analyze(ctx context.Context, env Env, cfg Config, opt AnalyzeOptions) error {
	regimes, err := ParseRegimes(opt.Regime)
	if err != nil {
		return err
	}
	asOf, err := ParseAsOf(opt.AsOf)
	if err != nil {
		return err
	}
	format, err := analyzeFormat(opt, env)
	if err != nil {
		return err
	}
	if err := checkOutput(opt.Out); err != nil {
		return err
	}
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	vs, canWriteBack := st.(graph.VerdictStore) // Neo4j's alone: optional
	if opt.WriteBack && !canWriteBack {
		return Usagef("--write-back needs a store that keeps verdicts (--store neo4j)")
	}
	if opt.Save != "" {
		if err := checkRunName(opt.Save); err != nil {
			return err
		}
	}
	// Without --all only the verdicts that are not clear (or carry a
	// possible link) are written: the designated cone decides them all
	// (exposure.Options.Cone). --save and --write-back keep every verdict.
	cone := !opt.All && opt.Save == "" && !opt.WriteBack
	res, err := analyzeStore(ctx, env, cfg, st, asOf, regimes, cone)
	if err != nil {
		return err
	}
	warnNoDesignations(env, res, regimes, asOf)
	if err := writeVerdicts(ctx, env, opt.Out, format, regimes, opt.All, res); err != nil {
		return err
	}
	if opt.Save != "" {
		if err := saveRun(ctx, env, st, opt.Save, asOf, regimes, res); err != nil {
			return err
		}
	}
	if !opt.WriteBack {
		return nil
	}
	stats, err := vs.WriteVerdicts(ctx, asOf, regimes, allVerdicts(res, regimes))
	if err != nil {
		return fmt.Errorf("write back: %w", err)
	}
	fmt.Fprintf(errOut(env), "write-back: %d verdicts stored, %d stale removed, %d entities labelled Exposed\n",
		stats.Written, stats.Cleared, stats.Exposed)
	return nil
}

// allVerdicts yields every verdict of every regime.
func allVerdicts(res *exposure.Result, regimes []graph.Regime) func(func(graph.Verdict) bool) {
	return func(yield func(graph.Verdict) bool) {
		for _, r := range regimes {
			for v := range res.Verdicts(r) {
				if !yield(v) {
					return
				}
			}
		}
	}
}

func analyzeFormat(opt AnalyzeOptions, env Env) (report.Format, error) {
	if opt.Format == "" {
		if opt.Out == "" && env.StdoutIsTerminal {
			return report.FormatTable, nil
		}
		return report.FormatJSONL, nil
	}
	f, err := report.ParseFormat(opt.Format)
	if err != nil {
		return "", Usagef("--format: %v", err)
	}
	if f == report.FormatParquet && opt.Out == "" && env.StdoutIsTerminal {
		return "", Usagef("--format parquet is binary: give --out FILE (or redirect standard output)")
	}
	return f, nil
}

// analyzeStore analyses the whole store as of asOf: from its snapshot
// cache when the cache is that of the store's state (snapshot.go), else
// from the store's stream (rebuilding the cache first). With cone, only
// the designated cone is analysed (exposure.Options.Cone): the result has
// every verdict that is not clear or carries a possible link, and no
// other.
func analyzeStore(ctx context.Context, env Env, cfg Config, st graph.Store, asOf graph.Date, regimes []graph.Regime, cone bool) (*exposure.Result, error) {
	var res *exposure.Result
	err := fromSnapshot(ctx, env, cfg, st, func(src snapshotSource) (err error) {
		limitGraphMemory(ctx, cfg, src, st)
		res, err = analyzeStream(ctx, env, src, asOf, regimes, cone)
		return err
	})
	return res, err
}

// fromSnapshot runs read on the source of st's whole snapshot: its
// snapshot cache when the cache is that of the store's state, else the
// store (wholeSnapshot). When the cache proves damaged during the read
// (its checksums are checked as it is read), what read built is dropped,
// the file removed (the next analysis rebuilds it) and read runs again on
// the store.
func fromSnapshot(ctx context.Context, env Env, cfg Config, st graph.Store, read func(snapshotSource) error) error {
	src, done, err := wholeSnapshot(ctx, env, cfg, st)
	if err != nil {
		return err
	}
	err = read(src)
	done()
	if err != nil && src != snapshotSource(st) && errors.Is(err, snapcache.ErrCorrupt) {
		path, _ := snapshotPath(cfg)
		fmt.Fprintf(errOut(env), "ownex: %v; removing it and reading the store\n", err)
		if rerr := os.Remove(path); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
			fmt.Fprintf(errOut(env), "ownex: remove the damaged snapshot cache: %v\n", rerr)
		}
		return read(st)
	}
	return err
}

// sizeHinter is implemented by stores that know at once about how many
// entities and holdings they hold (upper bounds): the SQLite store only,
// so it stays an optional capability, outside graph.Store.
type sizeHinter interface {
	SizeHint(ctx context.Context) (entities, holdings int, err error)
}

// analyzeStream streams a snapshot (a store's, or its snapshot cache's)
// into the engines' builder: no Go object per entity or holding.
func analyzeStream(ctx context.Context, env Env, st snapshotSource, asOf graph.Date, regimes []graph.Regime, cone bool) (*exposure.Result, error) {
	t0 := time.Now()
	b := exposure.NewBuilder(asOf, 0)
	if h, ok := st.(sizeHinter); ok {
		if entities, holdings, err := h.SizeHint(ctx); err == nil {
			b.Grow(entities, holdings)
		}
	}
	if cs, ok := st.(graph.ConeStreamer); ok && cone {
		if err := cs.StreamCone(ctx, asOf, regimes, b); err != nil {
			return nil, fmt.Errorf("read the designated cone as of %s: %w", asOf, err)
		}
	} else if err := st.StreamSnapshot(ctx, asOf, b); err != nil {
		return nil, fmt.Errorf("read snapshot as of %s: %w", asOf, err)
	}
	nodes, holdings := b.Len()
	progressf(env, "read %d entities and %d holdings in force in %s\n", nodes, holdings, time.Since(t0).Round(time.Millisecond))
	t1 := time.Now()
	res, err := b.Analyze(exposure.Options{AsOf: asOf, Regimes: regimes, Cone: cone})
	if err != nil {
		return nil, fmt.Errorf("analyze as of %s: %w", asOf, err)
	}
	what := "the whole graph"
	if cone {
		what = fmt.Sprintf("the designated cone (%d entities with the owners into it)", res.Len())
	}
	progressf(env, "analysed %s under %v as of %s in %s\n", what, regimes, asOf, time.Since(t1).Round(time.Millisecond))
	return res, nil
}

// writeVerdicts writes every entity's verdicts, to out (atomically) or to
// stdout.
func writeVerdicts(ctx context.Context, env Env, out string, format report.Format, regimes []graph.Regime, all bool, res *exposure.Result) error {
	_, err := writeOutput(ctx, env, out, func(w io.Writer) (struct{}, error) {
		return struct{}{}, streamVerdicts(w, format, regimes, all, res)
	})
	return err
}

// streamVerdicts writes res's verdicts to w, buffered (the JSON lines
// writer writes each line at once: one system call a line without it).
func streamVerdicts(w io.Writer, format report.Format, regimes []graph.Regime, all bool, res *exposure.Result) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	vw := report.NewVerdictWriter(bw, format, regimes, all)
	for vs := range res.EntityVerdicts(regimes) {
		if err := vw.WriteEntity(vs); err != nil {
			return err
		}
	}
	if err := vw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

func analyzeSnapshot(s *graph.Snapshot, asOf graph.Date, regimes []graph.Regime) (*exposure.Result, error) {
	res, err := exposure.Analyze(s, exposure.Options{AsOf: asOf, Regimes: regimes})
	if err != nil {
		return nil, fmt.Errorf("analyze as of %s: %w", asOf, err)
	}
	return res, nil
}
