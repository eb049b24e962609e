package uk_test

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/uk"
)

// realFixture is a real excerpt of the UK Sanctions List XML of 10/09/2026
// (testdata/real-lists/uk-fcdo-xml/PROVENANCE.md).
const realFixture = "../../testdata/real-lists/uk-fcdo-xml/sample_uk_sanctions.xml"

func realEntities(t *testing.T) map[string]graph.Entity {
	t.Helper()
	b, _, err := collect(t, ingest.ParseOptions{}, realFixture)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]graph.Entity{}
	for _, e := range b.Entities {
		out[e.ID] = e
	}
	return out
}

func factValues(e graph.Entity, typ string) []string {
	var out []string
	for _, f := range e.Facts {
		if f.Type == typ {
			out = append(out, f.Value)
		}
	}
	return out
}

// TestRealPartialBirthDates: "dd/mm/1945" is the year 1945, never the
// literal text (issue 16 item 5).
func TestRealPartialBirthDates(t *testing.T) {
	ents := realEntities(t)
	for id, want := range map[string][]string{
		"uk:AFG0006": {"1958-05-12", "1945", "1946"},
		"uk:AQD0195": {"1972"},
	} {
		if got := factValues(ents[id], graph.FactBirthDate); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: birth dates %q, want %q", id, got, want)
		}
	}
}

// TestRealCountries: countries and address countries are ISO codes, the
// published names kept as facts (issue 16 item 5).
func TestRealCountries(t *testing.T) {
	ents := realEntities(t)
	exch := ents["uk:AFG0001"]
	if !reflect.DeepEqual(exch.Countries, []string{"AF", "AE"}) {
		t.Errorf("AFG0001 countries %q, want [AF AE]", exch.Countries)
	}
	var got []string
	for _, a := range exch.Addresses {
		got = append(got, a.Country)
	}
	if !reflect.DeepEqual(got, []string{"AF", "AE"}) {
		t.Errorf("AFG0001 address countries %q, want [AF AE]", got)
	}
	if got := factValues(exch, ingest.FactCountryName); !reflect.DeepEqual(got, []string{"Afghanistan", "United Arab Emirates"}) {
		t.Errorf("AFG0001 country names %q", got)
	}
	if c := ents["uk:AQD0195"].Countries; !reflect.DeepEqual(c, []string{"KM"}) {
		t.Errorf("AQD0195 (Comoros) countries %q, want [KM]", c)
	}
	if c := ents["uk:BEL0107"].Addresses; len(c) != 1 || c[0].Country != "GB" {
		t.Errorf("BEL0107 addresses %+v, want one in GB", c)
	}
}

// TestAddressRemark: an element of <Address> other than its lines, postal
// code and country is kept as an address remark. The real excerpt has none:
// this is its first record with a note added.
func TestAddressRemark(t *testing.T) {
	data, err := os.ReadFile(realFixture)
	if err != nil {
		t.Fatal(err)
	}
	const at = "<AddressCountry>United Kingdom</AddressCountry>"
	s := strings.Replace(string(data), at, at+"<AddressNote>Registered office</AddressNote>", 1)
	var ents []graph.Entity
	if err := uk.ParseBytes("note.xml", []byte(s), ingest.ParseOptions{}, func(b *graph.Batch) error {
		ents = append(ents, b.Entities...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(ents, func(e graph.Entity) bool { return e.ID == "uk:BEL0107" })
	if i < 0 {
		t.Fatal("no uk:BEL0107")
	}
	want := "Salatin House, 19 Cedar Road, Sutton, Surrey, SM2 5DA, GB: Registered office"
	if got := factValues(ents[i], ingest.FactAddressRemark); !reflect.DeepEqual(got, []string{want}) {
		t.Errorf("address remarks %q, want %q", got, want)
	}
}
