package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ownex/ownex/graph"
)

// queryer is what the readers need from *sql.DB, *sql.Conn or *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// interner shares the memory of repeated strings (entity ids, sources).
type interner map[string]string

func (in interner) get(b sql.RawBytes) string {
	if s, ok := in[string(b)]; ok {
		return s
	}
	s := string(b)
	in[s] = s
	return s
}

// scope restricts a snapshot read to the entities of temp.upstream (when
// upstream is set): a closure, upstream of some entities or, when down is
// set, downstream of them. The zero scope reads the whole store. A cone
// scope (StreamCone) reads the entities of temp.cone_entities (the cone
// and its boundary) and the holdings of temp.cone_holdings
// (streamHoldingsQuery).
// scope is what a read covers: the whole store, an upstream (or, with
// down, a downstream) closure in temp.upstream, or a designated cone in
// temp.cone_entities; records asks for each holding's record too (an
// upstream closure's always has it).
type scope struct{ upstream, down, cone, records bool }

func (sc scope) entities() string {
	if sc.cone {
		return ` WHERE e.id IN (SELECT id FROM temp.cone_entities)`
	}
	if sc.upstream {
		return ` WHERE e.id IN (SELECT id FROM temp.upstream)`
	}
	return ``
}

// pair restricts relations from a to b to those with both ends in the
// scope. The index lookups
// start from the end that keeps the read to the closure's own relations:
// b (the owned or controlled end) in an upstream closure, whose members'
// owners are all in it, and a in a downstream one; starting from the
// other end reads every relation of every member, most of them leaving
// the closure (a unary + keeps SQLite off that end's index).
func (sc scope) pair(a, b string) string {
	if !sc.upstream {
		return ``
	}
	if sc.down {
		return ` AND ` + a + ` IN (SELECT id FROM temp.upstream) AND +` + b + ` IN (SELECT id FROM temp.upstream)`
	}
	return ` AND +` + a + ` IN (SELECT id FROM temp.upstream) AND ` + b + ` IN (SELECT id FROM temp.upstream)`
}

// Snapshot returns every record valid on asOf (all if asOf is empty):
// designations with listed <= asOf < delisted, holdings and control edges
// with start <= asOf < end, all entities and same-as links.
func (s *Store) Snapshot(ctx context.Context, asOf graph.Date) (*graph.Snapshot, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("sqlite: snapshot: %w", err)
	}
	defer tx.Rollback()
	snap, err := readSnapshot(ctx, tx, scope{}, asOf)
	if err != nil {
		return nil, fmt.Errorf("sqlite: snapshot: %w", err)
	}
	return snap, nil
}

// Upstream returns the upstream closure of ids on asOf: ids and every
// entity reached by following holdings from owned to owner, control edges
// from controlled to controller (only edges valid on asOf, all if asOf is
// empty) and same-as links both ways (a same-as cluster is one party, so
// its other records' owners and designations matter), with the entities'
// designations and the holdings, control edges and same-as links among
// them.
func (s *Store) Upstream(ctx context.Context, ids []string, asOf graph.Date) (*graph.Snapshot, error) {
	var snap *graph.Snapshot
	err := s.inUpstream(ctx, ids, asOf, func(tx *sql.Tx) (err error) {
		snap, err = readSnapshot(ctx, tx, scope{upstream: true}, asOf)
		return err
	})
	if err != nil {
		return nil, err
	}
	return snap, nil
}

