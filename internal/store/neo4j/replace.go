package neo4j

import (
	"context"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/graph"
)

// cypherDeleteSameAsOf deletes every same-as link of one source.
const cypherDeleteSameAsOf = `MATCH ()-[s:SAME_AS {source: $source}]->() DELETE s`

// ReplaceSameAs implements graph.SameAsReplacer: one load in the load log,
// and the delete of source's links and the upsert of links in one
// transaction, so that readers see the old links or the new ones and a
// failure leaves the old ones.
func (s *Store) ReplaceSameAs(ctx context.Context, source string, links []graph.SameAs) error {
	if err := graph.CheckReplace(source, links); err != nil {
		return fmt.Errorf("neo4j: %w", err)
	}
	rows, err := sameAsRows(links)
	if err != nil {
		return err
	}
	gl, err := s.Begin(ctx, graph.LoadMeta{Source: source, Format: source, Started: time.Now().UTC()})
	if err != nil {
		return err
	}
	l := gl.(*load)
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	_, err = sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		for _, st := range []struct {
			cypher string
			params map[string]any
		}{
			{cypherDeleteSameAsOf, map[string]any{"source": source}},
			{cypherUpsertSameAs, l.params(map[string]any{"rows": rows})},
		} {
			res, err := tx.Run(ctx, st.cypher, st.params)
			if err != nil {
				return nil, err
			}
			if _, err := res.Consume(ctx); err != nil {
				return nil, err
			}
		}
		return nil, nil
	})
	if err != nil {
		err = fmt.Errorf("neo4j: replace same-as links of %q: %w", source, s.describe(err))
		l.Abort(context.WithoutCancel(ctx), err)
		return err
	}
	return l.Commit(ctx, graph.Counts{SameAs: len(links)}, 0)
}
