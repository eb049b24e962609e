package neo4j

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/ownex/ownex/graph"
)

// TestEntityOrder: entityOrder turns both the UTF-16 order of Cypher's
// ORDER BY and byte order into byte order.
func TestEntityOrder(t *testing.T) {
	ids := []string{"a", "b\U0001F600", "b\uFFFD", "b\uE000x", "b\U0001F600\U0001F601", "c", "\U0001F600", "\uFFFF",
		"é", "\u00e9\U00010000", "\u00e9\uE000", "z", "\U0010FFFF", "\uD7FF"}
	want := slices.Sorted(slices.Values(ids)) // Go compares strings bytewise
	utf16Order := slices.Clone(ids)
	slices.SortFunc(utf16Order, func(a, b string) int {
		return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
	})
	if slices.Equal(utf16Order, want) {
		t.Fatal("fixture: the two orders should differ")
	}
	for _, in := range [][]string{utf16Order, want} {
		var got []string
		o := entityOrder{emit: func(r graph.EntityRow) error {
			got = append(got, string(r.ID)+"|"+string(r.Name))
			return nil
		}}
		for _, id := range in {
			if err := o.add(id, "n"+id); err != nil {
				t.Fatal(err)
			}
		}
		if err := o.flush(); err != nil {
			t.Fatal(err)
		}
		var w []string
		for _, id := range want {
			w = append(w, id+"|n"+id)
		}
		if !slices.Equal(got, w) {
			t.Errorf("from %q:\ngot  %q\nwant %q", in, got, w)
		}
	}
	// A server order that is neither is refused, not passed on.
	o := entityOrder{emit: func(graph.EntityRow) error { return nil }}
	if err := o.add("b", ""); err != nil {
		t.Fatal(err)
	}
	if err := o.add("a", ""); err == nil || !strings.Contains(err.Error(), "not in ID order") {
		t.Errorf("out of order: err %v", err)
	}
}

// TestSafeBound: a range bound keeps the ID up to its first character from
// U+E000 up, where Neo4j's two string orders may disagree.
func TestSafeBound(t *testing.T) {
	for _, c := range []struct{ id, want string }{
		{"gen:00500000", "gen:00500000"},
		{"t:é", "t:é"},
		{"t:\uD7FFx", "t:\uD7FFx"},
		{"t:\uE000", "t:"},
		{"t:\uFFFDz", "t:"},
		{"t:a\U0001F600b", "t:a"},
		{"\U0001F600", ""},
	} {
		if got := safeBound(c.id); got != c.want {
			t.Errorf("safeBound(%q) = %q, want %q", c.id, got, c.want)
		}
	}
}
