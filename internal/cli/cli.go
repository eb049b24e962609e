package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/internal/store/sqlite"
)

// Config is the global configuration shared by every command (flags,
// OWNEX_* environment variables or ownex.yaml; see cmd/ownex).
type Config struct {
	Store         string // sqlite or neo4j
	DB            string // SQLite file
	Neo4jURI      string
	Neo4jUser     string
	Neo4jPassword string
	Neo4jDatabase string
	BatchSize     int
	// SQLiteCacheKiB is each SQLite connection's page cache in KiB (0:
	// the store's default, 64 MiB; `serve` takes serveCacheKiB).
	SQLiteCacheKiB int
	// NoCache bypasses the snapshot cache (--no-cache): analyses read the
	// store, loads write no cache.
	NoCache bool
	// CacheDir is the folder of a Neo4j store's snapshot cache
	// (--cache-dir; default the user's cache folder's ownex/). A SQLite
	// store's cache is next to its file.
	CacheDir string
	// SizedMemoryLimit makes whole-store analyses (analyze, export
	// parquet) set a soft memory limit sized to the graph (memlimit.go);
	// cmd/ownex sets it unless GOMEMLIMIT is set.
	SizedMemoryLimit bool
	// ProgressEvery is how often ingest and screen write a progress line
	// when stderr is not a terminal (--progress-every; 0: never). On a
	// terminal they keep one line refreshed whatever it is.
	ProgressEvery time.Duration
}

// Env is where a command writes. Progress goes to Stderr: one refreshed
// line and one-off messages when StderrIsTerminal is set, otherwise only
// ingest's and screen's lines every Config.ProgressEvery (progress.go).
type Env struct {
	Stdout           io.Writer
	Stderr           io.Writer
	StdoutIsTerminal bool
	StderrIsTerminal bool
}

// UsageError is bad usage or bad input: exit status 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef returns a *UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// PartialError reports a lenient load committed partial (exit status 3):
// a list loaded as a partial version (List set: the file was not read
// whole, lenient mode skipped records, so its additions and changes were
// written and nothing was closed), or, list or not, files whose reading a
// syntax error stopped (Unread: what came before it is loaded, nothing
// after it).
type PartialError struct {
	List        string
	Unconfirmed int      // the list's open designations the file did not restate
	Unread      []string // files not read to their end (ingest.Report.Unread)
}

func (e *PartialError) Error() string {
	var parts []string
	if e.List != "" {
		parts = append(parts, fmt.Sprintf("list %s: partial version: %d designations not confirmed, none closed "+
			"(the file was not read whole; load a complete file to close what left the list)", e.List, e.Unconfirmed))
	}
	if len(e.Unread) > 0 {
		mend := "; mend the file and load it again"
		if e.List != "" {
			mend = "" // the list's message says what to load
		}
		parts = append(parts, fmt.Sprintf("not read to the end: %s (a syntax error stopped the reading: what came before it "+
			"is loaded, nothing after it%s)", strings.Join(e.Unread, ", "), mend))
	}
	return strings.Join(parts, "; ")
}

// ExitCode maps an error to ownex's exit status: 0 success, 1 runtime
// failure, 2 bad usage or bad input (DESIGN.md, command line contract),
// 3 a lenient load committed partial: a list loaded as a partial version,
// or a file not read to its end (PartialError).
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	var pe *PartialError
	if errors.As(err, &pe) {
		return 3
	}
	var ue *UsageError
	var re *ingest.RowError
	if errors.As(err, &ue) || errors.As(err, &re) || errors.Is(err, graph.ErrNotFound) || errors.Is(err, graph.ErrOlderVersion) ||
		errors.Is(err, ingest.ErrMassDelisting) || errors.Is(err, ingest.ErrFutureVersion) {
		return 2
	}
	return 1
}

// OpenStore opens the configured store. When opening it migrated a store
// made by an earlier ownex (graph.Migrator), each notice of the migration
// goes to env.Stderr, once: the next open has nothing to say.
func OpenStore(ctx context.Context, env Env, cfg Config) (graph.Store, error) {
	st, err := openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	for _, n := range st.Migrations() {
		fmt.Fprintf(errOut(env), "ownex: %s\n", n)
	}
	return st, nil
}

// OpenStoreReadOnly opens the configured store for commands that promise
// to write nothing (`ownex whatif`): SQLite read-only (no schema creation
// or migration; the file stays byte-identical), Neo4j as usual (its
// commands read with read transactions).
func OpenStoreReadOnly(ctx context.Context, env Env, cfg Config) (graph.Store, error) {
	if cfg.Store != "" && cfg.Store != "sqlite" {
		return OpenStore(ctx, env, cfg)
	}
	if cfg.BatchSize < 0 {
		return nil, Usagef("--batch-size must be a positive number of records (or 0 for the default), not %d", cfg.BatchSize)
	}
	path := cmp.Or(cfg.DB, "ownex.db")
	st, err := sqlite.OpenReadOnly(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	return st, nil
}

func openStore(ctx context.Context, cfg Config) (graph.Store, error) {
	if cfg.BatchSize < 0 {
		return nil, Usagef("--batch-size must be a positive number of records (or 0 for the default), not %d", cfg.BatchSize)
	}
	switch cfg.Store {
	case "", "sqlite":
		path := cfg.DB
		if path == "" {
			path = "ownex.db"
		}
		st, err := sqlite.OpenWith(ctx, path, sqlite.Options{CacheKiB: cfg.SQLiteCacheKiB})
		if err != nil {
			return nil, fmt.Errorf("open sqlite store %s: %w", path, err)
		}
		return st, nil
	case "neo4j":
		return openNeo4j(ctx, cfg)
	}
	return nil, Usagef("unknown store %q: want sqlite or neo4j", cfg.Store)
}

// ParseRegimes reads "all" or a comma-separated list of engine regimes.
func ParseRegimes(s string) ([]graph.Regime, error) {
	if s == "" || s == "all" {
		return graph.Engines, nil
	}
	var out []graph.Regime
	seen := map[graph.Regime]bool{}
	for _, part := range strings.Split(s, ",") {
		r := graph.Regime(strings.ToLower(strings.TrimSpace(part)))
		if r != graph.RegimeOFAC && r != graph.RegimeUK && r != graph.RegimeEU {
			return nil, Usagef("unknown regime %q: want ofac, uk, eu or all", part)
		}
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out, nil
}

// ParseAsOf reads --as-of; empty means today.
func ParseAsOf(s string) (graph.Date, error) {
	if s == "" {
		return graph.Today(), nil
	}
	d, err := graph.ParseDate(s)
	if err != nil {
		return "", Usagef("--as-of: %v", err)
	}
	return d, nil
}

// errOut is env.Stderr, or a sink when the caller gave none.
func errOut(env Env) io.Writer {
	if env.Stderr == nil {
		return io.Discard
	}
	return env.Stderr
}
