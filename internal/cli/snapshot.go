package cli

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/snapcache"
	"github.com/ownex/ownex/queries"
)

// snapshotPath is where the store's snapshot cache lives (issue 18 item
// 1): next to a SQLite file (FILE.snapshot); for Neo4j in cfg.CacheDir
// (default: the user's cache folder's ownex/), named by a hash of the
// server's URI and database.
func snapshotPath(cfg Config) (string, error) {
	switch cfg.Store {
	case "", "sqlite":
		return cmp.Or(cfg.DB, "ownex.db") + ".snapshot", nil
	case "neo4j":
		dir := cfg.CacheDir
		if dir == "" {
			base, err := os.UserCacheDir()
			if err != nil {
				return "", fmt.Errorf("snapshot cache: no cache folder (set --cache-dir): %w", err)
			}
			dir = filepath.Join(base, "ownex")
		}
		sum := sha256.Sum256([]byte(cfg.Neo4jURI + "\x00" + cfg.Neo4jDatabase))
		return filepath.Join(dir, "neo4j-"+hex.EncodeToString(sum[:8])+".snapshot"), nil
	}
	return "", Usagef("unknown store %q: want sqlite or neo4j", cfg.Store)
}

// snapshotSource is what a whole snapshot is read from: a store or its
// snapshot cache.
type snapshotSource = queries.AnalysisSource

// snapshotStore is what the cache is built from and checked against (a
// part of graph.Store).
type snapshotStore interface {
	snapshotSource
	Loads(ctx context.Context) ([]graph.LoadRecord, error)
	Counts(ctx context.Context) (graph.Counts, error)
}

// snapshotTag is the tag of st's present state: its load log; for Neo4j
// also its counts (a database can be replaced without a load, by
// neo4j-admin import; its counts are read from the count store at once,
// where SQLite's would scan its tables, and every change of a SQLite
// file goes through a load).
func snapshotTag(ctx context.Context, cfg Config, st snapshotStore) (string, error) {
	loads, err := st.Loads(ctx)
	if err != nil {
		return "", fmt.Errorf("read the load log: %w", err)
	}
	if cfg.Store != "neo4j" {
		return snapcache.Tag(loads), nil
	}
	c, err := st.Counts(ctx)
	if err != nil {
		return "", err
	}
	return snapcache.Tag(loads, fmt.Sprintf("counts %+v", c)), nil
}

// wholeSnapshot returns what to stream st's whole snapshot from: the
// snapshot cache when its tag is that of st's load log; else the cache
// rebuilt from st (a damaged one is reported on stderr; a stale or
// missing one is the normal case); st itself with cfg.NoCache, or when
// the cache cannot be written (reported). done closes the cache.
func wholeSnapshot(ctx context.Context, env Env, cfg Config, st snapshotStore) (src snapshotSource, done func(), err error) {
	noop := func() {}
	if cfg.NoCache {
		return st, noop, nil
	}
	path, err := snapshotPath(cfg)
	if err != nil {
		return nil, nil, err
	}
	tag, err := snapshotTag(ctx, cfg, st)
	if err != nil {
		return nil, nil, err
	}
	c, err := snapcache.Open(path, tag)
	if err == nil {
		progressf(env, "reading the snapshot cache %s\n", path)
		return c, func() { c.Close() }, nil
	}
	switch {
	case errors.Is(err, os.ErrNotExist), errors.Is(err, snapcache.ErrStale):
	case errors.Is(err, snapcache.ErrCorrupt), errors.Is(err, snapcache.ErrVersion):
		fmt.Fprintf(errOut(env), "ownex: %v; rebuilding it from the store\n", err)
	default:
		fmt.Fprintf(errOut(env), "ownex: %v; reading the store\n", err)
		return st, noop, nil
	}
	if err := buildSnapshot(ctx, env, path, st, tag); err != nil {
		if ctx.Err() != nil {
			return nil, nil, err
		}
		fmt.Fprintf(errOut(env), "ownex: %v; reading the store\n", err)
		return st, noop, nil
	}
	now, err := snapshotTag(ctx, cfg, st)
	if err != nil {
		return nil, nil, err
	}
	if c, err = snapcache.Open(path, now); err != nil {
		// The store changed while the cache was built: it is newer.
		progressf(env, "the store changed while its snapshot cache was built (%v); reading the store\n", err)
		return st, noop, nil
	}
	return c, func() { c.Close() }, nil
}

// buildSnapshot writes st's snapshot cache, tagged tag, to path.
func buildSnapshot(ctx context.Context, env Env, path string, st snapshotStore, tag string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("snapshot cache: %w", err)
	}
	t0 := time.Now()
	if err := snapcache.Build(ctx, st, path, tag); err != nil {
		return err
	}
	progressf(env, "wrote the snapshot cache %s in %s\n", path, time.Since(t0).Round(time.Millisecond))
	return nil
}

// writeSnapshot writes st's snapshot cache where cfg puts it, tagged with
// st's present state, and returns the path and the tag.
func writeSnapshot(ctx context.Context, env Env, cfg Config, st snapshotStore) (path, tag string, err error) {
	if path, err = snapshotPath(cfg); err != nil {
		return "", "", err
	}
	if tag, err = snapshotTag(ctx, cfg, st); err != nil {
		return "", "", err
	}
	return path, tag, buildSnapshot(ctx, env, path, st, tag)
}

// refreshSnapshot rebuilds the store's snapshot cache after a load
// (unless cfg.NoCache); a failure is reported, not returned: the load
// itself succeeded, and the next analysis rebuilds the cache.
func refreshSnapshot(ctx context.Context, env Env, cfg Config, st graph.Store) {
	if cfg.NoCache {
		return
	}
	if _, _, err := writeSnapshot(ctx, env, cfg, st); err != nil {
		fmt.Fprintf(errOut(env), "ownex: the load is committed, but its snapshot cache was not written: %v\n", err)
	}
}

// SnapshotOptions are the flags of `ownex snapshot`.
type SnapshotOptions struct{}

// Snapshot writes the store's snapshot cache now (`ownex snapshot`) and
// says where, how large and in how long.
func Snapshot(ctx context.Context, env Env, cfg Config, _ SnapshotOptions) error {
	if _, err := snapshotPath(cfg); err != nil {
		return err
	}
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	t0 := time.Now()
	path, tag, err := writeSnapshot(ctx, env, cfg, st)
	if err != nil {
		return err
	}
	c, err := snapcache.Open(path, tag)
	if err != nil {
		return fmt.Errorf("check the snapshot cache just written: %w", err)
	}
	defer c.Close()
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	entities, holdings := c.Len()
	fmt.Fprintf(env.Stdout, "snapshot cache %s: %d entities, %d holdings (every date), %d bytes, in %s\n",
		path, entities, holdings, fi.Size(), time.Since(t0).Round(time.Millisecond))
	return nil
}
