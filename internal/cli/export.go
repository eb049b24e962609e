package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/neo4j"
)

// ExportOptions are the flags of `ownex export`.
type ExportOptions struct {
	// Database is the Neo4j database the printed command imports into.
	Database string
	// AsOf (YYYY-MM-DD; empty = today) and Regime (as analyze's) are those
	// of the verdicts of the parquet export.
	AsOf   string
	Regime string
}

// ExportTargets lists what `ownex export` writes.
var ExportTargets = []string{"neo4j-import", "parquet"}

// Export writes the configured store in the form of target into dir.
//
// neo4j-import: the CSV files of `neo4j-admin database import full`
// (internal/store/neo4j, export.go), which give an empty Neo4j the graph
// that the Neo4j store's batched writer builds from the same records, and
// prints the import command. The store must be a graph.Dumper (the SQLite
// store is; it is opened as every command opens it, and read in one read
// transaction, row by row: no record is held in memory beyond the one
// being written, and the keys of shared identifier, regime and mention
// nodes). dir must not exist or be empty; the files are written beside it
// and moved into place at the end, so that a failed export leaves nothing.
func Export(ctx context.Context, env Env, cfg Config, target, dir string, opt ExportOptions) error {
	if err := checkExport(cfg, target, dir); err != nil {
		return err
	}
	if opt.Database == "" {
		opt.Database = "neo4j"
	}
	var asOf graph.Date
	var regimes []graph.Regime
	if target == "parquet" {
		var err error
		if regimes, err = ParseRegimes(opt.Regime); err != nil {
			return err
		}
		if asOf, err = ParseAsOf(opt.AsOf); err != nil {
			return err
		}
	}
	t0 := time.Now()
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	d, ok := st.(graph.Dumper) // SQLite's alone: optional
	if !ok {
		return Usagef("export %s: store %q cannot dump its records as stored (the SQLite store can: --store sqlite --db FILE)",
			target, cfg.Store)
	}
	if target == "parquet" {
		return exportParquet(ctx, env, cfg, st, d, dir, asOf, regimes, t0)
	}
	plan, err := exportNeo4jImport(ctx, d, dir)
	if err != nil {
		return fmt.Errorf("export %s: %w", target, err)
	}
	return printExportPlan(env, plan, opt.Database, time.Since(t0))
}

// checkExport refuses, before any store is opened, an unknown target, a
// missing or non-empty dir, a store other than SQLite (the only
// graph.Dumper; Neo4j is refused without connecting to it) and a SQLite
// file that does not exist (which opening would create).
func checkExport(cfg Config, target, dir string) error {
	if !slices.Contains(ExportTargets, target) {
		return Usagef("unknown export %q: want %s", target, strings.Join(ExportTargets, ", "))
	}
	if dir == "" {
		return Usagef("export %s: a folder is required", target)
	}
	if cfg.Store != "" && cfg.Store != "sqlite" {
		return Usagef("export %s reads the SQLite store (--store sqlite --db FILE), not %s", target, cfg.Store)
	}
	path := cfg.DB
	if path == "" {
		path = "ownex.db"
	}
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return Usagef("export %s: no SQLite store at %s (--db)", target, path)
	}
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return Usagef("export %s: %s is not empty", target, dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("export %s: %w", target, err)
	}
	return nil
}

// exportDir runs write on a new temporary folder beside dir and renames
// it to dir when write succeeded; otherwise the folder is removed.
func exportDir(dir string, write func(tmp string) error) error {
	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Clean(dir)), "."+filepath.Base(filepath.Clean(dir))+".tmp-*")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil { // a server account reads it
		return err
	}
	if err := write(tmp); err != nil {
		return err
	}
	os.Remove(dir) // an empty folder; a non-empty one was refused by checkExport
	if err := os.Rename(tmp, dir); err != nil {
		return err
	}
	done = true
	return nil
}

// exportNeo4jImport dumps d into the files of a neo4j-admin import, written
// into a temporary folder beside dir and renamed to dir once complete.
func exportNeo4jImport(ctx context.Context, d graph.Dumper, dir string) (*neo4j.ImportPlan, error) {
	var plan *neo4j.ImportPlan
	err := exportDir(dir, func(tmp string) error {
		w, err := neo4j.NewImportWriter(tmp)
		if err != nil {
			return err
		}
		if err := d.Dump(ctx, w); err != nil {
			w.Close()
			return err
		}
		plan, err = w.Close()
		return err
	})
	if err != nil {
		return nil, err
	}
	plan.Dir = dir
	return plan, nil
}

// printExportPlan prints what was written, in how long, and the commands
// that import it into database.
func printExportPlan(env Env, plan *neo4j.ImportPlan, database string, took time.Duration) error {
	cmd, err := plan.CommandLine(database)
	if err != nil {
		return err
	}
	c := plan.Counts
	fmt.Fprintf(env.Stdout, "wrote %d nodes (%d entities, %d of them stubs) and %d relationships (%d holdings) to %s in %s (%.0f rows/s)\n",
		c.Nodes(), c.Entities, c.Stubs, c.Relationships(), c.Holdings, plan.Dir, took.Round(time.Millisecond),
		float64(c.Rows())/took.Seconds())
	fmt.Fprintf(env.Stdout, "import into a Neo4j whose server is stopped (the database must be new or empty):\n  %s\n", cmd)
	fmt.Fprintf(env.Stdout, "then run the statements of %s once on it before use (repeat a statement while it returns a count above 0)\n",
		filepath.Join(plan.Dir, plan.Finish))
	fmt.Fprintf(env.Stdout, "or, for the local Neo4j of deploy/neo4j (both steps, before the server starts):\n  bash deploy/neo4j/import.sh %s\n", plan.Dir)
	return nil
}
