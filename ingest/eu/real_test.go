package eu_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/eu"
)

// realFixture is a real excerpt of the EU Financial Sanctions File of
// 2026-08-05 (testdata/real-lists/eu-fsf-xml/PROVENANCE.md).
const realFixture = "../../testdata/real-lists/eu-fsf-xml/sample_eu_fsf.xml"

func realEntities(t *testing.T) map[string]graph.Entity {
	t.Helper()
	b, err := parseAll(t, []string{realFixture}, ingest.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]graph.Entity{}
	for _, e := range b.Entities {
		out[e.ID] = e
	}
	if len(out) != 5 {
		t.Fatalf("read %d entities, want the 5 of the excerpt", len(out))
	}
	return out
}

// TestRealDisplayNames: the display name is the first nameAlias in the
// regulation's language, else the first in Latin script (issue 16 item 4).
func TestRealDisplayNames(t *testing.T) {
	ents := realEntities(t)
	for _, c := range []struct{ id, name string }{
		{"eu:3822", "Parchin Chemical Industries (PCI)"}, // first is Irish (GA), then Hungarian
		{"eu:6177", "Ibrahim al-'Asiri"},                 // first two are Arabic
		{"eu:191", "Bin Khalid Fahd Bin Abdallah"},       // first two are FR, the third has no language
		{"eu:521", "Haji Ahmad Jan"},                     // no name has a language: first in Latin script
		{"eu:6106", "Abu Zayd Umar DORDA"},
	} {
		if got := ents[c.id].Name; got != c.name {
			t.Errorf("%s: name %q, want %q", c.id, got, c.name)
		}
	}
	// The other names stay aliases, with their language.
	pci := ents["eu:3822"]
	for _, a := range []string{"Tionscail Ceimiceán Parchin", "Parcsini Vegyipari Vállalat", "صنایع شیمیایی پارچین"} {
		if !slices.Contains(pci.Aliases, a) {
			t.Errorf("eu:3822: alias %q missing from %q", a, pci.Aliases)
		}
	}
	if slices.Contains(pci.Aliases, pci.Name) {
		t.Errorf("eu:3822: the name is also an alias")
	}
	for _, f := range []graph.Fact{{Type: eu.FactNameLanguage, Value: "GA: Tionscail Ceimiceán Parchin"},
		{Type: eu.FactNameLanguage, Value: "FA: صنایع شیمیایی پارچین"}} {
		if !slices.Contains(pci.Facts, f) {
			t.Errorf("eu:3822: fact %v missing", f)
		}
	}
	if f := (graph.Fact{Type: eu.FactNameLanguage, Value: "EN: " + pci.Name}); slices.Contains(pci.Facts, f) {
		t.Errorf("eu:3822: the display name is listed as an alias language %v", f)
	}
}

func TestLatinScript(t *testing.T) {
	for _, c := range []struct {
		s    string
		want bool
	}{{"Ibrahim al-'Asiri", true}, {"Tionscail Ceimiceán Parchin", true}, {"إبراهيم حسن", false},
		{"Иван", false}, {"PCI 123", true}, {"123", false}, {"Abu Иван", false}} {
		if got := eu.Latin(c.s); got != c.want {
			t.Errorf("latin(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

func hasFact(e graph.Entity, typ, value string) bool {
	return slices.Contains(e.Facts, graph.Fact{Type: typ, Value: value})
}

// TestRealDocumentsAndAddressRemarks: a document with knownExpired="true"
// is marked expired, others are not; address remarks are kept (issue 16
// item 5).
func TestRealDocumentsAndAddressRemarks(t *testing.T) {
	ents := realEntities(t)
	asiri := ents["eu:6177"]
	if !hasFact(asiri, eu.FactExpiredDocument, "passport:F654645") {
		t.Errorf("eu:6177: passport F654645 (knownExpired=true) not marked expired: %v", asiri.Facts)
	}
	if !slices.Contains(asiri.Identifiers, graph.Identifier{Scheme: "passport", Value: "F654645", Country: "SA"}) {
		t.Errorf("eu:6177: the expired passport is no longer an identifier: %v", asiri.Identifiers)
	}
	const doc = "National passport: F654645, issued 2005-04-30, valid to 2010-03-07, known expired (Saudi Arabian passport number, issued on 30.4.2005, expired on 7.3.2010, issue date in Hijri Calendar 24.06.1426, expiry date in Hijri Calendar 21.03.1431)"
	if !hasFact(asiri, "document", doc) {
		t.Errorf("eu:6177: no document fact %q in %v", doc, asiri.Facts)
	}
	dorda := ents["eu:6106"]
	for _, f := range dorda.Facts {
		if f.Type == eu.FactExpiredDocument {
			t.Errorf("eu:6106: passport valid to 2026-11-24 (knownExpired=false) marked expired: %v", f)
		}
	}
	if !hasFact(dorda, ingest.FactAddressRemark, "LY: Libya (Believed status/location: residing in Egypt)") {
		t.Errorf("eu:6106: address remark missing: %v", dorda.Facts)
	}
	pci := ents["eu:3822"]
	for _, v := range []string{
		"Parchin Forked Rd., 35th km. Khavaran Rd., Pakdasht, Tehran, IR: Factory",
		"2nd Floor, Sanam Bldg., Nobonyad Sq., Tehran, IR: Head Office. Cooperative Company Registration No 892.",
	} {
		if !hasFact(pci, ingest.FactAddressRemark, v) {
			t.Errorf("eu:3822: address remark %q missing", v)
		}
	}
}

// TestCSVDocumentsAndAddressRemarks: the CSV form carries the same fields
// (Identification_KnownExpired, Identification_ValidTo, Address_Remark);
// the fixture's rows are given values for them.
func TestCSVDocumentsAndAddressRemarks(t *testing.T) {
	data, err := os.ReadFile(csvFixture)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	header := strings.Split(lines[0], ";")
	col := func(name string) int {
		i := slices.Index(header, name)
		if i < 0 {
			t.Fatalf("no column %s", name)
		}
		return i
	}
	set := func(contains string, values map[string]string) {
		for i, l := range lines {
			if strings.Contains(l, contains) {
				f := strings.Split(l, ";")
				for c, v := range values {
					f[col(c)] = v
				}
				lines[i] = strings.Join(f, ";")
				return
			}
		}
		t.Fatalf("no row with %q", contains)
	}
	set("7200123456", map[string]string{"Identification_KnownExpired": "true", "Identification_ValidTo": "2020-01-01"})
	set("Ulitsa Primernaya 1", map[string]string{"Address_Remark": "Head office"})
	var ents []graph.Entity
	if err := eu.ParseBytes("fsf.csv", []byte(strings.Join(lines, "\n")), ingest.ParseOptions{}, func(b *graph.Batch) error {
		ents = append(ents, b.Entities...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(ents) < 2 {
		t.Fatalf("%d entities", len(ents))
	}
	if p := ents[0]; !hasFact(p, eu.FactExpiredDocument, "passport:7200123456") ||
		!hasFact(p, "document", "National passport: 7200123456, valid to 2020-01-01, known expired") {
		t.Errorf("%s facts %v", p.ID, p.Facts)
	}
	if c := ents[1]; !hasFact(c, ingest.FactAddressRemark, "Ulitsa Primernaya 1, Moscow, 101000, RU: Head office") {
		t.Errorf("%s facts %v", c.ID, c.Facts)
	}
}
