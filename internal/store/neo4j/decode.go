package neo4j

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/ownex/ownex/graph"
)

// Decoding what the store reads. Nothing is ever read as a zero value: a
// property that an element must have (an entity's name, a holding's
// share_max, …) and that is missing, or any property of the wrong type,
// fails the read with an error that names the element and the property
// ("stored OWNS relationship "A" -> "B" (source "s", record "r"):
// property share_max is missing"). Only the properties documented as
// optional below read as "" or nil, and only when they are absent.

// fields decodes the values of one record, whose columns are named by
// names ("a.id", "r.share_max"). The getters take a column position; the
// first missing or mistyped value is kept, and check reports it.
type fields struct {
	names []string
	v     []any
	bad   int // the first bad column, or -1
	why   string
}

func newFields(names []string, v []any) fields {
	if len(v) != len(names) {
		return fields{names: names, v: make([]any, len(names)), bad: 0,
			why: fmt.Sprintf("cannot be read: the statement returned %d columns, not %d", len(v), len(names))}
	}
	return fields{names: names, v: v, bad: -1}
}

// colNames splits the RETURN list of a statement ("a.id, r.start") into
// the names of its columns.
func colNames(list string) []string { return strings.Split(list, ", ") }

func (f *fields) fail(i int, why string) {
	if f.bad < 0 {
		f.bad, f.why = i, why
	}
}

// value returns column i, noting a missing one when it is required.
func (f *fields) value(i int, required bool) (any, bool) {
	x := f.v[i]
	if x == nil {
		if required {
			f.fail(i, "is missing")
		}
		return nil, false
	}
	return x, true
}

func (f *fields) mistyped(i int, x any, want string) {
	f.fail(i, fmt.Sprintf("is %s, not %s", typeName(x), want))
}

// typeName names the Cypher type of a value the driver returned.
func typeName(x any) string {
	switch x.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "a map"
	}
	return fmt.Sprintf("a %T", x)
}

// str reads a required string column.
func (f *fields) str(i int) string { return f.text(i, true) }

// opt reads an optional string column: absent reads as "".
func (f *fields) opt(i int) string { return f.text(i, false) }

func (f *fields) text(i int, required bool) string { return scalar[string](f, i, required, "a string") }

// int reads a required integer column.
func (f *fields) int(i int) int64 { return scalar[int64](f, i, true, "an integer") }

// float reads a required float column.
func (f *fields) float(i int) float64 { return scalar[float64](f, i, true, "a float") }

// scalar reads column i as a T (the driver's type for a Cypher value,
// named want), noting it when missing and required or of another type.
func scalar[T any](f *fields, i int, required bool, want string) T {
	var v T
	x, ok := f.value(i, required)
	if !ok {
		return v
	}
	if v, ok = x.(T); !ok {
		f.mistyped(i, x, want)
	}
	return v
}

// time reads an RFC 3339 time stored as a string; absent reads as the
// zero time unless required.
func (f *fields) time(i int, required bool) time.Time {
	s := f.text(i, required)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		f.fail(i, fmt.Sprintf("is %q, not an RFC 3339 time", s))
	}
	return t
}

// list reads a list of strings; absent reads as nil unless required.
func (f *fields) list(i int, required bool) []string {
	x, ok := f.value(i, required)
	if !ok {
		return nil
	}
	xs, ok := x.([]any)
	if !ok {
		f.mistyped(i, x, "a list of strings")
		return nil
	}
	if len(xs) == 0 {
		return nil
	}
	out := make([]string, len(xs))
	for j, y := range xs {
		s, ok := y.(string)
		if !ok {
			f.fail(i, fmt.Sprintf("has %s at position %d, not a string", typeName(y), j))
			return nil
		}
		out[j] = s
	}
	return out
}

// pct reads a required share bound (graph.Pct).
func (f *fields) pct(i int) graph.Pct { return graph.Pct(f.int(i)) }

// open reads a share_open / votes_open bitmask and applies it to r. A
// missing property (a relationship written by an ownex before open
// bounds) is a closed range; any other value than 0-3 is an error.
func (f *fields) open(i int, r graph.Range) graph.Range {
	x, ok := f.value(i, false)
	if !ok {
		return r
	}
	b, ok := x.(int64)
	switch {
	case !ok:
		f.mistyped(i, x, "an integer")
	case b < 0 || b > openLo|openHi:
		f.fail(i, fmt.Sprintf("is %d, not a bitmask of open bounds (0 to 3)", b))
	}
	return withOpen(r, b)
}

