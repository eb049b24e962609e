package storetest

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/ownex/ownex/graph"
)

// LegacyLink is a same-as link as an ownex before link strengths (issue
// 13) stored it, with the strength that opening the store must give it.
type LegacyLink struct {
	A, B, Method, Source, Record string
	Want                         graph.LinkStrength
}

// LegacyLinks are the links of the stores' migration tests: the old
// resolver's name and identifier links and the ingesters'
// cross-references. Ends are in byte order.
func LegacyLinks() []LegacyLink {
	return []LegacyLink{
		{"gb:1", "sdn:1", "name", "resolve", "Abdul Samad ~ Abdul Samad", graph.StrengthPossible},
		{"gb:2", "sdn:2", "name", "resolve", "Acme Holdings Ltd ~ Acme Holdings Limited", graph.StrengthPossible},
		{"gb:3", "sdn:3", "identifier:lei", "resolve", "lei:5493001KJTIIGC8Y1R12", graph.StrengthStrong},
		{"eu:1", "un:1", "un-reference", "eu", "EU.1.2", graph.StrengthStrong},
		{"os:1", "os:2", "referent", "opensanctions", "os:1", graph.StrengthStrong},
	}
}

// CheckMigrated checks a store opened on LegacyLinks: each link has the
// strength it must have and its record as evidence, and notices (the
// store's Migrations) say what was done.
func CheckMigrated(t testing.TB, s graph.Store, notices []string) {
	t.Helper()
	want := []string{
		"migrated 2 same-as name links to possible links (issue 13: a name match alone never merges parties); " +
			"run `ownex resolve` again to corroborate them",
		"migrated 3 same-as links from shared identifiers and sources' cross-references to strong links",
	}
	if !slices.Equal(notices, want) {
		t.Errorf("notices = %q, want %q", notices, want)
	}
	snap, err := s.Snapshot(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	got, wantLinks := map[[2]string]string{}, map[[2]string]string{}
	for _, l := range snap.SameAs {
		got[l.Pair()] = l.Method + " " + string(l.Strength) + ": " + l.Evidence
	}
	for _, l := range LegacyLinks() {
		wantLinks[[2]string{l.A, l.B}] = l.Method + " " + string(l.Want) + ": " + l.Record
	}
	if !reflect.DeepEqual(got, wantLinks) {
		t.Errorf("migrated links = %v, want %v", got, wantLinks)
	}
}
