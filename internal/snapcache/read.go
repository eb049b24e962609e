package snapcache

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"unsafe"

	"github.com/ownex/ownex/graph"
)

// The errors of Open and StreamSnapshot. Any of them means: read the
// store, and rebuild the file.
var (
	// ErrStale: the file is of another state of the store (its tag).
	ErrStale = errors.New("the snapshot cache is of another state of the store")
	// ErrVersion: the file is of another format version.
	ErrVersion = errors.New("the snapshot cache is of another format version")
	// ErrCorrupt: the file is damaged (checksum, length, index).
	ErrCorrupt = errors.New("the snapshot cache is damaged")
)

// Cache is an open cache file. Open reads its head and its small
// sections; each part's relations and strings are read and checked when a
// stream first needs them, its holdings at each stream. A Cache is not
// safe for concurrent use; Close closes it.
type Cache struct {
	f     *os.File
	path  string
	size  int64
	tabs  tables
	whole readPart            // the whole graph (StreamSnapshot)
	cones [coneParts]readPart // the designated cones (StreamCone), as coneEngines
	recs  section             // the whole part's holdings' records
}

// readPart is a part of the file as read (see part).
type readPart struct {
	secs                   [partSections]section
	entities, nodes, nHold int
	// Read on first use (load).
	loaded         bool
	rels           relations
	idTab, nameTab strTable // nodes' IDs (entities, then ends); entities' names
}

// section is a section's place in the file and its checksum.
type section struct {
	off int64 // of the body
	n   int64
	sum uint32
}

var _ graph.SnapshotStreamer = (*Cache)(nil)

// Open opens the cache at path if its tag is tag: it checks the head and
// every section's place and length, and reads and checks the tag, the
// tables and the counts; the rest is read, and its checksums checked,
// when a stream needs it.
func Open(path, tag string) (*Cache, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("snapcache: open %s: %w", path, err)
	}
	c := &Cache{f: f, path: path}
	if err := c.read(tag); err != nil {
		f.Close()
		return nil, fmt.Errorf("snapcache: open %s: %w", path, err)
	}
	return c, nil
}

// strings returns every node's ID and name of the whole part (an end's
// name is its ID), pointing into the file's bytes as read.
func (p *readPart) strings() (ids, names []string) {
	ids = p.idTab.all()
	return ids, append(p.nameTab.all(), ids[p.entities:]...)
}

// Close closes the file.
func (c *Cache) Close() error { return c.f.Close() }

// Len returns the numbers of entities and holdings (of every date).
func (c *Cache) Len() (entities, holdings int) { return c.whole.entities, c.whole.nHold }

// corrupt wraps ErrCorrupt with what was wrong.
func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}

// read reads the head, the places of the sections, and the small ones.
func (c *Cache) read(tag string) error {
	st, err := c.f.Stat()
	if err != nil {
		return err
	}
	c.size = st.Size()
	head := make([]byte, 16)
	if _, err := c.f.ReadAt(head, 0); err != nil {
		return corrupt("header: %v", err)
	}
	if string(head[:8]) != magic {
		return corrupt("not a snapshot cache (magic %q)", head[:8])
	}
	if v := binary.LittleEndian.Uint32(head[8:]); v != version {
		return fmt.Errorf("%w: version %d, this ownex reads %d", ErrVersion, v, version)
	}
	if n := binary.LittleEndian.Uint32(head[12:]); n != sections {
		return corrupt("%d sections, want %d", n, sections)
	}
	var secs [sections + 1]section
	off := int64(16)
	for kind := secTag; kind <= sections; kind++ {
		sh := make([]byte, 16)
		if _, err := c.f.ReadAt(sh, off); err != nil {
			return corrupt("section %d: %v", kind, err)
		}
		off += 16
		k, n, sum := binary.LittleEndian.Uint32(sh), binary.LittleEndian.Uint64(sh[4:]), binary.LittleEndian.Uint32(sh[12:])
		if k != kind || n > uint64(c.size-off) {
			return corrupt("section %d: kind %d of %d bytes at %d of a file of %d", kind, k, n, off, c.size)
		}
		secs[kind] = section{off: off, n: int64(n), sum: sum}
		off += int64(n)
	}
	if off != c.size {
		return corrupt("the sections end at %d of a file of %d", off, c.size)
	}
	body, err := c.body(secs[secTag])
	if err != nil {
		return corrupt("tag: %v", err)
	}
	if string(body) != tag {
		return fmt.Errorf("%w (its tag %.12s…, the store's %.12s…)", ErrStale, body, tag)
	}
	if body, err = c.body(secs[secTables]); err != nil {
		return corrupt("tables: %v", err)
	}
	if c.tabs, err = decodeTables(body); err != nil {
		return corrupt("%v", err)
	}
	parts := []*readPart{&c.whole}
	for i := range c.cones {
		parts = append(parts, &c.cones[i])
	}
	for i, p := range parts {
		base := wholeBase + partSections*uint32(i)
		copy(p.secs[:], secs[base:base+partSections])
		if err := c.counts(p); err != nil {
			return fmt.Errorf("%w (section %d)", err, base+partCounts)
		}
	}
	c.recs = secs[secRecords]
	if c.recs.n < int64(c.whole.nHold) {
		return corrupt("records: %d bytes for %d holdings", c.recs.n, c.whole.nHold)
	}
	return nil
}

