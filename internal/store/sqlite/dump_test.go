package sqlite_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

// recordingSink is a graph.DumpSink that records every call as a line
// "<kind> <details>", and keeps the entities.
type recordingSink struct {
	calls    []string
	entities []graph.StoredEntity
}

func (r *recordingSink) add(format string, args ...any) error {
	r.calls = append(r.calls, fmt.Sprintf(format, args...))
	return nil
}

func (r *recordingSink) Load(l *graph.LoadRecord) error {
	return r.add("load %d %s %s", l.ID, l.Status, l.Published)
}
func (r *recordingSink) Identifier(id graph.Identifier) { r.add("identifier %s %s", id, id.Country) }
func (r *recordingSink) Entity(e *graph.StoredEntity) error {
	r.entities = append(r.entities, *e)
	return r.add("entity %s", e.ID)
}
func (r *recordingSink) Designation(key string, load int64, d *graph.Designation) error {
	return r.add("designation %t %d", key == d.Key(), load)
}
func (r *recordingSink) Holding(key string, load int64, h *graph.Holding) error {
	return r.add("holding %t %d %s>%s", key == h.Key(), load, h.Owner, h.Owned)
}
func (r *recordingSink) Control(key string, load int64, c *graph.Control) error {
	return r.add("control %t %d", key == c.Key(), load)
}
func (r *recordingSink) SameAs(key string, load int64, s *graph.SameAs) error {
	return r.add("same_as %t %d %s %s", key == s.Key(), load, s.Strength, s.Evidence)
}
func (r *recordingSink) Link(key string, load int64, l *graph.Link) error {
	return r.add("link %t %d %s", key == l.Key(), load, l.ToName)
}
func (r *recordingSink) Version(entity string, v *graph.EntityVersion) error {
	return r.add("version %s %s %s-%s", entity, v.Name, v.ValidFrom, v.ValidTo)
}

// TestDump checks the records and the order of Dump on a small store: a
// plain load (entities b then a, every relation kind, a stub) and two
// versions of a list (an entity that changes, and so has an earlier
// version, sharing an identifier with a).
func TestDump(t *testing.T) {
	s := open(t)
	defer s.Close()
	p := graph.Provenance{Source: "csv", Record: "1"}
	plainLoad(t, s, &graph.Batch{
		Entities: []graph.Entity{
			{ID: "b", Kind: graph.KindCompany, Name: "B", Aliases: []string{"B2", "B1"}, Provenance: p,
				Identifiers: []graph.Identifier{{Scheme: "lei", Value: "B"}}},
			{ID: "a", Kind: graph.KindPerson, Name: "A", Countries: []string{"GB"}, WeakAliases: []string{"Al"}, Provenance: p,
				Identifiers: []graph.Identifier{{Scheme: "lei", Value: "A"}, {Scheme: "lei", Value: "S", Country: "GB"}}},
		},
		Designations: []graph.Designation{{Entity: "a", Regime: graph.RegimeOFAC, Program: "P", Listed: "2020-01-01", Provenance: p}},
		Holdings: []graph.Holding{{Owner: "x", Owned: "b", Share: graph.Exact(50), Votes: graph.Unknown(), Ref: "h1",
			Provenance: p}},
		Controls: []graph.Control{{Controller: "a", Controlled: "b", Basis: graph.BasisBoardAppointment, Provenance: p}},
		SameAs: []graph.SameAs{{A: "b", B: "a", Method: graph.MethodConfirmed, Score: 1, Strength: graph.StrengthStrong,
			Evidence: "confirmed by ann", Provenance: p}},
		Links: []graph.Link{{From: "a", ToName: "Mr X", Type: graph.LinkAssociateOf, Provenance: p}},
	})
	c := graph.Entity{ID: "c", Kind: graph.KindCompany, Name: "C old", Provenance: lp("c"),
		Identifiers: []graph.Identifier{{Scheme: "lei", Value: "S", Country: "FR"}}}
	for _, v := range []struct {
		published graph.Date
		name      string
	}{{"2024-01-01", "C old"}, {"2024-06-01", "C new"}} {
		c.Name = v.name
		if err := listLoad(t, s, "un", v.published, &graph.Batch{Entities: []graph.Entity{c}}); err != nil {
			t.Fatal(err)
		}
	}
	var sink recordingSink
	if err := s.Dump(context.Background(), &sink); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"load 1 committed ", "load 2 committed 2024-01-01", "load 3 committed 2024-06-01",
		// First-write order: load 1's b then a, then c (load 2; S is shared).
		"identifier lei:B ", "identifier lei:A ", "identifier lei:S GB", "identifier lei:S FR",
		"entity a", "entity b", "entity c", "entity x",
		"designation true 1", "holding false 1 x>b", "control true 1", "same_as true 1 strong confirmed by ann", "link true 1 Mr X",
		"version c C old 2024-01-01-2024-06-01",
	}
	if !slices.Equal(sink.calls, want) {
		t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(sink.calls, "\n"), strings.Join(want, "\n"))
	}
	checkDumpedEntities(t, sink.entities)
}

// checkDumpedEntities checks the stored state of the entities of TestDump.
func checkDumpedEntities(t *testing.T, got []graph.StoredEntity) {
	t.Helper()
	if len(got) != 4 {
		t.Fatalf("%d entities, want 4", len(got))
	}
	a, b, c, x := got[0], got[1], got[2], got[3]
	if !reflect.DeepEqual(a.Identifiers, []graph.Identifier{{Scheme: "lei", Value: "A"}, {Scheme: "lei", Value: "S", Country: "GB"}}) ||
		!slices.Equal(a.Countries, []string{"GB"}) || !slices.Equal(a.WeakAliases, []string{"Al"}) || a.Stub || a.LoadID != 1 {
		t.Errorf("a = %+v", a)
	}
	if !slices.Equal(b.Aliases, []string{"B2", "B1"}) || len(b.Identifiers) != 1 || b.Kind != graph.KindCompany {
		t.Errorf("b = %+v", b)
	}
	if c.Name != "C new" || c.Since != "2024-06-01" || c.LoadID != 3 || c.Source != "un" {
		t.Errorf("c = %+v", c)
	}
	if !x.Stub || x.Name != "x" || x.LoadID != 1 {
		t.Errorf("stub x = %+v", x)
	}
}
