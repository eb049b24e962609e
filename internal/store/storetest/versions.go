package storetest

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/ownex/ownex/graph"
)

// The part of the contract about sanctions lists: rich entity records,
// links, list versions that close what disappeared without deleting it,
// earlier versions of a record readable for as-of questions, and the
// entity detail behind `ownex show`.

func listMeta(list string, published graph.Date) graph.LoadMeta {
	m := meta(list + "@" + string(published))
	m.Source, m.List, m.Published = list, list, published
	return m
}

func loadList(t *testing.T, s graph.Store, list string, published graph.Date, b *graph.Batch) error {
	t.Helper()
	return loadListVersion(t, s, list, published, b, 0, nil)
}

// loadListVersion loads b as a version of list whose load skipped
// skipped records, calling beforeCommit (if not nil) with the load once b
// is written.
func loadListVersion(t *testing.T, s graph.Store, list string, published graph.Date, b *graph.Batch, skipped int,
	beforeCommit func(graph.Load)) error {
	t.Helper()
	ctx := context.Background()
	l, err := s.Begin(ctx, listMeta(list, published))
	if err != nil {
		return err
	}
	if err := l.Write(ctx, b); err != nil {
		t.Fatalf("write: %v", err)
	}
	if beforeCommit != nil {
		beforeCommit(l)
	}
	var c graph.Counts
	c.Add(b)
	if err := l.Commit(ctx, c, skipped); err != nil {
		t.Fatalf("commit: %v", err)
	}
	return nil
}

func listProv(rec string) graph.Provenance { return graph.Provenance{Source: "test-list", Record: rec} }

// listV1 and listV2 are two versions of one list: L2 disappears in v2, L3
// appears, L1 is renamed and loses its linked-to relation.
func listV1() *graph.Batch {
	return &graph.Batch{
		Entities: []graph.Entity{
			{ID: "l:1", Kind: graph.KindCompany, Name: "Old Name", Aliases: []string{"Old Alias"},
				WeakAliases: []string{"Oldie"}, Identifiers: []graph.Identifier{{Scheme: "imo", Value: "9486910"}},
				Addresses: []graph.Address{{Street: "1 Quay", City: "Limassol", Country: "CY"}},
				Facts:     []graph.Fact{{Type: graph.FactEstablishmentDate, Value: "2001"}}, Provenance: listProv("1")},
			{ID: "l:2", Kind: graph.KindPerson, Name: "Two", Provenance: listProv("2")},
		},
		Designations: []graph.Designation{
			{Entity: "l:1", Regime: graph.RegimeUN, Program: "P1", Listed: "2020-01-01", Provenance: listProv("1")},
			{Entity: "l:2", Regime: graph.RegimeUN, Program: "P1", Listed: "2020-01-01", Provenance: listProv("2")},
		},
		Holdings: []graph.Holding{
			{Owner: "l:2", Owned: "l:1", Share: graph.Unknown(), Votes: graph.Unknown(), Provenance: listProv("2:owns")},
		},
		Links: []graph.Link{
			{From: "l:1", To: "l:2", Type: graph.LinkLinkedTo, ToName: "Two", Provenance: listProv("1")},
			{From: "l:1", ToName: "Nobody Listed", Type: graph.LinkLinkedTo, Provenance: listProv("1")},
		},
	}
}

func listV2() *graph.Batch {
	return &graph.Batch{
		Entities: []graph.Entity{
			{ID: "l:1", Kind: graph.KindCompany, Name: "New Name", Provenance: listProv("1")},
			{ID: "l:3", Kind: graph.KindCompany, Name: "Three", Provenance: listProv("3")},
		},
		Designations: []graph.Designation{
			{Entity: "l:1", Regime: graph.RegimeUN, Program: "P1", Listed: "2020-01-01", Provenance: listProv("1")},
			{Entity: "l:3", Regime: graph.RegimeUN, Program: "P1", Listed: "2024-05-01", Provenance: listProv("3")},
		},
	}
}

