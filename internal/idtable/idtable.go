package idtable

import (
	"hash/maphash"
	"math/bits"
)

// Table maps entity IDs to nodes. It is an open-addressing hash table
// (linear probing) of node numbers over an ids slice that its caller owns
// and passes to every call: a slot holds the upper 32 bits of the ID's
// hash and the node + 1 (0 is an empty slot), 8 bytes per slot at a load
// of at most one half. It holds no pointer, so the garbage collector never
// scans it, and it is about a third of the size of a map[string]int32 of
// the same IDs. An ID found by its hash is always compared with ids[node],
// so lookups are exact whatever the hashes.
//
// Lookups may run concurrently with each other, never with an insert.
type Table struct {
	seed  maphash.Seed
	slots []uint64
	shift uint // 64 - log2(len(slots)): a slot's home is the hash's top bits
	count int
}

// New returns a table with room for n IDs before it grows.
func New(n int) Table {
	t := Table{seed: maphash.MakeSeed()}
	t.Alloc(n)
	return t
}

// Alloc makes an empty table with room for n IDs.
func (t *Table) Alloc(n int) {
	size := 16
	if need := 2 * n; need > size {
		size = 1 << bits.Len(uint(need-1))
	}
	t.slots = make([]uint64, size)
	t.shift = uint(64 - bits.TrailingZeros(uint(size)))
	t.count = 0
}

// home returns the hash of id and its home slot.
func (t *Table) home(id string) (h uint64, i int) {
	h = t.Hash(id)
	return h, int(h >> t.shift)
}

// Prefetch reads the home slots of the hashes hs, so that the inserts of
// these hashes that follow find them in the cache; the result means
// nothing and only keeps the reads.
func (t *Table) Prefetch(hs []uint64) (x uint64) {
	for _, h := range hs {
		x ^= t.slots[h>>t.shift]
	}
	return x
}

// Find returns the node of id in ids, or -1.
func (t *Table) Find(ids []string, id string) int32 {
	h, i := t.home(id)
	tag, mask := h>>32, len(t.slots)-1
	for {
		s := t.slots[i]
		if s == 0 {
			return -1
		}
		if s>>32 == tag && ids[uint32(s)-1] == id {
			return int32(uint32(s) - 1)
		}
		i = (i + 1) & mask
	}
}

// Insert records that ids[v] is node v unless its ID is in the table
// already; it returns the node the ID has afterwards.
func (t *Table) Insert(ids []string, v int32) int32 {
	return t.InsertHash(ids, v, t.Hash(ids[v]))
}

// Hash returns the hash of id.
func (t *Table) Hash(id string) uint64 { return maphash.String(t.seed, id) }

// InsertHash is Insert with the hash h of ids[v] already computed.
func (t *Table) InsertHash(ids []string, v int32, h uint64) int32 {
	if 2*(t.count+1) > len(t.slots) {
		t.grow()
	}
	i, tag, mask := int(h>>t.shift), h>>32, len(t.slots)-1
	for {
		s := t.slots[i]
		if s == 0 {
			t.slots[i] = tag<<32 | uint64(uint32(v)+1)
			t.count++
			return v
		}
		if s>>32 == tag && ids[uint32(s)-1] == ids[v] {
			return int32(uint32(s) - 1)
		}
		i = (i + 1) & mask
	}
}

// grow doubles the table. A slot's home is the top bits of its hash, of
// which the slot keeps the upper 32: no ID is hashed again.
// Slots returns the number of slots: the table holds up to half as many
// IDs before it grows.
func (t *Table) Slots() int { return len(t.slots) }

// Len returns the number of IDs in the table.
func (t *Table) Len() int { return t.count }

func (t *Table) grow() {
	old := t.slots
	t.Alloc(len(old))
	mask := len(t.slots) - 1
	for _, s := range old {
		if s == 0 {
			continue
		}
		i := int((s >> 32) << 32 >> t.shift)
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
		t.count++
	}
}

// Renumber replaces every node v by rank[v].
func (t *Table) Renumber(rank []int32) {
	for i, s := range t.slots {
		if s != 0 {
			t.slots[i] = s>>32<<32 | uint64(uint32(rank[uint32(s)-1])+1)
		}
	}
}

// FindLen is the number of keys FindBatch looks up together.
const FindLen = 64

// FindBatch sets out[j] to Find(ids, keys[j]) for up to FindLen keys. It
// works in phases over all the keys — hashes, home slots, candidate IDs,
// comparisons — so that the cache misses of different keys overlap
// instead of following each other.
func (t *Table) FindBatch(ids []string, keys []string, out []int32) {
	var (
		pos  [FindLen]int
		tag  [FindLen]uint64
		slot [FindLen]uint64
		cand [FindLen]string
	)
	keys, out = keys[:min(len(keys), FindLen)], out[:len(keys)]
	for j, k := range keys {
		h, i := t.home(k)
		pos[j], tag[j] = i, h>>32
	}
	for j := range keys {
		slot[j] = t.slots[pos[j]]
	}
	for j := range keys {
		if s := slot[j]; s != 0 && s>>32 == tag[j] {
			cand[j] = ids[uint32(s)-1]
		}
	}
	for j, k := range keys {
		switch s := slot[j]; {
		case s == 0:
			out[j] = -1
		case s>>32 == tag[j] && cand[j] == k:
			out[j] = int32(uint32(s) - 1)
		default:
			out[j] = t.Find(ids, k) // probe on from the home slot
		}
	}
}
