package exposure

import (
	"errors"
	"fmt"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/idtable"
)

// The Builder is a graph.ColumnSink: a snapshot cache hands it nodes and
// holdings as columns (internal/snapcache). It builds what the rows would
// (Entity, Holding): the same nodes in the same order, the same columns,
// the same interned arrangements, sources and spans; a node's ID and name
// are kept as given, pointing into the cache's strings.
var _ graph.ColumnSink = (*Builder)(nil)

// colState is what Holdings needs between chunks: how Nodes' indexes map
// to nodes, and the chunk tables' strings to the builder's interned ones.
type colState struct {
	ids      []string // Nodes' ids (the builder's own up to entities)
	entities int
	// moved marks the entity indexes whose node is not their own: members
	// of a same-as cluster, counted as their representative's.
	moved map[int32]bool
	// node holds the node of an index once resolved through node (moved
	// entities and ends without a record), -1 before.
	node []int32
}

// Nodes implements graph.ColumnSink.
func (b *Builder) Nodes(ids, names []string, entities, holdings int) error {
	if b.err != nil {
		return b.err
	}
	if !b.relsSeen || len(b.ids) > 0 || b.h.len() > 0 || b.cols != nil {
		return errOrder
	}
	if entities < 0 || entities > len(ids) || len(names) != len(ids) {
		return fmt.Errorf("exposure: builder: %d nodes, %d names, %d entities", len(ids), len(names), entities)
	}
	if b.keep {
		return errors.New("exposure: builder: records are kept from rows only")
	}
	for i := 1; i < entities; i++ {
		if ids[i-1] >= ids[i] {
			return fmt.Errorf("exposure: builder: entity %q after %q: not in ascending order, or given twice", ids[i], ids[i-1])
		}
	}
	// The entities become the first nodes as they are (the slices are
	// kept, capped so that nodes added later never write into the
	// caller's); their IDs are hashed a block at a time and the block's
	// slots read before the inserts, so that the cache misses overlap.
	b.Grow(0, max(holdings, 0))
	b.ids, b.names = ids[:entities:entities], names[:entities:entities]
	b.index.Alloc(entities)
	var hs [idtable.FindLen]uint64
	for lo := 0; lo < entities; lo += idtable.FindLen {
		hi := min(lo+idtable.FindLen, entities)
		for j := lo; j < hi; j++ {
			hs[j-lo] = b.index.Hash(ids[j])
		}
		b.sink ^= b.index.Prefetch(hs[:hi-lo])
		for j := lo; j < hi; j++ {
			b.index.InsertHash(b.ids, int32(j), hs[j-lo])
		}
	}
	st := &colState{ids: ids, entities: entities, node: make([]int32, len(ids)-entities)}
	for i := range st.node {
		st.node[i] = -1
	}
	for id := range b.canon {
		if v := b.index.Find(b.ids, id); v >= 0 {
			if st.moved == nil {
				st.moved = map[int32]bool{}
			}
			st.moved[v] = true
		}
	}
	b.cols = st
	return nil
}

// Holdings implements graph.ColumnSink.
func (b *Builder) Holdings(c *graph.HoldingColumns) error {
	if b.err != nil {
		return b.err
	}
	st := b.cols
	if st == nil {
		return errors.New("exposure: builder: Holdings before Nodes")
	}
	n := c.Len()
	if len(c.Owned) != n || len(c.Share) != n || len(c.Votes) != n || len(c.Arrangement) != n || len(c.Source) != n || len(c.Span) != n {
		return errors.New("exposure: builder: holding columns of different lengths")
	}
	// Each chunk brings its own tables: intern their strings on first use,
	// in the order the rows would.
	arr, src, span := tableMap(len(c.Arrangements)), tableMap(len(c.Sources)), tableMap(len(c.Spans))
	b.Grow(0, n) // nothing when Nodes' hint was right
	for k := range n {
		owner, err := b.colNode(st, c.Owner[k])
		if err != nil {
			return err
		}
		owned, err := b.colNode(st, c.Owned[k])
		if err != nil {
			return err
		}
		a, s, sp := int32(-1), int32(-1), int32(-1)
		if i := c.Arrangement[k]; i >= 0 {
			if a, err = arr.get(i, func() int32 { return b.arrs.ID(c.Arrangements[i]) }); err != nil {
				return err
			}
		}
		if i := c.Source[k]; i >= 0 {
			if s, err = src.get(i, func() int32 { return b.sources.ID(c.Sources[i]) }); err != nil {
				return err
			}
		}
		if i := c.Span[k]; i >= 0 {
			if sp, err = span.get(i, func() int32 {
				return b.spans.ID([]byte(c.Spans[i].Start), []byte(c.Spans[i].End))
			}); err != nil {
				return err
			}
		}
		b.addHolding(owner, owned, c.Share[k], c.Votes[k], a, s, noRecord, sp)
	}
	return nil
}

// colNode returns the node of Nodes' index i, adding it (as a Holding row
// would) when it is an end without a record used for the first time.
func (b *Builder) colNode(st *colState, i int32) (int32, error) {
	switch {
	case i < 0 || int(i) >= len(st.ids):
		return 0, fmt.Errorf("exposure: builder: holding end %d of %d nodes", i, len(st.ids))
	case int(i) < st.entities:
		if !st.moved[i] {
			return i, nil
		}
		return b.node(st.ids[i]), nil // its representative's
	}
	j := int(i) - st.entities
	if st.node[j] < 0 {
		st.node[j] = b.node(st.ids[i])
	}
	return st.node[j], nil
}

// tableIndex maps a chunk table's entries to interned ids, on first use.
type tableIndex []int32

func tableMap(n int) tableIndex {
	t := make(tableIndex, n)
	for i := range t {
		t[i] = -2 // not yet interned
	}
	return t
}

func (t tableIndex) get(i int32, intern func() int32) (int32, error) {
	if int(i) >= len(t) {
		return 0, fmt.Errorf("exposure: builder: table entry %d of %d", i, len(t))
	}
	if t[i] == -2 {
		t[i] = intern()
	}
	return t[i], nil
}