func designatedOn(t *testing.T, s graph.Store, asOf graph.Date) []string {
	t.Helper()
	var out []string
	for _, d := range snapshot(t, s, asOf).Designations {
		out = append(out, d.Entity)
	}
	slices.Sort(out)
	return out
}

// testListVersions: loading version 2 of a list closes what version 1 said
// and version 2 does not, at version 2's date, and deletes nothing.
func testListVersions(t *testing.T, s graph.Store) {
	if err := loadList(t, s, "test-list", "2024-01-01", listV1()); err != nil {
		t.Fatal(err)
	}
	before := counts(t, s)
	if err := loadList(t, s, "test-list", "2024-06-01", listV2()); err != nil {
		t.Fatal(err)
	}
	if got := designatedOn(t, s, "2024-03-01"); !reflect.DeepEqual(got, []string{"l:1", "l:2"}) {
		t.Errorf("designated between the versions = %v, want l:1 and l:2", got)
	}
	if got := designatedOn(t, s, "2024-07-01"); !reflect.DeepEqual(got, []string{"l:1", "l:3"}) {
		t.Errorf("designated after version 2 = %v, want l:1 and l:3", got)
	}
	if h := snapshot(t, s, "2024-03-01").Holdings; len(h) != 1 {
		t.Errorf("holdings between the versions = %+v, want the one of version 1", h)
	}
	if h := snapshot(t, s, "2024-07-01").Holdings; len(h) != 0 {
		t.Errorf("holdings after version 2 = %+v, want none", h)
	}
	after := counts(t, s)
	if after.Designations != before.Designations+1 || after.Holdings != before.Holdings || after.Links != before.Links {
		t.Errorf("counts %+v -> %+v: nothing may be deleted", before, after)
	}
	var closed graph.Designation
	for _, d := range detail(t, s, "l:2").Designations {
		closed = d
	}
	if closed.Delisted != "2024-06-01" {
		t.Errorf("l:2 designation %+v, want delisted 2024-06-01", closed)
	}
	log, err := s.Loads(context.Background())
	if err != nil || len(log) != 2 || log[1].List != "test-list" || log[1].Published != "2024-06-01" {
		t.Errorf("load log %+v (%v): want list and published date kept", log, err)
	}
	// Re-loading version 2 changes nothing.
	if err := loadList(t, s, "test-list", "2024-06-01", listV2()); err != nil {
		t.Fatal(err)
	}
	if again := counts(t, s); again != after {
		t.Errorf("re-loading version 2: %+v -> %+v", after, again)
	}
	// An older version after a newer one is refused.
	if err := loadList(t, s, "test-list", "2024-03-01", listV1()); err == nil {
		t.Errorf("loading an older list version after a newer one must fail")
	}
}

// testEntityHistory: the newer version of a record replaces names and
// facts; the older one stays readable with its validity.
func testEntityHistory(t *testing.T, s graph.Store) {
	if err := loadList(t, s, "test-list", "2024-01-01", listV1()); err != nil {
		t.Fatal(err)
	}
	if err := loadList(t, s, "test-list", "2024-06-01", listV2()); err != nil {
		t.Fatal(err)
	}
	if e := entity(t, s, "l:1"); e.Name != "New Name" || len(e.Aliases) != 0 || len(e.Facts) != 0 {
		t.Errorf("current l:1 = %+v, want the version 2 record", e)
	}
	d := detail(t, s, "l:1")
	if d.Since != "2024-06-01" || len(d.Versions) != 1 {
		t.Fatalf("l:1 since %q versions %+v, want one earlier version", d.Since, d.Versions)
	}
	v := d.Versions[0]
	if v.Name != "Old Name" || v.ValidTo != "2024-06-01" || v.ValidFrom != "2024-01-01" ||
		!reflect.DeepEqual(v.WeakAliases, []string{"Oldie"}) || len(v.Identifiers) != 1 || len(v.Addresses) != 1 {
		t.Errorf("earlier version %+v", v)
	}
	// The linked-to relations of version 1 ended with it.
	for _, l := range d.LinksOut {
		if l.End != "2024-06-01" {
			t.Errorf("link %+v should have ended on 2024-06-01", l)
		}
	}
}

