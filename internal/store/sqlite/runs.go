package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ownex/ownex/graph"
)

// Saved runs (graph.RunStore) live in two tables, created on first use
// by runsSchema: they only add tables and change none of schema.go's, so
// they need no user_version step (an older ownex ignores them).
//
//	runs          one row per saved run, keyed by name
//	run_verdicts  one row per non-clear verdict of a run
//
// Replacing a run is one transaction: delete the old rows, insert the new.
const runsSchema = `
CREATE TABLE IF NOT EXISTS runs (
	name     TEXT PRIMARY KEY,
	as_of    TEXT NOT NULL,
	regimes  TEXT NOT NULL,               -- comma-separated, analysis order
	created  TEXT NOT NULL,               -- RFC 3339, UTC
	entities INTEGER NOT NULL,
	verdicts INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS run_verdicts (
	run        TEXT NOT NULL,
	regime     TEXT NOT NULL,
	entity     TEXT NOT NULL,
	name       TEXT NOT NULL,
	status     TEXT NOT NULL,
	share_lo   INTEGER NOT NULL,          -- millionths of a percent
	share_hi   INTEGER NOT NULL,
	share_open INTEGER NOT NULL,          -- openLo / openHi bits
	votes_lo   INTEGER NOT NULL,
	votes_hi   INTEGER NOT NULL,
	votes_open INTEGER NOT NULL,
	flags      TEXT NOT NULL,             -- comma-separated
	PRIMARY KEY (run, regime, entity)
) WITHOUT ROWID;
`

func (s *Store) ensureRuns(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, runsSchema); err != nil {
		return fmt.Errorf("sqlite: create runs tables: %w", err)
	}
	return nil
}

