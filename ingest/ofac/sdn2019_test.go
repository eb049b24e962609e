package ofac_test

import (
	"reflect"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/ofac"
)

const dir2019 = "watchman-test-testdata"

func load2019(t testing.TB) *result {
	return load(t, ofac.NewSDN(), sample(dir2019, "sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"), 1000)
}

func TestSDN2019Counts(t *testing.T) {
	r := load2019(t)
	checkCounts(t, r.counts(), counts{
		entities: 7379,
		// 9,682 ALT rows, all attached; 5 repeat the primary name and
		// 2 repeat another alias of the record.
		aliases: 9675, weak: 2026, addresses: 9474,
		designations: 8314,
		// 2,406 "Linked To:" in sdn.csv plus 21 more in the comments
		// continuing 12300, 15599 and 15600; 3 name no unique record
		// (ROSTEC, MINISTRY OF STATE SECURITY twice).
		links: 2427, resolved: 2424,
		kinds: map[graph.Kind]int{graph.KindPerson: 3845, graph.KindCompany: 2994, graph.KindVessel: 323, graph.KindAircraft: 217},
		schemes: map[string]int{"crypto-xbt": 2, "driver-license": 20, "duns": 25, "imo": 371, "mmsi": 48,
			"national-id": 1801, "passport": 1226, "registration": 718, "ssn": 13, "swift": 72, "tax": 809},
	})
	// The 2019 comments file is from 2023: 10 of its 13 rows are orphans.
	if want := (ofac.Stats{Records: 7379, Orphans: map[string]int{"comments": 10}}); !reflect.DeepEqual(r.stats, want) {
		t.Errorf("stats = %+v, want %+v", r.stats, want)
	}
	if r.batches < 8 {
		t.Errorf("%d batches of at most 1000 records, want >= 8", r.batches)
	}
	for _, d := range r.Designations {
		if d.Regime != graph.RegimeOFAC || d.Source != ofac.SDNList || d.Record == "" {
			t.Fatalf("bad designation %+v", d)
		}
	}
}

