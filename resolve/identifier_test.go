package resolve

import (
	"errors"
	"testing"

	"github.com/ownex/ownex/graph"
)

func TestNormalizeIdentifier(t *testing.T) {
	ok := []struct{ in, want graph.Identifier }{
		// LEIs: OFAC ofactest (SUEX) and 2019 SDN, GLEIF golden copy excerpts.
		{graph.Identifier{Scheme: "lei", Value: "5299007NTWCC3U23WM81", Country: "Czech Republic"}, graph.Identifier{Scheme: "lei", Value: "5299007NTWCC3U23WM81", Country: "CZ"}},
		{graph.Identifier{Scheme: "LEI", Value: " 253400jt3mqwndkmje44 "}, graph.Identifier{Scheme: "lei", Value: "253400JT3MQWNDKMJE44"}},
		{graph.Identifier{Scheme: "lei", Value: "2138004OMEVX71IU7E09"}, graph.Identifier{Scheme: "lei", Value: "2138004OMEVX71IU7E09"}},
		{graph.Identifier{Scheme: "lei", Value: "001GPB6A9XPE8XJICC14"}, graph.Identifier{Scheme: "lei", Value: "001GPB6A9XPE8XJICC14"}},
		{graph.Identifier{Scheme: "lei", Value: "5493-00JB-1P61-FUTPEZ75"}, graph.Identifier{Scheme: "lei", Value: "549300JB1P61FUTPEZ75"}},
		// IMOs from the OFAC samples.
		{graph.Identifier{Scheme: "imo", Value: "IMO 9486910"}, graph.Identifier{Scheme: "imo", Value: "9486910"}},
		{graph.Identifier{Scheme: "imo", Value: "9339301"}, graph.Identifier{Scheme: "imo", Value: "9339301"}},
		{graph.Identifier{Scheme: "imo", Value: "imo9263643"}, graph.Identifier{Scheme: "imo", Value: "9263643"}},
		{graph.Identifier{Scheme: "imo", Value: "9313149"}, graph.Identifier{Scheme: "imo", Value: "9313149"}},
		// UK company numbers (OFAC 19709 "UK Company Number 03632365").
		{graph.Identifier{Scheme: "gb-coh", Value: "3632365"}, graph.Identifier{Scheme: "gb-coh", Value: "03632365"}},
		{graph.Identifier{Scheme: "gb-coh", Value: "sc123"}, graph.Identifier{Scheme: "gb-coh", Value: "SC000123"}},
		{graph.Identifier{Scheme: "gb-coh", Value: "OE029880"}, graph.Identifier{Scheme: "gb-coh", Value: "OE029880"}},
		// INN and OGRN from the FtM Zala sample and OFAC ofactest 50544.
		{graph.Identifier{Scheme: "ru-inn", Value: "1831156383"}, graph.Identifier{Scheme: "ru-inn", Value: "1831156383"}},
		{graph.Identifier{Scheme: "ru-inn", Value: "183111242406"}, graph.Identifier{Scheme: "ru-inn", Value: "183111242406"}},
		{graph.Identifier{Scheme: "ru-inn", Value: "9709063550", Country: "Russia"}, graph.Identifier{Scheme: "ru-inn", Value: "9709063550", Country: "RU"}},
		{graph.Identifier{Scheme: "ru-inn", Value: "366110340670"}, graph.Identifier{Scheme: "ru-inn", Value: "366110340670"}},
		{graph.Identifier{Scheme: "ru-ogrn", Value: "1021801142000"}, graph.Identifier{Scheme: "ru-ogrn", Value: "1021801142000"}},
		{graph.Identifier{Scheme: "ru-ogrn", Value: "1207700248030"}, graph.Identifier{Scheme: "ru-ogrn", Value: "1207700248030"}},
		{graph.Identifier{Scheme: "ru-ogrn", Value: "1247700258651"}, graph.Identifier{Scheme: "ru-ogrn", Value: "1247700258651"}},
		{graph.Identifier{Scheme: "swift", Value: "alphrumm"}, graph.Identifier{Scheme: "swift", Value: "ALPHRUMM"}},
		{graph.Identifier{Scheme: "swift", Value: "DLTBRUMMXXX"}, graph.Identifier{Scheme: "swift", Value: "DLTBRUMM"}},
		{graph.Identifier{Scheme: "swift", Value: "DLTBRUMM123"}, graph.Identifier{Scheme: "swift", Value: "DLTBRUMM123"}},
		{graph.Identifier{Scheme: "mmsi", Value: "636 013 272"}, graph.Identifier{Scheme: "mmsi", Value: "636013272"}},
		{graph.Identifier{Scheme: "registration", Value: "CH-660.0.559.011-2", Country: "Switzerland"}, graph.Identifier{Scheme: "registration", Value: "CH66005590112", Country: "CH"}},
		{graph.Identifier{Scheme: "tax", Value: "52-2083095", Country: "United States"}, graph.Identifier{Scheme: "tax", Value: "522083095", Country: "US"}},
		{graph.Identifier{Scheme: "passport", Value: "p 0017003", Country: "Belize"}, graph.Identifier{Scheme: "passport", Value: "P0017003", Country: "BZ"}},
	}
	for _, c := range ok {
		got, err := NormalizeIdentifier(c.in)
		if err != nil || got != c.want {
			t.Errorf("NormalizeIdentifier(%+v) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
	bad := []graph.Identifier{
		{Scheme: "lei", Value: "5299007NTWCC3U23WM82"}, // check digits off by one
		{Scheme: "lei", Value: "5299007NTWCC3U23WM8"},  // 19 chars
		{Scheme: "lei", Value: "5299007NTWCC3U23WM8!"},
		{Scheme: "imo", Value: "IMO 9486911"},
		{Scheme: "imo", Value: "948691"},
		{Scheme: "gb-coh", Value: "ABC12345"},
		{Scheme: "gb-coh", Value: "123456789"},
		{Scheme: "ru-inn", Value: "1831156384"},
		{Scheme: "ru-inn", Value: "183111242407"},
		{Scheme: "ru-inn", Value: "18311563"},
		{Scheme: "ru-ogrn", Value: "1021801142001"},
		{Scheme: "ru-ogrn", Value: "10218011420"},
		{Scheme: "swift", Value: "ALPHRUM"},
		{Scheme: "swift", Value: "1LPHRUMM"},
		{Scheme: "mmsi", Value: "63601327"},
		{Scheme: "tax", Value: " - . "},
	}
	for _, id := range bad {
		if got, err := NormalizeIdentifier(id); !errors.Is(err, ErrInvalid) {
			t.Errorf("NormalizeIdentifier(%+v) = %+v, %v; want ErrInvalid", id, got, err)
		}
	}
}

func TestSameLEILinks(t *testing.T) {
	ents := []graph.Entity{
		{ID: "ofac:33151", Kind: graph.KindCompany, Name: "SUEX OTC, S.R.O.",
			Identifiers: []graph.Identifier{{Scheme: "lei", Value: "5299007NTWCC3U23WM81", Country: "Czech Republic"},
				{Scheme: "registration", Value: "07486049", Country: "Czech Republic"}}},
		{ID: "un:1", Kind: graph.KindCompany, Name: "UNRELATED", Identifiers: []graph.Identifier{{Scheme: "lei", Value: "5299007NTWCC3U23WM82"}}}, // bad check digits
		{ID: "gleif:5299007NTWCC3U23WM81", Kind: graph.KindCompany, Name: "Suex OTC s.r.o.",
			Identifiers: []graph.Identifier{{Scheme: "LEI", Value: "5299 007n twcc 3u23 wm81"}}},
		{ID: "os:NK-x", Name: "SUEX", Identifiers: []graph.Identifier{{Scheme: "lei", Value: "5299007ntwcc3u23wm81"},
			{Scheme: "registration", Value: "07486049", Country: "CZ"}}},
	}
	got := Resolve(Input{Entities: ents}, Options{}).Links
	want := []graph.SameAs{
		{A: "gleif:5299007NTWCC3U23WM81", B: "ofac:33151", Method: "identifier:lei", Score: 1,
			Strength: graph.StrengthStrong, Evidence: "identifier lei:5299007NTWCC3U23WM81",
			Provenance: graph.Provenance{Source: "resolve", Record: "lei:5299007NTWCC3U23WM81"}},
		{A: "ofac:33151", B: "os:NK-x", Method: "identifier:lei", Score: 1,
			Strength: graph.StrengthStrong, Evidence: "identifier lei:5299007NTWCC3U23WM81",
			Provenance: graph.Provenance{Source: "resolve", Record: "lei:5299007NTWCC3U23WM81"}},
	}
	if len(got) != len(want) {
		t.Fatalf("links = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("link %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestIdentifierLinksSchemes(t *testing.T) {
	ents := []graph.Entity{
		// OFAC 50544 publishes its OGRN as a Russian business registration number.
		{ID: "ofac:50544", Identifiers: []graph.Identifier{{Scheme: "registration", Value: "1207700248030", Country: "Russia"},
			{Scheme: "tax", Value: "9709063550", Country: "Russia"}}},
		{ID: "os:a", Identifiers: []graph.Identifier{{Scheme: "ru-ogrn", Value: "1207700248030"}}},
		{ID: "os:b", Identifiers: []graph.Identifier{{Scheme: "ru-inn", Value: "9709063550"}}},
		{ID: "x:1", Identifiers: []graph.Identifier{{Scheme: "registration", Value: "12345"}}}, // no country: no link
		{ID: "x:2", Identifiers: []graph.Identifier{{Scheme: "registration", Value: "12345"}}},
		{ID: "x:3", Identifiers: []graph.Identifier{{Scheme: "passport", Value: "P1", Country: "BZ"}}}, // too short to link
		{ID: "x:4", Identifiers: []graph.Identifier{{Scheme: "passport", Value: "P1", Country: "BZ"}}},
		{ID: "p:1", Identifiers: []graph.Identifier{{Scheme: "passport", Value: "A 123456", Country: "Pakistan"}}},
		{ID: "p:2", Identifiers: []graph.Identifier{{Scheme: "passport", Value: "a123456", Country: "PK"}}},
		{ID: "p:3", Identifiers: []graph.Identifier{{Scheme: "passport", Value: "A123456"}}}, // no country: no link
		{ID: "n:1", Identifiers: []graph.Identifier{{Scheme: "national-id", Value: "1234567890", Country: "AF"}}},
		{ID: "n:2", Identifiers: []graph.Identifier{{Scheme: "national-id", Value: "1234567890", Country: "PK"}}}, // another country
		{ID: "air:1", Kind: graph.KindAircraft, Name: "EP-IBK"},
		{ID: "air:2", Kind: graph.KindAircraft, Name: "EP-IBQ"},
		{ID: "air:3", Kind: graph.KindAircraft, Name: "Airbus A310", Identifiers: []graph.Identifier{{Scheme: "registration", Value: "EPIBK"}}},
		{ID: "co:1", Kind: graph.KindCompany, Name: "EP-IBK"}, // not an aircraft: its name is no mark
		{ID: "v:1", Identifiers: []graph.Identifier{{Scheme: "imo", Value: "IMO 9339301"}, {Scheme: "mmsi", Value: "636013272"}}},
		{ID: "v:2", Identifiers: []graph.Identifier{{Scheme: "imo", Value: "9339301"}, {Scheme: "mmsi", Value: "636013272"}}},
		{ID: "v:3", Identifiers: []graph.Identifier{{Scheme: "mmsi", Value: "636013272"}}},
		{ID: "b:1", Identifiers: []graph.Identifier{{Scheme: "swift", Value: "DLTBRUMMXXX"}}},
		{ID: "b:2", Identifiers: []graph.Identifier{{Scheme: "swift", Value: "DLTBRUMM123"}}},
		{ID: "g:1", Identifiers: []graph.Identifier{{Scheme: "registration", Value: "3632365", Country: "United Kingdom"}}},
		{ID: "g:2", Identifiers: []graph.Identifier{{Scheme: "gb-coh", Value: "03632365"}}},
	}
	got := map[string]string{}
	for _, l := range Resolve(Input{Entities: ents}, Options{}).Links {
		if l.Strength != graph.StrengthStrong {
			t.Errorf("link %+v is not strong", l)
		}
		got[l.A+"-"+l.B] = l.Method
	}
	want := map[string]string{
		"ofac:50544-os:a": "identifier:ru-ogrn", "ofac:50544-os:b": "identifier:ru-inn",
		"v:1-v:2": "identifier:imo", "v:1-v:3": "identifier:mmsi", "b:1-b:2": "identifier:swift",
		"g:1-g:2": "identifier:gb-coh", "p:1-p:2": "identifier:passport", "air:1-air:3": "identifier:aircraft-mark",
	}
	if len(got) != len(want) {
		t.Errorf("links %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("link %s = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
}

func FuzzNormalizeIdentifier(f *testing.F) {
	for _, s := range [][2]string{{"lei", "5299007NTWCC3U23WM81"}, {"imo", "IMO 9486910"}, {"gb-coh", "SC123"},
		{"ru-inn", "183111242406"}, {"ru-ogrn", "1021801142000"}, {"swift", "DLTBRUMMXXX"}, {"mmsi", "636013272"}, {"tax", "52-2083095"}} {
		f.Add(s[0], s[1], "Russia")
	}
	f.Fuzz(func(t *testing.T, scheme, value, country string) {
		n, err := NormalizeIdentifier(graph.Identifier{Scheme: scheme, Value: value, Country: country})
		if err != nil {
			return
		}
		// idempotent
		m, err := NormalizeIdentifier(n)
		if err != nil || m != n {
			t.Fatalf("not idempotent: %+v -> %+v, %v", n, m, err)
		}
	})
}
