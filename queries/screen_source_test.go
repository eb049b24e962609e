package queries

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/gen"
	"github.com/ownex/ownex/resolve"
)

// richEntity sets every field of an entity, those the arena drops too.
func richEntity() graph.Entity {
	return graph.Entity{ID: "x:1", Kind: graph.KindPerson, Name: "SMIRNOV, Ivan Petrovich",
		Aliases:     []string{"Ivan Smirnov", "Иван Смирнов; I. P. Smirnov"},
		WeakAliases: []string{"Vanya"},
		Countries:   []string{"RU", "Cyprus"},
		Identifiers: []graph.Identifier{{Scheme: "passport", Value: "7701 123456", Country: "RU"},
			{Scheme: "inn", Value: "770123456789"}, {Scheme: "lei", Value: "5493001KJTIIGC8Y1R12"}},
		Addresses: []graph.Address{{Text: "1 Red Square, Moscow", Country: "RU"}},
		Facts: []graph.Fact{{Type: graph.FactBirthDate, Value: "1961-04-12"}, {Type: graph.FactNationality, Value: "CY"},
			{Type: graph.FactGender, Value: "male"}, {Type: graph.FactBirthPlace, Value: "Tver"}},
		Provenance: graph.Provenance{Source: "test", Record: "row 1"}}
}

// kept is e as the arena gives it back: its ID, name and the fields the
// arena keeps, an empty list as none.
func kept(e graph.Entity) graph.Entity {
	nilEmpty := func(l []string) []string {
		if len(l) == 0 {
			return nil
		}
		return l
	}
	out := graph.Entity{ID: e.ID, Name: e.Name, Kind: e.Kind, Aliases: nilEmpty(e.Aliases),
		WeakAliases: nilEmpty(e.WeakAliases), Countries: nilEmpty(e.Countries)}
	if len(e.Identifiers) > 0 {
		out.Identifiers = e.Identifiers
	}
	if len(e.Facts) > 0 {
		out.Facts = e.Facts
	}
	return out
}

// TestEntityArenaRoundTrip: every entity comes back with the fields the
// arena keeps, whatever their sizes: empty ones, non-ASCII text, an
// alias larger than a chunk (a chunk of its own) and the entities after
// it, and a few thousand generated ones.
func TestEntityArenaRoundTrip(t *testing.T) {
	huge := strings.Repeat("Компания ", arenaChunk/8)
	ents := []graph.Entity{{ID: "e:0"}, richEntity(), {ID: "e:2", Name: "Ünïcödé GmbH", Aliases: []string{""}},
		{ID: "e:3", Name: "big", Aliases: []string{huge}, Countries: []string{}}, {ID: "e:4", Name: "after"}}
	ents = append(ents, gen.Graph(3000, 7).Entities...)
	var a entityArena
	for i := range ents {
		a.add(&ents[i])
	}
	if len(a.chunks) < 3 {
		t.Errorf("%d chunks: the huge alias should have had its own", len(a.chunks))
	}
	for i, e := range ents {
		got, err := a.entity(int32(i), e.ID, e.Name)
		if err != nil {
			t.Fatalf("entity %d: %v", i, err)
		}
		if want := kept(e); !reflect.DeepEqual(got, want) {
			t.Fatalf("entity %d:\n got %+v\nwant %+v", i, got, want)
		}
	}
}

// TestEntityArenaDamaged: bytes cut short are an error, not a record with
// missing values.
func TestEntityArenaDamaged(t *testing.T) {
	var a entityArena
	e := richEntity()
	a.add(&e)
	full := a.chunks[0]
	for n := range len(full) {
		a.chunks[0] = full[:n]
		if _, err := a.entity(0, e.ID, e.Name); err == nil {
			t.Fatalf("cut to %d of %d bytes: no error", n, len(full))
		}
	}
}

// TestEntityArenaKeepsWhatPreparingReads: a record prepared from what the
// arena keeps is the record prepared from the whole entity. graph.Entity
// must have the fields the arena was written for: a new one must be kept
// by the arena if resolve.PrepareRecord reads it.
func TestEntityArenaKeepsWhatPreparingReads(t *testing.T) {
	var fields []string
	for f := range reflect.TypeFor[graph.Entity]().Fields() {
		fields = append(fields, f.Name)
	}
	want := []string{"ID", "Kind", "Name", "Aliases", "Identifiers", "Countries", "WeakAliases", "Addresses", "Facts", "Provenance"}
	if !slices.Equal(fields, want) {
		t.Fatalf("graph.Entity has fields %v, the arena was written for %v: keep the new ones that resolve reads", fields, want)
	}
	for _, k := range []graph.Kind{graph.KindPerson, graph.KindCompany, graph.KindVessel, graph.KindAircraft, graph.KindUnknown} {
		e := richEntity()
		e.Kind = k
		var a entityArena
		a.add(&e)
		back, err := a.entity(0, e.ID, e.Name)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := resolve.PrepareRecord(&back), resolve.PrepareRecord(&e); !reflect.DeepEqual(got, want) {
			t.Errorf("kind %s: the record prepared from the arena differs from the entity's", k)
		}
	}
}

// TestMatchIndexRecords: the record the index prepares for a candidate is
// the one a scorer over every record of the index (resolve.NewScreenScorer,
// what the index kept before it kept entities) holds: the same names, the
// same token weights; and the dates of birth it ranks by are the record's.
func TestMatchIndexRecords(t *testing.T) {
	ents := gen.Graph(4000, 5).Entities
	for i := 0; i < len(ents); i += 97 {
		e := richEntity()
		e.ID, e.Name = ents[i].ID, ents[i].Name
		ents[i] = e
	}
	idx, err := NewMatchIndex(context.Background(), entitySlice(ents))
	if err != nil {
		t.Fatal(err)
	}
	m := idx.m
	recs := make([]*resolve.Record, len(ents))
	for i := range ents {
		recs[i] = resolve.PrepareRecord(&ents[i])
	}
	resolve.NewScreenScorer(recs, resolve.DefaultThreshold) // weighs recs
	births := 0
	for i := range ents {
		got, err := m.record(int32(i))
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		if !reflect.DeepEqual(got, recs[i]) {
			t.Fatalf("record %d (%s) differs from the whole-store scorer's", i, ents[i].ID)
		}
		if again, _ := m.record(int32(i)); again != got {
			t.Fatalf("record %d prepared twice: the cache missed", i)
		}
		b, ok := m.birth[int32(i)]
		if ok != recs[i].HasBirthDate() || ok && !reflect.DeepEqual(b, recs[i].Births()) {
			t.Fatalf("record %d: dates of birth %v %v, the record's %v", i, b, ok, recs[i].Births())
		}
		if ok {
			births++
		}
	}
	if births == 0 {
		t.Fatal("no record with a date of birth: the test tests nothing of them")
	}
}
