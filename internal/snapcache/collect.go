package snapcache

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"unsafe"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/idtable"
)

// Collector is the graph.SnapshotSink that a store streams its whole
// snapshot into (StreamSnapshot with an empty date: every record of every
// date) to make a cache: the content of a file, in memory, as columns.
type Collector struct {
	rels relations

	ids      []string // entities (ascending), then the ends without a record
	names    []string // the entities' names
	entities int
	index    idtable.Table
	arena    idtable.Arena

	h    holdings
	recs []byte // the holdings' records, each its length (uvarint) and its bytes
	arrs idtable.Strings
	srcs idtable.Strings
	spns idtable.Spans

	relsSeen bool

	lastOwnedID []byte // the owned ID of the last holding, and its index
	lastOwned   int32
	hasLast     bool
}

// Grow makes room for about the given numbers of entities and holdings.
func (c *Collector) Grow(entities, holdings int) {
	if len(c.ids) == 0 && 2*entities > c.index.Slots() {
		c.index.Alloc(entities)
	}
	c.ids, c.names = slices.Grow(c.ids, entities), slices.Grow(c.names, entities)
	h := &c.h
	h.owner, h.owned = slices.Grow(h.owner, holdings), slices.Grow(h.owned, holdings)
	h.shareLo, h.shareHi = slices.Grow(h.shareLo, holdings), slices.Grow(h.shareHi, holdings)
	h.votesLo, h.votesHi = slices.Grow(h.votesLo, holdings), slices.Grow(h.votesHi, holdings)
	h.open = slices.Grow(h.open, holdings)
	h.arr, h.src, h.span = slices.Grow(h.arr, holdings), slices.Grow(h.src, holdings), slices.Grow(h.span, holdings)
}

// relations is the relations section.
type relations struct {
	Designations []graph.Designation
	Controls     []graph.Control
	SameAs       []graph.SameAs
}

// holdings are the holdings section's columns.
type holdings struct {
	owner, owned                       []int32
	shareLo, shareHi, votesLo, votesHi []int64
	open                               []uint8
	arr, src, span                     []int32
}

func (h *holdings) len() int { return len(h.owner) }

// Openness bits of the holdings' open column.
const (
	shareLoOpen = 1 << iota
	shareHiOpen
	votesLoOpen
	votesHiOpen
)

// NewCollector returns an empty Collector.
func NewCollector() *Collector {
	return &Collector{index: idtable.New(0), arrs: idtable.NewStrings(), srcs: idtable.NewStrings(), spns: idtable.NewSpans()}
}

// Relations implements graph.SnapshotSink.
func (c *Collector) Relations(des []graph.Designation, ctl []graph.Control, same []graph.SameAs) error {
	if c.relsSeen || len(c.ids) > 0 {
		return fmt.Errorf("snapcache: collect: relations given twice or after entities")
	}
	c.relsSeen = true
	c.rels = relations{Designations: des, Controls: ctl, SameAs: same}
	return nil
}

// Entity implements graph.SnapshotSink: entities come in ascending byte
// order of ID, each once.
func (c *Collector) Entity(row graph.EntityRow) error {
	if !c.relsSeen || c.h.len() > 0 {
		return fmt.Errorf("snapcache: collect: entity %q out of order", row.ID)
	}
	if n := len(c.ids); n > 0 && bytes.Compare([]byte(c.ids[n-1]), row.ID) >= 0 {
		return fmt.Errorf("snapcache: collect: entity %q after %q: not in ascending order", row.ID, c.ids[n-1])
	}
	c.ids = append(c.ids, c.arena.Str(row.ID))
	c.names = append(c.names, c.arena.Str(row.Name))
	c.index.Insert(c.ids, int32(len(c.ids)-1))
	c.entities++
	return nil
}

// Holding implements graph.SnapshotSink.
func (c *Collector) Holding(row *graph.HoldingRow) error {
	if !c.relsSeen {
		return fmt.Errorf("snapcache: collect: holding before relations")
	}
	h := &c.h
	h.owner = append(h.owner, c.node(row.Owner))
	// Holdings usually come grouped by owned entity: reuse the last lookup.
	if !c.hasLast || !bytes.Equal(row.Owned, c.lastOwnedID) {
		c.lastOwned, c.hasLast = c.node(row.Owned), true
		c.lastOwnedID = append(c.lastOwnedID[:0], row.Owned...)
	}
	h.owned = append(h.owned, c.lastOwned)
	h.shareLo, h.shareHi = append(h.shareLo, int64(row.Share.Lo)), append(h.shareHi, int64(row.Share.Hi))
	h.votesLo, h.votesHi = append(h.votesLo, int64(row.Votes.Lo)), append(h.votesHi, int64(row.Votes.Hi))
	h.open = append(h.open, openBits(row.Share, row.Votes))
	h.arr = append(h.arr, c.arrs.IDBytes(row.Arrangement))
	h.src = append(h.src, c.srcs.IDBytes(row.Source))
	h.span = append(h.span, c.spns.ID(row.Start, row.End))
	c.recs = binary.AppendUvarint(c.recs, uint64(len(row.Record)))
	c.recs = append(c.recs, row.Record...)
	return nil
}

// KeepsRecords implements graph.RecordKeeper: the file keeps every
// holding's record (the records section), for the analyses that explain
// (queries.Analyze).
func (c *Collector) KeepsRecords() bool { return true }

// node returns the index of id, adding it as an end without a record.
func (c *Collector) node(id []byte) int32 {
	if v := c.index.Find(c.ids, unsafe.String(unsafe.SliceData(id), len(id))); v >= 0 { // not kept
		return v
	}
	c.ids = append(c.ids, c.arena.Str(id))
	v := int32(len(c.ids) - 1)
	c.index.Insert(c.ids, v)
	return v
}

func openBits(share, votes graph.Range) uint8 {
	var o uint8
	for _, b := range []struct {
		set bool
		bit uint8
	}{{share.LoOpen, shareLoOpen}, {share.HiOpen, shareHiOpen}, {votes.LoOpen, votesLoOpen}, {votes.HiOpen, votesHiOpen}} {
		if b.set {
			o |= b.bit
		}
	}
	return o
}
