package ofacxml_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/ofacxml"
	"github.com/ownex/ownex/internal/store/sqlite"
)

const (
	sdnFixture = "../../testdata/ofacxml/SDN.XML"
	advFixture = "../../testdata/ofacxml/SDN_ADVANCED.XML"
)

// parse runs the source over files and merges all batches.
func parse(t testing.TB, opt ingest.ParseOptions, files ...string) (*graph.Batch, error) {
	t.Helper()
	all := new(graph.Batch)
	err := ofacxml.New().Parse(context.Background(), files, opt, func(b *graph.Batch) error {
		all.Entities = append(all.Entities, b.Entities...)
		all.Designations = append(all.Designations, b.Designations...)
		all.Holdings = append(all.Holdings, b.Holdings...)
		all.Controls = append(all.Controls, b.Controls...)
		all.SameAs = append(all.SameAs, b.SameAs...)
		all.Links = append(all.Links, b.Links...)
		return nil
	})
	return all, err
}

func check(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %#v\nwant %#v", what, got, want)
	}
}

func prov(src, rec string) graph.Provenance { return graph.Provenance{Source: src, Record: rec} }

func TestName(t *testing.T) {
	if n := ofacxml.New().Name(); n != "ofac-xml" {
		t.Errorf("Name() = %q", n)
	}
	if _, ok := ofacxml.New().(ingest.ListSource); !ok {
		t.Error("source does not implement ingest.ListSource")
	}
}

