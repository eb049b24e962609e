package snapcache

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"slices"
	"unsafe"

	"github.com/ownex/ownex/graph"
)

// StreamSnapshot implements graph.SnapshotStreamer from the file: the
// records valid on asOf (all when asOf is empty), in the store's order.
// A graph.ColumnSink gets the nodes and the holdings as columns, any
// other sink rows; a sink that keeps records (graph.WantsRecords) gets
// rows with each holding's record, from the records section, read beside
// the holdings. The holdings are read from the file in chunks; their
// checksum (and the records') is checked at the end, and an error
// (ErrCorrupt) then means that the sink got damaged data: the caller
// drops what it built.
func (c *Cache) StreamSnapshot(ctx context.Context, asOf graph.Date, sink graph.SnapshotSink) error {
	if err := c.stream(ctx, &c.whole, asOf, sink); err != nil {
		return fmt.Errorf("snapcache: stream %s: %w", c.path, err)
	}
	return nil
}

// relationsOn returns p's designations active on asOf and control edges
// valid on it (all when asOf is empty), as Relations gets them.
func relationsOn(p *readPart, asOf graph.Date) ([]graph.Designation, []graph.Control) {
	var des []graph.Designation
	for _, d := range p.rels.Designations {
		if asOf == "" || d.ActiveOn(asOf) {
			des = append(des, d)
		}
	}
	var ctl []graph.Control
	for _, k := range p.rels.Controls {
		if asOf == "" || k.Covers(asOf) {
			ctl = append(ctl, k)
		}
	}
	return des, ctl
}

// stream streams part p of the file as StreamSnapshot describes; the
// whole part's holdings come with their records to a sink that keeps
// them (a cone part has none: graph.ConeStreamer may leave them out).
func (c *Cache) stream(ctx context.Context, p *readPart, asOf graph.Date, sink graph.SnapshotSink) error {
	if err := c.load(p); err != nil {
		return err
	}
	des, ctl := relationsOn(p, asOf)
	if err := sink.Relations(des, ctl, p.rels.SameAs); err != nil {
		return err
	}
	ids, names := p.strings()
	wants := graph.WantsRecords(sink)
	cs, columns := sink.(graph.ColumnSink)
	columns = columns && !wants // records come with rows only
	if err := nodesTo(sink, columns, ids, names, p.entities, p.nHold); err != nil {
		return err
	}
	valid := make([]bool, len(c.tabs.Spans))
	for i, sp := range c.tabs.Spans {
		valid[i] = asOf == "" || sp.Covers(asOf)
	}
	var recs *recordReader
	if wants && p == &c.whole {
		recs = c.records()
	}
	err := c.holdings(ctx, p, func(ch *chunk) error {
		out := &ch.out
		out.Arrangements, out.Sources, out.Spans = c.tabs.Arrangements, c.tabs.Sources, c.tabs.Spans
		if err := ch.filter(valid, p.nodes, len(c.tabs.Arrangements), len(c.tabs.Sources)); err != nil {
			return err
		}
		if columns {
			return cs.Holdings(out)
		}
		if recs != nil {
			if err := recs.next(ch); err != nil {
				return err
			}
		}
		return rows(ids, ch, recs != nil, sink)
	})
	if err == nil && recs != nil {
		err = recs.end()
	}
	return err
}

// nodesTo hands the nodes to a sink: as columns at once (Nodes) when
// columns is set, else the entities' rows (the ends come with the
// holdings).
func nodesTo(sink graph.SnapshotSink, columns bool, ids, names []string, entities, holdings int) error {
	if columns {
		return sink.(graph.ColumnSink).Nodes(ids, names, entities, holdings)
	}
	for i := range entities {
		if err := sink.Entity(graph.EntityRow{ID: bytesOf(ids[i]), Name: bytesOf(names[i])}); err != nil {
			return err
		}
	}
	return nil
}

