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
	return s.closure(ctx, "downstream", ids, depth, asOf, `h.owned`, `h.owner`, `c.controlled`, `c.controller`)
}

// UpstreamDepth is Upstream limited to depth levels of owners and
// controllers (0: unlimited), for `ownex owners --depth`.
func (s *Store) UpstreamDepth(ctx context.Context, ids []string, depth int, asOf graph.Date) (*graph.Snapshot, error) {
	return s.closure(ctx, "upstream", ids, depth, asOf, `h.owner`, `h.owned`, `c.controller`, `c.controlled`)
}

// closure reads the snapshot of the closure of ids (inClosure).
func (s *Store) closure(ctx context.Context, what string, ids []string, depth int, asOf graph.Date, hNext, hPrev, cNext, cPrev string) (*graph.Snapshot, error) {
	var snap *graph.Snapshot
	err := s.inClosure(ctx, what, ids, depth, asOf, hNext, hPrev, cNext, cPrev, func(tx *sql.Tx) error {
		var err error
		snap, err = readSnapshot(ctx, tx, scope{upstream: true, down: what == "downstream"}, asOf)
		return err
	})
	return snap, err
}

// DownstreamIDs returns the ids of the downstream closure of ids (depth
// unlimited), ids included, without reading its records: the recursive
// query of Downstream alone (`ingest --changes` needs no more).
func (s *Store) DownstreamIDs(ctx context.Context, ids []string, asOf graph.Date) ([]string, error) {
	var out []string
	err := s.inClosure(ctx, "downstream", ids, 0, asOf, `h.owned`, `h.owner`, `c.controlled`, `c.controller`, func(tx *sql.Tx) error {
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
// closure of ids that follows holdings to hNext from hPrev and control
// edges to cNext from cPrev, calls read in the same read transaction, and
// empties the table.
func (s *Store) inClosure(ctx context.Context, what string, ids []string, depth int, asOf graph.Date, hNext, hPrev, cNext, cPrev string, read func(*sql.Tx) error) error {
	if depth < 0 {
		return fmt.Errorf("sqlite: %s: negative depth %d", what, depth)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: %s: %w", what, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS upstream (id TEXT PRIMARY KEY) WITHOUT ROWID`); err != nil {
		return fmt.Errorf("sqlite: %s: %w", what, err)
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
	hf, cf := validOn("h.start_date", "h.end_date"), validOn("c.start_date", "c.end_date")
	var q string
	args := []any{string(idsJSON), string(asOf)}
	if depth == 0 {
		// Each entity once: UNION deduplicates, cycles terminate.
		q = `INSERT INTO temp.upstream (id)
WITH RECURSIVE walk(id) AS (
	SELECT value FROM json_each(?1)
	UNION
	SELECT ` + hNext + ` FROM holdings h JOIN walk ON ` + hPrev + ` = walk.id WHERE ` + hf + `
	UNION
	SELECT ` + cNext + ` FROM controls c JOIN walk ON ` + cPrev + ` = walk.id WHERE ` + cf + `
)
SELECT id FROM walk`
	} else {
		// (entity, level) pairs: at most depth+1 per entity, so cycles
		// terminate at the depth limit.
		q = `INSERT INTO temp.upstream (id)
WITH RECURSIVE walk(id, lvl) AS (
	SELECT value, 0 FROM json_each(?1)
	UNION
	SELECT ` + hNext + `, walk.lvl + 1 FROM holdings h JOIN walk ON ` + hPrev + ` = walk.id WHERE walk.lvl < ?3 AND ` + hf + `
	UNION
	SELECT ` + cNext + `, walk.lvl + 1 FROM controls c JOIN walk ON ` + cPrev + ` = walk.id WHERE walk.lvl < ?3 AND ` + cf + `
)
SELECT DISTINCT id FROM walk`
		args = append(args, depth)
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
