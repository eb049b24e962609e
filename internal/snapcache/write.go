package snapcache

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
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
	version = 1
)

// Section kinds, in file order.
const (
	secTag uint32 = iota + 1
	secCounts
	secRelations
	secTables
	secIDs
	secNames
	secHoldings
	sections = secHoldings
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// tables is the tables section.
type tables struct {
	Arrangements []string     `json:"arrangements"`
	Sources      []string     `json:"sources"`
	Spans        []graph.Span `json:"spans"`
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

// write writes the file's bytes.
func (c *Collector) write(w io.Writer, tag string) error {
	head := make([]byte, 0, 16)
	head = append(head, magic...)
	head = binary.LittleEndian.AppendUint32(head, version)
	head = binary.LittleEndian.AppendUint32(head, sections)
	if _, err := w.Write(head); err != nil {
		return err
	}
	rels, err := json.Marshal(c.rels)
	if err != nil {
		return err
	}
	spans := []graph.Span{}
	for i := range c.spns.All() {
		start, end := c.spns.Dates(int32(i))
		spans = append(spans, graph.Span{Start: graph.Date(start), End: graph.Date(end)})
	}
	tabs, err := json.Marshal(tables{Arrangements: nonNil(c.arrs.All()), Sources: nonNil(c.srcs.All()), Spans: spans})
	if err != nil {
		return err
	}
	counts := binary.LittleEndian.AppendUint64(nil, uint64(c.entities))
	counts = binary.LittleEndian.AppendUint64(counts, uint64(len(c.ids)))
	counts = binary.LittleEndian.AppendUint64(counts, uint64(c.h.len()))
	for _, s := range []struct {
		kind uint32
		body func(io.Writer) error
		size int64
	}{
		{secTag, bytesBody([]byte(tag)), int64(len(tag))},
		{secCounts, bytesBody(counts), int64(len(counts))},
		{secRelations, bytesBody(rels), int64(len(rels))},
		{secTables, bytesBody(tabs), int64(len(tabs))},
		{secIDs, stringsBody(c.ids), stringsSize(c.ids)},
		{secNames, stringsBody(c.names), stringsSize(c.names)},
		{secHoldings, c.h.body, int64(c.h.len()) * holdingBytes},
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
		for _, col := range [][]uint32{h.owner[lo:hi], h.owned[lo:hi]} {
			for _, v := range col {
				buf = binary.LittleEndian.AppendUint32(buf, v)
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

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
