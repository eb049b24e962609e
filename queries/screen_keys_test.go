package queries

import (
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ownex/ownex/resolve"
)

// TestKeyTableAsAMap files random keys (many shared, some short, some
// added twice by one id) in a keyTable and in a map, and asks both for
// every key added and for keys never added, before and after finish.
func TestKeyTableAsAMap(t *testing.T) {
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 7))
		tab := newKeyTable()
		want := map[string]*post{}
		factors := []float64{resolve.KeyToken, resolve.KeySkeleton, resolve.KeyDeletion, resolve.KeyAffix}
		nkeys := 1 + rng.IntN(5000)
		key := func() string { return fmt.Sprintf("%c:%x", 'a'+rng.IntN(4), rng.IntN(nkeys)) }
		for v := range int32(1 + rng.IntN(3000)) {
			for range rng.IntN(12) {
				k := key()
				f := factors[k[0]-'a'] // a key's factor is its kind's
				tab.add([]byte(k), f, v)
				p := want[k]
				if p == nil {
					p = &post{f: f}
					want[k] = p
				}
				p.ids = append(p.ids, v)
				if rng.IntN(20) == 0 { // the same key again for the same id
					tab.add([]byte(k), f, v)
					p.ids = append(p.ids, v)
				}
			}
		}
		if tab.len() != len(want) {
			t.Fatalf("seed %d: %d keys, want %d", seed, tab.len(), len(want))
		}
		tab.finish()
		checkKeyTable(t, tab, want, rng)
	}
}

// post is what a key's lookup should give.
type post struct {
	f   float64
	ids []int32
}

// checkKeyTable asks tab for every key of want and for keys never added.
func checkKeyTable(t *testing.T, tab *keyTable, want map[string]*post, rng *rand.Rand) {
	t.Helper()
	for k, p := range want {
		ids, f, ok := tab.find([]byte(k))
		if !ok || f != p.f || !slices.Equal(ids, p.ids) {
			t.Fatalf("find(%q) = %v %v %v, want %v %v", k, ids, f, ok, p.ids, p.f)
		}
	}
	for range 200 {
		k := fmt.Sprintf("z:%x", rng.Uint64())
		if ids, _, ok := tab.find([]byte(k)); ok {
			t.Fatalf("find(%q) = %v, never added", k, ids)
		}
	}
}

// TestKeyTableCollisions: with a hash that gives many keys the same
// value, or the same high half (the slot's check) and different
// positions, or the same position and different high halves, every key
// keeps its own ids and factor, through the table's growth; and more
// distinct factors than a byte names are kept too.
func TestKeyTableCollisions(t *testing.T) {
	for name, h := range map[string]func(maphash.Seed, []byte) uint64{
		"one value":     func(maphash.Seed, []byte) uint64 { return 42 << 32 },
		"same high":     func(s maphash.Seed, b []byte) uint64 { return 7<<32 | maphash.Bytes(s, b)&slotIndex },
		"same position": func(s maphash.Seed, b []byte) uint64 { return maphash.Bytes(s, b) &^ slotIndex },
		"few values":    func(s maphash.Seed, b []byte) uint64 { return maphash.Bytes(s, b) % 13 * 0x9E3779B97F4A7C15 },
	} {
		t.Run(name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 9))
			tab := newKeyTable()
			tab.hash = h
			want := map[string]*post{}
			n := 3000
			if name == "one value" {
				n = 700 // every probe walks them all
			}
			for v := range int32(n) {
				for range 3 {
					x := rng.IntN(n)
					k := fmt.Sprintf("k:%d", x)
					f := float64(x%400) / 400 // 400 distinct factors: more than a byte names
					tab.add([]byte(k), f, v)
					if want[k] == nil {
						want[k] = &post{f: f}
					}
					want[k].ids = append(want[k].ids, v)
				}
			}
			tab.finish()
			if tab.len() != len(want) {
				t.Fatalf("%d keys, want %d", tab.len(), len(want))
			}
			checkKeyTable(t, tab, want, rng)
		})
	}
}
