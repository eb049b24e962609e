package sqlite

import "hash/maphash"

// idSet is a set of strings (entity ids) for a load's bookkeeping: which
// ids have an entity row, which entities have aliases. It holds millions
// of ids in about 16 bytes of table plus the bytes of the id each, and
// without pointers, so that the garbage collector never scans it (a
// map[string]struct{} of the same ids takes about three times the memory
// and is scanned at every cycle of a load that allocates a lot).
//
// The ids are copied into chunks of an arena; the table is open
// addressing with linear probing, at most three quarters full, each slot
// packing a 16-bit tag of the
// id's hash, its length and its offset in the arena (0 is an empty slot).
// Ids longer than maxSetID bytes, and the empty id, are never added:
// has reports false for them, which for the load's sets only means that
// the database is asked.
type idSet struct {
	seed   maphash.Seed
	slots  []uint64
	chunks [][]byte
	n      int
	max    int // n stops growing at max ids
}

const (
	maxSetID   = 255
	chunkBits  = 20 // arena chunks of 1 MiB
	chunkSize  = 1 << chunkBits
	offsetBits = 40
	lenShift   = offsetBits
	tagShift   = offsetBits + 8
	offsetMask = 1<<offsetBits - 1
)

func newIDSet(max int) *idSet {
	return &idSet{seed: maphash.MakeSeed(), slots: make([]uint64, 1024), max: max}
}

// len returns the number of ids in s.
func (s *idSet) len() int { return s.n }

// full reports whether s holds its maximum number of ids.
func (s *idSet) full() bool { return s.n >= s.max }

func (s *idSet) tag(h uint64) uint64 { return h>>48 | 1 } // never 0

func (s *idSet) bytes(slot uint64) []byte {
	off := slot & offsetMask
	n := int(slot >> lenShift & 0xff)
	c := s.chunks[off>>chunkBits]
	p := int(off & (chunkSize - 1))
	return c[p : p+n]
}

// find returns the index of id's slot and whether id is there (else the
// index is that of the empty slot where it would go).
func (s *idSet) find(id string, h uint64) (int, bool) {
	mask := uint64(len(s.slots) - 1)
	tag := s.tag(h)
	for i := h & mask; ; i = (i + 1) & mask {
		v := s.slots[i]
		if v == 0 {
			return int(i), false
		}
		if v>>tagShift == tag && int(v>>lenShift&0xff) == len(id) && string(s.bytes(v)) == id {
			return int(i), true
		}
	}
}

// has reports whether id is in s.
func (s *idSet) has(id string) bool {
	if s.n == 0 || len(id) == 0 || len(id) > maxSetID {
		return false
	}
	_, ok := s.find(id, maphash.String(s.seed, id))
	return ok
}

// add adds id to s, unless s is full or id cannot be held; it reports
// whether id is in s afterwards.
func (s *idSet) add(id string) bool {
	if len(id) == 0 || len(id) > maxSetID {
		return false
	}
	h := maphash.String(s.seed, id)
	i, ok := s.find(id, h)
	if ok {
		return true
	}
	if s.full() {
		return false
	}
	s.slots[i] = s.tag(h)<<tagShift | uint64(len(id))<<lenShift | s.store(id)
	s.n++
	if 4*s.n > 3*len(s.slots) {
		s.grow()
	}
	return true
}

// store copies id into the arena and returns its offset.
func (s *idSet) store(id string) uint64 {
	last := len(s.chunks) - 1
	if last < 0 || len(s.chunks[last])+len(id) > chunkSize {
		s.chunks = append(s.chunks, make([]byte, 0, chunkSize))
		last++
	}
	c := s.chunks[last]
	off := uint64(last)<<chunkBits | uint64(len(c))
	s.chunks[last] = append(c, id...)
	return off
}

// grow doubles the table.
func (s *idSet) grow() {
	old := s.slots
	s.slots = make([]uint64, 2*len(old))
	mask := uint64(len(s.slots) - 1)
	for _, v := range old {
		if v == 0 {
			continue
		}
		h := maphash.Bytes(s.seed, s.bytes(v))
		i := h & mask
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = v
	}
}
