package neo4j

import (
	"context"
	"fmt"
	"sort"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/graph"
)

// Downstream walks from ids to what they own and control, level by level
// (one query per level, each node visited once), up to depth levels (0:
// unlimited), then reads the closure like Upstream.
func (s *Store) Downstream(ctx context.Context, ids []string, depth int, asOf graph.Date) (*graph.Snapshot, error) {
	q := `UNWIND $ids AS id MATCH (:Entity {id: id})-[r:OWNS|CONTROLS]->(d:Entity) WHERE ` + asOfFilter + ` RETURN DISTINCT d.id`
	return s.walk(ctx, "downstream", q, ids, depth, asOf)
}

// DownstreamIDs returns the ids of the downstream closure of ids, ids
// included (the entities of Downstream with depth 0).
func (s *Store) DownstreamIDs(ctx context.Context, ids []string, asOf graph.Date) ([]string, error) {
	down, err := s.Downstream(ctx, ids, 0, asOf)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, e := range down.Entities {
		if !seen[e.ID] {
			seen[e.ID] = true
			out = append(out, e.ID)
		}
	}
	sort.Strings(out)
	return out, nil
}

// UpstreamDepth is Upstream limited to depth levels of owners and
// controllers (0: unlimited), for `ownex owners --depth`.
func (s *Store) UpstreamDepth(ctx context.Context, ids []string, depth int, asOf graph.Date) (*graph.Snapshot, error) {
	q := `UNWIND $ids AS id MATCH (:Entity {id: id})<-[r:OWNS|CONTROLS]-(u:Entity) WHERE ` + asOfFilter + ` RETURN DISTINCT u.id`
	return s.walk(ctx, "upstream", q, ids, depth, asOf)
}

// walk runs the one-level query q from a frontier until it is empty or
// depth levels were read, and returns the snapshot of the closure.
func (s *Store) walk(ctx context.Context, what, q string, ids []string, depth int, asOf graph.Date) (*graph.Snapshot, error) {
	if depth < 0 {
		return nil, fmt.Errorf("neo4j: %s: negative depth %d", what, depth)
	}
	seen := map[string]bool{}
	var frontier []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			frontier = append(frontier, id)
		}
	}
	for level := 0; len(frontier) > 0 && (depth == 0 || level < depth); level++ {
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
			return nil, fmt.Errorf("neo4j: %s of %v: %w", what, ids, err)
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
