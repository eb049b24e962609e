package neo4j

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/ownex/ownex/graph"
)

// Config says how to reach Neo4j.
type Config struct {
	URI       string // e.g. bolt://127.0.0.1:7687
	User      string // empty: no authentication
	Password  string
	Database  string // empty: the server's default database
	BatchSize int    // rows per UNWIND transaction (default DefaultBatchSize)
	// Writers is the number of sessions that write at once when a Write
	// holds many rows of one kind (default 2; 1: one session). Each
	// session writes a disjoint share of the entities, and of the
	// relationships between them (write.go).
	Writers int
	// RetryTime bounds the retries of a failing transaction, by the
	// driver or by the batched writer (default 15 s): a server that went
	// away fails the load after it.
	RetryTime time.Duration
}

// DefaultBatchSize is the number of rows per transaction when
// Config.BatchSize is not set: 2,000 rather than 5,000, because with two
// sessions transactions of 5,000 rows cost the server about 30 % more CPU
// per row (docs/BENCHMARKS.md, "Neo4j writes").
const DefaultBatchSize = 2000

// DefaultWriteSize is the number of records per Write at which the
// batched writer works best (Store.WriteSize).
const DefaultWriteSize = 50_000

// Store is a graph.Store on Neo4j.
type Store struct {
	driver  neo4j.DriverWithContext
	cfg     Config
	notices []string // see Migrations
	// perRow makes loads write one row per statement and transaction
	// instead of UNWIND batches (writePerRow). Only the tests set it
	// (OpenPerRow in hooks_test.go): it exists to measure what batching
	// buys (BenchmarkLoadHoldings, docs/BENCHMARKS.md) and as the
	// reference graph of the batched writer's test, never for real loads.
	perRow bool
}

// The store's capabilities, checked by the compiler: graph.Store (every
// interface that both stores implement; Neo4j loads are not atomic, its
// AtomicLoads is false) and the optional graph.VerdictStore, Neo4j's
// alone (write-back). It is no graph.Dumper (export neo4j-import reads
// the SQLite store).
var (
	_ graph.Store        = (*Store)(nil)
	_ graph.VerdictStore = (*Store)(nil)
)

// Open connects to Neo4j, checks the connection and the credentials,
// creates the schema (constraints and indexes) if it is missing, migrates
// what an earlier ownex wrote (migrate.go, Migrations), and marks
// interrupted the loads whose process is gone (liveness.go).
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.URI == "" {
		return nil, errors.New("neo4j: no URI configured (--neo4j-uri)")
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	if cfg.Writers <= 0 {
		cfg.Writers = 2
	}
	auth := neo4j.NoAuth()
	if cfg.User != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	if cfg.RetryTime <= 0 {
		cfg.RetryTime = 15 * time.Second
	}
	drv, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.MaxTransactionRetryTime = cfg.RetryTime
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j: bad URI %q: %w", cfg.URI, err)
	}
	s := &Store{driver: drv, cfg: cfg}
	if err := drv.VerifyConnectivity(ctx); err != nil {
		drv.Close(ctx)
		return nil, s.describe(err)
	}
	if err := s.bootstrap(ctx); err != nil {
		drv.Close(ctx)
		return nil, err
	}
	return s, nil
}

// WriteSize returns the number of records per Write that a caller
// splitting a load into Writes (ownex ingest) should use:
// DefaultWriteSize. A Write that large holds enough rows of each large
// kind for the writer's parallel sessions (fewer than 10,000 rows of a
// kind use one session), and few enough Writes are made that their fixed
// costs stay small (the counts that prove records new, setting up the
// sessions, the pauses between the rounds of relationships), while a batch
// still fits in memory a few times over. Each Write is still split into
// transactions of Config.BatchSize rows.
func (s *Store) WriteSize() int { return DefaultWriteSize }

// describe turns driver errors into messages a user can act on.
func (s *Store) describe(err error) error {
	var nerr *neo4j.Neo4jError
	switch {
	case errors.As(err, &nerr) && strings.HasPrefix(nerr.Code, "Neo.ClientError.Security."):
		who := s.cfg.User
		if who == "" {
			who = "(no user: authentication disabled on the client)"
		}
		return fmt.Errorf("neo4j at %s refused the credentials of user %s: %s: %w", s.cfg.URI, who, nerr.Msg, err)
	case neo4j.IsConnectivityError(err) || strings.Contains(err.Error(), "ConnectivityError"):
		return fmt.Errorf("neo4j unreachable at %s (is it running? `make neo4j-start` starts a local one): %w", s.cfg.URI, err)
	}
	return fmt.Errorf("neo4j at %s: %w", s.cfg.URI, err)
}