// counts reads and checks p's counts against its sections' lengths.
func (c *Cache) counts(p *readPart) error {
	body, err := c.body(p.secs[partCounts])
	if err != nil {
		return corrupt("counts: %v", err)
	}
	if len(body) != 24 {
		return corrupt("counts: %d bytes", len(body))
	}
	e, nd, h := binary.LittleEndian.Uint64(body), binary.LittleEndian.Uint64(body[8:]), binary.LittleEndian.Uint64(body[16:])
	if e > nd || nd > 1<<31-1 || h > uint64(c.size)/holdingBytes {
		return corrupt("counts %d entities, %d nodes, %d holdings", e, nd, h)
	}
	p.entities, p.nodes, p.nHold = int(e), int(nd), int(h)
	if p.secs[partHoldings].n != int64(p.nHold)*holdingBytes {
		return corrupt("holdings: %d bytes, want %d", p.secs[partHoldings].n, p.nHold*holdingBytes)
	}
	return nil
}

// body reads a section's body and checks its checksum.
func (c *Cache) body(s section) ([]byte, error) {
	b := make([]byte, s.n)
	if _, err := c.f.ReadAt(b, s.off); err != nil {
		return nil, err
	}
	if crc32.Checksum(b, castagnoli) != s.sum {
		return nil, errors.New("checksum")
	}
	return b, nil
}

// load reads and checks p's relations and strings, once.
func (c *Cache) load(p *readPart) error {
	if p.loaded {
		return nil
	}
	body, err := c.body(p.secs[partRelations])
	if err != nil {
		return corrupt("relations: %v", err)
	}
	rels, err := decodeRelations(body)
	if err != nil {
		return corrupt("%v", err)
	}
	tabs := [2]strTable{}
	for i, k := range []uint32{partIDs, partNames} {
		count := p.nodes
		if k == partNames {
			count = p.entities
		}
		s := p.secs[k]
		r := bufio.NewReaderSize(io.NewSectionReader(c.f, s.off, s.n), 1<<20)
		if tabs[i], err = readStrings(r, uint64(s.n), count, s.sum); err != nil {
			return corrupt("strings (%d): %v", k, err)
		}
	}
	p.rels, p.idTab, p.nameTab, p.loaded = rels, tabs[0], tabs[1], true
	return nil
}

// strTable is a strings section as read: the offsets (count+1, uint64
// little-endian, checked ascending and within data) and the bytes. A
// string is made only when asked for (at): the cone's read needs a few
// of ten million.
type strTable struct {
	offs, data []byte
}

// len returns the number of strings.
func (t strTable) len() int { return len(t.offs)/8 - 1 }

// at returns string i, pointing into the table's bytes.
func (t strTable) at(i int) string {
	lo, hi := binary.LittleEndian.Uint64(t.offs[8*i:]), binary.LittleEndian.Uint64(t.offs[8*i+8:])
	if hi == lo {
		return ""
	}
	return unsafe.String(&t.data[lo], int(hi-lo))
}

// all returns every string, pointing into the table's bytes (one
// allocation of headers).
func (t strTable) all() []string {
	out := make([]string, t.len())
	for i := range out {
		out[i] = t.at(i)
	}
	return out
}

// readStrings reads a strings section of size bytes holding n strings,
// whose checksum is sum: the offsets, then the bytes.
func readStrings(r io.Reader, size uint64, n int, sum uint32) (strTable, error) {
	head := uint64(n+1) * 8
	if size < head {
		return strTable{}, fmt.Errorf("%d bytes for %d offsets", size, n+1)
	}
	t := strTable{offs: make([]byte, head), data: make([]byte, size-head)}
	for _, b := range [][]byte{t.offs, t.data} {
		if _, err := io.ReadFull(r, b); err != nil {
			return strTable{}, err
		}
	}
	if crc32.Update(crc32.Checksum(t.offs, castagnoli), castagnoli, t.data) != sum {
		return strTable{}, errors.New("checksum")
	}
	prev := binary.LittleEndian.Uint64(t.offs)
	if prev != 0 {
		return strTable{}, fmt.Errorf("first offset %d", prev)
	}
	for i := range n {
		next := binary.LittleEndian.Uint64(t.offs[8*(i+1):])
		if next < prev || next > uint64(len(t.data)) {
			return strTable{}, fmt.Errorf("offset %d of string %d out of range", next, i)
		}
		prev = next
	}
	if prev != uint64(len(t.data)) {
		return strTable{}, fmt.Errorf("%d bytes of strings, the offsets end at %d", len(t.data), prev)
	}
	return t, nil
}
