package snapcache

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/ownex/ownex/graph"
)

// Format constants.
const (
	magic   = "OWNEXSNP"
	version = 3
)

// Section kinds, in file order: the tag and the tables, then the whole
// graph's part and the designated cone's parts (cone_write.go), each of
// five sections from its base kind on (partCounts...), then the records
// of the whole part's holdings.
const (
	secTag uint32 = iota + 1
	secTables
	wholeBase  // the whole graph's part: kinds 3 to 7
	secRecords = wholeBase + partSections*(1+coneParts)
	sections   = secRecords
)

// coneParts is the number of cone parts: every designation's cone, then
// the cone of each engine's seeds (coneEngines).
const coneParts = 4

// coneEngines are the engines whose seeds (graph.Seeds) make each cone
// part, in file order; "" is every designation.
var coneEngines = [coneParts]graph.Regime{"", graph.RegimeOFAC, graph.RegimeUK, graph.RegimeEU}

// coneBase is the base kind of cone part i.
func coneBase(i int) uint32 { return wholeBase + partSections*uint32(1+i) }

// The sections of a part, from its base kind.
const (
	partCounts uint32 = iota
	partRelations
	partIDs
	partNames
	partHoldings
	partSections
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// tables is the tables section.
type tables struct {
	Arrangements []string
	Sources      []string
	Spans        []graph.Span
}

// WriteFile writes c's content tagged tag to path: to a temporary file in
// path's folder, synced, then renamed over path.
func (c *Collector) WriteFile(path, tag string) (err error) {
	if !c.relsSeen {
		return fmt.Errorf("snapcache: write %s: nothing collected", path)
	}
	dir, base := filepath.Split(path)
	f, err := createTemp(dir, base)
	if err != nil {
		return fmt.Errorf("snapcache: write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	w := bufio.NewWriterSize(f, 1<<20)
	if err = c.write(w, tag); err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = f.Close()
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("snapcache: write %s: %w", path, err)
	}
	return nil
}

// createTemp creates a new temporary file next to base in dir, with mode
// 0644 minus the umask (the kernel applies it; os.CreateTemp's is 0600).
func createTemp(dir, base string) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, fmt.Sprintf(".%s.%d.tmp", base, rand.Uint64()))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if !errors.Is(err, os.ErrExist) {
			return f, err
		}
	}
	return nil, errors.New("no free temporary file name")
}

// part is what a part of the file holds (the whole graph, or its
// designated cone): relations, nodes (entities, then ends), holdings.
type part struct {
	rels     relations
	ids      []string // entities (ascending), then ends without a record
	names    []string // the entities' names
	entities int
	h        *holdings
}

// write writes the file's bytes.
func (c *Collector) write(w io.Writer, tag string) error {
	head := make([]byte, 0, 16)
	head = append(head, magic...)
	head = binary.LittleEndian.AppendUint32(head, version)
	head = binary.LittleEndian.AppendUint32(head, sections)
	if _, err := w.Write(head); err != nil {
		return err
	}
	spans := []graph.Span{}
	for i := range c.spns.All() {
		start, end := c.spns.Dates(int32(i))
		spans = append(spans, graph.Span{Start: graph.Date(start), End: graph.Date(end)})
	}
	tabs := encodeTables(tables{Arrangements: c.arrs.All(), Sources: c.srcs.All(), Spans: spans})
	var err error
	var cones [coneParts]*part
	for i, e := range coneEngines {
		if cones[i], err = c.conePart(e); err != nil {
			return err
		}
	}
	for _, s := range []struct {
		kind uint32
		b    []byte
	}{{secTag, []byte(tag)}, {secTables, tabs}} {
		if err := writeSection(w, s.kind, int64(len(s.b)), bytesBody(s.b)); err != nil {
			return fmt.Errorf("section %d: %w", s.kind, err)
		}
	}
	whole := &part{rels: c.rels, ids: c.ids, names: c.names, entities: c.entities, h: &c.h}
	if err := whole.write(w, wholeBase); err != nil {
		return err
	}
	for i, p := range cones {
		if err := p.write(w, coneBase(i)); err != nil {
			return err
		}
	}
	if err := writeSection(w, secRecords, int64(len(c.recs)), bytesBody(c.recs)); err != nil {
		return fmt.Errorf("section %d: %w", secRecords, err)
	}
	return nil
}