// Close closes the driver.
func (s *Store) Close() error { return s.driver.Close(context.Background()) }

func (s *Store) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: mode, DatabaseName: s.cfg.Database})
}

// write runs one statement in a managed write transaction.
func (s *Store) write(ctx context.Context, cypher string, params map[string]any) error {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		_, err = res.Consume(ctx)
		return nil, err
	})
	if err != nil {
		return s.describe(err)
	}
	return nil
}

// read runs one statement in a managed read transaction and streams each
// record to each.
func (s *Store) read(ctx context.Context, cypher string, params map[string]any, each func(*neo4j.Record) error) error {
	sess := s.session(ctx, neo4j.AccessModeRead)
	defer sess.Close(ctx)
	// The driver runs the function again after a transient error. Once
	// rows have reached each, a second run would hand them over twice (the
	// callers append): the retry then fails with the first error instead.
	var rows int
	var first error
	_, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		if rows > 0 {
			// %v, not %w: a wrapped transient error would be retried again.
			return nil, fmt.Errorf("the read failed after %d rows, and is not run again (they would be handed over twice): %v", rows, first)
		}
		res, err := tx.Run(ctx, cypher, params)
		if err == nil {
			for res.Next(ctx) {
				rows++
				if err = each(res.Record()); err != nil {
					break
				}
			}
			if err == nil {
				err = res.Err()
			}
		}
		first = err
		return nil, err
	})
	if err != nil {
		return s.describe(err)
	}
	return nil
}

// Schema statements: constraints and indexes, created if missing.
var schema = []string{
	`CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE`,
	`CREATE CONSTRAINT identifier_key IF NOT EXISTS FOR (i:Identifier) REQUIRE i.key IS UNIQUE`,
	`CREATE CONSTRAINT regime_name IF NOT EXISTS FOR (r:Regime) REQUIRE r.name IS UNIQUE`,
	`CREATE CONSTRAINT load_id IF NOT EXISTS FOR (l:Load) REQUIRE l.id IS UNIQUE`,
	`CREATE INDEX identifier_value IF NOT EXISTS FOR (i:Identifier) ON (i.value)`,
	`CREATE INDEX identifier_scheme_value IF NOT EXISTS FOR (i:Identifier) ON (i.scheme, i.value)`,
	// Relationship keys are not indexed on purpose: every MERGE of a
	// relationship starts from its two bound endpoints, and an index on
	// the key made loads a third slower (docs/BENCHMARKS.md).
	`DROP INDEX owns_key IF EXISTS`,
	`DROP INDEX controls_key IF EXISTS`,
	`DROP INDEX designated_key IF EXISTS`,
	`DROP INDEX same_as_key IF EXISTS`,
	`CREATE INDEX load_status IF NOT EXISTS FOR (l:Load) ON (l.status)`,
	`CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (e:Entity) ON EACH [e.name, e.aliases_text]`,
}

func (s *Store) bootstrap(ctx context.Context) error {
	for _, q := range schema {
		if err := s.write(ctx, q, nil); err != nil {
			return fmt.Errorf("neo4j: create schema: %w", err)
		}
	}
	notices, err := s.migrateLinks(ctx)
	if err != nil {
		return fmt.Errorf("neo4j: migrate same-as links: %w", err)
	}
	s.notices = notices
	if err := s.markInterrupted(ctx); err != nil {
		return fmt.Errorf("neo4j: %w", err)
	}
	return nil
}

// Wipe deletes every node and relationship (the schema stays). For tests
// and for `ownex` users who want to start over.
func (s *Store) Wipe(ctx context.Context) error {
	for {
		n := int64(0)
		sess := s.session(ctx, neo4j.AccessModeWrite)
		_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			res, err := tx.Run(ctx, `MATCH (x) WITH x LIMIT 20000 DETACH DELETE x RETURN count(*)`, nil)
			if err != nil {
				return nil, err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return nil, err
			}
			n, err = countOf("deleted nodes", rec.Values)
			return nil, err
		})
		sess.Close(ctx)
		if err != nil {
			return fmt.Errorf("neo4j: wipe: %w", s.describe(err))
		}
		if n == 0 {
			return nil
		}
	}
}

// AtomicLoads reports false: each batch is its own transaction.
func (s *Store) AtomicLoads() bool { return false }

// Query runs a read-only catalog query (queries/cypher) with its bound
// parameters in a read transaction, so that it cannot write, and streams
// each row to each with the column names.
func (s *Store) Query(ctx context.Context, text string, params map[string]any, each func(cols []string, vals []any) error) error {
	return s.read(ctx, text, params, func(r *neo4j.Record) error { return each(r.Keys, r.Values) })
}
