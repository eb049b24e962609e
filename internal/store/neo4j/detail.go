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
		each func([]any)
	}{
		{`MATCH (e:Entity {id: $id})-[:PREVIOUS_VERSION]->(v:EntityVersion)
		  RETURN v.content, v.valid_from, v.valid_to, v.source, v.record ORDER BY v.valid_to, v.valid_from`,
			func(v []any) {
				ver := graph.EntityVersion{Entity: graph.Entity{ID: id, Provenance: prov(v[3], v[4])},
					ValidFrom: graph.Date(str(v[1])), ValidTo: graph.Date(str(v[2]))}
				decodeContent(str(v[0]), &ver.Entity)
				d.Versions = append(d.Versions, ver)
			}},
		{`MATCH (a:Entity {id: $id})-[r:DESIGNATED]->(:Regime)
		  RETURN a.id, r.regime, r.program, r.listed, r.delisted, r.source, r.record ORDER BY r.key`,
			func(v []any) { d.Designations = append(d.Designations, designationOf(v)) }},
		{`MATCH (a:Entity)-[r:OWNS]->(b:Entity {id: $id}) RETURN ` + holdingCols + ` ORDER BY r.key`,
			func(v []any) { d.HoldingsIn = append(d.HoldingsIn, holdingOf(v)) }},
		{`MATCH (a:Entity {id: $id})-[r:OWNS]->(b:Entity) RETURN ` + holdingCols + ` ORDER BY r.key`,
			func(v []any) { d.HoldingsOut = append(d.HoldingsOut, holdingOf(v)) }},
		{`MATCH (a:Entity)-[r:CONTROLS]->(b:Entity {id: $id}) RETURN ` + controlCols + ` ORDER BY r.key`,
			func(v []any) { d.ControlsIn = append(d.ControlsIn, controlOf(v)) }},
		{`MATCH (a:Entity {id: $id})-[r:CONTROLS]->(b:Entity) RETURN ` + controlCols + ` ORDER BY r.key`,
			func(v []any) { d.ControlsOut = append(d.ControlsOut, controlOf(v)) }},
		{`MATCH (a:Entity {id: $id})-[r:LINKED]->(b) RETURN ` + linkCols + ` ORDER BY r.key`,
			func(v []any) { d.LinksOut = append(d.LinksOut, linkOf(v)) }},
		{`MATCH (a:Entity)-[r:LINKED]->(b:Entity {id: $id}) RETURN ` + linkCols + ` ORDER BY r.key`,
			func(v []any) { d.LinksIn = append(d.LinksIn, linkOf(v)) }},
	}
	for _, st := range steps {
		if err := s.read(ctx, st.q, p, func(r *neo4j.Record) error { st.each(r.Values); return nil }); err != nil {
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
		x, err := sameAsOf(r.Values)
		out = append(out, x)
		return err
	})
	return out, err
}

const (
	holdingCols = `a.id, b.id, r.share_min, r.share_max, r.votes_min, r.votes_max, r.arrangement, r.start, r.end, r.source, r.record, ` +
		`r.share_open, r.votes_open`
	controlCols = `a.id, b.id, r.basis, r.start, r.end, r.source, r.record`
	linkCols    = `a.id, CASE WHEN b:Entity THEN b.id ELSE null END, r.to_name, r.type, r.start, r.end, r.source, r.record`
)

// linkOf decodes from, to, to_name, type, start, end, source, record.
func linkOf(v []any) graph.Link {
	return graph.Link{From: str(v[0]), To: str(v[1]), ToName: str(v[2]), Type: graph.LinkType(str(v[3])),
		Span: graph.Span{Start: graph.Date(str(v[4])), End: graph.Date(str(v[5]))}, Provenance: prov(v[6], v[7])}
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
	return s.read(ctx, `MATCH (x:Entity) WHERE x.id IN $ids RETURN x.id, x.name`, map[string]any{"ids": ids},
		func(r *neo4j.Record) error { d.Names[str(r.Values[0])] = str(r.Values[1]); return nil })
}
