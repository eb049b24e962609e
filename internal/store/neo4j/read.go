package neo4j

import (
	"context"
	"fmt"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/graph"
)

// asOfFilter keeps relations in force on $asOf ($asOf null: all).
const asOfFilter = `($asOf IS NULL OR ((r.start IS NULL OR r.start <= $asOf) AND (r.end IS NULL OR $asOf < r.end)))`

const desigFilter = `($asOf IS NULL OR ((r.listed IS NULL OR r.listed <= $asOf) AND (r.delisted IS NULL OR $asOf < r.delisted)))`

// Snapshot streams every entity and every relation valid on asOf.
func (s *Store) Snapshot(ctx context.Context, asOf graph.Date) (*graph.Snapshot, error) {
	return s.snapshot(ctx, asOf, nil)
}

// snapshot reads the whole graph, or only the entities in ids (and the
// relations among them) when ids is not nil.
func (s *Store) snapshot(ctx context.Context, asOf graph.Date, ids []string) (*graph.Snapshot, error) {
	snap := &graph.Snapshot{AsOf: asOf}
	p := map[string]any{"asOf": nullable(string(asOf)), "ids": ids}
	// "e.id IS NOT NULL" (true of every entity) lets the planner read the
	// entities in the order of the entity_id index instead of sorting them:
	// 3.8 instead of 5.0 s for the entities of a 1M graph (the whole
	// Snapshot: 20-21 s warm, of which about 5 s sort the holdings by key).
	scope, scopeB := `WHERE e.id IS NOT NULL`, ""
	if ids != nil {
		scope = `WHERE e.id IN $ids`
		scopeB = ` AND a.id IN $ids AND b.id IN $ids`
	}
	rel := relationQueries(scopeA(ids), scopeB)
	steps := []struct {
		what, q string
		each    func(*neo4j.Record) error
	}{
		{"entities", `MATCH (e:Entity) ` + scope + ` RETURN ` + entityReadCols + ` ORDER BY e.id`,
			func(r *neo4j.Record) error { return add(&snap.Entities, r.Values, entityOf) }},
		{"designations", rel.designations,
			func(r *neo4j.Record) error { return add(&snap.Designations, r.Values, designationOf) }},
		{"holdings", `MATCH (a:Entity)-[r:OWNS]->(b:Entity) WHERE ` + asOfFilter + scopeB +
			` RETURN ` + holdingCols + ` ORDER BY r.key`,
			func(r *neo4j.Record) error { return add(&snap.Holdings, r.Values, holdingOf) }},
		{"control edges", rel.controls,
			func(r *neo4j.Record) error { return add(&snap.Controls, r.Values, controlOf) }},
		{"same-as links", rel.sameAs,
			func(r *neo4j.Record) error { return add(&snap.SameAs, r.Values, sameAsOf) }},
	}
	for _, st := range steps {
		if err := s.read(ctx, st.q, p, st.each); err != nil {
			return nil, fmt.Errorf("neo4j: read %s: %w", st.what, err)
		}
	}
	return snap, nil
}

// relationQueries returns the statements reading designations active on
// $asOf, control edges valid on $asOf and every same-as link, each
// restricted by the given scope conditions (scopeA on the entity a,
// scopeB on both ends a and b; empty: the whole graph).
func relationQueries(scopeA, scopeB string) (q struct{ designations, controls, sameAs string }) {
	q.designations = `MATCH (a:Entity)-[r:DESIGNATED]->(:Regime) WHERE ` + desigFilter + scopeA +
		` RETURN ` + designationCols + ` ORDER BY r.key`
	q.controls = `MATCH (a:Entity)-[r:CONTROLS]->(b:Entity) WHERE ` + asOfFilter + scopeB +
		` RETURN ` + controlCols + ` ORDER BY r.key`
	q.sameAs = `MATCH (a:Entity)-[r:SAME_AS]->(b:Entity) WHERE true` + scopeB +
		` RETURN ` + sameAsCols + ` ORDER BY r.key`
	return q
}

func scopeA(ids []string) string {
	if ids == nil {
		return ""
	}
	return ` AND a.id IN $ids`
}

// Upstream walks from ids to their owners and controllers and to their
// same-as records, level by level (one query per level, each node visited
// once), then reads the closure.
func (s *Store) Upstream(ctx context.Context, ids []string, asOf graph.Date) (*graph.Snapshot, error) {
	seen := map[string]bool{}
	var frontier []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			frontier = append(frontier, id)
		}
	}
	// Owners and controllers in force on asOf, and same-as records both
	// ways: a same-as cluster is one party.
	q := `UNWIND $ids AS id MATCH (:Entity {id: id})<-[r:OWNS|CONTROLS]-(u:Entity) WHERE ` + asOfFilter + ` RETURN DISTINCT u.id
		UNION UNWIND $ids AS id MATCH (:Entity {id: id})-[:SAME_AS]-(u:Entity) RETURN DISTINCT u.id`
	for len(frontier) > 0 {
		var next []string
		err := s.read(ctx, q, map[string]any{"ids": frontier, "asOf": nullable(string(asOf))}, func(r *neo4j.Record) error {
			id, err := idOf(r.Values[0])
			if err == nil && !seen[id] {
				seen[id] = true
				next = append(next, id)
			}
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("neo4j: upstream of %v: %w", ids, err)
		}
		frontier = next
	}
	closure := make([]string, 0, len(seen))
	for id := range seen {
		closure = append(closure, id)
	}
	sort.Strings(closure)
	return s.snapshot(ctx, asOf, closure)
}

