package queries

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/ownex/ownex/graph"
)

// entityArena keeps what resolve.PrepareRecord reads of each entity of a
// match index besides its ID and name (which indexed keeps): its kind,
// aliases, weak aliases, countries, identifiers and facts, encoded in
// chunks of bytes. The index keeps these few dozen bytes an entity instead
// of the entity's prepared names (about 0.8 kB each), and prepares a
// record again when a row's ranking makes it a candidate
// (matchIndex.record). Entities are numbered in the order they are added.
// Read-only once built; safe for concurrent reads.
//
// An entity's bytes are, in order: its kind, then the aliases, the weak
// aliases, the countries, the identifiers (scheme, value, country each)
// and the facts (type, value each), every list as its length and every
// string as its length and its bytes, lengths as uvarints. They never
// straddle two chunks.
type entityArena struct {
	chunks [][]byte
	at     []uint64 // entity i: chunk index << 32 | offset in the chunk
}

// arenaChunk is the size of a chunk; an entity larger than that has a
// chunk of its own.
const arenaChunk = 1 << 22

// add appends e's fields and returns nothing: e is entity number len(at).
func (a *entityArena) add(e *graph.Entity) {
	n := arenaSize(e)
	if len(a.chunks) == 0 || len(a.chunks[len(a.chunks)-1])+n > cap(a.chunks[len(a.chunks)-1]) {
		a.chunks = append(a.chunks, make([]byte, 0, max(n, arenaChunk)))
	}
	c := len(a.chunks) - 1
	b := a.chunks[c]
	a.at = append(a.at, uint64(c)<<32|uint64(len(b)))
	b = appendString(b, string(e.Kind))
	for _, l := range [][]string{e.Aliases, e.WeakAliases, e.Countries} {
		b = binary.AppendUvarint(b, uint64(len(l)))
		for _, s := range l {
			b = appendString(b, s)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(e.Identifiers)))
	for _, id := range e.Identifiers {
		b = appendString(appendString(appendString(b, id.Scheme), id.Value), id.Country)
	}
	b = binary.AppendUvarint(b, uint64(len(e.Facts)))
	for _, f := range e.Facts {
		b = appendString(appendString(b, f.Type), f.Value)
	}
	a.chunks[c] = b
}

// arenaSize bounds the bytes add writes for e.
func arenaSize(e *graph.Entity) int {
	n := 6*binary.MaxVarintLen64 + len(e.Kind)
	for _, l := range [][]string{e.Aliases, e.WeakAliases, e.Countries} {
		for _, s := range l {
			n += binary.MaxVarintLen64 + len(s)
		}
	}
	for _, id := range e.Identifiers {
		n += 3*binary.MaxVarintLen64 + len(id.Scheme) + len(id.Value) + len(id.Country)
	}
	for _, f := range e.Facts {
		n += 2*binary.MaxVarintLen64 + len(f.Type) + len(f.Value)
	}
	return n
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// errArena reports bytes that add did not write: a bug, never bad input.
var errArena = errors.New("queries: match index: entity arena damaged")

// entity returns entity i with the given ID and name, and the fields add
// kept; strings are copied out of the arena.
func (a *entityArena) entity(i int32, id, name string) (graph.Entity, error) {
	at := a.at[i]
	r := arenaReader{b: a.chunks[at>>32][uint32(at):]}
	e := graph.Entity{ID: id, Name: name, Kind: graph.Kind(r.str())}
	for _, l := range []*[]string{&e.Aliases, &e.WeakAliases, &e.Countries} {
		if n := r.count(); n > 0 {
			*l = make([]string, n)
			for k := range *l {
				(*l)[k] = r.str()
			}
		}
	}
	if n := r.count(); n > 0 {
		e.Identifiers = make([]graph.Identifier, n)
		for k := range e.Identifiers {
			e.Identifiers[k] = graph.Identifier{Scheme: r.str(), Value: r.str(), Country: r.str()}
		}
	}
	if n := r.count(); n > 0 {
		e.Facts = make([]graph.Fact, n)
		for k := range e.Facts {
			e.Facts[k] = graph.Fact{Type: r.str(), Value: r.str()}
		}
	}
	if r.bad {
		return graph.Entity{}, fmt.Errorf("%w (entity %s)", errArena, id)
	}
	return e, nil
}

// arenaReader reads what add wrote; bad is set past the end.
type arenaReader struct {
	b   []byte
	bad bool
}

func (r *arenaReader) count() int {
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > uint64(len(r.b)) { // every item takes at least one byte
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *arenaReader) str() string {
	l := r.count()
	if l > len(r.b) {
		r.bad, r.b = true, nil
		return ""
	}
	s := string(r.b[:l])
	r.b = r.b[l:]
	return s
}
