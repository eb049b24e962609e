package neo4j

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
