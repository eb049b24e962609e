package neo4j

import (
	"context"
	"fmt"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/graph"
)

// Detail returns everything known about one entity, history included.
func (s *Store) Detail(ctx context.Context, id string) (graph.EntityDetail, error) {
	e, since, err := s.entity(ctx, id)
	if err != nil {
		return graph.EntityDetail{}, err
	}
	d := graph.EntityDetail{Entity: e, Since: since, Names: map[string]string{}}
	p := map[string]any{"id": id}
	steps := []struct {
		q    string
		each func([]any) error
	}{
		{`MATCH (e:Entity {id: $id})-[:PREVIOUS_VERSION]->(v:EntityVersion)
		  RETURN ` + versionCols + ` ORDER BY v.valid_to, v.valid_from`,
			func(v []any) error {
				return add(&d.Versions, v, func(v []any) (graph.EntityVersion, error) { return versionOf(id, v) })
			}},
		{`MATCH (a:Entity {id: $id})-[r:DESIGNATED]->(:Regime) RETURN ` + designationCols + ` ORDER BY r.key`,
			func(v []any) error { return add(&d.Designations, v, designationOf) }},
		{`MATCH (a:Entity)-[r:OWNS]->(b:Entity {id: $id}) RETURN ` + holdingCols + ` ORDER BY r.key`,
			func(v []any) error { return add(&d.HoldingsIn, v, holdingOf) }},
		{`MATCH (a:Entity {id: $id})-[r:OWNS]->(b:Entity) RETURN ` + holdingCols + ` ORDER BY r.key`,
			func(v []any) error { return add(&d.HoldingsOut, v, holdingOf) }},
		{`MATCH (a:Entity)-[r:CONTROLS]->(b:Entity {id: $id}) RETURN ` + controlCols + ` ORDER BY r.key`,
			func(v []any) error { return add(&d.ControlsIn, v, controlOf) }},
		{`MATCH (a:Entity {id: $id})-[r:CONTROLS]->(b:Entity) RETURN ` + controlCols + ` ORDER BY r.key`,
			func(v []any) error { return add(&d.ControlsOut, v, controlOf) }},
		{`MATCH (a:Entity {id: $id})-[r:LINKED]->(b) RETURN ` + linkCols + ` ORDER BY r.key`,
			func(v []any) error { return add(&d.LinksOut, v, linkOf) }},
		{`MATCH (a:Entity)-[r:LINKED]->(b:Entity {id: $id}) RETURN ` + linkCols + ` ORDER BY r.key`,
			func(v []any) error { return add(&d.LinksIn, v, linkOf) }},
	}
	for _, st := range steps {
		if err := s.read(ctx, st.q, p, func(r *neo4j.Record) error { return st.each(r.Values) }); err != nil {
			return d, fmt.Errorf("neo4j: detail of %q: %w", id, err)
		}
	}
	if d.SameAs, err = s.sameAsOf(ctx, []string{id}); err != nil {
		return d, fmt.Errorf("neo4j: detail of %q: %w", id, err)
	}
	if d.Party, err = graph.PartyOf(id, func(ids []string) ([]graph.SameAs, error) { return s.sameAsOf(ctx, ids) }); err != nil {
		return d, fmt.Errorf("neo4j: detail of %q: %w", id, err)
	}
	if err := s.names(ctx, &d); err != nil {
		return d, err
	}
	return d, nil
}

// sameAsOf returns every same-as link with an end in ids, ordered by
// key, each once, with its strength and evidence.
func (s *Store) sameAsOf(ctx context.Context, ids []string) ([]graph.SameAs, error) {
	out := []graph.SameAs{}
	err := s.read(ctx, `MATCH (a:Entity)-[r:SAME_AS]-(b:Entity) WHERE a.id IN $ids
		  WITH DISTINCT r, startNode(r) AS a, endNode(r) AS b
		  RETURN `+sameAsCols+` ORDER BY r.key`, map[string]any{"ids": ids}, func(r *neo4j.Record) error {
		return add(&out, r.Values, sameAsOf)
	})
	return out, err
}

// names fills d.Names with the names of every other entity in d.
func (s *Store) names(ctx context.Context, d *graph.EntityDetail) error {
	seen := map[string]bool{}
	add := func(ids ...string) {
		for _, id := range ids {
			if id != "" && id != d.Entity.ID {
				seen[id] = true
			}
		}
	}
	for _, h := range append(append([]graph.Holding{}, d.HoldingsIn...), d.HoldingsOut...) {
		add(h.Owner, h.Owned)
	}
	for _, c := range append(append([]graph.Control{}, d.ControlsIn...), d.ControlsOut...) {
		add(c.Controller, c.Controlled)
	}
	for _, l := range append(append([]graph.Link{}, d.LinksOut...), d.LinksIn...) {
		add(l.From, l.To)
	}
	for _, sa := range d.SameAs {
		add(sa.A, sa.B)
	}
	add(d.Party...)
	ids := make([]string, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return s.read(ctx, `MATCH (x:Entity) WHERE x.id IN $ids RETURN `+nameCols, map[string]any{"ids": ids},
		func(r *neo4j.Record) error {
			f := newFields(nameNames, r.Values)
			id, name := f.str(0), f.str(1)
			d.Names[id] = name
			return f.check(func() string { return fmt.Sprintf("entity %q", id) })
		})
}

const nameCols = `x.id, x.name`

var nameNames = colNames(nameCols)

// versionCols are the columns of an entity's earlier version: content is
// required; valid_from (an entity first written outside a list load has
// no version start), valid_to, source and record optional.
const versionCols = `v.content, v.valid_from, v.valid_to, v.source, v.record`

var versionNames = colNames(versionCols)

// versionOf decodes versionCols of entity id.
func versionOf(id string, v []any) (graph.EntityVersion, error) {
	f := newFields(versionNames, v)
	ver := graph.EntityVersion{Entity: graph.Entity{ID: id, Provenance: f.prov(3, 4)},
		ValidFrom: graph.Date(f.opt(1)), ValidTo: graph.Date(f.opt(2))}
	content := f.str(0)
	if err := f.check(func() string { return fmt.Sprintf("earlier version of entity %q until %s", id, ver.ValidTo) }); err != nil {
		return ver, err
	}
	return ver, decodeContent(content, &ver.Entity)
}

// add decodes v with of and appends the result to xs.
func add[T any](xs *[]T, v []any, of func([]any) (T, error)) error {
	x, err := of(v)
	if err != nil {
		return err
	}
	*xs = append(*xs, x)
	return nil
}