// write writes p's five sections, from kind base on.
func (p *part) write(w io.Writer, base uint32) error {
	rels := encodeRelations(p.rels)
	counts := binary.LittleEndian.AppendUint64(nil, uint64(p.entities))
	counts = binary.LittleEndian.AppendUint64(counts, uint64(len(p.ids)))
	counts = binary.LittleEndian.AppendUint64(counts, uint64(p.h.len()))
	for _, s := range []struct {
		kind uint32
		body func(io.Writer) error
		size int64
	}{
		{base + partCounts, bytesBody(counts), int64(len(counts))},
		{base + partRelations, bytesBody(rels), int64(len(rels))},
		{base + partIDs, stringsBody(p.ids), stringsSize(p.ids)},
		{base + partNames, stringsBody(p.names), stringsSize(p.names)},
		{base + partHoldings, p.h.body, int64(p.h.len()) * holdingBytes},
	} {
		if err := writeSection(w, s.kind, s.size, s.body); err != nil {
			return fmt.Errorf("section %d: %w", s.kind, err)
		}
	}
	return nil
}

// holdingBytes is the size of one holding across the columns.
const holdingBytes = 4 + 4 + 4*8 + 1 + 3*4

// writeSection writes a section's head and body. The checksum comes
// before the body, so the body is written twice: once to the checksum,
// once to w (the bodies are made from memory, cheaply).
func writeSection(w io.Writer, kind uint32, size int64, body func(io.Writer) error) error {
	sum := crc32.New(castagnoli)
	cw := &countWriter{w: sum}
	if err := body(cw); err != nil {
		return err
	}
	if cw.n != size {
		return fmt.Errorf("body of %d bytes, want %d", cw.n, size)
	}
	head := binary.LittleEndian.AppendUint32(nil, kind)
	head = binary.LittleEndian.AppendUint64(head, uint64(size))
	head = binary.LittleEndian.AppendUint32(head, sum.Sum32())
	if _, err := w.Write(head); err != nil {
		return err
	}
	return body(w)
}

type countWriter struct {
	w hash.Hash32
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return c.w.Write(p)
}

func bytesBody(b []byte) func(io.Writer) error {
	return func(w io.Writer) error { _, err := w.Write(b); return err }
}

// stringsSize is the size of a strings section: offsets and bytes.
func stringsSize(ss []string) int64 {
	n := int64(len(ss)+1) * 8
	for _, s := range ss {
		n += int64(len(s))
	}
	return n
}

// stringsBody writes len(ss)+1 offsets, then the strings' bytes.
func stringsBody(ss []string) func(io.Writer) error {
	return func(w io.Writer) error {
		buf := make([]byte, 0, 64<<10)
		var off uint64
		for i := 0; i <= len(ss); i++ {
			buf = binary.LittleEndian.AppendUint64(buf, off)
			if i < len(ss) {
				off += uint64(len(ss[i]))
			}
			if len(buf) >= 64<<10-8 {
				if _, err := w.Write(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
		for _, s := range ss {
			buf = append(buf, s...)
			if len(buf) >= 64<<10 {
				if _, err := w.Write(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
		_, err := w.Write(buf)
		return err
	}
}

// chunkLen is the number of holdings of a chunk of the holdings section.
const chunkLen = 1 << 16

// body writes the holdings in chunks of chunkLen, each chunk's columns one
// after the other.
func (h *holdings) body(w io.Writer) error {
	buf := make([]byte, 0, chunkLen*holdingBytes)
	for lo := 0; lo < h.len(); lo += chunkLen {
		hi := min(lo+chunkLen, h.len())
		buf = buf[:0]
		for _, col := range [][]int32{h.owner[lo:hi], h.owned[lo:hi]} {
			for _, v := range col {
				buf = binary.LittleEndian.AppendUint32(buf, uint32(v))
			}
		}
		for _, col := range [][]int64{h.shareLo[lo:hi], h.shareHi[lo:hi], h.votesLo[lo:hi], h.votesHi[lo:hi]} {
			for _, v := range col {
				buf = binary.LittleEndian.AppendUint64(buf, uint64(v))
			}
		}
		buf = append(buf, h.open[lo:hi]...)
		for _, col := range [][]int32{h.arr[lo:hi], h.src[lo:hi], h.span[lo:hi]} {
			for _, v := range col {
				buf = binary.LittleEndian.AppendUint32(buf, uint32(v))
			}
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}