// inUpstream calls read in a read transaction whose temporary table
// temp.upstream holds the upstream closure of ids on asOf (scope
// upstream), and empties the table after.
func (s *Store) inUpstream(ctx context.Context, ids []string, asOf graph.Date, read func(*sql.Tx) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: upstream: %w", err)
	}
	defer conn.Close()
	// The temporary table lives on this connection only; writing it does
	// not lock the main database.
	if _, err := conn.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS upstream (id TEXT PRIMARY KEY) WITHOUT ROWID`); err != nil {
		return fmt.Errorf("sqlite: upstream: %w", err)
	}
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("sqlite: upstream: %w", err)
	}
	defer tx.Rollback()
	idsJSON, err := json.Marshal(nonNil(ids))
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM temp.upstream`); err != nil {
		return fmt.Errorf("sqlite: upstream: %w", err)
	}
	hf, cf := validOn("h.start_date", "h.end_date"), validOn("c.start_date", "c.end_date")
	q := `INSERT INTO temp.upstream (id)
WITH RECURSIVE up(id) AS (
	SELECT value FROM json_each(?1)
	UNION
	SELECT h.owner FROM holdings h JOIN up ON h.owned = up.id WHERE ` + hf + `
	UNION
	SELECT c.controller FROM controls c JOIN up ON c.controlled = up.id WHERE ` + cf + `
	UNION
	SELECT s.b FROM same_as s JOIN up ON s.a = up.id
	UNION
	SELECT s.a FROM same_as s JOIN up ON s.b = up.id
)
SELECT id FROM up`
	if _, err := tx.ExecContext(ctx, q, string(idsJSON), string(asOf)); err != nil {
		return fmt.Errorf("sqlite: upstream closure: %w", err)
	}
	if err := read(tx); err != nil {
		return fmt.Errorf("sqlite: upstream: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM temp.upstream`); err != nil {
		return fmt.Errorf("sqlite: upstream: %w", err)
	}
	return nil
}

// validOn is the SQL condition "valid on ?2" for a [from, to) date pair;
// an empty ?2 accepts every row.
func validOn(from, to string) string {
	return `(?2 = '' OR ((` + from + ` = '' OR ` + from + ` <= ?2) AND (` + to + ` = '' OR ` + to + ` > ?2)))`
}

func readSnapshot(ctx context.Context, q queryer, sc scope, asOf graph.Date) (*graph.Snapshot, error) {
	snap := &graph.Snapshot{AsOf: asOf}
	in := make(interner)
	var err error
	if snap.Entities, err = readEntities(ctx, q, sc, in); err != nil {
		return nil, err
	}
	if snap.Designations, err = readDesignations(ctx, q, sc, asOf, in); err != nil {
		return nil, err
	}
	if snap.Holdings, err = readHoldings(ctx, q, sc, asOf, in); err != nil {
		return nil, err
	}
	if snap.Controls, err = readControls(ctx, q, sc, asOf, in); err != nil {
		return nil, err
	}
	if snap.SameAs, err = readSameAs(ctx, q, sc, in); err != nil {
		return nil, err
	}
	return snap, nil
}