func TestLegacyFixture(t *testing.T) {
	b, err := parse(t, ingest.ParseOptions{BatchSize: 2}, sdnFixture)
	if err != nil {
		t.Fatal(err)
	}
	p := func(rec string) graph.Provenance { return prov("ofac-sdn", rec) }
	wantEntities := []graph.Entity{
		{
			ID: "ofac:36", Kind: graph.KindPerson, Name: "ROSTOV, Ivan Petrovich",
			Aliases:     []string{"ROSTOFF, Ivan"},
			WeakAliases: []string{"VANYA"},
			Identifiers: []graph.Identifier{
				{Scheme: "passport", Value: "753016431", Country: "RU"},
				{Scheme: "tax", Value: "772705432719", Country: "RU"},
			},
			Countries: []string{"RU", "CY"}, // codes; the names stay in country-name facts
			Addresses: []graph.Address{{Street: "Tverskaya 7, Office 12", City: "Moscow", Postal: "125009", Country: "RU"}},
			Facts: []graph.Fact{
				{Type: ingest.FactCountryName, Value: "Russia"},
				{Type: graph.FactNationality, Value: "Russia"},
				{Type: graph.FactCitizenship, Value: "Cyprus"},
				{Type: ingest.FactCountryName, Value: "Cyprus"},
				{Type: graph.FactBirthDate, Value: "1962-10-12"},
				{Type: graph.FactBirthDate, Value: "1963"},
				{Type: graph.FactBirthPlace, Value: "Leningrad, Russia"},
				{Type: graph.FactTitle, Value: "Chairman"},
				{Type: graph.FactRemark, Value: "Gender Male; Secondary sanctions risk: Ukraine-/Russia-Related Sanctions Regulations."},
			},
			Provenance: p("uid=36"),
		},
		{
			ID: "ofac:2002", Kind: graph.KindCompany, Name: "ALPHA HOLDINGS LLC",
			Aliases: []string{"OOO ALFA KHOLDINGS"},
			Identifiers: []graph.Identifier{
				{Scheme: "registration", Value: "1027700132195", Country: "RU"},
				{Scheme: "lei", Value: "253400JT3MQWNDKMJE44"},
				{Scheme: "swift", Value: "ALPHRUMM"},
				{Scheme: "crypto-xbt", Value: "1B64QRxfaa35MVkf7sDjuGUYAP5izQt7Qi"},
			},
			Addresses: []graph.Address{{Street: "Prospekt Mira 10", City: "Moscow", Country: "RU"}},
			Facts: []graph.Fact{
				{Type: ingest.FactCountryName, Value: "Russia"},
				{Type: graph.FactRemark, Value: "Organization Established Date 2005; Linked To: ROSTOV, Ivan Petrovich."},
			},
			Provenance: p("uid=2002"),
		},
		{
			ID: "ofac:3003", Kind: graph.KindVessel, Name: "OCEAN STAR",
			Identifiers: []graph.Identifier{{Scheme: "imo", Value: "9486910"}, {Scheme: "mmsi", Value: "636019825"}},
			Facts: []graph.Fact{
				{Type: graph.FactCallSign, Value: "D5DT3"},
				{Type: graph.FactVesselType, Value: "Crude Oil Tanker"},
				{Type: graph.FactVesselFlag, Value: "Liberia"},
				{Type: ofacxml.FactVesselOwner, Value: "ALPHA HOLDINGS LLC"},
				{Type: graph.FactTonnage, Value: "156000"},
				{Type: ofacxml.FactGrossRegisteredTonnage, Value: "81479"},
				{Type: graph.FactRemark, Value: "Linked To: ALPHA HOLDINGS LLC; Linked To: UNLISTED TRADING CO."},
			},
			Provenance: p("uid=3003"),
		},
		{
			ID: "ofac:4004", Kind: graph.KindAircraft, Name: "RA-96104",
			Facts:      []graph.Fact{{Type: graph.FactRemark, Value: "Aircraft Model IL-96-300; Linked To: ALPHA HOLDINGS LLC."}},
			Provenance: p("uid=4004"),
		},
	}
	check(t, "entities", b.Entities, wantEntities)
	check(t, "designations", b.Designations, []graph.Designation{
		{Entity: "ofac:36", Regime: "ofac", Program: "RUSSIA-EO14024", Provenance: p("uid=36:RUSSIA-EO14024")},
		{Entity: "ofac:36", Regime: "ofac", Program: "UKRAINE-EO13660", Provenance: p("uid=36:UKRAINE-EO13660")},
		{Entity: "ofac:2002", Regime: "ofac", Program: "RUSSIA-EO14024", Provenance: p("uid=2002:RUSSIA-EO14024")},
		{Entity: "ofac:3003", Regime: "ofac", Program: "IRAN", Provenance: p("uid=3003:IRAN")},
		{Entity: "ofac:4004", Regime: "ofac", Program: "RUSSIA-EO14024", Provenance: p("uid=4004:RUSSIA-EO14024")},
	})
	check(t, "links", b.Links, []graph.Link{
		// "Linked To: ROSTOV, Ivan Petrovich." is the last remark: the final
		// period is OFAC's end-of-record marker.
		{From: "ofac:2002", To: "ofac:36", ToName: "ROSTOV, Ivan Petrovich", Type: graph.LinkLinkedTo,
			Provenance: p("uid=2002:linked-to:ROSTOV, Ivan Petrovich")},
		{From: "ofac:3003", To: "ofac:2002", ToName: "ALPHA HOLDINGS LLC", Type: graph.LinkLinkedTo,
			Provenance: p("uid=3003:linked-to:ALPHA HOLDINGS LLC")},
		// Not a record of the file: kept as text.
		{From: "ofac:3003", ToName: "UNLISTED TRADING CO", Type: graph.LinkLinkedTo,
			Provenance: p("uid=3003:linked-to:UNLISTED TRADING CO")},
		{From: "ofac:4004", To: "ofac:2002", ToName: "ALPHA HOLDINGS LLC", Type: graph.LinkLinkedTo,
			Provenance: p("uid=4004:linked-to:ALPHA HOLDINGS LLC")},
	})
	if len(b.Holdings)+len(b.Controls)+len(b.SameAs) != 0 {
		t.Errorf("legacy XML has no structured ownership, got %+v %+v %+v", b.Holdings, b.Controls, b.SameAs)
	}
}

