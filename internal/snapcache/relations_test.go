package snapcache

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/ownex/ownex/graph"
)

// fill sets every field of the struct v points to, recursively, to a value
// of its own: strings to distinct texts, floats to distinct fractions.
func fill(t *testing.T, v reflect.Value, n *int) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			fill(t, v.Field(i), n)
		}
	case reflect.String:
		*n++
		v.SetString(fmt.Sprintf("f%d ü", *n))
	case reflect.Float64:
		*n++
		v.SetFloat(float64(*n) + 0.25)
	default:
		t.Fatalf("a field of kind %s: teach encodeRelations and this test about it", v.Kind())
	}
}

// TestRelationsRoundTrip: every field of every relation type survives the
// binary relations section (a field added to graph.Designation,
// graph.Control or graph.SameAs and not to the codec fails here), and a
// body cut anywhere or followed by more bytes is refused.
func TestRelationsRoundTrip(t *testing.T) {
	n := 0
	var r relations
	for range 2 {
		var d graph.Designation
		var k graph.Control
		var l graph.SameAs
		for _, p := range []any{&d, &k, &l} {
			fill(t, reflect.ValueOf(p).Elem(), &n)
		}
		r.Designations, r.Controls, r.SameAs = append(r.Designations, d), append(r.Controls, k), append(r.SameAs, l)
	}
	b := encodeRelations(r)
	got, err := decodeRelations(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, r)
	}
	for i := range len(b) {
		if _, err := decodeRelations(b[:i]); err == nil {
			t.Fatalf("a body cut at %d of %d was taken", i, len(b))
		}
	}
	if _, err := decodeRelations(append(b, 0)); err == nil {
		t.Fatal("a body with a byte more was taken")
	}
	empty, err := decodeRelations(encodeRelations(relations{}))
	if err != nil || len(empty.Designations)+len(empty.Controls)+len(empty.SameAs) != 0 {
		t.Fatalf("no relations: %+v, %v", empty, err)
	}
}

// TestTablesRoundTrip: the tables section keeps every entry, empty ones
// too, and refuses a body cut anywhere or followed by more bytes.
func TestTablesRoundTrip(t *testing.T) {
	tab := tables{Arrangements: []string{"j1", ""}, Sources: []string{"reg", "über"},
		Spans: []graph.Span{{Start: "2020-01-01"}, {End: "2024-01-01"}, {Start: "2021-01-01", End: "2022-01-01"}}}
	b := encodeTables(tab)
	got, err := decodeTables(b)
	if err != nil || !reflect.DeepEqual(got, tab) {
		t.Fatalf("round trip: %+v, %v; want %+v", got, err, tab)
	}
	for i := range len(b) {
		if _, err := decodeTables(b[:i]); err == nil {
			t.Fatalf("a body cut at %d of %d was taken", i, len(b))
		}
	}
	if _, err := decodeTables(append(b, 0)); err == nil {
		t.Fatal("a body with a byte more was taken")
	}
}
