package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
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

// stmtID names the statements of a load.
type stmtID int

const (
	stUpsertEntity stmtID = iota
	stStubEntity
	stDeleteAliases
	stInsertAlias
	stDeleteIdents
	stInsertIdent
	stUpsertDesignation
	stUpsertHolding
	stUpsertControl
	stUpsertSameAs
	stUpsertLink
	// multiStmt + st is the multiRows-row form of upsert st (entities and
	// relations).
	multiStmt
	nStmts = multiStmt + stUpsertLink + 1
)

var stmtSQL = func() [nStmts]string {
	q := [nStmts]string{
		stUpsertEntity:      sqlUpsertEntity,
		stStubEntity:        sqlStubEntity,
		stDeleteAliases:     sqlDeleteAliases,
		stInsertAlias:       sqlInsertAlias,
		stDeleteIdents:      sqlDeleteIdents,
		stInsertIdent:       sqlInsertIdent,
		stUpsertDesignation: sqlUpsertDesignate,
		stUpsertHolding:     sqlUpsertHolding,
		stUpsertControl:     sqlUpsertControl,
		stUpsertSameAs:      sqlUpsertSameAs,
		stUpsertLink:        sqlUpsertLink,
	}
	for _, st := range []stmtID{stUpsertEntity, stUpsertDesignation, stUpsertHolding, stUpsertControl, stUpsertSameAs, stUpsertLink} {
		q[multiStmt+st] = multiRowSQL(q[st], multiRows)
	}
	return q
}()

// multiRowSQL turns an INSERT of one VALUES tuple into one of n tuples.
func multiRowSQL(q string, n int) string {
	i := strings.Index(q, "VALUES (")
	if i < 0 {
		panic("sqlite: no VALUES tuple in " + q)
	}
	i += len("VALUES ")
	j := i + strings.IndexByte(q[i:], ')') + 1
	tuple := q[i:j]
	return q[:i] + strings.Repeat(tuple+", ", n-1) + tuple + q[j:]
}

// runner runs the load's statements: begin selects one, text, int and
// float bind its parameters in order, exec runs it and returns the
// number of rows changed.
type runner interface {
	begin(st stmtID)
	text(v string)
	int(v int64)
	float(v float64)
	exec() (int64, error)
}

// sqlRunner runs the statements through database/sql.
type sqlRunner struct {
	ctx   context.Context
	stmts [nStmts]*sql.Stmt
	cur   *sql.Stmt
	args  []any
}