func TestAdvancedFixture(t *testing.T) {
	b, err := parse(t, ingest.ParseOptions{BatchSize: 3}, advFixture)
	if err != nil {
		t.Fatal(err)
	}
	p := func(rec string) graph.Provenance { return prov("ofac-sdn", rec) }
	wantEntities := []graph.Entity{
		{
			ID: "ofac:36", Kind: graph.KindPerson, Name: "ROSTOV, Ivan Petrovich",
			// The Cyrillic DocumentedName of the primary alias, then the A.K.A.
			Aliases:     []string{"РОСТОВ, Иван", "ROSTOFF, Ivan"},
			WeakAliases: []string{"VANYA"},
			Identifiers: []graph.Identifier{{Scheme: "passport", Value: "753016431", Country: "RU"}},
			Countries:   []string{"RU", "CY"},
			Addresses:   []graph.Address{{Street: "Tverskaya 7, Office 12", City: "Moscow", Postal: "125009", Country: "RU"}},
			Facts: []graph.Fact{
				{Type: ingest.FactCountryName, Value: "Russia"}, // the passport's country, now RU
				{Type: graph.FactBirthDate, Value: "1962-10-12"},
				{Type: graph.FactBirthDate, Value: "1963"}, // Jan 1 - Dec 31: year precision kept
				{Type: graph.FactBirthPlace, Value: "Leningrad, Russia"},
				{Type: graph.FactNationality, Value: "Russia"},
				{Type: graph.FactCitizenship, Value: "Cyprus"},
				{Type: ingest.FactCountryName, Value: "Cyprus"},
				{Type: graph.FactGender, Value: "Male"},
			},
			Provenance: p("FixedRef=36"),
		},
		{
			ID: "ofac:2002", Kind: graph.KindCompany, Name: "ALPHA HOLDINGS LLC",
			Aliases: []string{"OOO ALFA KHOLDINGS"},
			Identifiers: []graph.Identifier{
				{Scheme: "registration", Value: "1027700132195", Country: "RU"},
				{Scheme: "lei", Value: "253400JT3MQWNDKMJE44"},
				{Scheme: "crypto-xbt", Value: "1B64QRxfaa35MVkf7sDjuGUYAP5izQt7Qi"},
			},
			Addresses: []graph.Address{{Country: "RU"}},
			Facts: []graph.Fact{
				{Type: ingest.FactCountryName, Value: "Russia"},
				{Type: graph.FactEstablishmentDate, Value: "2005"},
				{Type: graph.FactWebsite, Value: "www.alpha-holdings.example"},
				{Type: "additional-sanctions-information", Value: "Subject to Secondary Sanctions"},
			},
			Provenance: p("FixedRef=2002"),
		},
		{
			ID: "ofac:3003", Kind: graph.KindCompany, Name: "BETA SHIPPING LTD",
			Identifiers: []graph.Identifier{{Scheme: "tax", Value: "CY10203040X", Country: "CY"}},
			Addresses:   []graph.Address{{Street: "12 Makarios Avenue", City: "Limassol", Country: "CY"}},
			Facts:       []graph.Fact{{Type: ingest.FactCountryName, Value: "Cyprus"}},
			Provenance:  p("FixedRef=3003"),
		},
		{
			ID: "ofac:4004", Kind: graph.KindVessel, Name: "OCEAN STAR",
			Identifiers: []graph.Identifier{{Scheme: "imo", Value: "9486910"}, {Scheme: "mmsi", Value: "636019825"}},
			Facts: []graph.Fact{
				{Type: graph.FactVesselFlag, Value: "Liberia"},
				{Type: graph.FactCallSign, Value: "D5DT3"},
				{Type: graph.FactVesselType, Value: "Crude Oil Tanker"},
			},
			Provenance: p("FixedRef=4004"),
		},
	}
	check(t, "entities", b.Entities, wantEntities)
	check(t, "designations", b.Designations, []graph.Designation{
		{Entity: "ofac:36", Regime: "ofac", Program: "RUSSIA-EO14024", Listed: "2022-04-06", Provenance: p("SanctionsEntry=20001:RUSSIA-EO14024")},
		{Entity: "ofac:36", Regime: "ofac", Program: "UKRAINE-EO13660", Listed: "2022-04-06", Provenance: p("SanctionsEntry=20001:UKRAINE-EO13660")},
		// The earliest of two EntryEvents.
		{Entity: "ofac:2002", Regime: "ofac", Program: "RUSSIA-EO14024", Listed: "2022-09-30", Provenance: p("SanctionsEntry=20002:RUSSIA-EO14024")},
		// Profile 33003 belongs to FixedRef 3003; ListID 91507 = "SSI List".
		{Entity: "ofac:3003", Regime: "ofac-nonsdn", Program: "UKRAINE-EO13662", Listed: "2014-07-16", Provenance: p("SanctionsEntry=20003:UKRAINE-EO13662")},
		{Entity: "ofac:4004", Regime: "ofac", Program: "IRAN", Provenance: p("SanctionsEntry=20004:IRAN")},
	})
	u := graph.Unknown()
	check(t, "holdings", b.Holdings, []graph.Holding{
		// 2002 "Owned or Controlled By" 36: 36 owns 2002.
		{Owner: "ofac:36", Owned: "ofac:2002", Share: u, Votes: u, Provenance: p("ProfileRelationship=10001")},
		// 33003 (= 3003) "Owns, controls, or operates" 4004: 3003 owns 4004.
		{Owner: "ofac:3003", Owned: "ofac:4004", Share: u, Votes: u, Provenance: p("ProfileRelationship=10002")},
		// Former: ended at the latest on the DateOfIssue.
		{Owner: "ofac:3003", Owned: "ofac:2002", Share: u, Votes: u, Span: graph.Span{End: "2024-03-15"},
			Provenance: p("ProfileRelationship=10004")},
		// 4004 "Property in the interest of" 36: 36 owns 4004.
		{Owner: "ofac:36", Owned: "ofac:4004", Share: u, Votes: u, Provenance: p("ProfileRelationship=10005")},
	})
	check(t, "links", b.Links, []graph.Link{
		{From: "ofac:36", To: "ofac:3003", Type: graph.LinkAssociateOf, Provenance: p("ProfileRelationship=10003")},
		{From: "ofac:36", To: "ofac:2002", Type: graph.LinkLeaderOf, Provenance: p("ProfileRelationship=10006")},
	})
	for _, h := range b.Holdings {
		if !h.Share.IsUnknown() || !h.Votes.IsUnknown() {
			t.Errorf("holding %+v: OFAC publishes no percentages", h)
		}
	}
}