// check returns nil, or the first missing or mistyped property as an
// error naming the element, which elem describes (called only then).
func (f *fields) check(elem func() string) error {
	if f.bad < 0 {
		return nil
	}
	name := f.names[f.bad]
	if i := strings.LastIndexByte(name, '.'); i >= 0 && !strings.ContainsAny(name, " (") {
		name = name[i+1:]
	}
	return fmt.Errorf("stored %s: property %s %s", elem(), name, f.why)
}

// ends describes a relationship by its ends and provenance.
func ends(typ, from, to string, p graph.Provenance) string {
	return fmt.Sprintf("%s relationship %q -> %q (source %q, record %q)", typ, from, to, p.Source, p.Record)
}

func (f *fields) prov(source, record int) graph.Provenance {
	return graph.Provenance{Source: f.opt(source), Record: f.opt(record)}
}

// entityReadCols are the columns entityOf decodes: id, name and kind are
// required; countries, source, record and aliases optional (a stub has
// none).
const entityReadCols = `e.id, e.name, e.kind, e.countries, e.source, e.record, e.aliases`

var entityNames = colNames(entityReadCols)

// entityOf decodes the first len(entityNames) columns of v.
func entityOf(v []any) (graph.Entity, error) {
	f := newFields(entityNames, v[:min(len(v), len(entityNames))])
	e := graph.Entity{ID: f.str(0), Name: f.str(1), Kind: graph.Kind(f.str(2)), Countries: f.list(3, false),
		Provenance: f.prov(4, 5), Aliases: f.list(6, false)}
	return e, f.check(func() string { return fmt.Sprintf("entity %q", e.ID) })
}

// designationCols: entity and regime are required; program, listed,
// delisted, source and record optional.
const designationCols = `a.id, r.regime, r.program, r.listed, r.delisted, r.source, r.record`

var designationNames = colNames(designationCols)

func designationOf(v []any) (graph.Designation, error) {
	f := newFields(designationNames, v)
	d := graph.Designation{Entity: f.str(0), Regime: graph.Regime(f.str(1)), Program: f.opt(2),
		Listed: graph.Date(f.opt(3)), Delisted: graph.Date(f.opt(4)), Provenance: f.prov(5, 6)}
	return d, f.check(func() string {
		return fmt.Sprintf("DESIGNATED relationship of %q by %q (source %q, record %q)", d.Entity, d.Regime, d.Source, d.Record)
	})
}

// holdingCols: the ends and the four share and vote bounds are required;
// arrangement, start, end, source and record optional; share_open and
// votes_open as open reads them.
const holdingCols = `a.id, b.id, r.share_min, r.share_max, r.votes_min, r.votes_max, r.arrangement, r.start, r.end, ` +
	`r.source, r.record, r.share_open, r.votes_open`

var holdingNames = colNames(holdingCols)

func holdingOf(v []any) (graph.Holding, error) {
	f := newFields(holdingNames, v)
	h := graph.Holding{Owner: f.str(0), Owned: f.str(1),
		Share:       f.open(11, graph.Range{Lo: f.pct(2), Hi: f.pct(3)}),
		Votes:       f.open(12, graph.Range{Lo: f.pct(4), Hi: f.pct(5)}),
		Arrangement: f.opt(6), Span: graph.Span{Start: graph.Date(f.opt(7)), End: graph.Date(f.opt(8))},
		Provenance: f.prov(9, 10)}
	return h, f.check(func() string { return ends("OWNS", h.Owner, h.Owned, h.Provenance) })
}

// Bits of the share_open and votes_open properties: which bounds of the
// range are open. A missing property (a relationship written by an older
// ownex) is a closed range (fields.open).
const (
	openLo = 1
	openHi = 2
)

// openBits returns the share_open / votes_open value of r.
func openBits(r graph.Range) int64 {
	var b int64
	if r.LoOpen {
		b |= openLo
	}
	if r.HiOpen {
		b |= openHi
	}
	return b
}

// withOpen returns r with the openness of a share_open / votes_open value.
func withOpen(r graph.Range, b int64) graph.Range {
	r.LoOpen, r.HiOpen = b&openLo != 0, b&openHi != 0
	return r
}

// controlCols: the ends and the basis are required; start, end, source
// and record optional.
const controlCols = `a.id, b.id, r.basis, r.start, r.end, r.source, r.record`

var controlNames = colNames(controlCols)

