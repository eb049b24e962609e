package ingest_test

import (
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

func TestCountryCode(t *testing.T) {
	for _, c := range []struct {
		in, code string
		ok       bool
	}{
		{"India", "IN", true}, {"IN", "IN", true}, {"IND", "IN", true}, {"ind", "", false}, {"na", "", false}, {"U.K.", "GB", true}, {" india ", "IN", true},
		{"IRAN (ISLAMIC REPUBLIC OF)", "IR", true}, {"Iran", "IR", true},
		{"Korea, North", "KP", true}, {"Korea, South", "KR", true}, {"Democratic People's Republic of Korea", "KP", true},
		{"Congo (Democratic Republic)", "CD", true}, {"Congo", "CG", true}, {"Congo, Democratic Republic of the", "CD", true}, {"Democratic Republic of the Congo", "CD", true},
		{"Burma", "MM", true}, {"Russia", "RU", true}, {"RUSSIAN FEDERATION", "RU", true},
		{"Côte d'Ivoire", "CI", true}, {"Cote d'Ivoire", "CI", true}, {"Cote d Ivoire", "CI", true}, {"Palestinian", "PS", true},
		{"China, Hong Kong Special Administrative Region", "HK", true}, {"former Soviet Union", "", false}, {"undetermined", "", false}, {"Türkiye", "TR", true},
		{"United Kingdom", "GB", true}, {"Bolivia (Plurinational State of)", "BO", true},
		{"Moldova, Republic of", "MD", true}, {"Kosovo", "XK", true}, {"United Arab Emirates", "AE", true},
		{"", "", false}, {"UNKNOWN", "", false}, {"Atlantis", "", false}, {"00", "", false}, {"Region: Crimea", "", false},
	} {
		code, ok := ingest.CountryCode(c.in)
		if code != c.code || ok != c.ok {
			t.Errorf("CountryCode(%q) = %q, %v; want %q, %v", c.in, code, ok, c.code, c.ok)
		}
	}
}

func TestCountryText(t *testing.T) {
	for _, c := range []struct {
		in, code string
		fact     graph.Fact
	}{
		{"India", "IN", graph.Fact{Type: ingest.FactCountryName, Value: "India"}},
		{"  United  Arab Emirates ", "AE", graph.Fact{Type: ingest.FactCountryName, Value: "United Arab Emirates"}},
		{"IN", "IN", graph.Fact{}}, {"in", "in", graph.Fact{Type: ingest.FactCountryName, Value: "in"}},
		{"Atlantis", "Atlantis", graph.Fact{Type: ingest.FactCountryName, Value: "Atlantis"}}, // unknown: kept, never ""
		{"", "", graph.Fact{}},
	} {
		code, fact := ingest.CountryText(c.in)
		if code != c.code || fact != c.fact {
			t.Errorf("CountryText(%q) = %q, %v; want %q, %v", c.in, code, fact, c.code, c.fact)
		}
	}
}
