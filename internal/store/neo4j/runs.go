package neo4j

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/graph"
)

// Saved runs (graph.RunStore) are one (:Run) node per run with one
// (:RunVerdict) node per non-clear verdict:
//
//	(:Run {id, name, as_of, regimes, created, entities, verdicts, complete})
//	  -[:HAS_VERDICT]->(:RunVerdict {regime, entity, name, status, share_min, share_max,
//	                                 share_open, votes_min, votes_max, votes_open, flags})
//
// RunVerdict nodes are not linked to the entities: a run keeps what it
// said even if an entity is later removed, and people in Neo4j Browser can
// still query runs by property. Verdicts are written in UNWIND batches
// under a new (:Run) with a fresh id and complete = false; one final
// transaction marks it complete and marks every other run of the same name
// incomplete, then those are deleted in chunks. Readers only see complete
// runs, so a save that fails midway leaves the earlier run in place and
// the next save of that name removes the leftovers.

var runsSchema = []string{
	`CREATE CONSTRAINT run_id IF NOT EXISTS FOR (r:Run) REQUIRE r.id IS UNIQUE`,
	`CREATE INDEX run_name IF NOT EXISTS FOR (r:Run) ON (r.name)`,
}

const (
	cypherCreateRun = `CREATE (:Run {id: $id, name: $name, as_of: $as_of, regimes: $regimes, created: $created,
	entities: $entities, verdicts: 0, complete: false})`
	cypherRunVerdicts = `MATCH (r:Run {id: $id})
UNWIND $rows AS v
CREATE (r)-[:HAS_VERDICT]->(:RunVerdict {regime: v.regime, entity: v.entity, name: v.name, status: v.status,
	share_min: v.share_min, share_max: v.share_max, share_open: v.share_open,
	votes_min: v.votes_min, votes_max: v.votes_max, votes_open: v.votes_open, flags: v.flags})`
	cypherCompleteRun = `MATCH (r:Run {id: $id}) SET r.complete = true, r.verdicts = $verdicts
WITH r
OPTIONAL MATCH (old:Run {name: $name}) WHERE old.id <> $id
SET old.complete = false
RETURN count(old)`
	cypherDropRunVerdicts = `MATCH (r:Run {name: $name})-[:HAS_VERDICT]->(v:RunVerdict) WHERE r.id <> $id
WITH v LIMIT 10000 DETACH DELETE v RETURN count(v)`
	cypherDropRuns        = `MATCH (r:Run {name: $name}) WHERE r.id <> $id DETACH DELETE r RETURN count(r)`
	runCols               = `r.name, r.as_of, r.regimes, r.created, r.entities, r.verdicts`
	cypherLoadRun         = `MATCH (r:Run {name: $name}) WHERE r.complete RETURN ` + runCols
	cypherLoadRunVerdicts = `MATCH (r:Run {name: $name})-[:HAS_VERDICT]->(v:RunVerdict) WHERE r.complete
RETURN ` + verdictCols + ` ORDER BY v.regime, v.entity`
	verdictCols = `v.regime, v.entity, v.name, v.status, v.share_min, v.share_max, v.share_open, ` +
		`v.votes_min, v.votes_max, v.votes_open, v.flags`
	cypherRuns = `MATCH (r:Run) WHERE r.complete RETURN ` + runCols
)

