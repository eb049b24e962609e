package queries

import (
	"hash/maphash"
	"slices"

	"github.com/ownex/ownex/internal/idtable"
)

// keyTable files vocabulary ids under blocking keys (resolve.TokenKeys).
// It is exact: a key is found under its own bytes only. A 1M-entity store
// has about 3.6 million keys, ten times that at 10M, so each byte a key
// costs is 36 MB there: the table keeps, per key, its bytes in an arena
// (a string header each), one byte naming its factor, and a slot of an
// open-addressing hash table (linear probing, at most 3/4 full): the key's
// index and the high half of its hash (maphash, seeded per table), so
// that a probe compares key bytes only when that half agrees. A Go map of
// the hashes, with a float64 factor per key, took about 36 bytes a key
// more.
//
// While the table is built, each filing is a (key, id) pair in two
// arrays; finish sorts them by key, stably, into one array of ids cut by
// offsets. A slice of ids per key cost 24 bytes of header a key, and the
// slack of its growth, while the index was built: when a screening's
// memory peaks.
type keyTable struct {
	seed  maphash.Seed
	hash  func(maphash.Seed, []byte) uint64 // maphash.Bytes; tests make keys collide
	slots []uint64                          // 0: empty; else hash's high half | key index + 1
	keys  []string                          // index -> the key, in arena
	arena idtable.Arena

	fi      []uint8   // index -> its factor's index in factors
	factors []float64 // the distinct factors, at most 256
	fbig    map[int32]float64

	pk, pv []int32 // before finish: the filings, key index and id
	off    []int32 // after finish: key k's ids are ids[off[k]:off[k+1]]
	ids    []int32
}

func newKeyTable() *keyTable {
	return &keyTable{seed: maphash.MakeSeed(), hash: maphash.Bytes, slots: make([]uint64, 1024)}
}

const slotIndex = 1<<32 - 1 // the low half of a slot: key index + 1

// posting returns the index of key, whose hash is h, or -1.
func (t *keyTable) posting(key []byte, h uint64) int32 {
	mask := uint64(len(t.slots) - 1)
	tag := h &^ slotIndex
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return -1
		}
		if s&^slotIndex == tag {
			if k := int32(s&slotIndex) - 1; t.keys[k] == string(key) {
				return k
			}
		}
	}
}

// place puts key index k, whose hash is h, into the first empty slot of
// its probe sequence.
func (t *keyTable) place(k int32, h uint64) {
	mask := uint64(len(t.slots) - 1)
	i := h & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = h&^slotIndex | uint64(k+1)
}

// grow doubles the slots and places every key again.
func (t *keyTable) grow() {
	t.slots = make([]uint64, 2*len(t.slots))
	for k, key := range t.keys {
		t.place(int32(k), t.hash(t.seed, []byte(key)))
	}
}

// find returns the ids filed under key, in the order they were added, and
// the key's factor; ok is false when none is. Only after finish.
func (t *keyTable) find(key []byte) (ids []int32, f float64, ok bool) {
	k := t.posting(key, t.hash(t.seed, key))
	if k < 0 || t.off == nil {
		return nil, 0, false
	}
	return t.ids[t.off[k]:t.off[k+1]:t.off[k+1]], t.factor(k), true
}

// factor returns key k's factor.
func (t *keyTable) factor(k int32) float64 {
	if f, ok := t.fbig[k]; ok {
		return f
	}
	return t.factors[t.fi[k]]
}

// add files v under key, whose factor is f (a key's factor is its kind's:
// the first one given stays). Not after finish.
func (t *keyTable) add(key []byte, f float64, v int32) {
	h := t.hash(t.seed, key)
	k := t.posting(key, h)
	if k < 0 {
		k = int32(len(t.keys))
		if 4*(len(t.keys)+1) > 3*len(t.slots) {
			t.grow()
		}
		t.keys = append(t.keys, t.arena.Str(key))
		t.place(k, h)
		t.fi = append(t.fi, t.factorIndex(k, f))
	}
	t.pk, t.pv = append(t.pk, k), append(t.pv, v)
}

// factorIndex returns the index of f in factors, adding it; past 256
// distinct factors (resolve has six) key k's factor goes to fbig.
func (t *keyTable) factorIndex(k int32, f float64) uint8 {
	for i, g := range t.factors {
		if g == f {
			return uint8(i)
		}
	}
	if len(t.factors) == 256 {
		if t.fbig == nil {
			t.fbig = map[int32]float64{}
		}
		t.fbig[k] = f
		return 0
	}
	t.factors = append(t.factors, f)
	return uint8(len(t.factors) - 1)
}

// finish sorts the filings by key (a counting sort, stable: each key's ids
// stay in the order they were added) into one array; add must not be
// called after it.
func (t *keyTable) finish() {
	t.off = make([]int32, len(t.keys)+1)
	for _, k := range t.pk {
		t.off[k+1]++
	}
	for k := range t.keys {
		t.off[k+1] += t.off[k]
	}
	t.ids = make([]int32, len(t.pk))
	next := make([]int32, len(t.keys))
	copy(next, t.off)
	for i, k := range t.pk {
		t.ids[next[k]] = t.pv[i]
		next[k]++
	}
	t.pk, t.pv = nil, nil
	t.keys, t.fi = slices.Clone(t.keys), slices.Clone(t.fi) // without the room append left
}

// len is the number of distinct keys.
func (t *keyTable) len() int { return len(t.keys) }
