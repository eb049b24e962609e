package snapcache

import (
	"context"
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
)

// fixChecksums rewrites the checksum of every section of b whose length
// fits, so that a fuzzed file reaches the checks behind the checksums
// (lengths, offsets, indexes, JSON).
func fixChecksums(b []byte) []byte {
	off := 16
	for off+16 <= len(b) {
		n := binary.LittleEndian.Uint64(b[off+4:])
		if n > uint64(len(b)-off-16) {
			break
		}
		body := b[off+16 : off+16+int(n)]
		binary.LittleEndian.PutUint32(b[off+12:], crc32.Checksum(body, castagnoli))
		off += 16 + int(n)
	}
	return b
}

// FuzzCache: whatever the file holds, Open, StreamSnapshot and
// StreamCone return an error or data, never panic, and data that passes
// every check builds and analyses (as rows, with records and explained,
// and as columns, whole and as the designated cone) without panicking
// either.
func FuzzCache(f *testing.F) {
	path, tag := build(f, dated(f))
	good, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good, false)
	f.Add(good[:len(good)/2], true)
	f.Add([]byte("OWNEXSNP\x01\x00\x00\x00\x07\x00\x00\x00"), true)
	f.Fuzz(func(t *testing.T, b []byte, fix bool) {
		if fix {
			b = fixChecksums(append([]byte(nil), b...))
		}
		p := filepath.Join(t.TempDir(), "c")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := Open(p, tag)
		if err != nil {
			return
		}
		defer c.Close()
		if err := c.StreamSnapshot(context.Background(), "2025-06-30", &recorder{}); err != nil {
			return
		}
		br := exposure.NewBuilder("2025-06-30", 0)
		br.KeepRecords() // rows with the records section
		if err := c.StreamSnapshot(context.Background(), "2025-06-30", br); err != nil {
			return
		}
		if res, err := br.Analyze(exposure.Options{AsOf: "2025-06-30", Regimes: graph.Engines}); err == nil {
			for _, id := range []string{"A", "B", "D", "G", "I"} {
				_, _ = res.Explain(id, graph.RegimeOFAC)
			}
		}
		bl := exposure.NewBuilder("2025-06-30", 0)
		if err := c.StreamSnapshot(context.Background(), "2025-06-30", bl); err != nil {
			return
		}
		_, _ = bl.Analyze(exposure.Options{AsOf: "2025-06-30", Regimes: graph.Engines})
		bc := exposure.NewBuilder("2025-06-30", 0)
		if err := c.StreamCone(context.Background(), "2025-06-30", nil, bc); err != nil {
			return
		}
		_, _ = bc.Analyze(exposure.Options{AsOf: "2025-06-30", Regimes: graph.Engines, Cone: true})
	})
}
