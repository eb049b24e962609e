package neo4j

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/graph"
)

// Write-back stores, for each regime r, the properties exposure_<r>
// (status), exposure_<r>_flags and exposure_<r>_as_of on every entity
// with a non-clear verdict, and the label :Exposed on entities with at
// least one verdict that is neither clear nor designated. Property names
// come from this fixed table, never from input.
var regimeProps = map[graph.Regime]struct{ status, flags, asOf, run string }{
	graph.RegimeOFAC: {"exposure_ofac", "exposure_ofac_flags", "exposure_ofac_as_of", "exposure_ofac_run"},
	graph.RegimeUK:   {"exposure_uk", "exposure_uk_flags", "exposure_uk_as_of", "exposure_uk_run"},
	graph.RegimeEU:   {"exposure_eu", "exposure_eu_flags", "exposure_eu_as_of", "exposure_eu_run"},
}

// WriteVerdicts writes the non-clear verdicts of one analysis run in
// batches, then removes every verdict of the same regimes left by earlier
// runs, then recomputes the :Exposed label.
func (s *Store) WriteVerdicts(ctx context.Context, asOf graph.Date, regimes []graph.Regime, verdicts func(yield func(graph.Verdict) bool)) (graph.WriteBackStats, error) {
	var stats graph.WriteBackStats
	run, err := s.nextCounter(ctx, "writeback")
	if err != nil {
		return stats, err
	}
	batches := map[graph.Regime][]map[string]any{}
	flush := func(r graph.Regime) error {
		rows := batches[r]
		if len(rows) == 0 {
			return nil
		}
		p := regimeProps[r]
		q := fmt.Sprintf(`UNWIND $rows AS row MATCH (e:Entity {id: row.id})
			SET e.%s = row.status, e.%s = row.flags, e.%s = $asOf, e.%s = $run`, p.status, p.flags, p.asOf, p.run)
		if err := s.write(ctx, q, map[string]any{"rows": rows, "asOf": string(asOf), "run": run}); err != nil {
			return fmt.Errorf("neo4j: write back %s verdicts: %w", r, err)
		}
		stats.Written += len(rows)
		batches[r] = rows[:0]
		return nil
	}
	for v := range verdicts {
		if v.Status == graph.StatusClear {
			continue
		}
		if _, ok := regimeProps[v.Regime]; !ok {
			continue
		}
		flags := make([]string, len(v.Flags))
		for i, f := range v.Flags {
			flags[i] = string(f)
		}
		batches[v.Regime] = append(batches[v.Regime], map[string]any{"id": v.Entity, "status": string(v.Status), "flags": flags})
		if len(batches[v.Regime]) >= s.cfg.BatchSize {
			if err := flush(v.Regime); err != nil {
				return stats, err
			}
		}
	}
	for _, r := range regimes {
		if err := flush(r); err != nil {
			return stats, err
		}
		n, err := s.clearStale(ctx, r, run)
		if err != nil {
			return stats, err
		}
		stats.Cleared += n
	}
	stats.Exposed, err = s.relabel(ctx)
	return stats, err
}

// clearStale removes regime r's properties where an earlier run wrote them.
func (s *Store) clearStale(ctx context.Context, r graph.Regime, run int64) (int, error) {
	p, ok := regimeProps[r]
	if !ok {
		return 0, nil
	}
	q := fmt.Sprintf(`MATCH (e:Entity) WHERE e.%[4]s IS NOT NULL AND e.%[4]s <> $run
		WITH e LIMIT 10000 REMOVE e.%[1]s, e.%[2]s, e.%[3]s, e.%[4]s RETURN count(e)`, p.status, p.flags, p.asOf, p.run)
	total := 0
	for {
		n, err := s.writeCount(ctx, q, map[string]any{"run": run})
		if err != nil {
			return total, fmt.Errorf("neo4j: clear stale %s verdicts: %w", r, err)
		}
		total += int(n)
		if n == 0 {
			return total, nil
		}
	}
}

// exposedStatuses are the statuses that earn the :Exposed label.
var exposedStatuses = []string{string(graph.StatusBlocked), string(graph.StatusOwned), string(graph.StatusControlled), string(graph.StatusUndetermined)}

