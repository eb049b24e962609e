package exposure

import (
	"bytes"
	"errors"
	"slices"
	"unsafe"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/idtable"
)

// Builder collects a snapshot row by row for Analyze without a Go object
// per entity or holding: it is the graph.SnapshotSink that stores stream
// into (graph.SnapshotStreamer), and Analyze feeds a *graph.Snapshot
// through it too, so that both paths build the same compact graph.
//
// Entity IDs and names are copied into large shared byte chunks; holdings
// become columns of node indexes and share ranges. Designations, control
// edges and same-as links, few in every real graph, are kept whole.
// Proofs of a streamed analysis name each holding by its ends, share,
// votes and arrangement, without its provenance (its source only when
// same-as clusters make it matter), unless KeepRecords was called: then
// they cite each holding's whole record, as those of Analyze of a
// snapshot do (`ownex explain` streams the upstream closure so).
//
// The calls must come in the order of graph.SnapshotSink: Relations once,
// then entities, then holdings. A Builder is used once and is not safe for
// concurrent use.
type Builder struct {
	asOf  graph.Date
	small *graph.Snapshot   // designations, control edges, same-as links
	canon map[string]string // same-as member → representative (strong links)
	// possible are the possible links (RULES.md "Parties and links"):
	// they never merge; the third run (possible.go) merges them.
	possible []graph.SameAs

	chunks idtable.Arena
	ids    []string // nodes in insertion order
	names  []string
	index  idtable.Table // ID -> node

	h        holdingCols
	sources  idtable.Strings
	arrs     idtable.Strings
	spans    idtable.Spans
	lastSrc  []byte // the source of the last streamed holding
	lastSrcI int32
	hasSrc   bool
	relsSeen bool
	err      error

	// records are the fed snapshot's holdings when the columns keep no
	// share, votes or source (feedRecords); nil otherwise.
	records []graph.Holding
	// keep: the columns keep each streamed holding's source and
	// provenance (KeepRecords).
	keep bool

	sink uint64 // keeps the reads of idtable.Table.Prefetch
	open bool   // a row has an open bound (feedRecords only)

	cols *colState // set by Nodes (builder_columns.go)

	lastOwnedID []byte // the owned ID of the last streamed holding
	lastOwned   int32
	hasLast     bool
}

// holdingCols are the holdings in force, one column per field, in arrival
// order; node indexes are insertion-order positions in Builder.ids.
type holdingCols struct {
	owner, owned []int32
	share, votes []graph.Range // as given (capped later, per run)
	arr          []int32       // interned arrangement, -1 for none
	src          []int32       // interned source
	rec          []int32       // record: see noRecord
	span         []int32       // interned start and end (streamed rows; -1 for none or a record's)
	// prov is the rest of each streamed holding's record when the builder
	// keeps records (KeepRecords); nil otherwise.
	prov []provenance
}

// provenance is the part of a streamed holding's record that the other
// columns do not hold: its span and record (the source is in src).
type provenance struct {
	span   graph.Span
	record string
}

func (c *holdingCols) len() int { return len(c.owner) }

// A record reference of a holding: >= 0 is an index into the fed
// snapshot's Holdings, noRecord means a streamed holding (its proof is
// built from the columns), and -2-i is merged record i (reconcile.go).
const noRecord = -1

// NewBuilder returns an empty Builder for an analysis as of asOf; sizeHint
// (may be 0) is the expected number of entities.
func NewBuilder(asOf graph.Date, sizeHint int) *Builder {
	return &Builder{
		asOf:    asOf,
		small:   &graph.Snapshot{AsOf: asOf},
		ids:     make([]string, 0, sizeHint),
		names:   make([]string, 0, sizeHint),
		index:   idtable.New(sizeHint),
		sources: idtable.NewStrings(),
		arrs:    idtable.NewStrings(),
		spans:   idtable.NewSpans(),
	}
}

// Grow makes room for the given numbers of entities and holdings, when a
// store knows them before it streams.
func (b *Builder) Grow(entities, holdings int) {
	if len(b.ids) == 0 && 2*entities > b.index.Slots() {
		b.index.Alloc(entities) // empty: allocate it at its final size
	}
	b.ids, b.names = slices.Grow(b.ids, entities), slices.Grow(b.names, entities)
	c := &b.h
	c.owner, c.owned = slices.Grow(c.owner, holdings), slices.Grow(c.owned, holdings)
	c.share, c.votes = slices.Grow(c.share, holdings), slices.Grow(c.votes, holdings)
	c.arr, c.src, c.rec = slices.Grow(c.arr, holdings), slices.Grow(c.src, holdings), slices.Grow(c.rec, holdings)
	c.span = slices.Grow(c.span, holdings)
}

// Len returns the number of nodes and holdings collected so far.
func (b *Builder) Len() (nodes, holdings int) { return len(b.ids), b.h.len() }

// errOrder is returned when the sink methods are called out of order.
var errOrder = errors.New("exposure: builder: Relations must come once, before entities and holdings")

