package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/ownex/ownex/graph"
)

// loadPartial loads b as a version of list that skipped records (a list
// file not read whole) and returns what the load's Unconfirmed counted
// before Commit.
func loadPartial(t *testing.T, s graph.Store, list string, published graph.Date, b *graph.Batch) int {
	t.Helper()
	n := -1
	err := loadListVersion(t, s, list, published, b, 1, func(l graph.Load) {
		uc, ok := l.(graph.UnconfirmedCounter)
		if !ok {
			t.Fatalf("the store's load %T is not a graph.UnconfirmedCounter", l)
		}
		var err error
		if n, err = uc.Unconfirmed(context.Background()); err != nil {
			t.Fatalf("unconfirmed: %v", err)
		}
	})
	if err != nil {
		t.Fatalf("begin partial version of %s: %v", published, err)
	}
	return n
}

// testPartialListVersion: a list version that skipped records (issue 15,
// item 1) writes its additions and changes but closes nothing, and does
// not block a complete version of the same or an earlier date afterwards;
// the complete versions keep their order among themselves.
func testPartialListVersion(t *testing.T, s graph.Store) {
	if err := loadList(t, s, "test-list", "2024-01-01", listV1()); err != nil {
		t.Fatal(err)
	}
	// Version 2, read partially: l:2 and its holding are not restated.
	if n := loadPartial(t, s, "test-list", "2024-06-01", listV2()); n != 1 {
		t.Errorf("unconfirmed designations of the partial version = %d, want 1 (l:2)", n)
	}
	if got := designatedOn(t, s, "2024-07-01"); !reflect.DeepEqual(got, []string{"l:1", "l:2", "l:3"}) {
		t.Errorf("designated after the partial version = %v, want l:1, l:2 (not closed) and l:3 (added)", got)
	}
	if h := snapshot(t, s, "2024-07-01").Holdings; len(h) != 1 {
		t.Errorf("holdings after the partial version = %+v, want version 1's, not closed", h)
	}
	if name := detail(t, s, "l:1").Entity.Name; name != "New Name" {
		t.Errorf("l:1 after the partial version is named %q, want the change applied (New Name)", name)
	}
	log, err := s.Loads(context.Background())
	if err != nil || len(log) != 2 || !log[1].Partial() || log[0].Partial() {
		t.Errorf("load log %+v (%v): want the second load recorded as partial", log, err)
	}
	// A complete version of an earlier date than the partial one loads.
	if err := loadList(t, s, "test-list", "2024-03-01", listV1()); err != nil {
		t.Fatalf("a complete version older than a partial one must load: %v", err)
	}
	// The complete one of the partial version's date loads, and closes.
	if err := loadList(t, s, "test-list", "2024-06-01", listV2()); err != nil {
		t.Fatalf("the complete version of the partial one's date must load: %v", err)
	}
	if got := designatedOn(t, s, "2024-07-01"); !reflect.DeepEqual(got, []string{"l:1", "l:3"}) {
		t.Errorf("designated after the complete version 2 = %v, want l:1 and l:3", got)
	}
	if got := designatedOn(t, s, "2024-04-01"); !reflect.DeepEqual(got, []string{"l:1", "l:2"}) {
		t.Errorf("designated between the complete versions = %v, want l:1 and l:2", got)
	}
	// Complete versions still load in order: one older than 2024-06-01 is refused.
	err = loadList(t, s, "test-list", "2024-05-01", listV1())
	if !errors.Is(err, graph.ErrOlderVersion) {
		t.Errorf("a complete version older than a complete one: err = %v, want graph.ErrOlderVersion", err)
	}
	// A partial version is refused too when older than a complete one.
	l, err := s.Begin(context.Background(), listMeta("test-list", "2024-05-01"))
	if err == nil {
		l.Abort(context.Background(), errors.New("test: must have been refused"))
	}
	if !errors.Is(err, graph.ErrOlderVersion) {
		t.Errorf("any version older than a complete one: err = %v, want graph.ErrOlderVersion", err)
	}
}