// relabel sets :Exposed exactly on entities with an exposed status under
// some regime and returns how many carry it.
func (s *Store) relabel(ctx context.Context) (int, error) {
	const exposed = `(e.exposure_ofac IN $statuses OR e.exposure_uk IN $statuses OR e.exposure_eu IN $statuses)`
	p := map[string]any{"statuses": exposedStatuses}
	for {
		n, err := s.writeCount(ctx, `MATCH (e:Entity:Exposed) WHERE NOT `+exposed+` WITH e LIMIT 10000 REMOVE e:Exposed RETURN count(e)`, p)
		if err != nil {
			return 0, fmt.Errorf("neo4j: relabel: %w", err)
		}
		if n == 0 {
			break
		}
	}
	for {
		n, err := s.writeCount(ctx, `MATCH (e:Entity) WHERE NOT e:Exposed AND `+exposed+` WITH e LIMIT 10000 SET e:Exposed RETURN count(e)`, p)
		if err != nil {
			return 0, fmt.Errorf("neo4j: relabel: %w", err)
		}
		if n == 0 {
			break
		}
	}
	var total int64
	err := s.read(ctx, `MATCH (e:Entity:Exposed) RETURN count(e)`, nil, func(r *neo4j.Record) (err error) {
		total, err = countOf("exposed entities", r.Values)
		return err
	})
	return int(total), err
}

// writeCount runs a write statement returning one count.
func (s *Store) writeCount(ctx context.Context, cypher string, params map[string]any) (int64, error) {
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	v, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return nil, err
		}
		return rec.Values[0], nil
	})
	if err != nil {
		return 0, s.describe(err)
	}
	return countOf("the count the statement returned", []any{v})
}

// nextCounter increments and returns a named counter.
func (s *Store) nextCounter(ctx context.Context, name string) (int64, error) {
	n, err := s.writeCount(ctx, `MERGE (c:Counter {name: $name}) SET c.value = coalesce(c.value, 0) + 1 RETURN c.value`, map[string]any{"name": name})
	if err != nil {
		return 0, fmt.Errorf("neo4j: counter %s: %w", name, err)
	}
	return n, nil
}

// Exposure returns the verdicts stored on one entity by the last
// write-back, by regime (clear verdicts are not stored).
func (s *Store) Exposure(ctx context.Context, id string) (map[string]string, error) {
	out := map[string]string{}
	err := s.read(ctx, `MATCH (e:Entity {id: $id}) RETURN `+exposureCols,
		map[string]any{"id": id}, func(r *neo4j.Record) error {
			f := newFields(exposureNames, r.Values)
			for i, reg := range []string{"ofac", "uk", "eu"} {
				if v := f.opt(i); v != "" {
					out[reg] = v
				}
			}
			return f.check(func() string { return fmt.Sprintf("entity %q", id) })
		})
	if err != nil {
		return nil, fmt.Errorf("neo4j: exposure of %q: %w", id, err)
	}
	return out, nil
}

// GraphSize counts the nodes and relationships of the data graph: every
// node and relationship except the bookkeeping nodes of the load log
// (:Load) and of the counters (:Counter), which grow with every load.
func (s *Store) GraphSize(ctx context.Context) (nodes, rels int64, err error) {
	err = s.read(ctx, `CALL { MATCH (n) WHERE NOT n:Load AND NOT n:Counter RETURN count(n) AS nodes }
		CALL { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels`,
		nil, func(r *neo4j.Record) error {
			f := newFields([]string{"nodes", "rels"}, r.Values)
			nodes, rels = f.int(0), f.int(1)
			return f.check(func() string { return "graph size" })
		})
	if err != nil {
		return 0, 0, fmt.Errorf("neo4j: graph size: %w", err)
	}
	return nodes, rels, nil
}

// exposureCols are the verdicts the write-back stores on an entity, each
// optional (a clear verdict is not stored).
const exposureCols = `e.exposure_ofac, e.exposure_uk, e.exposure_eu`

var exposureNames = colNames(exposureCols)