// SaveRun keeps run and its non-clear verdicts, replacing a run of the
// same name, in one transaction.
func (s *Store) SaveRun(ctx context.Context, run graph.SavedRun, verdicts func(yield func(graph.Verdict) bool)) error {
	if run.Name == "" {
		return fmt.Errorf("sqlite: save run: empty name")
	}
	if err := s.ensureRuns(ctx); err != nil {
		return err
	}
	if run.Created.IsZero() {
		run.Created = time.Now()
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: save run %q: %w", run.Name, err)
	}
	defer tx.Rollback()
	for _, q := range []string{`DELETE FROM run_verdicts WHERE run = ?`, `DELETE FROM runs WHERE name = ?`} {
		if _, err := tx.ExecContext(ctx, q, run.Name); err != nil {
			return fmt.Errorf("sqlite: save run %q: %w", run.Name, err)
		}
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO run_verdicts (run, regime, entity, name, status,
		share_lo, share_hi, share_open, votes_lo, votes_hi, votes_open, flags)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(run, regime, entity) DO UPDATE SET name = excluded.name, status = excluded.status,
		share_lo = excluded.share_lo, share_hi = excluded.share_hi, share_open = excluded.share_open,
		votes_lo = excluded.votes_lo, votes_hi = excluded.votes_hi, votes_open = excluded.votes_open,
		flags = excluded.flags`)
	if err != nil {
		return fmt.Errorf("sqlite: save run %q: %w", run.Name, err)
	}
	defer ins.Close()
	seen := map[[2]string]bool{}
	var werr error
	for v := range verdicts {
		if v.Status == graph.StatusClear {
			continue
		}
		if _, werr = ins.ExecContext(ctx, run.Name, string(v.Regime), v.Entity, v.Name, string(v.Status),
			int64(v.Share.Lo), int64(v.Share.Hi), openBits(v.Share), int64(v.Votes.Lo), int64(v.Votes.Hi),
			openBits(v.Votes), joinFlags(v.Flags)); werr != nil {
			break
		}
		seen[[2]string{string(v.Regime), v.Entity}] = true
	}
	if werr != nil {
		return fmt.Errorf("sqlite: save run %q: verdict: %w", run.Name, werr)
	}
	run.Verdicts = len(seen)
	regimes := make([]string, len(run.Regimes))
	for i, r := range run.Regimes {
		regimes[i] = string(r)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO runs (name, as_of, regimes, created, entities, verdicts)
		VALUES (?, ?, ?, ?, ?, ?)`, run.Name, string(run.AsOf), strings.Join(regimes, ","),
		formatTime(run.Created), run.Entities, run.Verdicts); err != nil {
		return fmt.Errorf("sqlite: save run %q: %w", run.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: save run %q: %w", run.Name, err)
	}
	return nil
}

const runCols = `name, as_of, regimes, created, entities, verdicts`

func scanRun(sc interface{ Scan(...any) error }) (graph.SavedRun, error) {
	var r graph.SavedRun
	var asOf, regimes, created string
	if err := sc.Scan(&r.Name, &asOf, &regimes, &created, &r.Entities, &r.Verdicts); err != nil {
		return r, err
	}
	r.AsOf, r.Created = graph.Date(asOf), parseTime(created)
	r.Regimes = []graph.Regime{}
	for _, x := range splitComma(regimes) {
		r.Regimes = append(r.Regimes, graph.Regime(x))
	}
	return r, nil
}

// LoadRun returns a saved run and its verdicts, ordered by regime then
// entity.
func (s *Store) LoadRun(ctx context.Context, name string) (graph.SavedRun, []graph.Verdict, error) {
	if err := s.ensureRuns(ctx); err != nil {
		return graph.SavedRun{}, nil, err
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return graph.SavedRun{}, nil, fmt.Errorf("sqlite: load run %q: %w", name, err)
	}
	defer tx.Rollback()
	run, err := scanRun(tx.QueryRowContext(ctx, `SELECT `+runCols+` FROM runs WHERE name = ?`, name))
	if err == sql.ErrNoRows {
		return graph.SavedRun{}, nil, fmt.Errorf("saved run %q: %w", name, graph.ErrNotFound)
	}
	if err != nil {
		return graph.SavedRun{}, nil, fmt.Errorf("sqlite: load run %q: %w", name, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT regime, entity, name, status, share_lo, share_hi, share_open,
		votes_lo, votes_hi, votes_open, flags FROM run_verdicts WHERE run = ? ORDER BY regime, entity`, name)
	if err != nil {
		return graph.SavedRun{}, nil, fmt.Errorf("sqlite: load run %q: %w", name, err)
	}
	defer rows.Close()
	out := make([]graph.Verdict, 0, run.Verdicts)
	for rows.Next() {
		var v graph.Verdict
		var regime, status, flags string
		var sLo, sHi, sOpen, vLo, vHi, vOpen int64
		if err := rows.Scan(&regime, &v.Entity, &v.Name, &status, &sLo, &sHi, &sOpen, &vLo, &vHi, &vOpen, &flags); err != nil {
			return graph.SavedRun{}, nil, fmt.Errorf("sqlite: load run %q: %w", name, err)
		}
		v.Regime, v.Status = graph.Regime(regime), graph.Status(status)
		v.Share = graph.Range{Lo: graph.Pct(sLo), Hi: graph.Pct(sHi)}
		setOpen(&v.Share, sOpen)
		v.Votes = graph.Range{Lo: graph.Pct(vLo), Hi: graph.Pct(vHi)}
		setOpen(&v.Votes, vOpen)
		v.Flags = []graph.Flag{}
		for _, f := range splitComma(flags) {
			v.Flags = append(v.Flags, graph.Flag(f))
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return graph.SavedRun{}, nil, fmt.Errorf("sqlite: load run %q: %w", name, err)
	}
	return run, out, nil
}

// Runs lists the saved runs, oldest first.
func (s *Store) Runs(ctx context.Context) ([]graph.SavedRun, error) {
	if err := s.ensureRuns(ctx); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+runCols+` FROM runs ORDER BY created, name`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: runs: %w", err)
	}
	defer rows.Close()
	var out []graph.SavedRun
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: runs: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: runs: %w", err)
	}
	// created is RFC 3339 with variable fractional digits: sort on the
	// parsed times to be exact.
	slices.SortStableFunc(out, func(a, b graph.SavedRun) int {
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}

func joinFlags(fs []graph.Flag) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = string(f)
	}
	return strings.Join(s, ",")
}

func splitComma(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
