package sqlite

import (
	"context"
	"fmt"

	"github.com/ownex/ownex/graph"
)

// Change reports (graph.ChangeLog) live in two tables, created on first
// use like the runs tables: they add tables and change none.
//
//	change_reports  one row per load that has a report
//	change_lines    one row per line of a report
const changesSchema = `
CREATE TABLE IF NOT EXISTS change_reports (
	load  INTEGER PRIMARY KEY,
	as_of TEXT NOT NULL,
	lines INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS change_lines (
	load   INTEGER NOT NULL,
	seq    INTEGER NOT NULL,
	regime TEXT NOT NULL,
	change TEXT NOT NULL,
	entity TEXT NOT NULL,
	line   BLOB NOT NULL,
	PRIMARY KEY (load, seq)
) WITHOUT ROWID;
`

func (s *Store) ensureChanges(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, changesSchema); err != nil {
		return fmt.Errorf("sqlite: create change report tables: %w", err)
	}
	return nil
}

// AddChanges keeps the report of load, replacing an earlier one.
func (s *Store) AddChanges(ctx context.Context, load int64, asOf graph.Date, entries []graph.ChangeEntry) error {
	if err := s.ensureChanges(ctx); err != nil {
		return err
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: keep the change report of load %d: %w", load, err)
	}
	defer tx.Rollback()
	for _, q := range []string{`DELETE FROM change_lines WHERE load = ?`, `DELETE FROM change_reports WHERE load = ?`} {
		if _, err := tx.ExecContext(ctx, q, load); err != nil {
			return fmt.Errorf("sqlite: keep the change report of load %d: %w", load, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO change_reports (load, as_of, lines) VALUES (?, ?, ?)`, load, string(asOf), len(entries)); err != nil {
		return fmt.Errorf("sqlite: keep the change report of load %d: %w", load, err)
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO change_lines (load, seq, regime, change, entity, line) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("sqlite: keep the change report of load %d: %w", load, err)
	}
	defer ins.Close()
	for i, e := range entries {
		if _, err := ins.ExecContext(ctx, load, i, string(e.Regime), e.Change, e.Entity, e.Line); err != nil {
			return fmt.Errorf("sqlite: keep the change report of load %d: line %d: %w", load, i, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: keep the change report of load %d: %w", load, err)
	}
	return nil
}

// ChangeReports lists the reports of loads >= since.
func (s *Store) ChangeReports(ctx context.Context, since int64) ([]graph.ChangeReport, error) {
	if err := s.ensureChanges(ctx); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT load, as_of, lines FROM change_reports WHERE load >= ? ORDER BY load`, since)
	if err != nil {
		return nil, fmt.Errorf("sqlite: change reports: %w", err)
	}
	defer rows.Close()
	out := []graph.ChangeReport{}
	for rows.Next() {
		var r graph.ChangeReport
		var asOf string
		if err := rows.Scan(&r.Load, &asOf, &r.Lines); err != nil {
			return nil, fmt.Errorf("sqlite: change reports: %w", err)
		}
		r.AsOf = graph.Date(asOf)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: change reports: %w", err)
	}
	return out, nil
}

// Changes returns report lines of loads >= since after (afterLoad,
// afterSeq), by load then seq, at most limit (0: all).
func (s *Store) Changes(ctx context.Context, since, afterLoad int64, afterSeq, limit int) ([]graph.ChangeEntry, error) {
	if err := s.ensureChanges(ctx); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.db.QueryContext(ctx, `SELECT l.load, l.seq, r.as_of, l.regime, l.change, l.entity, l.line
		FROM change_lines l JOIN change_reports r ON r.load = l.load
		WHERE l.load >= ?1 AND (l.load > ?2 OR (l.load = ?2 AND l.seq > ?3))
		ORDER BY l.load, l.seq LIMIT ?4`, since, afterLoad, afterSeq, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: changes: %w", err)
	}
	defer rows.Close()
	out := []graph.ChangeEntry{}
	for rows.Next() {
		var e graph.ChangeEntry
		var asOf, regime string
		if err := rows.Scan(&e.Load, &e.Seq, &asOf, &regime, &e.Change, &e.Entity, &e.Line); err != nil {
			return nil, fmt.Errorf("sqlite: changes: %w", err)
		}
		e.AsOf, e.Regime = graph.Date(asOf), graph.Regime(regime)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: changes: %w", err)
	}
	return out, nil
}
