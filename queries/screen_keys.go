package queries

import (
	"hash/maphash"

	"github.com/ownex/ownex/internal/idtable"
)

// keyPost is the vocabulary filed under one blocking key, with the key's
// factor.
type keyPost struct {
	f   float64
	ids []int32
}

// keyTable files vocabulary ids under blocking keys (resolve.TokenKeys).
// It is exact: a key is found under its own bytes only. Each key is
// hashed once (maphash, seeded per table) into a map of integers; the
// key's bytes, kept in an arena, confirm a hit, and the rare key whose
// 64-bit hash an earlier key had goes to a map of its own (spill). A map
// of strings, with a posting allocated per key, spent most of a 1M-entity
// index build hashing, comparing and collecting millions of short keys
// (BenchmarkMatchIndex: 1.7x faster this way).
type keyTable struct {
	seed   maphash.Seed
	byHash map[uint64]int32 // hash -> the posting of the first key with it
	spill  map[string]int32 // key -> posting, for keys whose hash was taken
	keys   []string         // posting -> its key, in arena
	posts  []keyPost
	arena  idtable.Arena
}

func newKeyTable() *keyTable {
	return &keyTable{seed: maphash.MakeSeed(), byHash: map[uint64]int32{}, spill: map[string]int32{}}
}

// posting returns the index of key's posting, or -1.
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
	return t.posts[k].ids, t.posts[k].f, true
}

// add files v under key, whose factor is f (a key's factor is its kind's:
// the first one given stays).
func (t *keyTable) add(key []byte, f float64, v int32) {
	h := maphash.Bytes(t.seed, key)
	k := t.posting(key, h)
	if k < 0 {
		k = int32(len(t.posts))
		t.keys = append(t.keys, t.arena.Str(key))
		t.posts = append(t.posts, keyPost{f: f})
		if _, taken := t.byHash[h]; taken {
			t.spill[t.keys[k]] = k
		} else {
			t.byHash[h] = k
		}
	}
	t.posts[k].ids = append(t.posts[k].ids, v)
}

// len is the number of distinct keys.
func (t *keyTable) len() int { return len(t.posts) }