// Entity returns one entity with everything its record says.
func (s *Store) Entity(ctx context.Context, id string) (graph.Entity, error) {
	e, _, err := s.entity(ctx, id)
	return e, err
}

// entity reads one entity and the start of its current version.
func (s *Store) entity(ctx context.Context, id string) (graph.Entity, graph.Date, error) {
	var e graph.Entity
	var since graph.Date
	found := false
	err := s.read(ctx, `MATCH (e:Entity {id: $id}) OPTIONAL MATCH (e)-[:HAS_IDENTIFIER]->(i:Identifier)
		WITH e, i ORDER BY i.key
		RETURN `+entityReadCols+`, e.content, `+identifiersCol+`, e.since`,
		map[string]any{"id": id}, func(r *neo4j.Record) error {
			found = true
			var err error
			if e, err = fullEntityOf(r.Values[:len(r.Values)-1]); err != nil {
				return err
			}
			f := newFields(sinceNames, r.Values[len(r.Values)-1:])
			since = graph.Date(f.opt(0))
			return f.check(func() string { return fmt.Sprintf("entity %q", e.ID) })
		})
	if err != nil {
		return graph.Entity{}, "", fmt.Errorf("neo4j: read entity %q: %w", id, err)
	}
	if !found {
		return graph.Entity{}, "", fmt.Errorf("entity %q: %w", id, graph.ErrNotFound)
	}
	return e, since, nil
}

// Counts counts entities (stubs included) and relations.
func (s *Store) Counts(ctx context.Context) (graph.Counts, error) {
	var c graph.Counts
	targets := []struct {
		q string
		n *int
	}{
		{`MATCH (e:Entity) RETURN count(e)`, &c.Entities},
		{`MATCH ()-[r:DESIGNATED]->() RETURN count(r)`, &c.Designations},
		{`MATCH ()-[r:OWNS]->() RETURN count(r)`, &c.Holdings},
		{`MATCH ()-[r:CONTROLS]->() RETURN count(r)`, &c.Controls},
		{`MATCH ()-[r:SAME_AS]->() RETURN count(r)`, &c.SameAs},
		{`MATCH ()-[r:LINKED]->() RETURN count(r)`, &c.Links},
	}
	for _, t := range targets {
		err := s.read(ctx, t.q, nil, func(r *neo4j.Record) error {
			n, err := countOf(t.q, r.Values)
			*t.n = int(n)
			return err
		})
		if err != nil {
			return c, fmt.Errorf("neo4j: counts: %w", err)
		}
	}
	return c, nil
}

// Loads returns the load log, oldest first. A load stored as running that
// is gone (liveness.go) is returned as interrupted, whether or not that is
// stored yet.
func (s *Store) Loads(ctx context.Context) ([]graph.LoadRecord, error) {
	var out []graph.LoadRecord
	err := s.read(ctx, `MATCH (l:Load) RETURN l, timestamp() - l.heartbeat ORDER BY l.id`, nil, func(r *neo4j.Record) error {
		if len(r.Values) != 2 {
			return fmt.Errorf("stored load: the statement returned %d columns, not 2", len(r.Values))
		}
		lr, err := loadRecordOf(r.Values[0])
		if err != nil {
			return err
		}
		if lr.Status == graph.LoadRunning {
			age, known := r.Values[1].(int64)
			if r.Values[1] != nil && !known {
				return fmt.Errorf("load %d: heartbeat age is %s, not an integer", lr.ID, typeName(r.Values[1]))
			}
			if loadGone(lr.Owner, age, known) {
				lr.Status = graph.LoadInterrupted
			}
		}
		out = append(out, lr)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j: load log: %w", err)
	}
	return out, nil
}

var sinceNames = []string{"e.since"}

// loadNames are the properties of a :Load node that loadRecordOf reads:
// id, status, source, format, checksum and started are required; files,
// error, list, published and owner optional (owner is missing on loads
// recorded by an ownex before owner tokens); finished is required once the load
// committed or failed (an interrupted load has none), the counts and
// skipped once it is committed.
var loadNames = []string{"id", "status", "source", "format", "checksum", "started", "files", "error", "list",
	"published", "finished", "skipped", "entities", "designations", "holdings", "controls", "same_as", "links", "owner"}

// loadRecordOf decodes a :Load node.
func loadRecordOf(x any) (graph.LoadRecord, error) {
	n, ok := x.(neo4j.Node)
	if !ok {
		return graph.LoadRecord{}, fmt.Errorf("stored load: is %s, not a node", typeName(x))
	}
	v := make([]any, len(loadNames))
	for i, name := range loadNames {
		v[i] = n.Props[name]
	}
	f := newFields(loadNames, v)
	lr := graph.LoadRecord{ID: f.int(0), Status: f.str(1)}
	lr.Source, lr.Format, lr.Checksum = f.str(2), f.str(3), f.str(4)
	lr.Started = f.time(5, true)
	lr.Files, lr.Error, lr.List, lr.Published = f.list(6, false), f.opt(7), f.opt(8), graph.Date(f.opt(9))
	lr.Finished = f.time(10, lr.Status == graph.LoadCommitted || lr.Status == graph.LoadFailed)
	lr.Owner = f.opt(18)
	if lr.Status == graph.LoadCommitted {
		lr.Skipped = int(f.int(11))
		lr.Counts = graph.Counts{Entities: int(f.int(12)), Designations: int(f.int(13)), Holdings: int(f.int(14)),
			Controls: int(f.int(15)), SameAs: int(f.int(16)), Links: int(f.int(17))}
	}
	return lr, f.check(func() string { return fmt.Sprintf("load %d", lr.ID) })
}
