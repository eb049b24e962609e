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
		type post struct {
			f   float64
			ids []int32
		}
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
		for _, finished := range []bool{false, true} {
			if finished {
				tab.finish()
			}
			for k, p := range want {
				ids, f, ok := tab.find([]byte(k))
				if !ok || f != p.f || !slices.Equal(ids, p.ids) {
					t.Fatalf("seed %d, finished %v: find(%q) = %v %v %v, want %v %v", seed, finished, k, ids, f, ok, p.ids, p.f)
				}
			}
			for range 200 {
				k := fmt.Sprintf("z:%x", rng.Uint64())
				if ids, _, ok := tab.find([]byte(k)); ok {
					t.Fatalf("seed %d: find(%q) = %v, never added", seed, k, ids)
				}
			}
		}
	}
}

// TestKeyTableSpill makes a key's hash collide with an earlier key's (by
// filing the earlier key under the later one's hash too): both keys keep
// their own ids.
func TestKeyTableSpill(t *testing.T) {
	tab := newKeyTable()
	tab.add([]byte("t:alpha"), resolve.KeyToken, 1)
	tab.byHash[maphash.Bytes(tab.seed, []byte("t:beta"))] = 0 // alpha's posting
	tab.add([]byte("t:beta"), resolve.KeyToken, 2)
	tab.add([]byte("t:beta"), resolve.KeyToken, 3)
	tab.add([]byte("t:alpha"), resolve.KeyToken, 4)
	tab.finish()
	for _, c := range []struct {
		key string
		ids []int32
	}{{"t:alpha", []int32{1, 4}}, {"t:beta", []int32{2, 3}}} {
		ids, _, ok := tab.find([]byte(c.key))
		if !ok || !slices.Equal(ids, c.ids) {
			t.Errorf("find(%q) = %v %v, want %v", c.key, ids, ok, c.ids)
		}
	}
	if len(tab.spill) != 1 || tab.len() != 2 {
		t.Errorf("%d spilled, %d keys; want 1 and 2", len(tab.spill), tab.len())
	}
	if _, _, ok := tab.find([]byte("t:gamma")); ok {
		t.Error("found a key never added")
	}
}
