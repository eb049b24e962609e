package queries

import (
	"hash/maphash"
	"slices"

	"github.com/ownex/ownex/internal/idtable"
)

// keyTable files vocabulary ids under blocking keys (resolve.TokenKeys).
// It is exact: a key is found under its own bytes only. Each key is
// hashed once (maphash, seeded per table) into a map of integers; the
// key's bytes, kept in an arena, confirm a hit, and the rare key whose
// 64-bit hash an earlier key had goes to a map of its own (spill). A map
// of strings, with a posting allocated per key, spent most of a 1M-entity
// index build hashing, comparing and collecting millions of short keys
// (BenchmarkMatchIndex: 1.7x faster this way).
//
// While the table is built each key has a slice of its ids (build);
// finish moves them into one array (ids, cut by off): the millions of
// small slices held 117 MB more of the 1M-entity index (1,410 MB live).
type keyTable struct {
	seed   maphash.Seed
	byHash map[uint64]int32 // hash -> the index of the first key with it
	spill  map[string]int32 // key -> index, for keys whose hash was taken
	keys   []string         // index -> the key, in arena
	arena  idtable.Arena
	fs     []float64 // index -> its factor

	build [][]int32 // index -> its ids, until finish
	off   []int32   // after finish: key k's ids are ids[off[k]:off[k+1]]
	ids   []int32
}

func newKeyTable() *keyTable {
	return &keyTable{seed: maphash.MakeSeed(), byHash: map[uint64]int32{}, spill: map[string]int32{}}
}

// posting returns the index of key, or -1.
func (t *keyTable) posting(key []byte, h uint64) int32 {
	k, ok := t.byHash[h]
	if !ok {
		return -1
	}
	if t.keys[k] == string(key) {
		return k
	}
	if k, ok = t.spill[string(key)]; ok {
		return k
	}
	return -1
}

// find returns the ids filed under key, in the order they were added, and
// the key's factor; ok is false when none is.
func (t *keyTable) find(key []byte) (ids []int32, f float64, ok bool) {
	k := t.posting(key, maphash.Bytes(t.seed, key))
	if k < 0 {
		return nil, 0, false
	}
	f = t.fs[k]
	if t.build != nil {
		return t.build[k], f, true
	}
	return t.ids[t.off[k]:t.off[k+1]:t.off[k+1]], f, true
}

// add files v under key, whose factor is f (a key's factor is its kind's:
// the first one given stays). Not after finish.
func (t *keyTable) add(key []byte, f float64, v int32) {
	h := maphash.Bytes(t.seed, key)
	k := t.posting(key, h)
	if k < 0 {
		k = int32(len(t.keys))
		t.keys = append(t.keys, t.arena.Str(key))
		t.fs = append(t.fs, f)
		t.build = append(t.build, nil)
		if _, taken := t.byHash[h]; taken {
			t.spill[t.keys[k]] = k
		} else {
			t.byHash[h] = k
		}
	}
	t.build[k] = append(t.build[k], v)
}

// finish moves every key's ids into one array; add must not be called
// after it.
func (t *keyTable) finish() {
	n := 0
	for _, b := range t.build {
		n += len(b)
	}
	t.ids = make([]int32, 0, n)
	t.off = make([]int32, 0, len(t.build)+1)
	for _, b := range t.build {
		t.off = append(t.off, int32(len(t.ids)))
		t.ids = append(t.ids, b...)
	}
	t.off = append(t.off, int32(len(t.ids)))
	t.build = nil
	t.keys, t.fs = slices.Clone(t.keys), slices.Clone(t.fs) // without the room append left
}

// len is the number of distinct keys.
func (t *keyTable) len() int { return len(t.keys) }
