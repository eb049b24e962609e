package neo4j

import (
	"context"
	"errors"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/graph"
)

// Statements of StreamSnapshotSerial: every entity in one statement, every
// holding in another, the ends of a holding by their ids.
const (
	serialStreamEntities = `MATCH (e:Entity) WHERE e.id IS NOT NULL RETURN ` + serialEntityCols + ` ORDER BY e.id`
	serialEntityCols     = `e.id, e.name`
	serialStreamHoldings = `MATCH (a:Entity)-[r:OWNS]->(b:Entity) WHERE ` + asOfFilter + `
RETURN ` + serialHoldingCols
	serialHoldingCols = `a.id, b.id, r.share_min, r.share_max, r.votes_min, r.votes_max, r.share_open, r.votes_open, ` +
		`r.arrangement, r.source, r.start, r.end`
)

var serialEntityNames, serialHoldingNames = colNames(serialEntityCols), colNames(serialHoldingCols)

// StreamSnapshotSerial is StreamSnapshot as it was before issue 18 (item
// 3), kept for the benchmark that compares the two (BenchmarkStreamSnapshot
// in stream_bench_test.go; bench/run.sh): in one read transaction it hands sink the designations active on asOf, the control
// edges valid on asOf and every same-as link (as Snapshot reads them), then
// the id and name of every entity in ascending byte order of ID, then every
// holding valid on asOf. Records are decoded from the driver into reused
// buffers: no graph.Entity or graph.Holding is built per row.
//
// The transaction is explicit, not managed: a managed transaction would
// be retried after a transient error and hand the sink rows twice.
func (s *Store) StreamSnapshotSerial(ctx context.Context, asOf graph.Date, sink graph.SnapshotSink) error {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead,
		DatabaseName: s.cfg.Database, FetchSize: streamFetchSize})
	defer sess.Close(ctx)
	tx, err := sess.BeginTransaction(ctx)
	if err != nil {
		return fmt.Errorf("neo4j: stream snapshot: %w", s.describe(err))
	}
	defer tx.Close(ctx)
	p := map[string]any{"asOf": nullable(string(asOf))}
	run := func(what, q string, each func([]any) error) error {
		res, err := tx.Run(ctx, q, p)
		if err == nil {
			for res.Next(ctx) {
				if err = each(res.Record().Values); err != nil {
					break
				}
			}
			if err == nil {
				err = res.Err()
			}
		}
		var se errSink
		switch {
		case err == nil:
			return nil
		case errors.As(err, &se):
			return fmt.Errorf("neo4j: stream snapshot: %s: %w", what, se.err)
		case ctx.Err() != nil:
			return fmt.Errorf("neo4j: stream snapshot: %s: %w", what, ctx.Err())
		}
		return fmt.Errorf("neo4j: stream snapshot: %s: %w", what, s.describe(err))
	}

	des, ctl, same, err := streamRelations(ctx, func(_ context.Context, q string, _ map[string]any, each func([]any) error) error {
		return run("relations", q, each)
	}, p)
	if err != nil {
		return err
	}
	if err := sink.Relations(des, ctl, same); err != nil {
		return fmt.Errorf("neo4j: stream snapshot: relations: %w", err)
	}

	var ents entityOrder
	ents.emit = sink.Entity
	if err := run("entities", serialStreamEntities, func(v []any) error {
		f := newFields(serialEntityNames, v)
		id, name := f.str(0), f.str(1)
		if err := f.check(func() string { return fmt.Sprintf("entity %q", id) }); err != nil {
			return err
		}
		return ents.add(id, name)
	}); err != nil {
		return err
	}
	if err := ents.flush(); err != nil {
		return fmt.Errorf("neo4j: stream snapshot: entities: %w", err)
	}

	var row graph.HoldingRow
	err = run("holdings", serialStreamHoldings, func(v []any) error {
		f := newFields(serialHoldingNames, v)
		owner, owned := f.str(0), f.str(1)
		row.Owner = append(row.Owner[:0], owner...)
		row.Owned = append(row.Owned[:0], owned...)
		row.Share = f.open(6, graph.Range{Lo: f.pct(2), Hi: f.pct(3)})
		row.Votes = f.open(7, graph.Range{Lo: f.pct(4), Hi: f.pct(5)})
		row.Arrangement = append(row.Arrangement[:0], f.opt(8)...)
		source := f.opt(9)
		row.Source = append(row.Source[:0], source...)
		row.Start = append(row.Start[:0], f.opt(10)...)
		row.End = append(row.End[:0], f.opt(11)...)
		if err := f.check(func() string {
			return ends("OWNS", owner, owned, graph.Provenance{Source: source, Record: "not read"})
		}); err != nil {
			return err
		}
		if err := sink.Holding(&row); err != nil {
			return errSink{err}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Nothing was written: committing only ends the read transaction.
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("neo4j: stream snapshot: %w", s.describe(err))
	}
	return nil
}
