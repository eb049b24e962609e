package neo4j

import (
	"context"
	"fmt"
	"hash/maphash"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/graph"
)

// The batched writer (docs/BENCHMARKS.md, "Neo4j writes").
//
// Rows are sent as lists, not maps: the server then decodes no key per
// value and reads each value by position. Entities are written by one
// statement per kind, whose labels are constants, and by shape: a batch is
// split into the entities it creates (a CREATE, identifiers only in the
// statement for rows that have some) and the ones it updates (the upsert
// with versions of cypherUpdateEntity, one row per entity and statement, so
// that an entity repeated in a batch ends as if its rows were written one
// by one).
//
// A record is created with CREATE, not MERGE, only when the load can prove
// that it is new. The proofs are made before each phase of a Write
// (entities, holdings, control edges), while none of the writer's
// sessions writes:
//
//   - an entity: the load keeps the internal node id of every entity it
//     created or looked up (nodeCache). When that cache holds as many
//     entries as the database holds :Entity nodes (a count the server reads
//     from its counts store), it holds every entity, and an ID missing
//     from it is new; otherwise each batch first looks the missing IDs up
//     in one read query. The uniqueness constraint on :Entity(id) still
//     guards every CREATE: if another writer created the entity, the batch
//     fails and is written again after a look-up.
//   - a holding or control edge: the load keeps a hash of the key of every
//     relationship of the type that it wrote (relTracker). When the
//     database holds exactly as many relationships of the type as there
//     are hashes, a key whose hash is not among them (nor among the rows
//     already written in the phase) is new. This holds for a first load
//     into a database without such relationships; once it fails, the load
//     MERGEs every further row. A hash collision only sends a new row to
//     MERGE. This proof assumes that no other process writes relationships
//     of the type during the load (ownex runs one load at a time).
//
// Relationships between entities start from the internal node ids of their
// ends (found in the cache, looked up or created as stubs at the start of
// the batch's transaction), so that no index is searched per row; each
// statement checks the ends' IDs and returns its row count, and a stale
// cache (a count that does not match) empties the cache and writes the
// batch again after a look-up. Node ids are never stored and live only as
// long as the load.
//
// A Write with many rows of one kind uses Config.Writers sessions at once,
// one transaction of Config.BatchSize rows each at a time: entities are
// split by ID, relationships in rounds between pairs of ID partitions so
// that no two sessions touch the same entity (relRounds). Each
// transaction is explicit and retried by inTx.

// minParallelRows is the number of rows of one kind in one Write from
// which the writer uses several sessions (a variable for tests).
var minParallelRows = 10000

// writers returns the number of sessions that write rows rows of one kind.
func (l *load) writers(rows int) int {
	if rows < minParallelRows {
		return 1
	}
	return l.s.cfg.Writers
}

// sessions runs work(ctx, i, session) for i in [0, n) concurrently, each
// with a session of its own; the first error cancels the others' context
// and is returned.
func (l *load) sessions(ctx context.Context, n int, work func(ctx context.Context, i int, sess neo4j.SessionWithContext) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sess := l.s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite,
				DatabaseName: l.s.cfg.Database, FetchSize: neo4j.FetchAll})
			defer sess.Close(context.WithoutCancel(ctx))
			if err := work(ctx, i, sess); err != nil {
				cancel(err)
			}
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && ctx.Err() != nil {
		return err
	}
	return nil
}

// writeBatched writes b with the batched writer; same are the rows of
// its same-as links (sameAsRows). The rows of the holdings and control
// edges are built while the entities are written.
func (l *load) writeBatched(ctx context.Context, b *graph.Batch, same []map[string]any) error {
	type relRows struct {
		rows [][]any
		keys []string
	}
	holdings, controls := make(chan relRows, 1), make(chan relRows, 1)
	go func() {
		rows, keys := make([][]any, len(b.Holdings)), make([]string, len(b.Holdings))
		for i, h := range b.Holdings {
			keys[i] = h.Key()
			rows[i] = []any{nil, nil, h.Owner, h.Owned, keys[i],
				int64(h.Share.Lo), int64(h.Share.Hi), int64(h.Votes.Lo), int64(h.Votes.Hi), openBits(h.Share), openBits(h.Votes),
				nullable(h.Arrangement), nullable(string(h.Start)), nullable(string(h.End)), nullable(h.Source), nullable(h.Record)}
		}
		holdings <- relRows{rows, keys}
		rows, keys = make([][]any, len(b.Controls)), make([]string, len(b.Controls))
		for i, c := range b.Controls {
			keys[i] = c.Key()
			rows[i] = []any{nil, nil, c.Controller, c.Controlled, keys[i], string(c.Basis),
				nullable(string(c.Start)), nullable(string(c.End)), nullable(c.Source), nullable(c.Record)}
		}
		controls <- relRows{rows, keys}
	}()
	if err := l.writeEntities(ctx, b.Entities); err != nil {
		return fmt.Errorf("neo4j: write entities: %w", l.s.describe(err))
	}
	if err := l.writeMaps(ctx, "designations", cypherUpsertDesignations, designationRows(b.Designations)); err != nil {
		return err
	}
	hs := <-holdings
	if err := l.writeRelations(ctx, &ownsSpec, &l.owns, hs.rows, hs.keys); err != nil {
		return fmt.Errorf("neo4j: write holdings: %w", l.s.describe(err))
	}
	cs := <-controls
	if err := l.writeRelations(ctx, &controlsSpec, &l.controls, cs.rows, cs.keys); err != nil {
		return fmt.Errorf("neo4j: write control edges: %w", l.s.describe(err))
	}
	if err := l.writeMaps(ctx, "same-as links", cypherUpsertSameAs, same); err != nil {
		return err
	}
	return l.writeMaps(ctx, "links", cypherUpsertLinks, linkRows(b.Links))
}

// writeMaps writes the few record kinds that keep the generic upserts
// (designations, same-as links, links) in batches, in one session. Their
// MERGE may create stub entities that the node cache does not know: the
// cache then no longer counts as complete, and later batches look
// entities up.
func (l *load) writeMaps(ctx context.Context, what, q string, rows []map[string]any) error {
	if len(rows) == 0 {
		return nil
	}
	return l.sessions(ctx, 1, func(ctx context.Context, _ int, sess neo4j.SessionWithContext) error {
		for start := 0; start < len(rows); start += l.s.cfg.BatchSize {
			end := min(start+l.s.cfg.BatchSize, len(rows))
			_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
				res, err := tx.Run(ctx, q, l.params(map[string]any{"rows": rows[start:end]}))
				if err != nil {
					return nil, err
				}
				_, err = res.Consume(ctx)
				return nil, err
			})
			if err != nil {
				return fmt.Errorf("neo4j: write %s: %w", what, l.s.describe(err))
			}
		}
		return nil
	})
}

// part returns the partition of an entity ID among n.
func (l *load) part(id string, n int) int { return int(maphash.String(l.seed, id) % uint64(n)) }
