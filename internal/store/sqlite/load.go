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
type load struct {
	s    *Store
	id   int64
	tx   *sql.Tx
	done bool

	// list and published are those of the load's meta: a list load
	// keeps entity history and closes what it does not restate.
	list      string
	published graph.Date

	upsertEntity, stubEntity         *sql.Stmt
	deleteAliases, insertAlias       *sql.Stmt
	deleteIdents, insertIdent        *sql.Stmt
	upsertDesignation, upsertHolding *sql.Stmt
	upsertControl, upsertSameAs      *sql.Stmt
	upsertLink                       *sql.Stmt
	entityState, insertVersion       *sql.Stmt // list loads only

	// seen holds entity ids already written (real or stub) in this load,
	// so that stubs are not re-inserted for every relation. It is reset
	// when it grows past maxSeen.
	seen map[string]struct{}
}

const maxSeen = 1 << 20

var _ graph.Load = (*load)(nil)

// ID returns the load's id in the load log.
func (l *load) ID() int64 { return l.id }

func (l *load) start(ctx context.Context) error {
	// The transaction outlives ctx's request scope only through the
	// caller's use; a cancelled ctx rolls it back, as database/sql does.
	tx, err := l.s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin load: %w", err)
	}
	l.tx = tx
	l.seen = make(map[string]struct{})
	if l.list != "" {
		if err := l.checkVersion(ctx); err != nil {
			tx.Rollback()
			return err
		}
	}
	stmts := []struct {
		st  **sql.Stmt
		sql string
	}{
		{&l.upsertEntity, sqlUpsertEntity},
		{&l.stubEntity, sqlStubEntity},
		{&l.deleteAliases, sqlDeleteAliases},
		{&l.insertAlias, sqlInsertAlias},
		{&l.deleteIdents, sqlDeleteIdents},
		{&l.insertIdent, sqlInsertIdent},
		{&l.upsertDesignation, sqlUpsertDesignate},
		{&l.upsertHolding, sqlUpsertHolding},
		{&l.upsertControl, sqlUpsertControl},
		{&l.upsertSameAs, sqlUpsertSameAs},
		{&l.upsertLink, sqlUpsertLink},
	}
	if l.list != "" {
		stmts = append(stmts, []struct {
			st  **sql.Stmt
			sql string
		}{{&l.entityState, sqlEntityState}, {&l.insertVersion, sqlInsertVersion}}...)
	}
	for _, p := range stmts {
		st, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			tx.Rollback()
			return fmt.Errorf("sqlite: prepare: %w", err)
		}
		*p.st = st
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
	for i := range b.Entities {
		if err := l.writeEntity(ctx, &b.Entities[i]); err != nil {
			return err
		}
	}
	for i := range b.Designations {
		d := &b.Designations[i]
		if err := l.stub(ctx, d.Entity, d.Provenance); err != nil {
			return err
		}
		if _, err := l.upsertDesignation.ExecContext(ctx, d.Key(), d.Entity, string(d.Regime), d.Program,
			string(d.Listed), string(d.Delisted), d.Source, d.Record, l.id); err != nil {
			return fmt.Errorf("sqlite: designation %s %s (%s): %w", d.Entity, d.Regime, d.Record, err)
		}
	}
	for i := range b.Holdings {
		h := &b.Holdings[i]
		if err := l.stub(ctx, h.Owner, h.Provenance); err != nil {
			return err
		}
		if err := l.stub(ctx, h.Owned, h.Provenance); err != nil {
			return err
		}
		if _, err := l.upsertHolding.ExecContext(ctx, h.Key(), h.Owner, h.Owned,
			int64(h.Share.Lo), int64(h.Share.Hi), int64(h.Votes.Lo), int64(h.Votes.Hi), h.Arrangement,
			string(h.Start), string(h.End), h.Source, h.Record, l.id, openBits(h.Share), openBits(h.Votes)); err != nil {
			return fmt.Errorf("sqlite: holding %s -> %s (%s): %w", h.Owner, h.Owned, h.Record, err)
		}
	}
	for i := range b.Controls {
		c := &b.Controls[i]
		if err := l.stub(ctx, c.Controller, c.Provenance); err != nil {
			return err
		}
		if err := l.stub(ctx, c.Controlled, c.Provenance); err != nil {
			return err
		}
		if _, err := l.upsertControl.ExecContext(ctx, c.Key(), c.Controller, c.Controlled, string(c.Basis),
			string(c.Start), string(c.End), c.Source, c.Record, l.id); err != nil {
			return fmt.Errorf("sqlite: control %s -> %s (%s): %w", c.Controller, c.Controlled, c.Record, err)
		}
	}
	for i := range b.SameAs {
		s := &b.SameAs[i]
		a, bb := s.A, s.B
		if bb < a {
			a, bb = bb, a
		}
		if err := l.stub(ctx, a, s.Provenance); err != nil {
			return err
		}
		if err := l.stub(ctx, bb, s.Provenance); err != nil {
			return err
		}
		if _, err := l.upsertSameAs.ExecContext(ctx, s.Key(), a, bb, s.Method, s.Score,
			s.Source, s.Record, l.id); err != nil {
			return fmt.Errorf("sqlite: same-as %s = %s (%s): %w", a, bb, s.Record, err)
		}
	}
	for i := range b.Links {
		k := &b.Links[i]
		if k.From == "" {
			return fmt.Errorf("sqlite: link with an empty source entity (%s)", k.Record)
		}
		if err := l.stub(ctx, k.From, k.Provenance); err != nil {
			return err
		}
		if k.To != "" {
			if err := l.stub(ctx, k.To, k.Provenance); err != nil {
				return err
			}
		}
		if _, err := l.upsertLink.ExecContext(ctx, k.Key(), k.From, k.To, k.ToName, string(k.Type),
			string(k.Start), string(k.End), k.Source, k.Record, l.id); err != nil {
			return fmt.Errorf("sqlite: link %s -> %s%s (%s): %w", k.From, k.To, k.ToName, k.Record, err)
		}
	}
	return nil
}

