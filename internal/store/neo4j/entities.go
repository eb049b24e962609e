package neo4j

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/graph"
)

// Entities streams every entity ordered by ID with everything its record
// says (decoded from the stored content) and its identifiers.
func (s *Store) Entities(ctx context.Context, each func(graph.Entity) error) error {
	err := s.read(ctx, `MATCH (e:Entity)
		OPTIONAL MATCH (e)-[:HAS_IDENTIFIER]->(i:Identifier)
		WITH e, i ORDER BY i.key
		WITH e, `+identifiersCol+` AS ids
		RETURN `+entityReadCols+`, e.content, ids ORDER BY e.id`,
		nil, func(r *neo4j.Record) error {
			e, err := fullEntityOf(r.Values)
			if err != nil {
				return err
			}
			return each(e)
		})
	if err != nil {
		return fmt.Errorf("neo4j: entities: %w", err)
	}
	return nil
}

// identifiersCol collects the identifiers i of an entity e as
// [scheme, value, country] (identifierOf).
const identifiersCol = `collect(CASE WHEN i IS NULL THEN null ELSE [i.scheme, i.value, coalesce(i.country, '')] END)`

var contentNames = []string{"e.content", "identifiers"}

// fullEntityOf decodes entityReadCols, e.content (optional: a stub has
// none) and identifiersCol: everything the entity's record says.
func fullEntityOf(v []any) (graph.Entity, error) {
	n := len(entityNames)
	if len(v) != n+2 {
		return graph.Entity{}, fmt.Errorf("entity: the statement returned %d columns, not %d", len(v), n+2)
	}
	e, err := entityOf(v[:n])
	if err != nil {
		return e, err
	}
	f := newFields(contentNames, v[n:])
	content := f.opt(0)
	ids, _ := f.value(1, true)
	if err := f.check(func() string { return fmt.Sprintf("entity %q", e.ID) }); err != nil {
		return e, err
	}
	if content != "" {
		if err := decodeContent(content, &e); err != nil {
			return e, err
		}
	}
	list, ok := ids.([]any)
	if !ok {
		return e, fmt.Errorf("stored entity %q: identifiers are %s, not a list", e.ID, typeName(ids))
	}
	e.Identifiers = nil
	for _, x := range list {
		id, err := identifierOf(e.ID, x)
		if err != nil {
			return e, err
		}
		e.Identifiers = append(e.Identifiers, id)
	}
	return e, nil
}
