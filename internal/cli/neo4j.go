package cli

import (
	"context"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/neo4j"
)

func openNeo4j(ctx context.Context, cfg Config) (graph.Store, error) {
	st, err := neo4j.Open(ctx, neo4j.Config{URI: cfg.Neo4jURI, User: cfg.Neo4jUser, Password: cfg.Neo4jPassword,
		Database: cfg.Neo4jDatabase, BatchSize: neo4jTxSize(cfg.BatchSize)})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// neo4jTxSize returns the rows per Neo4j transaction for --batch-size n
// (0: not set). --batch-size counts the records of a write batch, not the
// rows of a transaction: the store splits a larger batch into
// transactions of its default size, because larger transactions cost the
// server more CPU per row (docs/BENCHMARKS.md, "Neo4j writes"). A smaller
// n keeps the transactions as small as the batches (and the write-back
// batches of analyze).
func neo4jTxSize(n int) int {
	if n > 0 && n < neo4j.DefaultBatchSize {
		return n
	}
	return neo4j.DefaultBatchSize
}
