package cli

import (
	"context"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/neo4j"
)

func openNeo4j(ctx context.Context, cfg Config) (graph.Store, error) {
	st, err := neo4j.Open(ctx, neo4j.Config{URI: cfg.Neo4jURI, User: cfg.Neo4jUser, Password: cfg.Neo4jPassword,
		Database: cfg.Neo4jDatabase, BatchSize: cfg.BatchSize})
	if err != nil {
		return nil, err
	}
	return st, nil
}