// testRichEntity: weak aliases, addresses, facts and links round-trip.
func testRichEntity(t *testing.T, s graph.Store) {
	b := listV1()
	load(t, s, "rich", b)
	want := b.Entities[0]
	got := entity(t, s, "l:1")
	if got.Name != want.Name || !reflect.DeepEqual(got.WeakAliases, want.WeakAliases) ||
		!reflect.DeepEqual(got.Addresses, want.Addresses) || !reflect.DeepEqual(got.Facts, want.Facts) {
		t.Errorf("entity l:1 = %+v, want %+v", got, want)
	}
	if c := counts(t, s); c.Links != 2 {
		t.Errorf("links counted %d, want 2", c.Links)
	}
	d := detail(t, s, "l:1")
	if len(d.LinksOut) != 2 || len(d.HoldingsIn) != 1 || len(d.Designations) != 1 || d.Names["l:2"] != "Two" {
		t.Fatalf("detail of l:1 = %+v", d)
	}
	var unresolved graph.Link
	for _, l := range d.LinksOut {
		if l.To == "" {
			unresolved = l
		}
	}
	if unresolved.ToName != "Nobody Listed" || unresolved.Type != graph.LinkLinkedTo || unresolved.Record != "1" {
		t.Errorf("unresolved link %+v", unresolved)
	}
	if in := detail(t, s, "l:2"); len(in.LinksIn) != 1 || len(in.HoldingsOut) != 1 {
		t.Errorf("detail of l:2 = %+v", in)
	}
	load(t, s, "rich again", listV1())
	if c := counts(t, s); c.Links != 2 {
		t.Errorf("links after re-load %d, want 2", c.Links)
	}
}

func detail(t *testing.T, s graph.Store, id string) graph.EntityDetail {
	t.Helper()
	d, err := s.Detail(context.Background(), id)
	if err != nil {
		t.Fatalf("detail %s: %v", id, err)
	}
	return d
}

// testEntities: the stream of entity records for resolution and screening.
func testEntities(t *testing.T, s graph.Store) {
	load(t, s, "sample", sample())
	var got []graph.Entity
	if err := s.Entities(context.Background(), func(e graph.Entity) error { got = append(got, e); return nil }); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range got {
		ids = append(ids, e.ID)
	}
	// t:b and t:p2 are stubs created for relation endpoints.
	if !reflect.DeepEqual(ids, []string{"t:a", "t:b", "t:p", "t:p2"}) {
		t.Fatalf("entities %v", ids)
	}
	p := got[2]
	if p.Name != "Person P" || !reflect.DeepEqual(p.Aliases, []string{"P", "Pee"}) || len(p.Identifiers) != 1 ||
		p.Identifiers[0] != (graph.Identifier{Scheme: "tax", Value: "123"}) || !reflect.DeepEqual(p.Countries, []string{"RU"}) {
		t.Errorf("entity t:p = %+v", p)
	}
	// Facts come with the records: resolve compares dates of birth.
	facts := []graph.Fact{{Type: graph.FactBirthDate, Value: "1977"}, {Type: graph.FactGender, Value: "male"}}
	load(t, s, "facts", &graph.Batch{Entities: []graph.Entity{{ID: "t:f", Name: "F", Kind: graph.KindPerson, Facts: facts,
		Provenance: graph.Provenance{Source: "facts", Record: "1"}}}})
	var f graph.Entity
	if err := s.Entities(context.Background(), func(e graph.Entity) error {
		if e.ID == "t:f" {
			f = e
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f.Facts, facts) {
		t.Errorf("entity t:f facts = %+v, want %+v", f.Facts, facts)
	}
}
