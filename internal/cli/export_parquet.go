package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/report"
)

// ParquetExportFiles are the files of `ownex export parquet DIR`.
var ParquetExportFiles = []string{"entities.parquet", "holdings.parquet", "control.parquet", "designations.parquet", "verdicts.parquet"}

// exportParquet writes the records of d and the verdicts of st as of asOf
// under regimes into the files ParquetExportFiles in a temporary folder
// beside dir, renamed to dir once all are complete.
func exportParquet(ctx context.Context, env Env, cfg Config, st graph.Store, d graph.Dumper, dir string, asOf graph.Date, regimes []graph.Regime, t0 time.Time) error {
	var counts report.ParquetDumpCounts
	verdicts := 0
	err := exportDir(dir, func(tmp string) error {
		var err error
		if counts, err = dumpParquet(ctx, d, tmp); err != nil {
			return err
		}
		res, err := analyzeStore(ctx, env, cfg, st, asOf, regimes, false)
		if err != nil {
			return err
		}
		return createFile(filepath.Join(tmp, "verdicts.parquet"), func(w io.Writer) error {
			cw := &countingVerdicts{VerdictWriter: report.NewParquetVerdicts(w, true), n: &verdicts}
			for vs := range res.EntityVerdicts(regimes) {
				if err := cw.WriteEntity(vs); err != nil {
					return err
				}
			}
			return cw.Close()
		})
	})
	if err != nil {
		return fmt.Errorf("export parquet: %w", err)
	}
	fmt.Fprintf(env.Stdout, "wrote %d entities, %d holdings, %d control edges, %d designations and %d verdicts (as of %s, %v) to %s in %s\n",
		counts.Entities, counts.Holdings, counts.Controls, counts.Designations, verdicts, asOf, regimes, dir,
		time.Since(t0).Round(time.Millisecond))
	return nil
}

// dumpParquet dumps d into the four record files in dir.
func dumpParquet(ctx context.Context, d graph.Dumper, dir string) (report.ParquetDumpCounts, error) {
	var ws [4]io.Writer
	for i, name := range ParquetExportFiles[:4] {
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return report.ParquetDumpCounts{}, err
		}
		defer f.Close()
		ws[i] = f
	}
	sink := report.NewParquetDump(ws[0], ws[1], ws[2], ws[3])
	if err := d.Dump(ctx, sink); err != nil {
		return sink.Counts, err
	}
	if err := sink.Close(); err != nil {
		return sink.Counts, err
	}
	for _, w := range ws {
		if err := w.(*os.File).Close(); err != nil {
			return sink.Counts, err
		}
	}
	return sink.Counts, nil
}

// createFile creates path (which must not exist) and runs write on it.
func createFile(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// countingVerdicts counts the verdicts written (every one: the export keeps
// clear verdicts).
type countingVerdicts struct {
	report.VerdictWriter
	n *int
}

func (c *countingVerdicts) WriteEntity(vs []graph.Verdict) error {
	*c.n += len(vs)
	return c.VerdictWriter.WriteEntity(vs)
}
