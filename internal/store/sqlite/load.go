package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ownex/ownex/graph"
)

// load is one load: a single write transaction with prepared statements.
//
// A load that is not a list load takes the bulk path (load_fast.go): its
// transaction runs on a connection of its own, through SQLite's C API
// (fastraw.go), and the secondary indexes of the tables that are empty
// when it begins are dropped and created again, in the same transaction,
// at Commit. A list load, or a load of an in-memory store, writes through
// database/sql. Both paths run the same statements in the same order.
type load struct {
	s    *Store
	id   int64
	tx   *sql.Tx
	done bool

	// list and published are those of the load's meta: a list load
	// keeps entity history and closes what it does not restate.
	list      string
	published graph.Date

	// The database/sql path: statements prepared on tx.
	sqlRun sqlRunner
	// The bulk path (tx is nil): the connection that holds the
	// transaction, its statements.
	raw    *rawConn
	rawRun *rawRunner
	bulk   []bulkIndex // indexes dropped at start, created at Commit

	entityState, insertVersion *sql.Stmt // list loads only

	// seen holds entity ids already written (real or stub) in this load,
	// so that stubs are not re-inserted for every relation. It stops
	// growing at maxSeen ids; ids beyond are checked by the database.
	seen *idSet
	// aliases and idents tell whether an entity can have aliases or
	// identifiers before its record is written, so that the deletes that
	// replace them are skipped when there is nothing to delete.
	aliases, idents ownedRows

	planned planQueue
	recent  [2]string // see plan.stub
	// Cursors of write over its plan, and scratch.
	keys     []string
	stubs    []bool
	since    []graph.Date
	expFirst bool
}

// maxSeen bounds the seen set of a load (at most 16 bytes and the id's
// length an id: about 400 MB at the bound).
const maxSeen = 1 << 25

var _ graph.Load = (*load)(nil)

// ID returns the load's id in the load log.
func (l *load) ID() int64 { return l.id }

// ownedRows tracks, for the rows an entity owns in a side table (aliases,
// identifiers), whether an entity can have some before this load writes
// its record: not when the table was empty when the load began and this
// load has not written any for it. Past maxOwned entities it gives up and
// answers yes.
type ownedRows struct {
	empty   bool
	written *idSet
}

const maxOwned = 1 << 22

func (o *ownedRows) init(empty bool) {
	o.empty, o.written = empty, nil
	if empty {
		o.written = newIDSet(maxOwned)
	}
}

func (o *ownedRows) mayHave(id string) bool {
	return !o.empty || o.written.has(id)
}

func (o *ownedRows) wrote(id string) {
	if o.empty && !o.written.add(id) {
		o.init(false)
	}
}

func (l *load) start(ctx context.Context) error {
	l.seen = newIDSet(maxSeen)
	if l.list == "" && !testNoBulk {
		ok, err := l.startBulk(ctx)
		if ok || err != nil {
			return err
		}
	}
	// The transaction outlives ctx's request scope only through the
	// caller's use; a cancelled ctx rolls it back, as database/sql does.
	tx, err := l.s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin load: %w", err)
	}
	l.tx = tx
	if l.list != "" {
		if err := l.checkVersion(ctx); err != nil {
			tx.Rollback()
			return err
		}
	}
	if err := l.initOwned(ctx); err != nil {
		tx.Rollback()
		return err
	}
	for i, q := range stmtSQL {
		if q == "" {
			continue
		}
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			tx.Rollback()
			return fmt.Errorf("sqlite: prepare: %w", err)
		}
		l.sqlRun.stmts[i] = st
	}
	if l.list != "" {
		for _, p := range []struct {
			st  **sql.Stmt
			sql string
		}{{&l.entityState, sqlEntityState}, {&l.insertVersion, sqlInsertVersion}} {
			st, err := tx.PrepareContext(ctx, p.sql)
			if err != nil {
				tx.Rollback()
				return fmt.Errorf("sqlite: prepare: %w", err)
			}
			*p.st = st
		}
	}
	return nil
}

// initOwned reads, inside the load's transaction, whether the aliases and
// identifiers tables are empty.
func (l *load) initOwned(ctx context.Context) error {
	for _, o := range []struct {
		rows  *ownedRows
		table string
	}{{&l.aliases, "aliases"}, {&l.idents, "identifiers"}} {
		var some bool
		if err := l.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+o.table+`)`).Scan(&some); err != nil {
			return fmt.Errorf("sqlite: begin load: %w", err)
		}
		o.rows.init(!some)
	}
	return nil
}

