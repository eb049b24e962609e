package neo4j

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/graph"
)

// Change reports (graph.ChangeLog) are one (:ChangeReport) node per load
// with one (:Change) node per line:
//
//	(:ChangeReport {load, as_of, lines})-[:HAS_CHANGE]->(:Change {seq, regime, change, entity, line})
//
// line is the report line (JSON text). A report is replaced by one
// statement (one transaction): the old report is deleted and the new one
// created.

var changesSchema = []string{
	`CREATE CONSTRAINT change_report_load IF NOT EXISTS FOR (r:ChangeReport) REQUIRE r.load IS UNIQUE`,
}

const (
	cypherAddChanges = `CALL {
	MATCH (old:ChangeReport {load: $load})
	OPTIONAL MATCH (old)-[:HAS_CHANGE]->(c:Change)
	DETACH DELETE c
	WITH DISTINCT old
	DETACH DELETE old
}
CREATE (r:ChangeReport {load: $load, as_of: $as_of, lines: size($rows)})
WITH r
UNWIND $rows AS x
CREATE (r)-[:HAS_CHANGE]->(:Change {seq: x.seq, regime: x.regime, change: x.change, entity: x.entity, line: x.line})`
	changeReportCols    = `r.load, r.as_of, r.lines`
	cypherChangeReports = `MATCH (r:ChangeReport) WHERE r.load >= $since RETURN ` + changeReportCols + ` ORDER BY r.load`
	changeCols          = `r.load, c.seq, r.as_of, c.regime, c.change, c.entity, c.line`
	cypherChanges       = `MATCH (r:ChangeReport)-[:HAS_CHANGE]->(c:Change)
WHERE r.load >= $since AND (r.load > $after_load OR (r.load = $after_load AND c.seq > $after_seq))
RETURN ` + changeCols + ` ORDER BY r.load, c.seq LIMIT $limit`
)

var changeReportNames, changeNames = colNames(changeReportCols), colNames(changeCols)

func (s *Store) ensureChanges(ctx context.Context) error {
	for _, q := range changesSchema {
		if err := s.write(ctx, q, nil); err != nil {
			return fmt.Errorf("neo4j: change reports schema: %w", err)
		}
	}
	return nil
}

// AddChanges keeps the report of load, replacing an earlier one.
func (s *Store) AddChanges(ctx context.Context, load int64, asOf graph.Date, entries []graph.ChangeEntry) error {
	if err := s.ensureChanges(ctx); err != nil {
		return err
	}
	rows := make([]map[string]any, len(entries))
	for i, e := range entries {
		rows[i] = map[string]any{"seq": int64(i), "regime": string(e.Regime), "change": e.Change, "entity": e.Entity, "line": string(e.Line)}
	}
	if err := s.write(ctx, cypherAddChanges, map[string]any{"load": load, "as_of": string(asOf), "rows": rows}); err != nil {
		return fmt.Errorf("neo4j: keep the change report of load %d: %w", load, err)
	}
	return nil
}

// ChangeReports lists the reports of loads >= since.
func (s *Store) ChangeReports(ctx context.Context, since int64) ([]graph.ChangeReport, error) {
	if err := s.ensureChanges(ctx); err != nil {
		return nil, err
	}
	out := []graph.ChangeReport{}
	err := s.read(ctx, cypherChangeReports, map[string]any{"since": since}, func(r *neo4j.Record) error {
		f := newFields(changeReportNames, r.Values)
		cr := graph.ChangeReport{Load: f.int(0), AsOf: graph.Date(f.str(1)), Lines: int(f.int(2))}
		out = append(out, cr)
		return f.check(func() string { return fmt.Sprintf("change report of load %d", cr.Load) })
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j: change reports: %w", err)
	}
	return out, nil
}

// Changes returns report lines of loads >= since after (afterLoad,
// afterSeq), by load then seq, at most limit (0: all).
func (s *Store) Changes(ctx context.Context, since, afterLoad int64, afterSeq, limit int) ([]graph.ChangeEntry, error) {
	if err := s.ensureChanges(ctx); err != nil {
		return nil, err
	}
	lim := int64(limit)
	if limit <= 0 {
		lim = 1 << 62
	}
	p := map[string]any{"since": since, "after_load": afterLoad, "after_seq": int64(afterSeq), "limit": lim}
	out := []graph.ChangeEntry{}
	err := s.read(ctx, cypherChanges, p, func(r *neo4j.Record) error {
		f := newFields(changeNames, r.Values)
		e := graph.ChangeEntry{Load: f.int(0), Seq: int(f.int(1)), AsOf: graph.Date(f.str(2)), Regime: graph.Regime(f.str(3)),
			Change: f.str(4), Entity: f.str(5), Line: []byte(f.str(6))}
		out = append(out, e)
		return f.check(func() string { return fmt.Sprintf("change %d of load %d", e.Seq, e.Load) })
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j: changes: %w", err)
	}
	return out, nil
}
