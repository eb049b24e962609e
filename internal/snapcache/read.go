package snapcache

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
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

// Cache is an open cache file. Its graph.SnapshotStreamer reads the
// holdings from the file at each call; Close closes it.
type Cache struct {
	f        *os.File
	path     string
	rels     relations     // valid once relsDone is closed, if relsErr is nil
	relsDone chan struct{} // closed when Open's decoding of rels ends
	relsErr  error
	tabs     tables
	idTab    strTable // nodes' IDs: entities, then ends
	nameTab  strTable // entities' names
	entities int
	nodes    int
	nHold    int
	holdOff  int64  // the holdings body's offset in the file
	holdSum  uint32 // its checksum
}

var _ graph.SnapshotStreamer = (*Cache)(nil)

// Open opens the cache at path if its tag is tag: it reads and checks
// every section but the holdings, which StreamSnapshot reads and checks.
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

// strings returns every node's ID and name (an end's name is its ID),
// pointing into the file's bytes as read.
func (c *Cache) strings() (ids, names []string) {
	ids = c.idTab.all()
	return ids, append(c.nameTab.all(), ids[c.entities:]...)
}

// Close closes the file.
func (c *Cache) Close() error { return c.f.Close() }

// Len returns the numbers of entities and holdings (of every date).
func (c *Cache) Len() (entities, holdings int) { return c.entities, c.nHold }

// corrupt wraps ErrCorrupt with what was wrong.
func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}

// read reads the header and the sections up to the holdings.
func (c *Cache) read(tag string) error {
	st, err := c.f.Stat()
	if err != nil {
		return err
	}
	size := st.Size()
	r := bufio.NewReaderSize(c.f, 1<<20)
	head := make([]byte, 16)
	if _, err := io.ReadFull(r, head); err != nil {
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
	off := int64(16)
	for kind := secTag; kind <= sections; kind++ {
		sh := make([]byte, 16)
		if _, err := io.ReadFull(r, sh); err != nil {
			return corrupt("section %d: %v", kind, err)
		}
		off += 16
		k, n, sum := binary.LittleEndian.Uint32(sh), binary.LittleEndian.Uint64(sh[4:]), binary.LittleEndian.Uint32(sh[12:])
		if k != kind || n > uint64(size-off) {
			return corrupt("section %d: kind %d of %d bytes at %d of a file of %d", kind, k, n, off, size)
		}
		if kind == secHoldings {
			if n != uint64(c.nHold)*holdingBytes || off+int64(n) != size {
				return corrupt("holdings: %d bytes, want %d, ending the file", n, c.nHold*holdingBytes)
			}
			c.holdOff, c.holdSum = off, sum
			return nil
		}
		if kind == secIDs || kind == secNames {
			count := c.nodes
			if kind == secNames {
				count = c.entities
			}
			t, err := readStrings(r, n, count, sum)
			if err != nil {
				return corrupt("section %d: %v", kind, err)
			}
			off += int64(n)
			if kind == secIDs {
				c.idTab = t
			} else {
				c.nameTab = t
			}
			continue
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			return corrupt("section %d: %v", kind, err)
		}
		off += int64(n)
		if crc32.Checksum(body, castagnoli) != sum {
			return corrupt("section %d: checksum", kind)
		}
		switch kind {
		case secTag:
			if string(body) != tag {
				return fmt.Errorf("%w (its tag %.12s…, the store's %.12s…)", ErrStale, body, tag)
			}
		case secCounts:
			if len(body) != 24 {
				return corrupt("counts: %d bytes", len(body))
			}
			e, nd, h := binary.LittleEndian.Uint64(body), binary.LittleEndian.Uint64(body[8:]), binary.LittleEndian.Uint64(body[16:])
			if e > nd || nd > 1<<31-1 || h > uint64(size)/holdingBytes {
				return corrupt("counts %d entities, %d nodes, %d holdings", e, nd, h)
			}
			c.entities, c.nodes, c.nHold = int(e), int(nd), int(h)
		case secRelations:
			// Decoded while the rest is read (relationsOn waits): 0.4 s
			// of JSON at 10M entities.
			c.relsDone = make(chan struct{})
			go func() {
				defer close(c.relsDone)
				if err := json.Unmarshal(body, &c.rels); err != nil {
					c.relsErr = corrupt("relations: %v", err)
				}
			}()
		case secTables:
			if err := json.Unmarshal(body, &c.tabs); err != nil {
				return corrupt("tables: %v", err)
			}
		}
	}
	return corrupt("no holdings section")
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
