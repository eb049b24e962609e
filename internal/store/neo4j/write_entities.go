package neo4j

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/graph"
)

// Entities in the batched writer (write.go).

// writeEntities writes entities: with several sessions, each writes the
// entities of its share of the IDs, so that the rows of one ID stay in
// one session and in order.
func (l *load) writeEntities(ctx context.Context, es []graph.Entity) error {
	if len(es) == 0 {
		return nil
	}
	rows := make([][]any, len(es))
	// An identifier created by this Write gets the scheme, value and
	// country of its first occurrence, whichever statement creates it,
	// as when the rows are written one by one.
	first := map[string][]any{}
	for i, e := range es {
		kind := e.Kind
		if kind == "" {
			kind = graph.KindUnknown
		}
		ids := []any{}
		for j, id := range e.Identifiers {
			k := id.String()
			if slices.ContainsFunc(e.Identifiers[:j], func(o graph.Identifier) bool { return o.String() == k }) {
				continue
			}
			c, ok := first[k]
			if !ok {
				c = []any{k, id.Scheme, id.Value, nullable(id.Country)}
				first[k] = c
			}
			ids = append(ids, c)
		}
		aliasesText := ""
		if len(e.Aliases)+len(e.WeakAliases) > 0 {
			aliasesText = strings.Join(append(append([]string{}, e.Aliases...), e.WeakAliases...), "; ")
		}
		rows[i] = []any{e.ID, e.Name, string(kind), nonNil(e.Aliases), aliasesText,
			nonNil(e.WeakAliases), nonNil(e.Countries), e.Content(), nullable(e.Source), nullable(e.Record), ids, nil}
	}
	all, err := l.allNodesCached(ctx)
	if err != nil {
		return err
	}
	n := l.writers(len(es))
	parts := make([][]int, n)
	for i, e := range es {
		p := 0
		if n > 1 {
			p = l.part(e.ID, n)
		}
		parts[p] = append(parts[p], i)
	}
	return l.sessions(ctx, n, func(ctx context.Context, w int, sess neo4j.SessionWithContext) error {
		return l.writeBatches(ctx, sess, parts[w], all,
			func(tx runner, batch []int, lookUp, _ bool, found map[string]int64) error {
				return l.entityBatch(ctx, tx, es, rows, batch, lookUp, found)
			}, nil)
	})
}

// entityBatch writes the rows of es at the positions batch in tx and adds
// the node ids of their entities to found. lookUp: entities that the
// cache does not hold may exist.
func (l *load) entityBatch(ctx context.Context, tx runner, es []graph.Entity, rows [][]any, batch []int, lookUp bool, found map[string]int64) error {
	node := func(id string) (int64, bool) {
		if n, ok := found[id]; ok {
			return n, true
		}
		return l.nodes.get(id)
	}
	seen := map[string]bool{}
	if lookUp {
		var unknown []string
		for _, i := range batch {
			if id := es[i].ID; !seen[id] {
				seen[id] = true
				if _, ok := l.nodes.get(id); !ok {
					unknown = append(unknown, id)
				}
			}
		}
		if len(unknown) > 0 {
			err := l.run(ctx, tx, cypherLookupNodes, map[string]any{"ids": unknown}, foundInto(found))
			if err != nil {
				return err
			}
		}
	}
	// The first row of a new entity creates it; every other row updates.
	clear(seen)
	creates := make([][2][][]any, len(entityStmt.create))
	var updates [][]any
	for _, i := range batch {
		id := es[i].ID
		if n, ok := node(id); ok {
			rows[i][eNode] = n
			updates = append(updates, rows[i])
			continue
		}
		if seen[id] {
			rows[i][eNode] = nil // created by this batch: its node id comes with the creation
			updates = append(updates, rows[i])
			continue
		}
		seen[id] = true
		shape := 0
		if len(rows[i][eIdentifiers].([]any)) > 0 {
			shape = 1
		}
		g := kindGroup(rows[i][eKind].(string))
		creates[g][shape] = append(creates[g][shape], rows[i])
	}
	set := foundInto(found)
	for g := range creates {
		for shape, rs := range creates[g] {
			if err := l.entityRows(ctx, tx, entityStmt.create[g][shape], rs, set); err != nil {
				return err
			}
		}
	}
	// An entity updated by several rows is updated by one row per round,
	// in their order, as if the rows were written one by one.
	round := map[string]int{}
	var rounds [][][][]any // round, kind group, rows
	for _, r := range updates {
		id := r[eID].(string)
		if r[eNode] == nil {
			n, ok := found[id]
			if !ok {
				return fmt.Errorf("neo4j: entity %q: no node id after its creation in this batch", id)
			}
			r[eNode] = n
		}
		k := round[id]
		round[id] = k + 1
		if k == len(rounds) {
			rounds = append(rounds, make([][][]any, len(entityStmt.update)))
		}
		g := kindGroup(r[eKind].(string))
		rounds[k][g] = append(rounds[k][g], r)
	}
	for _, byKind := range rounds {
		for g, rs := range byKind {
			if err := l.entityRows(ctx, tx, entityStmt.update[g], rs, func([]any) error { return nil }); err != nil {
				return err
			}
		}
	}
	return nil
}

// entityRows runs an entity statement with rows and checks that it
// returned one record per row.
func (l *load) entityRows(ctx context.Context, tx runner, q string, rows [][]any, each func([]any) error) error {
	if len(rows) == 0 {
		return nil
	}
	n := 0
	err := l.run(ctx, tx, q, map[string]any{"rows": rows}, func(v []any) error { n++; return each(v) })
	if err == nil && n != len(rows) {
		return fmt.Errorf("%w: %d of %d entities written", errStale, n, len(rows))
	}
	return err
}
