package neo4j

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Transactions, retries and the node-id cache of the batched writer (write.go).

// nodeCache maps entity IDs to internal node ids for one load; the
// writer's sessions share it.
type nodeCache struct {
	mu  sync.RWMutex
	ids map[string]int64
	// partial: entries were dropped, so the cache can no longer be all
	// the entities of the database.
	partial bool
}

func (c *nodeCache) get(id string) (int64, bool) {
	c.mu.RLock()
	n, ok := c.ids[id]
	c.mu.RUnlock()
	return n, ok
}

func (c *nodeCache) add(m map[string]int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.ids)+len(m) > maxCachedNodes {
		c.ids, c.partial = nil, true
	}
	if c.ids == nil {
		c.ids = make(map[string]int64, len(m))
	}
	for id, n := range m {
		c.ids[strings.Clone(id)] = n
	}
}

func (c *nodeCache) reset() {
	c.mu.Lock()
	c.ids, c.partial = nil, true
	c.mu.Unlock()
}

// size returns the number of entries, or -1 if the cache is partial.
func (c *nodeCache) size() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.partial {
		return -1
	}
	return len(c.ids)
}

// runner is a transaction that runs statements.
type runner interface {
	Run(ctx context.Context, cypher string, params map[string]any) (neo4j.ResultWithContext, error)
}

// inTx runs work in an explicit write transaction of sess and commits it.
// A transient failure (most often a deadlock between two of the writer's
// sessions: their entities are disjoint, but creating a relationship also
// locks the relationships next to it in its ends' chains) is retried after
// a pause of 10 ms, doubling up to 1 s, within Config.RetryTime. The
// driver's managed transactions would pause 2 s, then 4 s, … before each
// retry. work learns whether it is a retry: then the previous attempt may
// have committed (a connection lost during the commit), and work must not
// rely on what it proved before.
func (l *load) inTx(ctx context.Context, sess neo4j.SessionWithContext, work func(tx runner, retry bool) error) error {
	start := time.Now()
	pause := 10 * time.Millisecond
	for attempt := 0; ; attempt++ {
		tx, err := sess.BeginTransaction(ctx)
		if err == nil {
			if err = work(tx, attempt > 0); err == nil {
				err = tx.Commit(ctx)
			}
			tx.Close(context.WithoutCancel(ctx)) // rolls back what is not committed
		}
		if err == nil || !neo4j.IsRetryable(err) || time.Since(start) > l.s.cfg.RetryTime {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(pause):
		}
		pause = min(2*pause, time.Second)
	}
}

// errStale reports a row whose end was not found by its cached node id.
var errStale = errors.New("neo4j: cached node ids are stale")

// isConstraintError reports a violated uniqueness constraint.
func isConstraintError(err error) bool {
	var nerr *neo4j.Neo4jError
	return errors.As(err, &nerr) && nerr.Code == "Neo.ClientError.Schema.ConstraintValidationFailed"
}

// run runs q in tx and calls each with every record's values; the first
// error each returns ends the run.
func (l *load) run(ctx context.Context, tx runner, q string, p map[string]any, each func([]any) error) error {
	res, err := tx.Run(ctx, q, l.params(p))
	if err != nil {
		return err
	}
	for res.Next(ctx) {
		if err := each(res.Record().Values); err != nil {
			return err
		}
	}
	return res.Err()
}

// count runs a statement returning one count.
func (l *load) count(ctx context.Context, tx runner, q string, p map[string]any) (int64, error) {
	var n int64
	err := l.run(ctx, tx, q, p, func(v []any) (err error) {
		n, err = countOf("the count the statement returned", v)
		return err
	})
	return n, err
}

// countNow runs a read statement returning one count.
func (l *load) countNow(ctx context.Context, q string) (int64, error) {
	var n int64
	err := l.s.read(ctx, q, nil, func(r *neo4j.Record) (err error) {
		n, err = countOf("the count the statement returned", r.Values)
		return err
	})
	return n, err
}

var nodeIDNames = []string{"e.id", "id(e)"}

// foundInto returns a callback of run that adds each record (an entity
// ID and its internal node id) to found.
func foundInto(found map[string]int64) func([]any) error {
	return func(v []any) error {
		f := newFields(nodeIDNames, v)
		id, n := f.str(0), f.int(1)
		if err := f.check(func() string { return fmt.Sprintf("entity %q", id) }); err != nil {
			return err
		}
		found[id] = n
		return nil
	}
}

// allNodesCached reports whether the node cache holds every entity of
// the database: then an ID that it does not hold is new. The writer asks
// before a phase (entities, holdings, control edges), while none of its
// sessions writes.
func (l *load) allNodesCached(ctx context.Context) (bool, error) {
	size := l.nodes.size()
	if size < 0 {
		return false, nil
	}
	n, err := l.countNow(ctx, cypherCountEntities)
	return n == int64(size), err
}

// resolve finds the node ids of ids (distinct, none cached) in tx: looked
// up unless they are known to be new, created as stubs if missing. They
// are added to found.
func (l *load) resolve(ctx context.Context, tx runner, ids []string, lookUp bool, found map[string]int64) error {
	if len(ids) == 0 {
		return nil
	}
	if lookUp {
		err := l.run(ctx, tx, cypherLookupNodes, map[string]any{"ids": ids}, foundInto(found))
		if err != nil {
			return err
		}
		missing := ids[:0:0]
		for _, id := range ids {
			if _, ok := found[id]; !ok {
				missing = append(missing, id)
			}
		}
		ids = missing
	}
	if len(ids) == 0 {
		return nil
	}
	n, add := 0, foundInto(found)
	err := l.run(ctx, tx, cypherCreateStubs, map[string]any{"ids": ids}, func(v []any) error { n++; return add(v) })
	if err == nil && n != len(ids) {
		err = fmt.Errorf("neo4j: created %d of %d stub entities", n, len(ids))
	}
	return err
}

// retry runs write(lookUp), and once more with lookUp set when the node
// cache proved stale or a concurrent writer created an entity.
func (l *load) retry(lookUp bool, write func(lookUp bool) error) error {
	err := write(lookUp)
	switch {
	case errors.Is(err, errStale):
		l.nodes.reset()
	case isConstraintError(err):
	default:
		return err
	}
	return write(true)
}

// writeBatches writes the rows at positions idx on sess, in transactions
// of the store's batch size. write writes one batch in tx and adds the
// node ids it finds to found; lookUp is set when entities that the node
// cache does not hold may exist (all is false, the cache proved stale, or
// the transaction is a retry), retry when the transaction is a retry.
// After each committed batch the found ids are cached and done (if not
// nil) is called with the batch.
func (l *load) writeBatches(ctx context.Context, sess neo4j.SessionWithContext, idx []int, all bool,
	write func(tx runner, batch []int, lookUp, retry bool, found map[string]int64) error, done func(batch []int)) error {
	for start := 0; start < len(idx); start += l.s.cfg.BatchSize {
		batch := idx[start:min(start+l.s.cfg.BatchSize, len(idx))]
		var found map[string]int64
		err := l.retry(!all, func(lookUp bool) error {
			return l.inTx(ctx, sess, func(tx runner, retry bool) error {
				found = map[string]int64{}
				return write(tx, batch, lookUp || retry, retry, found)
			})
		})
		if err != nil {
			return err
		}
		l.nodes.add(found)
		if done != nil {
			done(batch)
		}
	}
	return nil
}
