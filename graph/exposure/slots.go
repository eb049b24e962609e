package exposure

import (
	"math/bits"
	"slices"
)

// nodeSlots numbers the nodes that one run (or one UK closure) touches,
// 0, 1, 2... in the order it first touches them, so that the run keeps its
// per-node state in arrays indexed by slot: memory in proportion to the
// nodes it touches, a few thousand on a registry of millions, not to the
// graph. It is an open-addressing hash table (linear probing) from node to
// slot: an entry is (node + 1) << 32 | slot, 0 is empty, at a load of at
// most one half. A bit set of the nodes with a slot (one bit per node up to
// the largest) answers for the untouched nodes without a probe.
type nodeSlots struct {
	tab   []uint64
	shift uint     // 64 - log2(len(tab))
	nodes []int32  // node of each slot
	pos   []int32  // table position of each slot's entry
	seen  []uint64 // bit v is set when v has a slot
}

// slotOf returns v's slot, or -1 when v was not touched.
func (t *nodeSlots) slotOf(v int32) int32 {
	if t.has(v) {
		return t.probe(v)
	}
	return -1
}

// has reports whether v has a slot.
func (t *nodeSlots) has(v int32) bool {
	w := uint(uint32(v) >> 6)
	return w < uint(len(t.seen)) && t.seen[w]>>(uint32(v)&63)&1 != 0
}

// probe returns the slot of v, which has one.
func (t *nodeSlots) probe(v int32) int32 {
	key, mask := uint64(uint32(v)+1), len(t.tab)-1
	for i := t.home(v); ; i = (i + 1) & mask {
		if e := t.tab[i]; e>>32 == key {
			return int32(uint32(e))
		}
	}
}

// add returns v's slot, giving it the next one when v is new.
func (t *nodeSlots) add(v int32) (slot int32, isNew bool) {
	if 2*(len(t.nodes)+1) > len(t.tab) {
		t.grow()
	}
	key, mask := uint64(uint32(v)+1), len(t.tab)-1
	for i := t.home(v); ; i = (i + 1) & mask {
		e := t.tab[i]
		if e == 0 {
			slot = int32(len(t.nodes))
			t.tab[i] = key<<32 | uint64(slot)
			t.nodes, t.pos = append(t.nodes, v), append(t.pos, int32(i))
			t.mark(v)
			return slot, true
		}
		if e>>32 == key {
			return int32(uint32(e)), false
		}
	}
}

// sized makes room in the bit set for nodes 0 to n-1 (an n/8-byte
// allocation up front rather than several as the largest node grows).
func (t *nodeSlots) sized(n int) {
	if w := (n + 63) / 64; w > len(t.seen) {
		t.seen = append(t.seen, make([]uint64, w-len(t.seen))...)
	}
}

// mark sets v's bit in seen, growing it as needed.
func (t *nodeSlots) mark(v int32) {
	w := int(uint32(v) >> 6)
	if w >= len(t.seen) { // at least double: the largest node grows as the run goes
		t.seen = slices.Grow(t.seen, max(w+1, 2*len(t.seen))-len(t.seen))
		t.seen = t.seen[:cap(t.seen)]
	}
	t.seen[w] |= 1 << (uint32(v) & 63)
}

// home is v's home position (Fibonacci hashing).
func (t *nodeSlots) home(v int32) int {
	return int((uint64(uint32(v)) * 0x9e3779b97f4a7c15) >> t.shift)
}

// len returns the number of slots.
func (t *nodeSlots) len() int { return len(t.nodes) }

// grow doubles the table (16 entries at first).
func (t *nodeSlots) grow() {
	size := max(2*len(t.tab), 16)
	t.tab = make([]uint64, size)
	t.shift = uint(64 - bits.TrailingZeros(uint(size)))
	mask := size - 1
	for s, v := range t.nodes {
		i := t.home(v)
		for t.tab[i] != 0 {
			i = (i + 1) & mask
		}
		t.tab[i] = uint64(uint32(v)+1)<<32 | uint64(s)
		t.pos[s] = int32(i)
	}
}

// reset forgets every node, keeping the table's size.
func (t *nodeSlots) reset() {
	for _, i := range t.pos {
		t.tab[i] = 0
	}
	for _, v := range t.nodes {
		t.seen[uint32(v)>>6] = 0
	}
	t.nodes, t.pos = t.nodes[:0], t.pos[:0]
}