// rows hands the holdings of a chunk valid on the date (ch.out) to a sink
// as rows, with their records when records is set (recordReader.next);
// their ends index ids.
func rows(ids []string, ch *chunk, records bool, sink graph.SnapshotSink) error {
	h := &ch.out
	var row graph.HoldingRow
	for k := range h.Len() {
		row = graph.HoldingRow{Owner: bytesOf(ids[h.Owner[k]]), Owned: bytesOf(ids[h.Owned[k]]),
			Share: h.Share[k], Votes: h.Votes[k]}
		if records {
			i := ch.kept[k]
			row.Record = ch.recBuf[ch.recOff[i]:ch.recOff[i+1]]
		}
		if i := h.Arrangement[k]; i >= 0 {
			row.Arrangement = bytesOf(h.Arrangements[i])
		}
		if i := h.Source[k]; i >= 0 {
			row.Source = bytesOf(h.Sources[i])
		}
		if i := h.Span[k]; i >= 0 {
			row.Start, row.End = bytesOf(string(h.Spans[i].Start)), bytesOf(string(h.Spans[i].End))
		}
		if err := sink.Holding(&row); err != nil {
			return err
		}
	}
	return nil
}

// bytesOf is s's bytes, not copied: sinks copy what they keep and never
// write a row's bytes (graph.SnapshotSink).
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// chunk is one chunk of the holdings section, decoded, and the holdings of
// it valid on the date.
type chunk struct {
	raw                                []byte
	owner, owned                       []int32
	shareLo, shareHi, votesLo, votesHi []int64
	open                               []uint8
	arr, src, span                     []int32
	out                                graph.HoldingColumns
	kept                               []int32 // the chunk's index of each holding of out
	// The chunk's records (recordReader.next): record i is
	// recBuf[recOff[i]:recOff[i+1]].
	recBuf []byte
	recOff []int
}

// holdings reads p's holdings section chunk by chunk and checks its
// checksum at the end.
func (c *Cache) holdings(ctx context.Context, p *readPart, each func(*chunk) error) error {
	s := p.secs[partHoldings]
	r := bufio.NewReaderSize(io.NewSectionReader(c.f, s.off, s.n), 1<<20)
	var sum uint32
	ch := &chunk{}
	for lo := 0; lo < p.nHold; lo += chunkLen {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(chunkLen, p.nHold-lo)
		if cap(ch.raw) < n*holdingBytes {
			ch.raw = make([]byte, n*holdingBytes)
		}
		ch.raw = ch.raw[:n*holdingBytes]
		if _, err := io.ReadFull(r, ch.raw); err != nil {
			return corrupt("holdings: %v", err)
		}
		sum = crc32.Update(sum, castagnoli, ch.raw)
		ch.decode(n)
		if err := each(ch); err != nil {
			return err
		}
	}
	if sum != s.sum {
		return corrupt("holdings: checksum")
	}
	return nil
}

// decode splits raw into the columns of n holdings.
func (ch *chunk) decode(n int) {
	b := ch.raw
	u32 := func(dst []int32) []int32 {
		dst = dst[:0]
		for i := range n {
			dst = append(dst, int32(binary.LittleEndian.Uint32(b[4*i:])))
		}
		b = b[4*n:]
		return dst
	}
	i64 := func(dst []int64) []int64 {
		dst = dst[:0]
		for i := range n {
			dst = append(dst, int64(binary.LittleEndian.Uint64(b[8*i:])))
		}
		b = b[8*n:]
		return dst
	}
	ch.owner, ch.owned = u32(ch.owner), u32(ch.owned)
	ch.shareLo, ch.shareHi, ch.votesLo, ch.votesHi = i64(ch.shareLo), i64(ch.shareHi), i64(ch.votesLo), i64(ch.votesHi)
	ch.open = append(ch.open[:0], b[:n]...)
	b = b[n:]
	ch.arr, ch.src, ch.span = u32(ch.arr), u32(ch.src), u32(ch.span)
}