// checkVersion refuses a list load older than a committed version of the
// same list; a partial version (skipped > 0, see graph.Load) is not one. It runs inside the load's (immediate) transaction, so that no
// other load of the list can commit in between.
func (l *load) checkVersion(ctx context.Context) error {
	var newer sql.NullString
	err := l.tx.QueryRowContext(ctx, `SELECT max(published) FROM loads WHERE list = ? AND status = ? AND skipped = 0 AND published > ?`,
		l.list, graph.LoadCommitted, string(l.published)).Scan(&newer)
	if err != nil {
		return fmt.Errorf("sqlite: check list %s versions: %w", l.list, err)
	}
	if newer.Valid && newer.String != "" {
		return fmt.Errorf("sqlite: list %s: the version of %s is %w of %s",
			l.list, l.published, graph.ErrOlderVersion, newer.String)
	}
	return nil
}

var errLoadDone = errors.New("sqlite: load already committed or aborted")

// Write upserts the records of b: entities first, then designations,
// holdings, control edges, same-as links and links, creating a stub entity
// for every endpoint that has no entity row (an unresolved link target, To
// empty, gets none).
func (l *load) Write(ctx context.Context, b *graph.Batch) error {
	if l.done {
		return errLoadDone
	}
	p, err := l.planFor(b)
	if err != nil {
		return err
	}
	if p.err != nil {
		return p.err
	}
	if l.raw != nil {
		return l.writeRaw(ctx, p)
	}
	l.sqlRun.ctx = ctx
	return l.write(ctx, p, &l.sqlRun)
}

// Commit records the counts in the load log, inside the transaction, and
// commits: the data and the "committed" status become visible together.
// A bulk load first creates again, in the transaction, the indexes it
// dropped.
func (l *load) Commit(ctx context.Context, counts graph.Counts, skipped int) error {
	if l.done {
		return errLoadDone
	}
	l.done = true
	var err error
	if l.list != "" && skipped == 0 {
		err = l.closeUnstated(ctx)
	}
	if l.raw != nil {
		if err == nil {
			err = l.commitBulk(ctx, counts, skipped)
		}
	} else {
		if err == nil {
			_, err = l.tx.ExecContext(ctx, `UPDATE loads SET status = ?, finished = ?, entities = ?, designations = ?,
		holdings = ?, controls = ?, same_as = ?, links = ?, skipped = ? WHERE id = ?`,
				graph.LoadCommitted, formatTime(time.Now()), counts.Entities, counts.Designations, counts.Holdings,
				counts.Controls, counts.SameAs, counts.Links, skipped, l.id)
		}
		if err == nil {
			err = l.tx.Commit()
		}
	}
	if err != nil {
		l.rollback()
		l.fail(ctx, err)
		return fmt.Errorf("sqlite: commit load %d: %w", l.id, err)
	}
	l.release()
	return nil
}

// closeUnstated closes, in a list load, every designation, holding,
// control edge and link of the list's source that this load did not write
// (its load_id is another load's) and that is still open: delisted or end
// becomes the list's publication date. Nothing is deleted.
func (l *load) closeUnstated(ctx context.Context) error {
	for _, q := range closeStatements {
		if _, err := l.tx.ExecContext(ctx, q, l.list, string(l.published), l.id); err != nil {
			return fmt.Errorf("close records of list %s not in the version of %s: %w", l.list, l.published, err)
		}
	}
	return nil
}

// Unconfirmed counts, in a list load, the open designations of the list
// that this load has not written (graph.UnconfirmedCounter).
func (l *load) Unconfirmed(ctx context.Context) (int, error) {
	if l.list == "" || l.tx == nil || l.done {
		return 0, nil
	}
	var n int
	if err := l.tx.QueryRowContext(ctx, sqlUnconfirmed, l.list, l.id).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: count unconfirmed designations of list %s: %w", l.list, err)
	}
	return n, nil
}

// Abort rolls the load back and records it as failed with cause.
func (l *load) Abort(ctx context.Context, cause error) error {
	if l.done {
		// A failed Commit has already recorded the failure; keep the
		// first error but do not fail again.
		return nil
	}
	l.done = true
	if err := l.rollback(); err != nil {
		l.fail(ctx, cause)
		return fmt.Errorf("sqlite: abort load %d: %w", l.id, err)
	}
	return l.fail(ctx, cause)
}

// fail marks the load failed in the load log, outside its transaction and
// even if ctx is cancelled.
func (l *load) fail(ctx context.Context, cause error) error {
	msg := "aborted"
	if cause != nil {
		msg = cause.Error()
	}
	_, err := l.s.db.ExecContext(context.WithoutCancel(ctx),
		`UPDATE loads SET status = ?, finished = ?, error = ? WHERE id = ?`,
		graph.LoadFailed, formatTime(time.Now()), msg, l.id)
	if err != nil {
		return fmt.Errorf("sqlite: record failed load %d: %w", l.id, err)
	}
	return nil
}
