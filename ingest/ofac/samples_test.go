package ofac_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/ofac"
)

func TestOFACTest(t *testing.T) {
	r := load(t, ofac.NewSDN(), sample("watchman-ofactest", "sdn_comments.csv", "alt.csv", "add.csv", "sdn.csv"), 7)
	checkCounts(t, r.counts(), counts{
		entities: 17, aliases: 13, weak: 16, addresses: 19, designations: 26, links: 11, resolved: 0,
		kinds: map[graph.Kind]int{graph.KindPerson: 4, graph.KindCompany: 7, graph.KindVessel: 4, graph.KindAircraft: 2},
		schemes: map[string]int{"crypto-dash": 1, "crypto-eth": 6, "crypto-ltc": 1, "crypto-usdt": 7, "crypto-xbt": 17,
			"imo": 4, "lei": 1, "mmsi": 3, "national-id": 1, "passport": 5, "registration": 8, "ssn": 1, "tax": 4},
	})
	if want := map[string]int{"add": 4, "alt": 5}; !reflect.DeepEqual(r.stats.Orphans, want) {
		t.Errorf("orphans %v, want %v", r.stats.Orphans, want)
	}
	suex := r.entity(t, "ofac:33151")
	ids := suex.Identifiers
	if len(ids) != 27 || ids[13] != id("crypto-xbt", "1B64QRxfaa35MVkf7sDjuGUYAP5izQt7Qi", "") ||
		ids[14] != id("crypto-eth", "0x2f389ce8bd8ff92de3402ffce4691d17fc4f6535", "") ||
		ids[25] != id("registration", "07486049", "CZ") || ids[26] != id("lei", "5299007NTWCC3U23WM81", "CZ") {
		t.Errorf("33151 identifiers %v", ids)
	}
	if !reflect.DeepEqual(suex.WeakAliases, []string{"SUCCESSFUL EXCHANGE"}) ||
		!reflect.DeepEqual(suex.Countries, []string{"RU", "CZ"}) ||
		!reflect.DeepEqual(suex.Facts, []graph.Fact{fact(ingest.FactCountryName, "Russia"), fact(ingest.FactCountryName, "Czech Republic"),
			fact(graph.FactWebsite, "suex.io"),
			fact(graph.FactRemark, "Secondary sanctions risk: Ukraine-/Russia-Related Sanctions Regulations, 31 CFR 589.201"),
			fact(graph.FactEstablishmentDate, "25 Sep 2018")}) {
		t.Errorf("33151 = %#v", suex)
	}
	checkEntity(t, r.entity(t, "ofac:47371"), graph.Entity{
		ID: "ofac:47371", Kind: graph.KindVessel, Name: "NS LEADER",
		Identifiers: []graph.Identifier{id("imo", "9339301", ""), id("mmsi", "636013272", "")},
		Facts: []graph.Fact{fact(graph.FactCallSign, "A8LU7"), fact(graph.FactVesselType, "Crude Oil Tanker"),
			fact(graph.FactVesselFlag, "Gabon"), fact(graph.FactRemark, "Secondary sanctions risk: See Section 11 of Executive Order 14024.")},
		Provenance: prov(ofac.SDNList, "47371"),
	})
	checkEntity(t, r.entity(t, "ofac:44525"), graph.Entity{
		ID: "ofac:44525", Kind: graph.KindCompany, Name: "BEL-KAP-STEEL LLC",
		Identifiers: []graph.Identifier{id("tax", "52-2083095", "US"), id("registration", "0582030", "US"),
			id("registration", "M99000000961", "US")},
		Countries: []string{"US"}, Addresses: []graph.Address{{City: "Miami, FL 33130", Country: "US"}},
		Facts:      []graph.Fact{fact(ingest.FactCountryName, "United States"), fact(graph.FactEstablishmentDate, "1998")},
		Provenance: prov(ofac.SDNList, "44525"),
	})
	if got := r.programs("ofac:11195"); !reflect.DeepEqual(got, []string{"NPWMD", "IFSR", "IRAN-CON-ARMS-EO"}) {
		t.Errorf("11195 programs %v", got)
	}
	if ls := r.linksFrom("ofac:44525"); len(ls) != 1 || ls[0].To != "" || ls[0].ToName !=
		"OPEN JOINT STOCK COMPANY BYELORUSSIAN STEEL WORKS MANAGEMENT COMPANY OF HOLDING BYELORUSSIAN METALLURGICAL COMPANY" {
		t.Errorf("44525 links %+v", ls)
	}
	// MORENO's remark ends "Linked To: D'S SUPERMARKET COMPANY LTD.": the
	// record-final period is trimmed from the unresolved name.
	if ls := r.linksFrom("ofac:15102"); len(ls) != 1 || ls[0].ToName != "D'S SUPERMARKET COMPANY LTD" {
		t.Errorf("15102 links %+v", ls)
	}
}