// Relations takes the designations, control edges and same-as links.
func (b *Builder) Relations(des []graph.Designation, ctl []graph.Control, same []graph.SameAs) error {
	if b.err != nil {
		return b.err
	}
	if b.relsSeen || len(b.ids) > 0 || b.h.len() > 0 {
		return errOrder
	}
	b.relsSeen = true
	b.small.Designations, b.small.Controls, b.small.SameAs = des, ctl, same
	b.canon = Clusters(same)
	_, b.possible = graph.PartyLinks(same)
	return nil
}

// Entity adds one entity; its bytes are copied.
func (b *Builder) Entity(row graph.EntityRow) error {
	b.addEntity(b.chunks.Str(row.ID), b.chunks.Str(row.Name))
	return nil
}

// KeepRecords makes b keep each streamed holding's whole record — the
// row's source, span and record as well as its share, votes and
// arrangement — so that proofs cite it (graph.UpstreamStreamer gives
// them, and graph.SnapshotStreamer to a sink that keeps records). It
// costs about 50 bytes a holding more: for an entity's upstream closure,
// or a whole-store analysis that explains (queries.Analyze). Call it
// before the first holding.
func (b *Builder) KeepRecords() { b.keep = true }

// KeepsRecords implements graph.RecordKeeper: whether KeepRecords was
// called.
func (b *Builder) KeepsRecords() bool { return b.keep }

// Holding adds one holding in force on the analysis date; its bytes are
// copied (IDs only when new).
func (b *Builder) Holding(row *graph.HoldingRow) error {
	owner := b.nodeBytes(row.Owner)
	// Holdings usually come grouped by owned entity (a register lists a
	// company's owners together): reuse the last lookup.
	if !b.hasLast || !bytes.Equal(row.Owned, b.lastOwnedID) {
		b.lastOwned, b.hasLast = b.nodeBytes(row.Owned), true
		b.lastOwnedID = append(b.lastOwnedID[:0], row.Owned...)
	}
	owned := b.lastOwned
	// Sources matter to the merge of the reports of one stake
	// (reconcile.go); a store streams few distinct ones, usually in runs.
	if !b.hasSrc || !bytes.Equal(row.Source, b.lastSrc) {
		b.lastSrcI, b.hasSrc = b.sources.IDBytes(row.Source), true
		b.lastSrc = append(b.lastSrc[:0], row.Source...)
	}
	if b.addHolding(owner, owned, row.Share, row.Votes, b.arrs.IDBytes(row.Arrangement), b.lastSrcI, noRecord,
		b.spans.ID(row.Start, row.End)) && b.keep {
		b.h.prov = append(b.h.prov, provenance{
			span:   graph.Span{Start: graph.Date(b.chunks.Str(row.Start)), End: graph.Date(b.chunks.Str(row.End))},
			record: b.chunks.Str(row.Record)})
	}
	return nil
}

// addEntity adds a node; a repeated ID keeps its first name.
func (b *Builder) addEntity(id, name string) { b.addEntityHash(id, name, b.index.Hash(id)) }

// addEntityHash is addEntity with the hash of id already computed.
func (b *Builder) addEntityHash(id, name string, h uint64) {
	v := int32(len(b.ids))
	b.ids = append(b.ids, id)
	if b.index.InsertHash(b.ids, v, h) != v {
		b.ids = b.ids[:v]
		return
	}
	b.names = append(b.names, name)
}

// node returns the node of id (its cluster representative's), adding an
// entity named by its ID when the snapshot has none.
func (b *Builder) node(id string) int32 {
	if r, ok := b.canon[id]; ok {
		id = r
	}
	if v := b.index.Find(b.ids, id); v >= 0 {
		return v
	}
	b.addEntity(id, id)
	return int32(len(b.ids) - 1)
}

// nodeBytes is node for an ID given as bytes; it copies them only for an
// ID not seen before.
func (b *Builder) nodeBytes(id []byte) int32 {
	if len(b.canon) > 0 {
		if r, ok := b.canon[string(id)]; ok {
			return b.node(r)
		}
	}
	if v := b.index.Find(b.ids, unsafe.String(unsafe.SliceData(id), len(id))); v >= 0 {
		return v // the unsafe string is not kept
	}
	return b.node(b.chunks.Str(id))
}

// addHolding adds a row to the columns but for a self-holding, and
// reports whether it did.
func (b *Builder) addHolding(owner, owned int32, share, votes graph.Range, arr, src, rec, span int32) bool {
	if owner == owned {
		return false // treasury shares; or two members of one cluster
	}
	c := &b.h
	c.owner, c.owned = append(c.owner, owner), append(c.owned, owned)
	c.share, c.votes = append(c.share, share), append(c.votes, votes)
	c.arr, c.src, c.rec = append(c.arr, arr), append(c.src, src), append(c.rec, rec)
	c.span = append(c.span, span)
	return true
}
