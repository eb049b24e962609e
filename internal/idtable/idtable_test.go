package idtable

import (
	"fmt"
	"testing"
)

// TestTable: every ID inserted is found at its position through growth, a
// repeated ID keeps its first position, an absent one is -1, and FindBatch
// agrees with Find.
func TestTable(t *testing.T) {
	var ids []string
	tab := New(0)
	for i := range 5000 {
		ids = append(ids, fmt.Sprintf("id-%d", i%4000))
		v := int32(len(ids) - 1)
		got := tab.Insert(ids, v)
		if want := int32(i % 4000); got != want {
			t.Fatalf("insert %q: %d, want %d", ids[v], got, want)
		}
	}
	if tab.Len() != 4000 || tab.Slots() < 8000 {
		t.Fatalf("%d IDs in %d slots", tab.Len(), tab.Slots())
	}
	keys := []string{"id-0", "id-3999", "nope", "id-17"}
	out := make([]int32, len(keys))
	tab.FindBatch(ids, keys, out)
	for j, k := range keys {
		if f := tab.Find(ids, k); f != out[j] {
			t.Errorf("%q: Find %d, FindBatch %d", k, f, out[j])
		}
	}
	if out[0] != 0 || out[1] != 3999 || out[2] != -1 || out[3] != 17 {
		t.Errorf("FindBatch %v", out)
	}
}
