package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// The statements of a load and how they are run (load.go).

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
	stDeleteSameAsOf // ReplaceSameAs: every same-as link of one source
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
		stDeleteSameAsOf:    `DELETE FROM same_as WHERE source = ?`,
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
