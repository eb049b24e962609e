package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/procid"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Store is a graph.Store on one SQLite file. It is safe for concurrent use;
// SQLite allows one writing load at a time (others wait, up to the busy
// timeout).
type Store struct {
	db      *sql.DB
	path    string
	notices []string // see Migrations
}

// The store's capabilities, checked by the compiler: graph.Store (every
// interface that both stores implement) and the optional graph.Dumper,
// SQLite's alone (export neo4j-import reads the embedded store).
// VerdictStore is Neo4j's alone (write-back).
var (
	_ graph.Store  = (*Store)(nil)
	_ graph.Dumper = (*Store)(nil)
)

// busyTimeout is how long a connection waits for a lock, in milliseconds.
const busyTimeout = 10000

// Open opens (creating if needed) the SQLite database at path, makes sure
// its schema exists, and marks interrupted the loads left running by a
// process that is gone (liveness.go), without waiting for a lock that
// another process's load holds. A database already at the current schema
// version is opened without taking the write lock, so that a store can be
// opened (and read) while another process loads.
func Open(ctx context.Context, path string) (*Store, error) {
	return OpenWith(ctx, path, Options{})
}

// Options tune a store's connections. The zero value is Open's.
type Options struct {
	// CacheKiB is each connection's page cache, in KiB (0: 64 MiB). A
	// server with many connections open at once and a store that fits
	// the operating system's file cache reads as fast with a few MiB
	// each (`ownex serve` uses 8 MiB; issue 15 item 2).
	CacheKiB int
}

// defaultCacheKiB is a connection's page cache unless Options say.
const defaultCacheKiB = 64 << 10

// OpenWith is Open with options.
func OpenWith(ctx context.Context, path string, opt Options) (*Store, error) {
	if opt.CacheKiB < 0 {
		return nil, fmt.Errorf("sqlite: open %s: page cache of %d KiB", path, opt.CacheKiB)
	}
	db, err := openDB(path, false, opt.CacheKiB)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, path: path}
	if err := s.init(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := s.markInterrupted(ctx, false); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return s, nil
}

// OpenReadOnly opens the existing SQLite database at path for reading
// only: every connection is query_only, and nothing is created or
// migrated, so that the file stays byte-identical (`ownex whatif`). A
// database of another schema version is refused: open it once with Open
// (any other command) to migrate it.
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	db, err := openDB(path, true, 0)
	if err != nil {
		return nil, err
	}
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if v != schemaVersion {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s read-only: schema version %d, want %d (open it once with another command to migrate it)", path, v, schemaVersion)
	}
	return &Store{db: db, path: path}, nil
}

