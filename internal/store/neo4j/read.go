package neo4j

import (
	"context"
	"fmt"
	"sort"
	"time"

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
		{"entities", `MATCH (e:Entity) ` + scope + ` RETURN e.id, e.name, e.kind, e.countries, e.source, e.record, e.aliases ORDER BY e.id`,
			func(r *neo4j.Record) error {
				e := entityOf(r.Values[:6])
				e.Aliases = strs(r.Values[6])
				snap.Entities = append(snap.Entities, e)
				return nil
			}},
		{"designations", rel.designations,
			func(r *neo4j.Record) error {
				snap.Designations = append(snap.Designations, designationOf(r.Values))
				return nil
			}},
		{"holdings", `MATCH (a:Entity)-[r:OWNS]->(b:Entity) WHERE ` + asOfFilter + scopeB +
			` RETURN ` + holdingCols + ` ORDER BY r.key`,
			func(r *neo4j.Record) error { snap.Holdings = append(snap.Holdings, holdingOf(r.Values)); return nil }},
		{"control edges", rel.controls,
			func(r *neo4j.Record) error { snap.Controls = append(snap.Controls, controlOf(r.Values)); return nil }},
		{"same-as links", rel.sameAs,
			func(r *neo4j.Record) error {
				x, err := sameAsOf(r.Values)
				snap.SameAs = append(snap.SameAs, x)
				return err
			}},
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
		` RETURN a.id, r.regime, r.program, r.listed, r.delisted, r.source, r.record ORDER BY r.key`
	q.controls = `MATCH (a:Entity)-[r:CONTROLS]->(b:Entity) WHERE ` + asOfFilter + scopeB +
		` RETURN a.id, b.id, r.basis, r.start, r.end, r.source, r.record ORDER BY r.key`
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
			if id, _ := r.Values[0].(string); !seen[id] {
				seen[id] = true
				next = append(next, id)
			}
			return nil
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
		RETURN e.id, e.name, e.kind, e.countries, e.source, e.record, e.aliases, e.content, e.since,
		       collect(CASE WHEN i IS NULL THEN null ELSE [i.scheme, i.value, coalesce(i.country, '')] END)`,
		map[string]any{"id": id}, func(r *neo4j.Record) error {
			found = true
			e = entityOf(r.Values[:6])
			e.Aliases = strs(r.Values[6])
			if content := str(r.Values[7]); content != "" {
				decodeContent(content, &e)
			}
			since = graph.Date(str(r.Values[8]))
			e.Identifiers = nil
			for _, v := range r.Values[9].([]any) {
				parts := strs(v)
				e.Identifiers = append(e.Identifiers, graph.Identifier{Scheme: parts[0], Value: parts[1], Country: parts[2]})
			}
			return nil
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
		err := s.read(ctx, t.q, nil, func(r *neo4j.Record) error { *t.n = int(asInt(r.Values[0])); return nil })
		if err != nil {
			return c, fmt.Errorf("neo4j: counts: %w", err)
		}
	}
	return c, nil
}

// Loads returns the load log, oldest first.
func (s *Store) Loads(ctx context.Context) ([]graph.LoadRecord, error) {
	var out []graph.LoadRecord
	err := s.read(ctx, `MATCH (l:Load) RETURN l ORDER BY l.id`, nil, func(r *neo4j.Record) error {
		n := r.Values[0].(neo4j.Node)
		p := n.Props
		lr := graph.LoadRecord{ID: asInt(p["id"]), Status: str(p["status"]), Error: str(p["error"]), Skipped: int(asInt(p["skipped"]))}
		lr.Source, lr.Format, lr.Checksum, lr.Files = str(p["source"]), str(p["format"]), str(p["checksum"]), strs(p["files"])
		lr.List, lr.Published = str(p["list"]), graph.Date(str(p["published"]))
		lr.Started, _ = time.Parse(time.RFC3339Nano, str(p["started"]))
		lr.Finished, _ = time.Parse(time.RFC3339Nano, str(p["finished"]))
		lr.Counts = graph.Counts{Entities: int(asInt(p["entities"])), Designations: int(asInt(p["designations"])),
			Holdings: int(asInt(p["holdings"])), Controls: int(asInt(p["controls"])), SameAs: int(asInt(p["same_as"])),
			Links: int(asInt(p["links"]))}
		out = append(out, lr)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j: load log: %w", err)
	}
	return out, nil
}