func (r *sqlRunner) begin(st stmtID) { r.cur, r.args = r.stmts[st], r.args[:0] }
func (r *sqlRunner) text(v string)   { r.args = append(r.args, v) }
func (r *sqlRunner) int(v int64)     { r.args = append(r.args, v) }
func (r *sqlRunner) float(v float64) { r.args = append(r.args, v) }
func (r *sqlRunner) exec() (int64, error) {
	res, err := r.cur.ExecContext(r.ctx, r.args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

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
// same list. It runs inside the load's (immediate) transaction, so that no
// other load of the list can commit in between.
func (l *load) checkVersion(ctx context.Context) error {
	var newer sql.NullString
	err := l.tx.QueryRowContext(ctx, `SELECT max(published) FROM loads WHERE list = ? AND status = ? AND published > ?`,
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

// write writes the batch of p, as p planned it.
func (l *load) write(ctx context.Context, p *plan, r runner) error {
	b := p.b
	l.keys, l.stubs = p.keys, p.stubs
	for i := 0; i < len(b.Entities); {
		n := l.chunk(len(b.Entities) - i)
		if l.list != "" {
			n = 1 // history reads the row the previous record wrote
		}
		if err := l.writeEntities(ctx, r, b.Entities[i:i+n], p.ents[i:i+n]); err != nil {
			return err
		}
		i += n
	}
	if err := writeChunks(l, r, b.Designations, stUpsertDesignation, func(d *graph.Designation) error {
		return l.stub(r, d.Entity, d.Provenance)
	}, func(r runner, d *graph.Designation) {
		r.text(l.key())
		r.text(d.Entity)
		r.text(string(d.Regime))
		r.text(d.Program)
		r.text(string(d.Listed))
		r.text(string(d.Delisted))
		r.text(d.Source)
		r.text(d.Record)
		r.int(l.id)
	}, func(d *graph.Designation) string {
		return fmt.Sprintf("designation %s %s (%s)", d.Entity, d.Regime, d.Record)
	}); err != nil {
		return err
	}
	if err := writeChunks(l, r, b.Holdings, stUpsertHolding, func(h *graph.Holding) error {
		if err := l.stub(r, h.Owner, h.Provenance); err != nil {
			return err
		}
		return l.stub(r, h.Owned, h.Provenance)
	}, func(r runner, h *graph.Holding) {
		r.text(l.key())
		r.text(h.Owner)
		r.text(h.Owned)
		r.int(int64(h.Share.Lo))
		r.int(int64(h.Share.Hi))
		r.int(int64(h.Votes.Lo))
		r.int(int64(h.Votes.Hi))
		r.text(h.Arrangement)
		r.text(string(h.Start))
		r.text(string(h.End))
		r.text(h.Source)
		r.text(h.Record)
		r.int(l.id)
		r.int(openBits(h.Share))
		r.int(openBits(h.Votes))
	}, func(h *graph.Holding) string {
		return fmt.Sprintf("holding %s -> %s (%s)", h.Owner, h.Owned, h.Record)
	}); err != nil {
		return err
	}
	if err := writeChunks(l, r, b.Controls, stUpsertControl, func(c *graph.Control) error {
		if err := l.stub(r, c.Controller, c.Provenance); err != nil {
			return err
		}
		return l.stub(r, c.Controlled, c.Provenance)
	}, func(r runner, c *graph.Control) {
		r.text(l.key())
		r.text(c.Controller)
		r.text(c.Controlled)
		r.text(string(c.Basis))
		r.text(string(c.Start))
		r.text(string(c.End))
		r.text(c.Source)
		r.text(c.Record)
		r.int(l.id)
	}, func(c *graph.Control) string {
		return fmt.Sprintf("control %s -> %s (%s)", c.Controller, c.Controlled, c.Record)
	}); err != nil {
		return err
	}
	if err := writeChunks(l, r, b.SameAs, stUpsertSameAs, func(s *graph.SameAs) error {
		a, bb := sameAsEnds(s)
		if err := l.stub(r, a, s.Provenance); err != nil {
			return err
		}
		return l.stub(r, bb, s.Provenance)
	}, func(r runner, s *graph.SameAs) {
		a, bb := sameAsEnds(s)
		r.text(l.key())
		r.text(a)
		r.text(bb)
		r.text(s.Method)
		r.float(s.Score)
		r.text(s.Source)
		r.text(s.Record)
		r.int(l.id)
	}, func(s *graph.SameAs) string {
		a, bb := sameAsEnds(s)
		return fmt.Sprintf("same-as %s = %s (%s)", a, bb, s.Record)
	}); err != nil {
		return err
	}
	return writeChunks(l, r, b.Links, stUpsertLink, func(k *graph.Link) error {
		if err := l.stub(r, k.From, k.Provenance); err != nil {
			return err
		}
		if k.To != "" {
			return l.stub(r, k.To, k.Provenance)
		}
		return nil
	}, func(r runner, k *graph.Link) {
		r.text(l.key())
		r.text(k.From)
		r.text(k.To)
		r.text(k.ToName)
		r.text(string(k.Type))
		r.text(string(k.Start))
		r.text(string(k.End))
		r.text(k.Source)
		r.text(k.Record)
		r.int(l.id)
	}, func(k *graph.Link) string {
		return fmt.Sprintf("link %s -> %s%s (%s)", k.From, k.To, k.ToName, k.Record)
	})
}

// sameAsEnds returns the ends of s in the order the store keeps them.
func sameAsEnds(s *graph.SameAs) (a, b string) {
	a, b = s.A, s.B
	if b < a {
		a, b = b, a
	}
	return a, b
}

// multiRows is the number of rows of the multi-row form of an upsert
// (one statement, multiRows VALUES tuples): it spares SQLite the start and
// end of a statement per row. Runs shorter than multiRows use the
// single-row form.
const multiRows = 32

// Switches of the tests, which compare the bulk path with the
// database/sql path, one row per statement.
var testNoBulk, testSingleRows bool

// chunk returns how many of n records to write with one statement.
func (l *load) chunk(n int) int {
	if n >= multiRows && !testSingleRows {
		return multiRows
	}
	return 1
}

// writeChunks upserts recs with statement st, multiRows records at a time
// when it can: for each chunk, prepare (the stubs of the record's ends)
// runs for every record in order, then one statement writes the chunk
// (bind binds one record's parameters). Each table sees its rows in the
// order of recs, which is all that the result depends on: the stubs and
// the relations are in different tables. describe names a record in
// errors.
func writeChunks[T any](l *load, r runner, recs []T, st stmtID, prepare func(*T) error, bind func(runner, *T), describe func(*T) string) error {
	for len(recs) > 0 {
		n := l.chunk(len(recs))
		c := recs[:n]
		for i := range c {
			if err := prepare(&c[i]); err != nil {
				return err
			}
		}
		if n == 1 {
			r.begin(st)
		} else {
			r.begin(st + multiStmt)
		}
		for i := range c {
			bind(r, &c[i])
		}
		if _, err := r.exec(); err != nil {
			if n == 1 {
				return fmt.Errorf("sqlite: %s: %w", describe(&c[0]), err)
			}
			return fmt.Errorf("sqlite: one of %d records from %s to %s: %w", n, describe(&c[0]), describe(&c[n-1]), err)
		}
		recs = recs[n:]
	}
	return nil
}

// key returns the key of the next relation of the batch being written.
func (l *load) key() string {
	k := l.keys[0]
	l.keys = l.keys[1:]
	return k
}

// stub makes sure an entity row exists for id without touching a real one,
// when the plan says that the load may have no row for it yet.
func (l *load) stub(r runner, id string, p graph.Provenance) error {
	need := l.stubs[0]
	l.stubs = l.stubs[1:]
	if !need {
		return nil
	}
	r.begin(stStubEntity)
	r.text(id)
	r.text(id)
	r.text(p.Source)
	r.text(p.Record)
	r.int(l.id)
	if _, err := r.exec(); err != nil {
		return fmt.Errorf("sqlite: stub entity %s: %w", id, err)
	}
	return nil
}

// writeEntities upserts ents (one statement for all of them, see
// writeChunks), then replaces the aliases and identifiers of each in
// order.
func (l *load) writeEntities(ctx context.Context, r runner, ents []graph.Entity, plans []entityPlan) error {
	since := l.since[:0]
	for i := range ents {
		var d graph.Date
		if l.list != "" {
			var err error
			if d, err = l.history(ctx, &ents[i], plans[i].kind); err != nil {
				return fmt.Errorf("sqlite: entity %s history: %w", ents[i].ID, err)
			}
		}
		since = append(since, d)
	}
	l.since = since
	if len(ents) == 1 {
		r.begin(stUpsertEntity)
	} else {
		r.begin(stUpsertEntity + multiStmt)
	}
	for i := range ents {
		e, p := &ents[i], &plans[i]
		r.text(e.ID)
		r.text(string(p.kind))
		r.text(e.Name)
		r.text(joinList(e.Countries))
		r.text(e.Source)
		r.text(e.Record)
		r.int(l.id)
		r.text(p.weak)
		r.text(p.addrs)
		r.text(p.facts)
		r.text(string(since[i]))
	}
	if _, err := r.exec(); err != nil {
		if len(ents) == 1 {
			return fmt.Errorf("sqlite: entity %s: %w", ents[0].ID, err)
		}
		return fmt.Errorf("sqlite: one of %d entities from %s to %s: %w", len(ents), ents[0].ID, ents[len(ents)-1].ID, err)
	}
	for i := range ents {
		if err := l.writeNames(r, &ents[i], &plans[i]); err != nil {
			return err
		}
	}
	return nil
}

// writeNames replaces the aliases and identifiers of e.
func (l *load) writeNames(r runner, e *graph.Entity, p *entityPlan) error {
	if p.delAliases {
		r.begin(stDeleteAliases)
		r.text(e.ID)
		if _, err := r.exec(); err != nil {
			return fmt.Errorf("sqlite: entity %s aliases: %w", e.ID, err)
		}
	}
	for i, a := range e.Aliases {
		r.begin(stInsertAlias)
		r.text(e.ID)
		r.int(int64(i))
		r.text(a)
		r.text(e.Source)
		r.text(e.Record)
		r.int(l.id)
		if _, err := r.exec(); err != nil {
			return fmt.Errorf("sqlite: entity %s alias: %w", e.ID, err)
		}
	}
	if p.delIdents {
		r.begin(stDeleteIdents)
		r.text(e.ID)
		if _, err := r.exec(); err != nil {
			return fmt.Errorf("sqlite: entity %s identifiers: %w", e.ID, err)
		}
	}
	for i, id := range e.Identifiers {
		r.begin(stInsertIdent)
		r.text(e.ID)
		r.int(int64(i))
		r.text(id.Scheme)
		r.text(id.Value)
		r.text(id.Country)
		r.text(e.Source)
		r.text(e.Record)
		r.int(l.id)
		if _, err := r.exec(); err != nil {
			return fmt.Errorf("sqlite: entity %s identifier: %w", e.ID, err)
		}
	}
	return nil
}

// history decides, in a list load, the validity start of the record e is
// about to write, and keeps the record it replaces as an earlier version:
//
//   - no row, or a stub: a new record, valid since the list's date;
//   - same content (graph.Entity.Content, provenance aside): unchanged,
//     it keeps its since;
//   - changed content, current version older than the list's date: the
//     old record goes to entity_versions, valid [since, published), and
//     the new one is valid since published;
//   - changed content, current version not older (written by this or an
//     equally dated load): a correction of the same version, replaced in
//     place without history.
func (l *load) history(ctx context.Context, e *graph.Entity, kind graph.Kind) (graph.Date, error) {
	var stub bool
	var since string
	err := l.entityState.QueryRowContext(ctx, e.ID).Scan(&stub, &since)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && stub) {
		return l.published, nil
	}
	if err != nil {
		return "", err
	}
	old, err := readEntity(ctx, l.tx, e.ID)
	if err != nil {
		return "", err
	}
	incoming := *e
	incoming.Kind = kind
	if old.Content() == incoming.Content() {
		return graph.Date(since), nil
	}
	if graph.Date(since) >= l.published && since != "" {
		return graph.Date(since), nil
	}
	data, err := json.Marshal(old)
	if err != nil {
		return "", err
	}
	if _, err := l.insertVersion.ExecContext(ctx, e.ID, since, string(l.published), string(data), l.id); err != nil {
		return "", err
	}
	return l.published, nil
}

// jsonList encodes a non-empty slice as JSON, an empty one as "".
func jsonList[T any](v []T) (string, error) {
	if len(v) == 0 {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// listSep joins list values (countries) in one column.
const listSep = "\x1f"

func joinList(v []string) string { return strings.Join(v, listSep) }

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, listSep)
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
	if l.list != "" {
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

// Discard rolls back a load begun by s and not yet committed or aborted,
// and removes it from the load log: the store is left as it was before
// Begin (ingest.Run discards a strict load that meets a bad record, which
// it validates while writing). It implements ingest.Discarder.
func (s *Store) Discard(ctx context.Context, gl graph.Load) error {
	l, ok := gl.(*load)
	if !ok || l.s != s {
		return fmt.Errorf("sqlite: discard: %T is not a load of this store", gl)
	}
	if l.done {
		return errLoadDone
	}
	l.done = true
	if err := l.rollback(); err != nil {
		l.fail(ctx, errors.New("discarded"))
		return fmt.Errorf("sqlite: discard load %d: %w", l.id, err)
	}
	if _, err := s.db.ExecContext(context.WithoutCancel(ctx), `DELETE FROM loads WHERE id = ?`, l.id); err != nil {
		return fmt.Errorf("sqlite: discard load %d: %w", l.id, err)
	}
	return nil
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
