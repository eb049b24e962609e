package ofacxml_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/ofacxml"
	"github.com/ownex/ownex/internal/store/sqlite"
)

// realFixture is a real excerpt of OFAC's SDN.XML of 08/07/2026, five
// entries, Record_Count 5 (testdata/real-lists/ofac-sdn-xml/PROVENANCE.md).
const realFixture = "../../testdata/real-lists/ofac-sdn-xml/us_sample.xml"

// TestRealCountries: countries are ISO codes, the published names kept as
// facts; uid 9758 names India as nationality and citizenship, Pakistan
// and the UAE as citizenships (issue 16 item 5).
func TestRealCountries(t *testing.T) {
	b, err := parse(t, ingest.ParseOptions{}, realFixture)
	if err != nil {
		t.Fatal(err)
	}
	ents := map[string]graph.Entity{}
	for _, e := range b.Entities {
		ents[e.ID] = e
	}
	d := ents["ofac:9758"]
	check(t, "ofac:9758 countries", d.Countries, []string{"IN", "PK", "AE"})
	check(t, "ofac:9758 identifiers", d.Identifiers, []graph.Identifier{{Scheme: "passport", Value: "M-110522", Country: "IN"}})
	check(t, "ofac:9758 addresses", d.Addresses, []graph.Address{{Street: "617 CP Berar Society, Block 7-8", City: "Karachi", Country: "PK"}})
	var names []string
	for _, f := range d.Facts {
		if f.Type == ingest.FactCountryName {
			names = append(names, f.Value)
		}
	}
	check(t, "ofac:9758 country names", names, []string{"India", "Pakistan", "United Arab Emirates"})
	check(t, "ofac:36 addresses", ents["ofac:36"].Addresses, []graph.Address{{City: "Havana", Country: "CU"}})
	check(t, "ofac:6944 countries", ents["ofac:6944"].Countries, []string{"SA"})
}

// TestRecordCount: a file whose Record_Count does not match its entries
// is not the whole list (issue 15 item 1): strict mode refuses it, a
// lenient load is a partial version that closes nothing.
func TestRecordCount(t *testing.T) {
	data, err := os.ReadFile(realFixture)
	if err != nil {
		t.Fatal(err)
	}
	full := string(data)
	// A later version without the entry uid 36, still saying 5 records.
	start, end := strings.Index(full, "  <sdnEntry>\n    <uid>36</uid>"), strings.Index(full, "  <sdnEntry>\n    <uid>2674</uid>")
	if start < 0 || end < start {
		t.Fatal("fixture layout changed")
	}
	short := strings.Replace(full[:start]+full[end:], "08/07/2026", "08/08/2026", 1)
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fullFile, shortFile := write("sdn-full.xml", full), write("sdn-short.xml", short)

	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(dir, "ownex.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	inForce := func() int {
		snap, err := s.Snapshot(ctx, "2100-01-01")
		if err != nil {
			t.Fatal(err)
		}
		return len(snap.Designations)
	}
	rep, err := ingest.Run(ctx, s, ofacxml.New(), []string{fullFile}, ingest.Options{})
	if err != nil || rep.Partial {
		t.Fatalf("the real file (Record_Count 5, 5 entries): partial %v, %v", rep.Partial, err)
	}
	whole := inForce()
	if whole != 6 { // uid 9758 is on two programmes
		t.Fatalf("%d designations in force, want 6", whole)
	}

	if _, err := ingest.Run(ctx, s, ofacxml.New(), []string{shortFile}, ingest.Options{}); err == nil ||
		!strings.Contains(err.Error(), "Record_Count is 5 but the file holds 4 sdnEntry elements") {
		t.Errorf("strict load of a file short of its Record_Count: %v, want refused", err)
	}
	rep, err = ingest.Run(ctx, s, ofacxml.New(), []string{shortFile}, ingest.Options{Lenient: true})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Partial || rep.Unconfirmed != 1 || len(rep.Skipped) != 1 || rep.Skipped[0].Column != "Record_Count" {
		t.Errorf("lenient load: partial %v, unconfirmed %d, skipped %v; want a partial version, 1 designation not confirmed",
			rep.Partial, rep.Unconfirmed, rep.Skipped)
	}
	if n := inForce(); n != whole {
		t.Errorf("%d designations in force after the partial version, want %d (none closed)", n, whole)
	}

	// Without the check the short file would be a complete version.
	noCount := strings.Replace(short, "<Record_Count>5</Record_Count>", "", 1)
	rep, err = ingest.Run(ctx, s, ofacxml.New(), []string{write("sdn-nocount.xml", noCount)}, ingest.Options{Lenient: true})
	if err != nil || rep.Partial {
		t.Errorf("a file without Record_Count: partial %v, %v; want a complete version", rep.Partial, err)
	}
	if n := inForce(); !reflect.DeepEqual(n, whole-1) {
		t.Errorf("%d designations in force after a complete version without uid 36, want %d", n, whole-1)
	}
}
