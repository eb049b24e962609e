package neo4j

import (
	"context"
	"time"
)

// OpenPerRow opens a store whose loads write one row per statement and
// transaction (the generic upserts of cypher.go, writePerRow) instead of
// UNWIND batches: the baseline of BenchmarkLoadHoldings and the reference
// graph of TestBatchedWriterStoresLikeUpserts. It is defined in a test
// file, so that no production code can open such a store.
func OpenPerRow(ctx context.Context, cfg Config) (*Store, error) {
	s, err := Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s.perRow = true
	return s, nil
}

// SetMinParallelRows lets the external tests run the writer's several
// sessions on small fixtures; the returned function restores the bound.
func SetMinParallelRows(n int) (restore func()) {
	old := minParallelRows
	minParallelRows = n
	return func() { minParallelRows = old }
}

// SwapCachedNodes swaps the cached node ids of two entities in a load of
// the batched writer, and gives a third one a node id that does not exist,
// so that tests can check what a stale cache does.
func SwapCachedNodes(gl any, a, b, c string) {
	l := gl.(*load)
	l.nodes.mu.Lock()
	defer l.nodes.mu.Unlock()
	l.nodes.ids[a], l.nodes.ids[b] = l.nodes.ids[b], l.nodes.ids[a]
	l.nodes.ids[c] = 1 << 40
}

// SetAfterResolve replaces the hook that sees the node ids the writer
// found for the ends of a batch of relationships; the returned function
// restores it.
func SetAfterResolve(f func(ids map[string]int64)) (restore func()) {
	old := afterResolve
	afterResolve = f
	return func() { afterResolve = old }
}

// SetLoadOwner gives the :Load id the owner token owner (none when "")
// and a heartbeat age old, as another process (or an older ownex) would
// have left it.
func SetLoadOwner(ctx context.Context, s *Store, id int64, owner string, age time.Duration) error {
	return s.write(ctx, `MATCH (l:Load {id: $id}) SET l.owner = $owner, l.heartbeat = timestamp() - $age`,
		map[string]any{"id": id, "owner": nullable(owner), "age": age.Milliseconds()})
}