// filter keeps in out the holdings valid on the date (valid[span]; a
// holding without a span is always valid), checking every index.
func (ch *chunk) filter(valid []bool, nodes, arrs, srcs int) error {
	o := &ch.out
	o.Owner, o.Owned, o.Share, o.Votes = o.Owner[:0], o.Owned[:0], o.Share[:0], o.Votes[:0]
	o.Arrangement, o.Source, o.Span = o.Arrangement[:0], o.Source[:0], o.Span[:0]
	ch.kept = ch.kept[:0]
	for k := range ch.owner {
		sp := ch.span[k]
		if sp < -1 || int(sp) >= len(valid) {
			return corrupt("holdings: span %d of %d", sp, len(valid))
		}
		if sp >= 0 && !valid[sp] {
			continue
		}
		ow, od, a, s := ch.owner[k], ch.owned[k], ch.arr[k], ch.src[k]
		if ow < 0 || int(ow) >= nodes || od < 0 || int(od) >= nodes || a < -1 || int(a) >= arrs || s < -1 || int(s) >= srcs {
			return corrupt("holdings: an index out of range")
		}
		bits := ch.open[k]
		o.Owner, o.Owned = append(o.Owner, ow), append(o.Owned, od)
		o.Share = append(o.Share, graph.Range{Lo: graph.Pct(ch.shareLo[k]), Hi: graph.Pct(ch.shareHi[k]),
			LoOpen: bits&shareLoOpen != 0, HiOpen: bits&shareHiOpen != 0})
		o.Votes = append(o.Votes, graph.Range{Lo: graph.Pct(ch.votesLo[k]), Hi: graph.Pct(ch.votesHi[k]),
			LoOpen: bits&votesLoOpen != 0, HiOpen: bits&votesHiOpen != 0})
		o.Arrangement, o.Source, o.Span = append(o.Arrangement, a), append(o.Source, s), append(o.Span, sp)
		ch.kept = append(ch.kept, int32(k))
	}
	return nil
}

// recordReader reads the records section beside the holdings, a chunk's
// records at a time, and checks at the end that it held exactly one
// record a holding and its checksum.
type recordReader struct {
	r    *bufio.Reader
	sum  hash.Hash32
	left int64 // the section's bytes not yet decoded
	want uint32
}

// records starts reading the records section.
func (c *Cache) records() *recordReader {
	sum := crc32.New(castagnoli)
	sr := io.TeeReader(io.NewSectionReader(c.f, c.recs.off, c.recs.n), sum)
	return &recordReader{r: bufio.NewReaderSize(sr, 1<<20), sum: sum, left: c.recs.n, want: c.recs.sum}
}

// next reads the records of ch's holdings (all of them, valid on the
// date or not) into ch.recBuf and ch.recOff.
func (rr *recordReader) next(ch *chunk) error {
	n := len(ch.owner)
	ch.recBuf, ch.recOff = ch.recBuf[:0], append(ch.recOff[:0], 0)
	for range n {
		l, err := binary.ReadUvarint(rr.r)
		if err != nil {
			return corrupt("records: %v", err)
		}
		rr.left -= int64(uvarintLen(l))
		if l > uint64(rr.left) {
			return corrupt("records: a record of %d bytes, %d left", l, rr.left)
		}
		at := len(ch.recBuf)
		ch.recBuf = slices.Grow(ch.recBuf, int(l))[:at+int(l)]
		if _, err := io.ReadFull(rr.r, ch.recBuf[at:]); err != nil {
			return corrupt("records: %v", err)
		}
		rr.left -= int64(l)
		ch.recOff = append(ch.recOff, len(ch.recBuf))
	}
	return nil
}

// end checks that every byte of the section was a record and its
// checksum.
func (rr *recordReader) end() error {
	if rr.left != 0 {
		return corrupt("records: %d bytes after the last holding's", rr.left)
	}
	if rr.sum.Sum32() != rr.want {
		return corrupt("records: checksum")
	}
	return nil
}

// uvarintLen is the number of bytes of v as a uvarint.
func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}