// TestRelationTypesByText checks that relation meanings come from the
// RelationType text, not from the well-known ids.
func TestRelationTypesByText(t *testing.T) {
	data, err := os.ReadFile(advFixture)
	if err != nil {
		t.Fatal(err)
	}
	// Swap the texts of ids 15003 and 92019: the directions must follow.
	s := string(data)
	s = replaceOnce(t, s, `ID="15003" Symmetrical="false">Owned or Controlled By<`, `ID="15003" Symmetrical="false">@@<`)
	s = replaceOnce(t, s, `ID="92019" Symmetrical="false">Owns, controls, or operates<`, `ID="92019" Symmetrical="false">Owned or Controlled By<`)
	s = replaceOnce(t, s, `>@@<`, `>Owns, controls, or operates<`)
	b := parseBytes(t, "SDN_ADVANCED.XML", s, ingest.ParseOptions{})
	got := map[string][2]string{}
	for _, h := range b.Holdings {
		got[h.Record] = [2]string{h.Owner, h.Owned}
	}
	want := map[string][2]string{
		"ProfileRelationship=10001": {"ofac:2002", "ofac:36"},
		"ProfileRelationship=10002": {"ofac:4004", "ofac:3003"},
		"ProfileRelationship=10004": {"ofac:2002", "ofac:3003"},
		"ProfileRelationship=10005": {"ofac:36", "ofac:4004"},
	}
	check(t, "holdings by text", got, want)
}

func TestListInfo(t *testing.T) {
	ctx := context.Background()
	ls := ofacxml.New().(ingest.ListSource)
	for _, f := range [][]string{{sdnFixture}, {advFixture}, {sdnFixture, advFixture}} {
		list, pub, err := ls.ListInfo(ctx, f)
		if err != nil || list != "ofac-sdn" || pub != "2024-03-15" {
			t.Errorf("ListInfo(%v) = %q, %q, %v", f, list, pub, err)
		}
	}
	dir := t.TempDir()
	cons := copyFile(t, sdnFixture, filepath.Join(dir, "CONSOLIDATED.XML"))
	consAdv := copyFile(t, advFixture, filepath.Join(dir, "cons_advanced.xml"))
	for _, f := range []string{cons, consAdv} {
		if list, pub, err := ls.ListInfo(ctx, []string{f}); err != nil || list != "ofac-cons" || pub != "2024-03-15" {
			t.Errorf("ListInfo(%s) = %q, %q, %v", f, list, pub, err)
		}
	}
	if _, _, err := ls.ListInfo(ctx, []string{sdnFixture, cons}); err == nil {
		t.Error("ListInfo of an SDN and a consolidated file: want an error")
	}
}