// openDB opens the database at path with the store's connection
// settings; readOnly makes every connection query_only; cacheKiB is each
// connection's page cache (0: defaultCacheKiB).
func openDB(path string, readOnly bool, cacheKiB int) (*sql.DB, error) {
	if cacheKiB == 0 {
		cacheKiB = defaultCacheKiB
	}
	if path == "" {
		return nil, errors.New("sqlite: empty database path")
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(0)")
	q.Add("_pragma", fmt.Sprintf("cache_size(%d)", -cacheKiB)) // per connection
	q.Add("_pragma", "temp_store(MEMORY)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	dsn := path
	if strings.ContainsAny(path, "?#") || strings.HasPrefix(path, "file:") {
		dsn = "file:" + (&url.URL{Path: strings.TrimPrefix(path, "file:")}).EscapedPath()
	}
	db, err := sql.Open("sqlite", dsn+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return db, nil
}

func (s *Store) init(ctx context.Context) error {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return err
	}
	if v > schemaVersion {
		return fmt.Errorf("database schema version %d is newer than this ownex (%d)", v, schemaVersion)
	}
	if v == schemaVersion {
		return nil // nothing to create or migrate: no write transaction
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, schema); err != nil {
		return fmt.Errorf("create schema: %w", err)
	}
	added, err := migrate(ctx, tx)
	if err != nil {
		return fmt.Errorf("migrate schema from version %d: %w", v, err)
	}
	var notices []string
	if added["same_as.strength"] {
		if notices, err = migrateLinks(ctx, tx); err != nil {
			return fmt.Errorf("migrate same-as links from version %d: %w", v, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.notices = notices
	return nil
}

// Path returns the database file path.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Begin marks interrupted the loads left running by a process that is gone
// (liveness.go), records a running load in the load log with this
// process's owner token, and opens the transaction that will hold the
// load's writes. A load of a list (meta.List set) is
// refused, and logged as failed, when a committed load of the same list
// has a later publication date: versions of a list load in order.
func (s *Store) Begin(ctx context.Context, meta graph.LoadMeta) (graph.Load, error) {
	if meta.Started.IsZero() {
		meta.Started = time.Now()
	}
	if meta.List != "" && meta.Published == "" {
		meta.Published = graph.Date(meta.Started.UTC().Format(graph.DateLayout))
	}
	files, err := json.Marshal(nonNil(meta.Files))
	if err != nil {
		return nil, err
	}
	if err := s.markInterrupted(ctx, true); err != nil {
		return nil, fmt.Errorf("sqlite: begin load: %w", err)
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO loads (source, format, files, checksum, started, status, list, published, owner)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, meta.Source, meta.Format, string(files), meta.Checksum,
		formatTime(meta.Started), graph.LoadRunning, meta.List, string(meta.Published), procid.Self().String())
	if err != nil {
		return nil, fmt.Errorf("sqlite: record load: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	l := &load{s: s, id: id, list: meta.List, published: meta.Published}
	if err := l.start(ctx); err != nil {
		l.fail(ctx, err)
		return nil, err
	}
	return l, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

const timeLayout = time.RFC3339Nano

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(timeLayout, s)
	return t
}

// Counts returns the number of records of each kind (stubs are entities).
func (s *Store) Counts(ctx context.Context) (graph.Counts, error) {
	var c graph.Counts
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM entities), (SELECT count(*) FROM designations),
		(SELECT count(*) FROM holdings), (SELECT count(*) FROM controls),
		(SELECT count(*) FROM same_as), (SELECT count(*) FROM links)`).
		Scan(&c.Entities, &c.Designations, &c.Holdings, &c.Controls, &c.SameAs, &c.Links)
	if err != nil {
		return c, fmt.Errorf("sqlite: counts: %w", err)
	}
	return c, nil
}

// Loads returns the load log, oldest first. A load stored as running whose
// process is gone is returned as interrupted (liveness.go), whether or not
// that is stored yet.
func (s *Store) Loads(ctx context.Context) ([]graph.LoadRecord, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, source, format, files, checksum, started, finished,
		status, error, entities, designations, holdings, controls, same_as, links, skipped, list, published, owner
		FROM loads ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: loads: %w", err)
	}
	defer rows.Close()
	var out []graph.LoadRecord
	for rows.Next() {
		var r graph.LoadRecord
		var files, started, finished, published string
		if err := rows.Scan(&r.ID, &r.Source, &r.Format, &files, &r.Checksum, &started, &finished,
			&r.Status, &r.Error, &r.Counts.Entities, &r.Counts.Designations, &r.Counts.Holdings,
			&r.Counts.Controls, &r.Counts.SameAs, &r.Counts.Links, &r.Skipped, &r.List, &published, &r.Owner); err != nil {
			return nil, fmt.Errorf("sqlite: loads: %w", err)
		}
		if err := json.Unmarshal([]byte(files), &r.Files); err != nil {
			return nil, fmt.Errorf("sqlite: load %d: files: %w", r.ID, err)
		}
		r.Started, r.Finished = parseTime(started), parseTime(finished)
		r.Published = graph.Date(published)
		if r.Status == graph.LoadRunning && ownerGone(r.Owner) {
			r.Status = graph.LoadInterrupted
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AtomicLoads reports true: a load is one SQLite transaction.
func (s *Store) AtomicLoads() bool { return true }