func TestConsolidated(t *testing.T) {
	dir := "consolidated-watchman-test-testdata"
	src := ofac.NewConsolidated()
	if src.Name() != "ofac-consolidated" {
		t.Fatal(src.Name())
	}
	list, pub, err := src.(ingest.ListSource).ListInfo(context.Background(), nil)
	if list != "ofac-cons" || pub != "" || err != nil {
		t.Fatal(list, pub, err)
	}
	r := load(t, src, sample(dir, "cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"), 0)
	checkCounts(t, r.counts(), counts{
		entities: 442, aliases: 1071, weak: 69, addresses: 522, designations: 534, links: 283, resolved: 282,
		kinds:   map[graph.Kind]int{graph.KindPerson: 79, graph.KindCompany: 363},
		schemes: map[string]int{"driver-license": 1, "isin": 163, "lei": 15, "national-id": 1, "registration": 469, "swift": 33, "tax": 223},
	})
	progs := map[string]int{}
	for _, d := range r.Designations {
		if d.Regime != ofac.RegimeNonSDN || d.Source != "ofac-cons" {
			t.Fatalf("designation %+v", d)
		}
		progs[d.Program]++
	}
	for p, n := range map[string]int{"UKRAINE-EO13662": 286, "RUSSIA-EO14024": 93, "NS-PLC": 78, "CMIC-EO13959": 68, "CAATSA - RUSSIA": 1, "561-Related": 1} {
		if progs[p] != n {
			t.Errorf("program %s: %d designations, want %d", p, progs[p], n)
		}
	}
	checkEntity(t, r.entity(t, "ofac:9639"), graph.Entity{
		ID: "ofac:9639", Kind: graph.KindPerson, Name: "HANIYA, Ismail Abdul Salah",
		Aliases: []string{"HANIYA, Ismail", "HANIYYA, Ismaeel"},
		Facts:   []graph.Fact{fact(graph.FactBirthDate, "1962"), fact(graph.FactBirthPlace, "Shati")}, Provenance: prov("ofac-cons", "9639"),
	})
	ct := r.entity(t, "ofac:30882")
	if ct.Name != "CHINA TELECOM CORPORATION LIMITED" || len(ct.Aliases) != 3 || len(ct.Identifiers) != 6 ||
		ct.Identifiers[0] != id("isin", "US1694261033", "") || ct.Identifiers[5] != id("registration", "9111000071093019X7", "CN") {
		t.Errorf("30882 = %#v", ct)
	}
	if ls := r.linksFrom("ofac:30882"); len(ls) != 1 || ls[0].To != "ofac:30939" || ls[0].ToName != "CHINA TELECOMMUNICATIONS CORPORATION" {
		t.Errorf("30882 links %+v", ls)
	}
	if ls := r.linksFrom("ofac:9647"); len(ls) != 1 || ls[0].To != "" || ls[0].ToName != "HAMAS" {
		t.Errorf("9647 links %+v", ls)
	}
	if got := r.programs("ofac:9647"); !reflect.DeepEqual(got, []string{"SDGT", "NS-PLC"}) {
		t.Errorf("9647 programs %v", got)
	}
}

func TestSDNSourceInfo(t *testing.T) {
	src := ofac.NewSDN()
	list, pub, err := src.(ingest.ListSource).ListInfo(context.Background(), nil)
	if src.Name() != "ofac-csv" || list != "ofac-sdn" || pub != "" || err != nil {
		t.Fatal(src.Name(), list, pub, err)
	}
}

func TestFileRoles(t *testing.T) {
	ctx := context.Background()
	noop := func(*graph.Batch) error { return nil }
	for _, tc := range []struct {
		files []string
		want  string
	}{
		{sample("watchman-ofactest", "add.csv"), "no SDN.CSV file given"},
		{sample("watchman-ofactest", "sdn.csv", "notes.csv"), "not a file of the ofac-sdn list"},
		{sample("watchman-ofactest", "sdn.csv", "sdn.csv"), "a second sdn file"},
	} {
		err := ofac.NewSDN().Parse(ctx, tc.files, ingest.ParseOptions{}, noop)
		if !ingest.IsRowError(err) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err %v, want %q", tc.files, err, tc.want)
		}
	}
	// names are matched case-insensitively, whatever the extension
	dir := t.TempDir()
	data, err := os.ReadFile(sample("watchman-ofactest", "sdn.csv")[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "SDN.CSV"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	n := 0
	err = ofac.NewSDN().Parse(ctx, []string{filepath.Join(dir, "SDN.CSV")}, ingest.ParseOptions{}, func(b *graph.Batch) error { n += len(b.Entities); return nil })
	if err != nil || n != 17 {
		t.Errorf("SDN.CSV: %d entities, err %v", n, err)
	}
	// consolidated file names are not SDN file names
	err = ofac.NewSDN().Parse(ctx, sample("consolidated-watchman-test-testdata", "cons_prim.csv"), ingest.ParseOptions{}, noop)
	if !ingest.IsRowError(err) {
		t.Errorf("cons_prim.csv as SDN: %v", err)
	}
}