func (l *load) markSeen(id string) {
	if len(l.seen) >= maxSeen {
		clear(l.seen)
	}
	l.seen[id] = struct{}{}
}

// stub makes sure an entity row exists for id without touching a real one.
func (l *load) stub(ctx context.Context, id string, p graph.Provenance) error {
	if _, ok := l.seen[id]; ok {
		return nil
	}
	if _, err := l.stubEntity.ExecContext(ctx, id, id, p.Source, p.Record, l.id); err != nil {
		return fmt.Errorf("sqlite: stub entity %s: %w", id, err)
	}
	l.markSeen(id)
	return nil
}

func (l *load) writeEntity(ctx context.Context, e *graph.Entity) error {
	if e.ID == "" {
		return fmt.Errorf("sqlite: entity with empty id (%s)", e.Record)
	}
	kind := e.Kind
	if kind == "" {
		kind = graph.KindUnknown
	}
	var since graph.Date
	if l.list != "" {
		var err error
		if since, err = l.history(ctx, e, kind); err != nil {
			return fmt.Errorf("sqlite: entity %s history: %w", e.ID, err)
		}
	}
	weak, err := jsonList(e.WeakAliases)
	if err != nil {
		return fmt.Errorf("sqlite: entity %s: %w", e.ID, err)
	}
	addrs, err := jsonList(e.Addresses)
	if err != nil {
		return fmt.Errorf("sqlite: entity %s: %w", e.ID, err)
	}
	facts, err := jsonList(e.Facts)
	if err != nil {
		return fmt.Errorf("sqlite: entity %s: %w", e.ID, err)
	}
	if _, err := l.upsertEntity.ExecContext(ctx, e.ID, string(kind), e.Name, joinList(e.Countries),
		e.Source, e.Record, l.id, weak, addrs, facts, string(since)); err != nil {
		return fmt.Errorf("sqlite: entity %s: %w", e.ID, err)
	}
	l.markSeen(e.ID)
	if _, err := l.deleteAliases.ExecContext(ctx, e.ID); err != nil {
		return fmt.Errorf("sqlite: entity %s aliases: %w", e.ID, err)
	}
	for i, a := range e.Aliases {
		if _, err := l.insertAlias.ExecContext(ctx, e.ID, i, a, e.Source, e.Record, l.id); err != nil {
			return fmt.Errorf("sqlite: entity %s alias: %w", e.ID, err)
		}
	}
	if _, err := l.deleteIdents.ExecContext(ctx, e.ID); err != nil {
		return fmt.Errorf("sqlite: entity %s identifiers: %w", e.ID, err)
	}
	for i, id := range e.Identifiers {
		if _, err := l.insertIdent.ExecContext(ctx, e.ID, i, id.Scheme, id.Value, id.Country,
			e.Source, e.Record, l.id); err != nil {
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
func (l *load) Commit(ctx context.Context, counts graph.Counts, skipped int) error {
	if l.done {
		return errLoadDone
	}
	l.done = true
	var err error
	if l.list != "" {
		err = l.closeUnstated(ctx)
	}
	if err == nil {
		_, err = l.tx.ExecContext(ctx, `UPDATE loads SET status = ?, finished = ?, entities = ?, designations = ?,
		holdings = ?, controls = ?, same_as = ?, links = ?, skipped = ? WHERE id = ?`,
			graph.LoadCommitted, formatTime(time.Now()), counts.Entities, counts.Designations, counts.Holdings,
			counts.Controls, counts.SameAs, counts.Links, skipped, l.id)
	}
	if err == nil {
		err = l.tx.Commit()
	}
	if err != nil {
		l.tx.Rollback()
		l.fail(ctx, err)
		return fmt.Errorf("sqlite: commit load %d: %w", l.id, err)
	}
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
	if err := l.tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
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
