// Command ownex analyses sanctions exposure through ownership and control
// chains under the OFAC, UK and EU rules. See README.md.
//
// This file only builds the command tree and reads configuration (flags
// win over OWNEX_* environment variables, which win over ownex.yaml); the
// commands themselves live in internal/cli.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cast"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"
	"golang.org/x/term"

	"github.com/ownex/ownex/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "ownex: %v\n", err)
	}
	os.Exit(cli.ExitCode(err))
}

func run(ctx context.Context, args []string) error {
	v := viper.New()
	env := cli.Env{
		Stdout:           os.Stdout,
		Stderr:           os.Stderr,
		StdoutIsTerminal: term.IsTerminal(int(os.Stdout.Fd())),
		StderrIsTerminal: term.IsTerminal(int(os.Stderr.Fd())),
	}
	root := newRoot(v, env)
	root.SetArgs(args)
	ran := false
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		ran = true
		return loadConfig(v, cmd)
	}
	err := root.ExecuteContext(ctx)
	if err != nil && !ran {
		return &cli.UsageError{Err: err}
	}
	return err
}

func newRoot(v *viper.Viper, env cli.Env) *cobra.Command {
	root := &cobra.Command{
		Use:           "ownex",
		Short:         "Sanctions exposure through ownership and control chains (OFAC, UK, EU)",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	pf := root.PersistentFlags()
	pf.String("config", "", "configuration file (default ./ownex.yaml if present)")
	pf.String("store", "sqlite", "store: sqlite or neo4j")
	pf.String("db", "ownex.db", "SQLite database file")
	pf.String("neo4j-uri", "bolt://127.0.0.1:7687", "Neo4j Bolt URI")
	pf.String("neo4j-user", "", "Neo4j user (empty: no authentication)")
	pf.String("neo4j-password", "", "Neo4j password (prefer OWNEX_NEO4J_PASSWORD)")
	pf.String("neo4j-database", "", "Neo4j database (empty: the server's default)")
	pf.Bool("no-cache", false, "bypass the snapshot cache: analyses read the store, loads write no cache")
	pf.String("cache-dir", "", "folder of a Neo4j store's snapshot cache (default: the user's cache folder's ownex/; SQLite's is FILE.snapshot)")
	pf.Duration("progress-every", cli.DefaultProgressEvery, "when stderr is not a terminal, how often ingest and screen log a progress line (0: never)")
	pf.Int("batch-size", 0, "records per write batch (default 5000; 50000 with --store neo4j, in transactions of at most 2000 rows)")
	root.AddCommand(ingestCmd(v, env), analyzeCmd(v, env), explainCmd(v, env), queryCmd(v, env), showCmd(v, env), loadsCmd(v, env), resolveCmd(v, env), diffCmd(v, env), changesCmd(v, env), demoCmd(env), genCmd(env), screenCmd(v, env), reportCmd(v, env), ownersCmd(v, env), holdingsCmd(v, env), pathsCmd(v, env), lookthroughCmd(v, env), timelineCmd(v, env), serveCmd(v, env), exportCmd(v, env))
	root.AddCommand(whatifCmd(v, env), snapshotCmd(v, env))
	return root
}

// loadConfig binds flags, OWNEX_* variables and the config file; flags win.
func loadConfig(v *viper.Viper, cmd *cobra.Command) error {
	if err := v.BindPFlags(cmd.Flags()); err != nil {
		return fmt.Errorf("bind flags: %w", err)
	}
	v.SetEnvPrefix("OWNEX")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
	v.AutomaticEnv()
	f := v.GetString("config")
	explicit := f != ""
	if !explicit {
		// Only ./ownex.yaml (or .yml): viper's name search would also take
		// an extensionless file called "ownex" — the binary itself — for
		// the configuration.
		for _, name := range []string{"ownex.yaml", "ownex.yml"} {
			if st, err := os.Stat(name); err == nil && st.Mode().IsRegular() {
				f = name
				break
			}
		}
	}
	if f != "" {
		v.SetConfigFile(f)
		if err := v.ReadInConfig(); err != nil {
			return &cli.UsageError{Err: fmt.Errorf("read config %s: %w", f, err)}
		}
	}
	return checkNumbers(v)
}

// checkNumbers rejects a number or duration from OWNEX_* or the config
// file that does not parse: viper's getters would read it as 0 (the
// default batch size, no progress lines) without a word. Flags are
// checked by their own parsing.
func checkNumbers(v *viper.Viper) error {
	for _, k := range []string{"batch-size", "cache-analyses", "max-analyses"} {
		if _, err := cast.ToIntE(v.Get(k)); err != nil {
			return &cli.UsageError{Err: fmt.Errorf("%s: %q is not a whole number", k, fmt.Sprint(v.Get(k)))}
		}
	}
	// A duration needs its unit: cast would read "30" as 30 ns.
	var d time.Duration
	var err error
	switch x := v.Get("progress-every").(type) {
	case time.Duration:
		d = x
	case string:
		d, err = time.ParseDuration(x)
	default:
		err = fmt.Errorf("%T", x)
	}
	if err != nil || d < 0 {
		return &cli.UsageError{Err: fmt.Errorf("progress-every: %q is not a duration of 0 or more (such as 30s or 2m)", fmt.Sprint(v.Get("progress-every")))}
	}
	return nil
}

func config(v *viper.Viper) cli.Config {
	return cli.Config{
		Store:         v.GetString("store"),
		DB:            v.GetString("db"),
		Neo4jURI:      v.GetString("neo4j-uri"),
		Neo4jUser:     v.GetString("neo4j-user"),
		Neo4jPassword: v.GetString("neo4j-password"),
		Neo4jDatabase: v.GetString("neo4j-database"),
		BatchSize:     v.GetInt("batch-size"),
		NoCache:       v.GetBool("no-cache"),
		CacheDir:      v.GetString("cache-dir"),
		ProgressEvery: v.GetDuration("progress-every"),
		// A soft memory limit sized to the graph, unless GOMEMLIMIT sets one.
		SizedMemoryLimit: !memoryLimitSet(),
	}
}
