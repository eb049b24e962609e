package neo4j

import "context"

// WriteCount runs one write statement in a managed transaction and
// returns the integer in its single row: the OFAC Cypher baseline
// (baseline_cypher_test.go) drives its fixpoint with it.
func WriteCount(ctx context.Context, s *Store, cypher string, params map[string]any) (int64, error) {
	return s.writeCount(ctx, cypher, params)
}
