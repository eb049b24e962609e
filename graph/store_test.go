package graph

import (
	"reflect"
	"testing"
)

// TestStoreCapabilities: Store embeds every capability that both stores
// implement, so that a store lacking one fails to compile (each store
// asserts `var _ graph.Store = (*Store)(nil)`) instead of taking a slower
// path or refusing a command at run time; the capabilities of one store
// alone stay optional, outside Store (issue 18 item 6).
func TestStoreCapabilities(t *testing.T) {
	store := reflect.TypeFor[Store]()
	for _, c := range []struct {
		iface reflect.Type
		in    bool
	}{
		{reflect.TypeFor[Writer](), true},
		{reflect.TypeFor[Reader](), true},
		{reflect.TypeFor[Atomic](), true},
		{reflect.TypeFor[Migrator](), true},
		{reflect.TypeFor[Detailer](), true},
		{reflect.TypeFor[EntityLister](), true},
		{reflect.TypeFor[UpstreamDepther](), true},
		{reflect.TypeFor[Downstreamer](), true},
		{reflect.TypeFor[SameAsReplacer](), true},
		{reflect.TypeFor[RunStore](), true},
		{reflect.TypeFor[ChangeLog](), true},
		{reflect.TypeFor[SnapshotStreamer](), true},
		{reflect.TypeFor[UpstreamStreamer](), true},
		{reflect.TypeFor[ConeStreamer](), true},
		{reflect.TypeFor[Dumper](), false},       // SQLite's alone
		{reflect.TypeFor[VerdictStore](), false}, // Neo4j's alone
	} {
		if got := store.Implements(c.iface); got != c.in {
			t.Errorf("graph.Store implements %v: %v, want %v", c.iface, got, c.in)
		}
	}
}