func TestSDN2019Records(t *testing.T) {
	r := load2019(t)
	const src = ofac.SDNList
	checkEntity(t, r.entity(t, "ofac:306"), graph.Entity{
		ID: "ofac:306", Kind: graph.KindCompany, Name: "BANCO NACIONAL DE CUBA",
		Aliases: []string{"NATIONAL BANK OF CUBA"}, WeakAliases: []string{"BNC"},
		Countries: []string{"CH", "ES", "JP", "PA"},
		Addresses: []graph.Address{
			{Street: "Zweierstrasse 35", City: "Zurich CH-8022", Country: "CH"},
			{Street: "Avenida de Concha Espina 8", City: "Madrid E-28036", Country: "ES"},
			{Street: "Dai-Ichi Bldg. 6th Floor, 10-2 Nihombashi, 2-chome, Chuo-ku", City: "Tokyo 103", Country: "JP"},
			{Street: "Federico Boyd Avenue & 51 Street", City: "Panama City", Country: "PA"},
		},
		Facts: []graph.Fact{fact(ingest.FactCountryName, "Switzerland"), fact(ingest.FactCountryName, "Spain"),
			fact(ingest.FactCountryName, "Japan"), fact(ingest.FactCountryName, "Panama")},
		Provenance: prov(src, "306"),
	})
	checkEntity(t, r.entity(t, "ofac:4106"), graph.Entity{
		ID: "ofac:4106", Kind: graph.KindPerson, Name: "HERRERA BUITRAGO, Helmer",
		Identifiers: []graph.Identifier{id("national-id", "16247821", "CO"), id("passport", "J287011", "CO")},
		Countries:   []string{"CO"}, WeakAliases: []string{"PACHO", "H7"},
		Addresses: []graph.Address{{City: "Cali", Country: "CO"}},
		Facts: []graph.Fact{fact(ingest.FactCountryName, "Colombia"),
			fact(graph.FactBirthDate, "24 Aug 1951"), fact(graph.FactBirthDate, "05 Jul 1951")},
		Provenance: prov(src, "4106"),
	})
	checkEntity(t, r.entity(t, "ofac:15036"), graph.Entity{
		ID: "ofac:15036", Kind: graph.KindVessel, Name: "ARTAVIL",
		Aliases:     []string{"ABADAN", "ALPHA", "SHONA"},
		Identifiers: []graph.Identifier{id("imo", "9187629", ""), id("mmsi", "572469210", "")},
		Facts: []graph.Fact{fact(graph.FactCallSign, "T2EU4"), fact(graph.FactVesselType, "Crude/Oil Products Tanker"),
			fact(graph.FactTonnage, "99,144"), fact(ofac.FactGrossRegisteredTonnage, "56,068"), fact(graph.FactVesselFlag, "Iran"),
			fact(ofac.FactFormerVesselFlag, "Malta"), fact(ofac.FactFormerVesselFlag, "Tuvalu"),
			fact(ofac.FactFormerVesselFlag, "None Identified"), fact(ofac.FactFormerVesselFlag, "Tanzania"),
			fact(graph.FactRemark, "Additional Sanctions Information - Subject to Secondary Sanctions")},
		Provenance: prov(src, "15036"),
	})
	checkEntity(t, r.entity(t, "ofac:15431"), graph.Entity{
		ID: "ofac:15431", Kind: graph.KindAircraft, Name: "EP-GOM",
		Facts: []graph.Fact{fact(graph.FactRemark, "Aircraft Construction Number (also called L/N or S/N or F/N) 8401"),
			fact(ofac.FactAircraftBuilt, "1992"), fact(graph.FactAircraftModel, "IL76-TD"),
			fact(ofac.FactAircraftOperator, "YAS AIR"), fact(ofac.FactAircraftSerial, "1023409321")},
		Provenance: prov(src, "15431"),
	})
	e := r.entity(t, "ofac:15599")
	if e.Name != "CARO ELENES, Hector Rafael" || e.Kind != graph.KindPerson ||
		!reflect.DeepEqual(e.Identifiers, []graph.Identifier{id("national-id", "CAEH751218JT4", "MX"), id("national-id", "CAEH751218HSLRLC01", "MX")}) ||
		!reflect.DeepEqual(e.Aliases, []string{"CARO HELENES, Hector Rafael"}) || len(e.Addresses) != 5 ||
		!reflect.DeepEqual(e.Facts, []graph.Fact{fact(ingest.FactCountryName, "Mexico"), fact(graph.FactBirthDate, "18 Dec 1975"), fact(graph.FactBirthPlace, "Culiacan, Sinaloa, Mexico")}) {
		t.Errorf("15599 = %#v", e)
	}
	for id, progs := range map[string][]string{"ofac:306": {"CUBA"}, "ofac:4106": {"SDNT"}, "ofac:15036": {"IRAN"},
		"ofac:15431": {"SDGT"}, "ofac:15599": {"SDNTK"}} {
		if got := r.programs(id); !reflect.DeepEqual(got, progs) {
			t.Errorf("%s programs %v, want %v", id, got, progs)
		}
	}
	wantLink := func(from, to, toName string) {
		t.Helper()
		for _, l := range r.linksFrom(from) {
			if l.To == to && l.ToName == toName && l.Type == graph.LinkLinkedTo && l.Provenance == prov(src, from[5:]) {
				return
			}
		}
		t.Errorf("no link %s -> %q (%s) in %+v", from, to, toName, r.linksFrom(from))
	}
	wantLink("ofac:15036", "ofac:15117", "NATIONAL IRANIAN TANKER COMPANY")
	wantLink("ofac:15431", "ofac:13109", "POUYA AIR")
	// 15599's remarks stop at "Linked To: PRO" and continue in the
	// comments file with "MI FEL, S. DE R.L. DE C.V.; ...".
	if n := len(r.linksFrom("ofac:15599")); n != 24 {
		t.Errorf("15599 has %d links, want 24", n)
	}
	wantLink("ofac:15599", "ofac:16122", "PROMI FEL, S. DE R.L. DE C.V.")
	wantLink("ofac:15599", "ofac:16123", "VILLAS DEL COLLI S.A. DE C.V.")
	wantLink("ofac:18782", "", "ROSTEC")
	// two records are called MINISTRY OF STATE SECURITY (20129, 25437)
	wantLink("ofac:20130", "", "MINISTRY OF STATE SECURITY")
}
