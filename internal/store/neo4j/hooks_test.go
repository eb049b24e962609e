package neo4j

import (
	"context"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
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

// SetStreamRangeRows sets the number of entities per range of
// StreamSnapshot, so that tests cut a small graph into many ranges; the
// returned function restores it.
func SetStreamRangeRows(n int) (restore func()) {
	old := streamRangeRows
	streamRangeRows = n
	return func() { streamRangeRows = old }
}

// StreamStatements returns the statements and parameters of
// StreamSnapshot's parts on the store as it is.
func StreamStatements(ctx context.Context, s *Store, asOf string) (qs []string, params []map[string]any, err error) {
	bounds, err := s.streamBounds(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range snapshotParts(bounds, map[string]any{"asOf": nullable(asOf)}, false) {
		qs, params = append(qs, p.q), append(params, p.params)
	}
	return qs, params, nil
}

// ExplainOperators returns the operators of the plan of q (EXPLAIN: the
// statement is not run), from the root down, depth first.
func ExplainOperators(ctx context.Context, s *Store, q string, params map[string]any) ([]string, error) {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead, DatabaseName: s.cfg.Database})
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, "EXPLAIN "+q, params)
	if err != nil {
		return nil, err
	}
	sum, err := res.Consume(ctx)
	if err != nil {
		return nil, err
	}
	var ops []string
	var walk func(p neo4j.Plan)
	walk = func(p neo4j.Plan) {
		ops = append(ops, p.Operator())
		for _, c := range p.Children() {
			walk(c)
		}
	}
	if p := sum.Plan(); p != nil {
		walk(p)
	}
	return ops, nil
}

// SetStreamReaders sets the number of parts StreamSnapshot reads at once;
// the returned function restores it.
func SetStreamReaders(n int) (restore func()) {
	old := streamReaders
	streamReaders = n
	return func() { streamReaders = old }
}

// ReadForTest is the store's read (store.go), for the external tests.
func (s *Store) ReadForTest(ctx context.Context, cypher string, params map[string]any, each func(*neo4j.Record) error) error {
	return s.read(ctx, cypher, params, each)
}

// SetConeBatch sets the number of IDs per statement of StreamCone, so
// that tests walk and read a small cone in many batches; the returned
// function restores it.
func SetConeBatch(n int) (restore func()) {
	old := coneBatch
	coneBatch = n
	return func() { coneBatch = old }
}