func controlOf(v []any) (graph.Control, error) {
	f := newFields(controlNames, v)
	c := graph.Control{Controller: f.str(0), Controlled: f.str(1), Basis: graph.Basis(f.str(2)),
		Span: graph.Span{Start: graph.Date(f.opt(3)), End: graph.Date(f.opt(4))}, Provenance: f.prov(5, 6)}
	return c, f.check(func() string { return ends("CONTROLS", c.Controller, c.Controlled, c.Provenance) })
}

// sameAsCols are the columns sameAsOf decodes, of a link r from a to b:
// the ends, method, score and strength are required; evidence, source
// and record optional.
const sameAsCols = `a.id, b.id, r.method, r.score, r.source, r.record, r.strength, r.evidence`

var sameAsNames = colNames(sameAsCols)

// sameAsOf decodes sameAsCols. A missing or unknown strength is an error
// naming the link.
func sameAsOf(v []any) (graph.SameAs, error) {
	f := newFields(sameAsNames, v)
	s := graph.SameAs{A: f.str(0), B: f.str(1), Method: f.str(2), Score: f.float(3), Provenance: f.prov(4, 5),
		Strength: graph.LinkStrength(f.opt(6)), Evidence: f.opt(7)}
	if err := f.check(func() string { return ends("SAME_AS", s.A, s.B, s.Provenance) }); err != nil {
		return graph.SameAs{}, err
	}
	if err := s.CheckStrength(); err != nil {
		return graph.SameAs{}, fmt.Errorf("stored %w", err)
	}
	return s, nil
}

// linkCols: from and type are required; to (null for a mention),
// to_name, start, end, source and record optional.
const linkCols = `a.id, CASE WHEN b:Entity THEN b.id ELSE null END, r.to_name, r.type, r.start, r.end, r.source, r.record`

var linkNames = colNames(linkCols)

func linkOf(v []any) (graph.Link, error) {
	f := newFields(linkNames, v)
	l := graph.Link{From: f.str(0), To: f.opt(1), ToName: f.opt(2), Type: graph.LinkType(f.str(3)),
		Span: graph.Span{Start: graph.Date(f.opt(4)), End: graph.Date(f.opt(5))}, Provenance: f.prov(6, 7)}
	return l, f.check(func() string { return ends("LINKED", l.From, l.To+l.ToName, l.Provenance) })
}

// identifierOf decodes one [scheme, value, country] of an entity's
// identifiers (country coalesced to ""): every part is required.
func identifierOf(entity string, x any) (graph.Identifier, error) {
	parts, ok := x.([]any)
	if !ok || len(parts) != 3 {
		return graph.Identifier{}, fmt.Errorf("stored identifier of entity %q: is %s, not [scheme, value, country]", entity, typeName(x))
	}
	f := newFields(identifierNames, parts)
	id := graph.Identifier{Scheme: f.str(0), Value: f.str(1), Country: f.str(2)}
	return id, f.check(func() string { return fmt.Sprintf("identifier %s:%s of entity %q", id.Scheme, id.Value, entity) })
}

var identifierNames = []string{"i.scheme", "i.value", "i.country"}

// decodeContent fills e from the canonical content (graph.Entity.Content)
// stored on the node, keeping e's id and provenance. Content that is not
// an entity's JSON is an error naming the entity.
func decodeContent(content string, e *graph.Entity) error {
	var c graph.Entity
	if err := json.Unmarshal([]byte(content), &c); err != nil {
		return fmt.Errorf("stored entity %q: property content is not an entity's JSON: %w", e.ID, err)
	}
	c.ID, c.Provenance = e.ID, e.Provenance
	*e = c
	return nil
}

// countOf decodes the single integer column of a count or an id.
func countOf(what string, v []any) (int64, error) {
	if len(v) != 1 {
		return 0, fmt.Errorf("%s: the statement returned %d columns, not 1", what, len(v))
	}
	n, ok := v[0].(int64)
	if !ok {
		if v[0] == nil {
			return 0, fmt.Errorf("%s is missing", what)
		}
		return 0, fmt.Errorf("%s is %s, not an integer", what, typeName(v[0]))
	}
	return n, nil
}

// idOf decodes a column that is an entity's id.
func idOf(x any) (string, error) {
	s, ok := x.(string)
	if !ok {
		if x == nil {
			return "", fmt.Errorf("stored entity without an id")
		}
		return "", fmt.Errorf("stored entity whose id is %s, not a string", typeName(x))
	}
	return s, nil
}
