package snapcache

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"

	"github.com/ownex/ownex/graph"
)

// The tables and relations sections in binary (format version 2; version 1
// had JSON, 0.4 s to decode at 10M generated entities). Relations: the
// numbers of designations,
// control edges and same-as links (uvarint), then each record's fields in
// the order below, a string as its length (uvarint) and its bytes, a score
// as its IEEE 754 bits (uint64). TestRelationsRoundTrip fills every field
// of the three types by reflection: a field added to them and not here
// fails it.

// appendStrs appends each string as its length (uvarint) and its bytes.
func appendStrs(b []byte, ss ...string) []byte {
	for _, s := range ss {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

// encodeTables returns the tables section's body: the numbers of
// arrangements, sources and spans (uvarint), then the strings, a span as
// its start and its end.
func encodeTables(t tables) []byte {
	var b []byte
	for _, n := range []int{len(t.Arrangements), len(t.Sources), len(t.Spans)} {
		b = binary.AppendUvarint(b, uint64(n))
	}
	b = appendStrs(b, t.Arrangements...)
	b = appendStrs(b, t.Sources...)
	for _, sp := range t.Spans {
		b = appendStrs(b, string(sp.Start), string(sp.End))
	}
	return b
}

// decodeTables decodes a tables body (the strings point into b).
func decodeTables(b []byte) (tables, error) {
	r := &relReader{b: b}
	na, ns, nsp := r.count(1), 0, 0
	if r.err == nil {
		ns = r.count(1)
	}
	if r.err == nil {
		nsp = r.count(2)
	}
	if r.err != nil {
		return tables{}, fmt.Errorf("tables: %w", r.err)
	}
	if na+ns+nsp > len(b) {
		return tables{}, fmt.Errorf("tables: %d entries in %d bytes", na+ns+nsp, len(b))
	}
	t := tables{Arrangements: make([]string, na), Sources: make([]string, ns), Spans: make([]graph.Span, nsp)}
	for i := range t.Arrangements {
		t.Arrangements[i] = r.str()
	}
	for i := range t.Sources {
		t.Sources[i] = r.str()
	}
	for i := range t.Spans {
		t.Spans[i] = graph.Span{Start: graph.Date(r.str()), End: graph.Date(r.str())}
	}
	if r.err != nil {
		return tables{}, fmt.Errorf("tables: %w", r.err)
	}
	if len(r.b) > 0 {
		return tables{}, fmt.Errorf("tables: %d bytes after the entries", len(r.b))
	}
	return t, nil
}

// encodeRelations returns r's section body.
func encodeRelations(r relations) []byte {
	var b []byte
	str := func(ss ...string) { b = appendStrs(b, ss...) }
	for _, n := range []int{len(r.Designations), len(r.Controls), len(r.SameAs)} {
		b = binary.AppendUvarint(b, uint64(n))
	}
	for _, d := range r.Designations {
		str(d.Entity, string(d.Regime), d.Program, string(d.Listed), string(d.Delisted), d.Source, d.Record)
	}
	for _, k := range r.Controls {
		str(k.Controller, k.Controlled, string(k.Basis), k.Ref, string(k.Start), string(k.End), k.Source, k.Record)
	}
	for _, l := range r.SameAs {
		str(l.A, l.B, l.Method)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(l.Score))
		str(string(l.Strength), l.Evidence, l.Source, l.Record)
	}
	return b
}

// relReader reads a relations body; its strings point into the body.
type relReader struct {
	b   []byte
	err error
}

var errShort = errors.New("relations: body too short")

func (r *relReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err, r.b = errShort, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *relReader) str() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.err, r.b = errShort, nil
		return ""
	}
	var s string
	if n > 0 {
		s = unsafe.String(&r.b[0], int(n))
	}
	r.b = r.b[n:]
	return s
}

func (r *relReader) f64() float64 {
	if len(r.b) < 8 {
		r.err, r.b = errShort, nil
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

// count reads a number of records, each of at least min bytes.
func (r *relReader) count(min int) int {
	n := r.uvarint()
	if r.err == nil && n > uint64(len(r.b)/min) {
		r.err = fmt.Errorf("relations: %d records in %d bytes", n, len(r.b))
	}
	return int(n)
}

// decodeRelations decodes a relations body (the strings point into b).
func decodeRelations(b []byte) (relations, error) {
	r := &relReader{b: b}
	var out relations
	nd, nc, ns := r.count(1), 0, 0
	if r.err == nil {
		nc = r.count(1)
	}
	if r.err == nil {
		ns = r.count(1)
	}
	if r.err != nil {
		return relations{}, r.err
	}
	if nd+nc+ns > len(b) {
		return relations{}, fmt.Errorf("relations: %d records in %d bytes", nd+nc+ns, len(b))
	}
	out.Designations = make([]graph.Designation, nd)
	for i := range out.Designations {
		d := &out.Designations[i]
		d.Entity, d.Regime, d.Program = r.str(), graph.Regime(r.str()), r.str()
		d.Listed, d.Delisted, d.Source, d.Record = graph.Date(r.str()), graph.Date(r.str()), r.str(), r.str()
	}
	out.Controls = make([]graph.Control, nc)
	for i := range out.Controls {
		k := &out.Controls[i]
		k.Controller, k.Controlled, k.Basis, k.Ref = r.str(), r.str(), graph.Basis(r.str()), r.str()
		k.Start, k.End, k.Source, k.Record = graph.Date(r.str()), graph.Date(r.str()), r.str(), r.str()
	}
	out.SameAs = make([]graph.SameAs, ns)
	for i := range out.SameAs {
		l := &out.SameAs[i]
		l.A, l.B, l.Method, l.Score = r.str(), r.str(), r.str(), r.f64()
		l.Strength, l.Evidence, l.Source, l.Record = graph.LinkStrength(r.str()), r.str(), r.str(), r.str()
	}
	if r.err != nil {
		return relations{}, r.err
	}
	if len(r.b) > 0 {
		return relations{}, fmt.Errorf("relations: %d bytes after the records", len(r.b))
	}
	return out, nil
}
