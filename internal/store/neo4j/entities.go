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
		WITH e, collect(CASE WHEN i IS NULL THEN null ELSE [i.scheme, i.value, coalesce(i.country, '')] END) AS ids
		RETURN e.id, e.name, e.kind, e.countries, e.source, e.record, e.aliases, e.content, ids ORDER BY e.id`,
		nil, func(r *neo4j.Record) error {
			e := entityOf(r.Values[:6])
			e.Aliases = strs(r.Values[6])
			if content := str(r.Values[7]); content != "" {
				decodeContent(content, &e)
			}
			e.Identifiers = nil
			for _, v := range r.Values[8].([]any) {
				p := strs(v)
				e.Identifiers = append(e.Identifiers, graph.Identifier{Scheme: p[0], Value: p[1], Country: p[2]})
			}
			return each(e)
		})
	if err != nil {
		return fmt.Errorf("neo4j: entities: %w", err)
	}
	return nil
}