func readEntities(ctx context.Context, q queryer, sc scope, in interner) ([]graph.Entity, error) {
	var n int
	if err := scanOne(ctx, q, `SELECT count(*) FROM entities e`+sc.entities(), &n); err != nil {
		return nil, err
	}
	out := make([]graph.Entity, 0, n)
	rows, err := q.QueryContext(ctx, `SELECT e.id, e.kind, e.name, e.countries, e.source, e.record
		FROM entities e`+sc.entities()+` ORDER BY e.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var id, kind, countries, source sql.RawBytes
	for rows.Next() {
		var e graph.Entity
		if err := rows.Scan(&id, &kind, &e.Name, &countries, &source, &e.Record); err != nil {
			return nil, err
		}
		e.ID = in.get(id)
		e.Kind = graph.Kind(in.get(kind))
		e.Source = in.get(source)
		if len(countries) > 0 {
			e.Countries = splitList(in.get(countries))
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	// Aliases and identifiers come sorted by entity id, as the entities
	// do: merge them in.
	find := merger(out)
	rows, err = q.QueryContext(ctx, `SELECT e.entity, e.alias FROM aliases e`+
		scopeOn(sc, "e.entity")+` ORDER BY e.entity, e.pos`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ent sql.RawBytes
	for rows.Next() {
		var alias string
		if err := rows.Scan(&ent, &alias); err != nil {
			return nil, err
		}
		if e := find(string(ent)); e != nil {
			e.Aliases = append(e.Aliases, alias)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	find = merger(out)
	rows, err = q.QueryContext(ctx, `SELECT e.entity, e.scheme, e.value, e.country FROM identifiers e`+
		scopeOn(sc, "e.entity")+` ORDER BY e.entity, e.pos`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var scheme, country sql.RawBytes
	for rows.Next() {
		var idf graph.Identifier
		if err := rows.Scan(&ent, &scheme, &idf.Value, &country); err != nil {
			return nil, err
		}
		idf.Scheme, idf.Country = in.get(scheme), in.get(country)
		if e := find(string(ent)); e != nil {
			e.Identifiers = append(e.Identifiers, idf)
		}
	}
	return out, rows.Err()
}

func scopeOn(sc scope, col string) string {
	if sc.upstream {
		return ` WHERE ` + col + ` IN (SELECT id FROM temp.upstream)`
	}
	return ``
}

// merger returns a lookup for ids arriving in ascending order over
// entities sorted by id.
func merger(ents []graph.Entity) func(id string) *graph.Entity {
	i := 0
	return func(id string) *graph.Entity {
		for i < len(ents) && ents[i].ID < id {
			i++
		}
		if i < len(ents) && ents[i].ID == id {
			return &ents[i]
		}
		return nil
	}
}

func scanOne(ctx context.Context, q queryer, query string, dest any, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := rows.Scan(dest); err != nil {
		return err
	}
	return rows.Close()
}

func readDesignations(ctx context.Context, q queryer, sc scope, asOf graph.Date, in interner) ([]graph.Designation, error) {
	where := ` WHERE ` + validOn("d.listed", "d.delisted")
	if sc.upstream {
		where += ` AND d.entity IN (SELECT id FROM temp.upstream)`
	}
	rows, err := q.QueryContext(ctx, `SELECT d.entity, d.regime, d.program, d.listed, d.delisted, d.source, d.record
		FROM designations d`+where+` ORDER BY d.rowid`, nil, string(asOf))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []graph.Designation
	var ent, regime, program, listed, delisted, source sql.RawBytes
	for rows.Next() {
		var d graph.Designation
		if err := rows.Scan(&ent, &regime, &program, &listed, &delisted, &source, &d.Record); err != nil {
			return nil, err
		}
		d.Entity, d.Regime, d.Program = in.get(ent), graph.Regime(in.get(regime)), in.get(program)
		d.Listed, d.Delisted = graph.Date(in.get(listed)), graph.Date(in.get(delisted))
		d.Source = in.get(source)
		out = append(out, d)
	}
	return out, rows.Err()
}

func readHoldings(ctx context.Context, q queryer, sc scope, asOf graph.Date, in interner) ([]graph.Holding, error) {
	where := ` WHERE ` + validOn("h.start_date", "h.end_date") + sc.pair("h.owner", "h.owned")
	rows, err := q.QueryContext(ctx, `SELECT h.owner, h.owned, h.share_lo, h.share_hi, h.votes_lo, h.votes_hi,
		h.arrangement, h.start_date, h.end_date, h.source, h.record, h.share_open, h.votes_open
		FROM holdings h`+where+` ORDER BY h.rowid`, nil, string(asOf))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []graph.Holding
	var owner, owned, arr, start, end, source sql.RawBytes
	for rows.Next() {
		var h graph.Holding
		var shOpen, vtOpen int64
		if err := rows.Scan(&owner, &owned, &h.Share.Lo, &h.Share.Hi, &h.Votes.Lo, &h.Votes.Hi,
			&arr, &start, &end, &source, &h.Record, &shOpen, &vtOpen); err != nil {
			return nil, err
		}
		setOpen(&h.Share, shOpen)
		setOpen(&h.Votes, vtOpen)
		h.Owner, h.Owned, h.Arrangement = in.get(owner), in.get(owned), in.get(arr)
		h.Start, h.End, h.Source = graph.Date(in.get(start)), graph.Date(in.get(end)), in.get(source)
		out = append(out, h)
	}
	return out, rows.Err()
}

func readControls(ctx context.Context, q queryer, sc scope, asOf graph.Date, in interner) ([]graph.Control, error) {
	where := ` WHERE ` + validOn("c.start_date", "c.end_date") + sc.pair("c.controller", "c.controlled")
	rows, err := q.QueryContext(ctx, `SELECT c.controller, c.controlled, c.basis, c.start_date, c.end_date,
		c.source, c.record FROM controls c`+where+` ORDER BY c.rowid`, nil, string(asOf))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []graph.Control
	var ctl, ctd, basis, start, end, source sql.RawBytes
	for rows.Next() {
		var c graph.Control
		if err := rows.Scan(&ctl, &ctd, &basis, &start, &end, &source, &c.Record); err != nil {
			return nil, err
		}
		c.Controller, c.Controlled, c.Basis = in.get(ctl), in.get(ctd), graph.Basis(in.get(basis))
		c.Start, c.End, c.Source = graph.Date(in.get(start)), graph.Date(in.get(end)), in.get(source)
		out = append(out, c)
	}
	return out, rows.Err()
}

func readSameAs(ctx context.Context, q queryer, sc scope, in interner) ([]graph.SameAs, error) {
	where := ` WHERE 1` + sc.pair("s.a", "s.b")
	rows, err := q.QueryContext(ctx, `SELECT s.a, s.b, s.method, s.score, s.source, s.record, s.strength, s.evidence
		FROM same_as s`+where+` ORDER BY s.rowid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []graph.SameAs
	var a, b, method, source, strength sql.RawBytes
	for rows.Next() {
		var s graph.SameAs
		if err := rows.Scan(&a, &b, &method, &s.Score, &source, &s.Record, &strength, &s.Evidence); err != nil {
			return nil, err
		}
		s.A, s.B, s.Method, s.Source = in.get(a), in.get(b), in.get(method), in.get(source)
		s.Strength = graph.LinkStrength(in.get(strength))
		if err := s.CheckStrength(); err != nil {
			return nil, fmt.Errorf("stored %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Entity returns one entity with its aliases, identifiers, weak aliases,
// addresses and facts, or an error wrapping graph.ErrNotFound.
func (s *Store) Entity(ctx context.Context, id string) (graph.Entity, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return graph.Entity{}, fmt.Errorf("sqlite: entity %s: %w", id, err)
	}
	defer tx.Rollback()
	e, _, err := readEntitySince(ctx, tx, id)
	return e, err
}

// rowQueryer is a queryer that also reads single rows.
type rowQueryer interface {
	queryer
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func readEntity(ctx context.Context, q rowQueryer, id string) (graph.Entity, error) {
	e, _, err := readEntitySince(ctx, q, id)
	return e, err
}

// readEntitySince reads one full entity record and the validity start of
// its current version.
func readEntitySince(ctx context.Context, q rowQueryer, id string) (graph.Entity, graph.Date, error) {
	var e graph.Entity
	var kind, countries, weak, addrs, facts, since string
	err := q.QueryRowContext(ctx, `SELECT id, kind, name, countries, source, record, weak_aliases, addresses, facts, since
		FROM entities WHERE id = ?`, id).
		Scan(&e.ID, &kind, &e.Name, &countries, &e.Source, &e.Record, &weak, &addrs, &facts, &since)
	if errors.Is(err, sql.ErrNoRows) {
		return graph.Entity{}, "", fmt.Errorf("entity %q: %w", id, graph.ErrNotFound)
	}
	if err != nil {
		return graph.Entity{}, "", fmt.Errorf("sqlite: entity %s: %w", id, err)
	}
	e.Kind, e.Countries = graph.Kind(kind), splitList(countries)
	if err := decodeEntityColumns(&e, weak, addrs, facts); err != nil {
		return graph.Entity{}, "", fmt.Errorf("sqlite: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT alias FROM aliases WHERE entity = ? ORDER BY pos`, id)
	if err != nil {
		return graph.Entity{}, "", fmt.Errorf("sqlite: entity %s: %w", id, err)
	}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			rows.Close()
			return graph.Entity{}, "", err
		}
		e.Aliases = append(e.Aliases, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return graph.Entity{}, "", err
	}
	rows, err = q.QueryContext(ctx, `SELECT scheme, value, country FROM identifiers WHERE entity = ? ORDER BY pos`, id)
	if err != nil {
		return graph.Entity{}, "", fmt.Errorf("sqlite: entity %s: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var i graph.Identifier
		if err := rows.Scan(&i.Scheme, &i.Value, &i.Country); err != nil {
			return graph.Entity{}, "", err
		}
		e.Identifiers = append(e.Identifiers, i)
	}
	return e, graph.Date(since), rows.Err()
}
