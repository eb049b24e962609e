package cli

import (
	"context"

	"github.com/ownex/ownex/graph"
)

func openNeo4j(ctx context.Context, cfg Config) (graph.Store, error) {
	return nil, Usagef("store neo4j is not available in this build yet (use --store sqlite)")
}
