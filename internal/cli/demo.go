package cli

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/report"
	"github.com/ownex/ownex/internal/store/sqlite"
)

//go:embed demodata/*.csv
var demoData embed.FS

// DemoExplained is the entity whose proof `ownex demo` prints.
const DemoExplained = "demo:tundra-mining"

// DemoOptions are the flags of `ownex demo`.
type DemoOptions struct {
	AsOf string // YYYY-MM-DD; empty = today
	Keep string // keep the demo store in this SQLite file
}

// Demo loads the bundled network into a temporary SQLite store, prints the
// verdicts of the three regimes and one explanation. It needs no file and
// no server.
func Demo(ctx context.Context, env Env, opt DemoOptions) error {
	asOf, err := ParseAsOf(opt.AsOf)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "ownex-demo-")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer os.RemoveAll(dir)
	files, err := writeDemoFiles(dir)
	if err != nil {
		return err
	}
	dbPath := filepath.Join(dir, "demo.db")
	if opt.Keep != "" {
		dbPath = opt.Keep
	}
	st, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		return fmt.Errorf("demo: open store: %w", err)
	}
	defer st.Close()
	csvFormat, _ := lookupFormat("csv")
	quiet := Env{Stdout: discard{}, Stderr: env.Stderr}
	if err := ingestFiles(ctx, quiet, Config{}, st, csvFormat, files, IngestOptions{}); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	fmt.Fprintf(env.Stdout, "ownex demo: a fictional network of %d files loaded into a temporary store; verdicts as of %s\n\n", len(files), asOf)
	res, err := analyzeStore(ctx, Env{}, Config{NoCache: true}, st, asOf, graph.Engines, false)
	if err != nil {
		return err
	}
	if err := streamVerdicts(env.Stdout, report.FormatTable, graph.Engines, false, res); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "\nWhy is %s blocked under OFAC but not under the UK and EU rules?\n\n", DemoExplained)
	e, err := explainEntity(ctx, st, DemoExplained, asOf, graph.Engines)
	if err != nil {
		return err
	}
	if err := report.WriteExplanationText(env.Stdout, e); err != nil {
		return err
	}
	if opt.Keep != "" {
		fmt.Fprintf(env.Stdout, "\nThe demo store is kept in %s: try `ownex --db %s explain demo:volga-grain`.\n", opt.Keep, opt.Keep)
	}
	return nil
}

func writeDemoFiles(dir string) ([]string, error) {
	names, err := fs.Glob(demoData, "demodata/*.csv")
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	var files []string
	for _, n := range names {
		b, err := demoData.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
		p := filepath.Join(dir, filepath.Base(n))
		if err := os.WriteFile(p, b, 0o600); err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
		files = append(files, p)
	}
	return files, nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