func TestConsolidatedRegime(t *testing.T) {
	dir := t.TempDir()
	b, err := parse(t, ingest.ParseOptions{}, copyFile(t, sdnFixture, filepath.Join(dir, "CONSOLIDATED.XML")))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range b.Designations {
		if d.Regime != ofacxml.RegimeNonSDN || d.Source != "ofac-cons" {
			t.Errorf("designation %+v: want regime ofac-nonsdn, source ofac-cons", d)
		}
	}
	// Advanced: the ListID decides; an entry without ListID falls back to
	// the file name.
	data, _ := os.ReadFile(advFixture)
	s := replaceOnce(t, string(data), `ProfileID="4004" ListID="1550"`, `ProfileID="4004"`)
	bb := parseBytes(t, "CONS_ADVANCED.XML", s, ingest.ParseOptions{})
	got := map[string]graph.Regime{}
	for _, d := range bb.Designations {
		got[d.Entity] = d.Regime
	}
	check(t, "regimes", got, map[string]graph.Regime{"ofac:36": "ofac", "ofac:2002": "ofac", "ofac:3003": "ofac-nonsdn", "ofac:4004": "ofac-nonsdn"})
}

func TestNamespacesIgnored(t *testing.T) {
	data, _ := os.ReadFile(sdnFixture)
	s := replaceOnce(t, string(data), `xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML"`,
		`xmlns="http://tempuri.org/sdnList.xsd"`)
	b := parseBytes(t, "SDN.XML", "\ufeff"+s, ingest.ParseOptions{})
	if len(b.Entities) != 4 || len(b.Links) != 4 {
		t.Errorf("tempuri namespace with BOM: %d entities, %d links", len(b.Entities), len(b.Links))
	}
	data, _ = os.ReadFile(advFixture)
	s = replaceOnce(t, string(data), `xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML"`,
		`xmlns="http://www.un.org/sanctions/1.0"`)
	b = parseBytes(t, "SDN_ADVANCED.XML", s, ingest.ParseOptions{})
	if len(b.Entities) != 4 || len(b.Holdings) != 4 {
		t.Errorf("UN namespace: %d entities, %d holdings", len(b.Entities), len(b.Holdings))
	}
}

// TestRunIntoStore loads both fixtures through ingest.Run into SQLite.
func TestRunIntoStore(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ownex.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rep, err := ingest.Run(ctx, s, ofacxml.New(), []string{advFixture}, ingest.Options{BatchSize: 4})
	if err != nil {
		t.Fatal(err)
	}
	want := graph.Counts{Entities: 4, Designations: 5, Holdings: 4, Links: 2}
	if rep.Counts != want {
		t.Errorf("counts = %+v, want %+v", rep.Counts, want)
	}
	loads, err := s.Loads(ctx)
	// (The SQLite load log does not keep LoadMeta.List/Published yet; the
	// ListInfo values are checked in TestListInfo.)
	if err != nil || len(loads) != 1 || loads[0].Format != "ofac-xml" || loads[0].Status != graph.LoadCommitted {
		t.Errorf("load log = %+v, %v", loads, err)
	}
	e, err := s.Entity(ctx, "ofac:3003")
	if err != nil || e.Name != "BETA SHIPPING LTD" || e.Kind != graph.KindCompany {
		t.Errorf("entity ofac:3003 = %+v, %v", e, err)
	}
}

func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	i := indexOf(s, old)
	if i < 0 {
		t.Fatalf("fixture lacks %q", old)
	}
	return s[:i] + new + s[i+len(old):]
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func copyFile(t *testing.T, from, to string) string {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return to
}

// parseBytes parses s as a file called name and fails the test on error.
func parseBytes(t *testing.T, name, s string, opt ingest.ParseOptions) *graph.Batch {
	t.Helper()
	b, err := parseData(name, []byte(s), opt)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return b
}

func parseData(name string, data []byte, opt ingest.ParseOptions) (*graph.Batch, error) {
	all := new(graph.Batch)
	err := ofacxml.ParseBytes(name, data, opt, func(b *graph.Batch) error {
		all.Entities = append(all.Entities, b.Entities...)
		all.Designations = append(all.Designations, b.Designations...)
		all.Holdings = append(all.Holdings, b.Holdings...)
		all.Links = append(all.Links, b.Links...)
		return nil
	})
	return all, err
}