// SaveRun keeps run and its non-clear verdicts, replacing a run of the
// same name once every verdict is written.
func (s *Store) SaveRun(ctx context.Context, run graph.SavedRun, verdicts func(yield func(graph.Verdict) bool)) error {
	if run.Name == "" {
		return fmt.Errorf("neo4j: save run: empty name")
	}
	for _, q := range runsSchema {
		if err := s.write(ctx, q, nil); err != nil {
			return fmt.Errorf("neo4j: runs schema: %w", err)
		}
	}
	if run.Created.IsZero() {
		run.Created = time.Now()
	}
	id, err := s.nextCounter(ctx, "run")
	if err != nil {
		return err
	}
	regimes := make([]string, len(run.Regimes))
	for i, r := range run.Regimes {
		regimes[i] = string(r)
	}
	if err := s.write(ctx, cypherCreateRun, map[string]any{"id": id, "name": run.Name, "as_of": string(run.AsOf),
		"regimes": regimes, "created": run.Created.UTC().Format(time.RFC3339Nano), "entities": int64(run.Entities)}); err != nil {
		return fmt.Errorf("neo4j: save run %q: %w", run.Name, err)
	}
	var rows []map[string]any
	seen := map[[2]string]bool{}
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		if err := s.write(ctx, cypherRunVerdicts, map[string]any{"id": id, "rows": rows}); err != nil {
			return fmt.Errorf("neo4j: save run %q: verdicts: %w", run.Name, err)
		}
		rows = rows[:0]
		return nil
	}
	for v := range verdicts {
		if v.Status == graph.StatusClear {
			continue
		}
		k := [2]string{string(v.Regime), v.Entity}
		if seen[k] {
			continue // a verdict is kept once per regime and entity
		}
		seen[k] = true
		flags := make([]string, len(v.Flags))
		for i, f := range v.Flags {
			flags[i] = string(f)
		}
		rows = append(rows, map[string]any{"regime": string(v.Regime), "entity": v.Entity, "name": v.Name,
			"status": string(v.Status), "share_min": int64(v.Share.Lo), "share_max": int64(v.Share.Hi),
			"share_open": openBits(v.Share), "votes_min": int64(v.Votes.Lo), "votes_max": int64(v.Votes.Hi),
			"votes_open": openBits(v.Votes), "flags": flags})
		if len(rows) >= s.cfg.BatchSize {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	p := map[string]any{"id": id, "name": run.Name, "verdicts": int64(len(seen))}
	if _, err := s.writeCount(ctx, cypherCompleteRun, p); err != nil {
		return fmt.Errorf("neo4j: save run %q: %w", run.Name, err)
	}
	for {
		n, err := s.writeCount(ctx, cypherDropRunVerdicts, p)
		if err != nil {
			return fmt.Errorf("neo4j: save run %q: drop the replaced run: %w", run.Name, err)
		}
		if n == 0 {
			break
		}
	}
	if _, err := s.writeCount(ctx, cypherDropRuns, p); err != nil {
		return fmt.Errorf("neo4j: save run %q: drop the replaced run: %w", run.Name, err)
	}
	return nil
}

var runNames = colNames(runCols)

// runOf decodes runCols: every property is required.
func runOf(v []any) (graph.SavedRun, error) {
	f := newFields(runNames, v)
	r := graph.SavedRun{Name: f.str(0), AsOf: graph.Date(f.str(1)), Regimes: []graph.Regime{},
		Entities: int(f.int(4)), Verdicts: int(f.int(5))}
	for _, x := range f.list(2, true) {
		r.Regimes = append(r.Regimes, graph.Regime(x))
	}
	r.Created = f.time(3, true)
	return r, f.check(func() string { return fmt.Sprintf("saved run %q", r.Name) })
}

var verdictNames = colNames(verdictCols)

// verdictOf decodes verdictCols: every property is required, except
// share_open and votes_open (fields.open).
func verdictOf(v []any) (graph.Verdict, error) {
	f := newFields(verdictNames, v)
	vd := graph.Verdict{Regime: graph.Regime(f.str(0)), Entity: f.str(1), Name: f.str(2), Status: graph.Status(f.str(3)),
		Share: f.open(6, graph.Range{Lo: f.pct(4), Hi: f.pct(5)}),
		Votes: f.open(9, graph.Range{Lo: f.pct(7), Hi: f.pct(8)}),
		Flags: []graph.Flag{}}
	for _, x := range f.list(10, true) {
		vd.Flags = append(vd.Flags, graph.Flag(x))
	}
	return vd, f.check(func() string { return fmt.Sprintf("verdict on %q under %s", vd.Entity, vd.Regime) })
}

// LoadRun returns a saved run and its verdicts, ordered by regime then
// entity.
func (s *Store) LoadRun(ctx context.Context, name string) (graph.SavedRun, []graph.Verdict, error) {
	var run graph.SavedRun
	found := false
	p := map[string]any{"name": name}
	if err := s.read(ctx, cypherLoadRun, p, func(r *neo4j.Record) error {
		var err error
		run, err = runOf(r.Values)
		found = true
		return err
	}); err != nil {
		return graph.SavedRun{}, nil, fmt.Errorf("neo4j: load run %q: %w", name, err)
	}
	if !found {
		return graph.SavedRun{}, nil, fmt.Errorf("saved run %q: %w", name, graph.ErrNotFound)
	}
	out := make([]graph.Verdict, 0, run.Verdicts)
	if err := s.read(ctx, cypherLoadRunVerdicts, p, func(r *neo4j.Record) error {
		return add(&out, r.Values, verdictOf)
	}); err != nil {
		return graph.SavedRun{}, nil, fmt.Errorf("neo4j: load run %q: %w", name, err)
	}
	// Cypher's ORDER BY on strings is by code point; make it byte order.
	slices.SortStableFunc(out, func(a, b graph.Verdict) int {
		if c := strings.Compare(string(a.Regime), string(b.Regime)); c != 0 {
			return c
		}
		return strings.Compare(a.Entity, b.Entity)
	})
	return run, out, nil
}

// Runs lists the saved runs, oldest first.
func (s *Store) Runs(ctx context.Context) ([]graph.SavedRun, error) {
	var out []graph.SavedRun
	if err := s.read(ctx, cypherRuns, nil, func(r *neo4j.Record) error {
		return add(&out, r.Values, runOf)
	}); err != nil {
		return nil, fmt.Errorf("neo4j: runs: %w", err)
	}
	slices.SortStableFunc(out, func(a, b graph.SavedRun) int {
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return out, nil
}
