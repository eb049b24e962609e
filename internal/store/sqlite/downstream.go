package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/ownex/ownex/graph"
)

// Downstream returns the downstream closure of ids up to depth levels
// (0: unlimited): ids and every entity reached by following holdings from
// owner to owned and control edges from controller to controlled (only
// edges valid on asOf, all if asOf is empty), with the entities'
// designations and the holdings, control edges and same-as links among
// them. One recursive query fills the connection's temporary scope table;
// the snapshot is then read as Upstream reads it.
func (s *Store) Downstream(ctx context.Context, ids []string, depth int, asOf graph.Date) (*graph.Snapshot, error) {
	return s.closure(ctx, downWalk, ids, depth, asOf)
}

// UpstreamDepth is Upstream limited to depth levels of owners and
// controllers (0: unlimited), for `ownex owners --depth`.
func (s *Store) UpstreamDepth(ctx context.Context, ids []string, depth int, asOf graph.Date) (*graph.Snapshot, error) {
	return s.closure(ctx, upWalk, ids, depth, asOf)
}

// walk is a closure that inClosure computes: from the seeds, along
// holdings to hNext from hPrev and control edges to cNext from cPrev,
// and along same-as links of strength strong or possible both ways when
// sameAs is set.
type walk struct {
	what                       string // for messages
	hNext, hPrev, cNext, cPrev string
	// seeds is a SELECT of the seed ids; empty: the ids given, bound to
	// ?1 as a JSON array. ?2 is the date.
	seeds  string
	sameAs bool
}

var (
	downWalk = walk{what: "downstream", hNext: `h.owned`, hPrev: `h.owner`, cNext: `c.controlled`, cPrev: `c.controller`}
	upWalk   = walk{what: "upstream", hNext: `h.owner`, hPrev: `h.owned`, cNext: `c.controller`, cPrev: `c.controlled`}
	// coneWalk is the designated cone (graph.ConeStreamer): downstream of
	// the designations active on ?2, and across same-as links.
	coneWalk = walk{what: "cone", hNext: `h.owned`, hPrev: `h.owner`, cNext: `c.controlled`, cPrev: `c.controller`,
		seeds: `SELECT d.entity FROM designations d WHERE ` + validOn("d.listed", "d.delisted"), sameAs: true}
)

// closure reads the snapshot of the closure of ids (inClosure).
func (s *Store) closure(ctx context.Context, w walk, ids []string, depth int, asOf graph.Date) (*graph.Snapshot, error) {
	var snap *graph.Snapshot
	err := s.inClosure(ctx, w, ids, depth, asOf, func(tx *sql.Tx) error {
		var err error
		snap, err = readSnapshot(ctx, tx, scope{upstream: true, down: w.what == downWalk.what}, asOf)
		return err
	})
	return snap, err
}

// DownstreamIDs returns the ids of the downstream closure of ids (depth
// unlimited), ids included, without reading its records: the recursive
// query of Downstream alone (`ingest --changes` needs no more).
func (s *Store) DownstreamIDs(ctx context.Context, ids []string, asOf graph.Date) ([]string, error) {
	var out []string
	err := s.inClosure(ctx, downWalk, ids, 0, asOf, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM temp.upstream ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			out = append(out, id)
		}
		return rows.Err()
	})
	return out, err
}

// inClosure fills temp.upstream (the scope table of readSnapshot) with the
// closure w of ids (or of w's seeds), calls read in the same read
// transaction, and empties the table.
func (s *Store) inClosure(ctx context.Context, w walk, ids []string, depth int, asOf graph.Date, read func(*sql.Tx) error) error {
	what := w.what
	if depth < 0 {
		return fmt.Errorf("sqlite: %s: negative depth %d", what, depth)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: %s: %w", what, err)
	}
	defer conn.Close()
	// The temporary tables live on this connection only; writing them
	// does not lock the main database.
	for _, q := range append([]string{`CREATE TEMP TABLE IF NOT EXISTS upstream (id TEXT PRIMARY KEY) WITHOUT ROWID`}, coneTables...) {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sqlite: %s: %w", what, err)
		}
	}
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("sqlite: %s: %w", what, err)
	}
	defer tx.Rollback()
	idsJSON, err := json.Marshal(nonNil(ids))
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM temp.upstream`); err != nil {
		return fmt.Errorf("sqlite: %s: %w", what, err)
	}
	q, args, err := closureQuery(w, depth, string(idsJSON), asOf)
	if err != nil {
		return fmt.Errorf("sqlite: %s: %w", what, err)
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("sqlite: %s closure: %w", what, err)
	}
	if err := read(tx); err != nil {
		return fmt.Errorf("sqlite: %s: %w", what, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM temp.upstream`); err != nil {
		return fmt.Errorf("sqlite: %s: %w", what, err)
	}
	return nil
}

// closureQuery returns the statement that fills temp.upstream with the
// closure w of the ids in idsJSON (a JSON array; unused when w has seeds
// of its own) up to depth levels (0: unlimited), and its arguments.
func closureQuery(w walk, depth int, idsJSON string, asOf graph.Date) (q string, args []any, err error) {
	hf, cf := validOn("h.start_date", "h.end_date"), validOn("c.start_date", "c.end_date")
	seeds := w.seeds
	if seeds == "" {
		seeds = `SELECT value FROM json_each(?1)`
	}
	var sameAs string
	if w.sameAs {
		// ?4 and ?5: the strengths of the links followed.
		sameAs = `
	UNION
	SELECT s.b FROM same_as s JOIN walk ON s.a = walk.id WHERE s.strength IN (?4, ?5)
	UNION
	SELECT s.a FROM same_as s JOIN walk ON s.b = walk.id WHERE s.strength IN (?4, ?5)`
	}
	args = []any{idsJSON, string(asOf)}
	if depth == 0 {
		// Each entity once: UNION deduplicates, cycles terminate.
		q = `INSERT INTO temp.upstream (id)
WITH RECURSIVE walk(id) AS (
	` + seeds + `
	UNION
	SELECT ` + w.hNext + ` FROM holdings h JOIN walk ON ` + w.hPrev + ` = walk.id WHERE ` + hf + `
	UNION
	SELECT ` + w.cNext + ` FROM controls c JOIN walk ON ` + w.cPrev + ` = walk.id WHERE ` + cf + sameAs + `
)
SELECT id FROM walk`
		if w.sameAs {
			args = append(args, nil, string(graph.StrengthStrong), string(graph.StrengthPossible)) // ?3 unused
		}
	} else {
		if w.sameAs || w.seeds != "" {
			return "", nil, fmt.Errorf("a depth limit is supported from given ids along holdings and control edges only")
		}
		// (entity, level) pairs: at most depth+1 per entity, so cycles
		// terminate at the depth limit.
		q = `INSERT INTO temp.upstream (id)
WITH RECURSIVE walk(id, lvl) AS (
	SELECT value, 0 FROM json_each(?1)
	UNION
	SELECT ` + w.hNext + `, walk.lvl + 1 FROM holdings h JOIN walk ON ` + w.hPrev + ` = walk.id WHERE walk.lvl < ?3 AND ` + hf + `
	UNION
	SELECT ` + w.cNext + `, walk.lvl + 1 FROM controls c JOIN walk ON ` + w.cPrev + ` = walk.id WHERE walk.lvl < ?3 AND ` + cf + `
)
SELECT DISTINCT id FROM walk`
		args = append(args, depth)
	}
	return q, args, nil
}
