package uk_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/uk"
)

var update = flag.Bool("update", false, "rewrite the expected-*.json files")

const dir = "../../testdata/uk/"

func collect(t *testing.T, opt ingest.ParseOptions, files ...string) (*graph.Batch, int, error) {
	t.Helper()
	all := new(graph.Batch)
	n := 0
	err := uk.New().Parse(context.Background(), files, opt, func(b *graph.Batch) error {
		n++
		if b.Len() == 0 || (opt.BatchSize > 0 && b.Len() > opt.BatchSize) {
			t.Fatalf("batch of %d records", b.Len())
		}
		all.Entities = append(all.Entities, b.Entities...)
		all.Designations = append(all.Designations, b.Designations...)
		all.Holdings = append(all.Holdings, b.Holdings...)
		all.Controls = append(all.Controls, b.Controls...)
		all.SameAs = append(all.SameAs, b.SameAs...)
		all.Links = append(all.Links, b.Links...)
		return nil
	})
	return all, n, err
}

// golden compares b with a hand-reviewed expected file holding every field
// of every record.
func golden(t *testing.T, b *graph.Batch, name string) {
	t.Helper()
	got, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if *update {
		if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var w graph.Batch
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	var g graph.Batch
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s: parsed records differ from %s:\n%s", name, path, got)
	}
}

func unknown() graph.Range { return graph.Unknown() }

func TestFCDOCSV(t *testing.T) {
	b, batches, err := collect(t, ingest.ParseOptions{BatchSize: 4}, dir+"UK-Sanctions-List.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got := []int{len(b.Entities), len(b.Designations), len(b.Holdings), len(b.SameAs), len(b.Links), len(b.Controls)}; !reflect.DeepEqual(got, []int{7, 6, 4, 1, 1, 0}) {
		t.Errorf("counts entities, designations, holdings, same-as, links, controls = %v", got)
	}
	if want := (b.Len() + 3) / 4; batches != want {
		t.Errorf("%d batches, want %d", batches, want)
	}
	golden(t, b, "expected-fcdo.json")
	checkFCDO(t, b)
}

// checkFCDO spells out the records the fixture was written to exercise.
func checkFCDO(t *testing.T, b *graph.Batch) {
	t.Helper()
	ent := make(map[string]graph.Entity)
	for _, e := range b.Entities {
		ent[e.ID] = e
	}
	iv := ent["uk:RUS0001"]
	if iv.Kind != graph.KindPerson || iv.Name != "Ivan Petrovich IVANOV" ||
		!reflect.DeepEqual(iv.Aliases, []string{"Vanya IVANOV", "Иван Петрович ИВАНОВ"}) ||
		!reflect.DeepEqual(iv.WeakAliases, []string{"Ivan IVANOFF"}) ||
		!reflect.DeepEqual(iv.Identifiers, []graph.Identifier{{Scheme: "passport", Value: "7512345678"}}) ||
		!reflect.DeepEqual(iv.Countries, []string{"RU"}) ||
		!reflect.DeepEqual(iv.Addresses, []graph.Address{{Street: "Kutuzovsky Prospekt 32", City: "Moscow", Postal: "121165", Country: "RU"}}) {
		t.Errorf("RUS0001 = %+v", iv)
	}
	wantFacts := []graph.Fact{{Type: "title", Value: "Mr"}, {Type: "birth-date", Value: "1972-10-12"}, {Type: "birth-place", Value: "Moscow, Russia"},
		{Type: "nationality", Value: "Russia"}, {Type: "gender", Value: "Male"}, {Type: "position", Value: "Director of ALFA HOLDING JSC"},
		{Type: "designation-source", Value: "UK"}, {Type: "sanctions-imposed", Value: "Asset freeze"}, {Type: "sanctions-imposed", Value: "Travel Ban"},
		{Type: "reference", Value: "ofsi-group-id:14001"}, {Type: "remark", Value: "Associated with ALFA HOLDING JSC."},
		{Type: "statement-of-reasons", Value: "Ivan IVANOV is a director of ALFA HOLDING JSC."}, {Type: "passport-details", Value: "Russian passport"},
		{Type: ingest.FactCountryName, Value: "Russia"}} // the nationality and the address's country, now RU
	if !reflect.DeepEqual(iv.Facts, wantFacts) {
		t.Errorf("RUS0001 facts = %+v", iv.Facts)
	}
	if got := ent["uk:RUS0002"].Identifiers; !reflect.DeepEqual(got, []graph.Identifier{
		{Scheme: "ru-inn", Value: "7701234567", Country: "RU"}, {Scheme: "ru-ogrn", Value: "1027700123456", Country: "RU"},
		{Scheme: "ru-kpp", Value: "770101001", Country: "RU"}}) {
		t.Errorf("RUS0002 identifiers = %+v", got)
	}
	if got := ent["uk:RUS0004"].Identifiers; !reflect.DeepEqual(got, []graph.Identifier{{Scheme: "swift", Value: "DLTBRUMM"}, {Scheme: "tax", Value: "7702345678"}}) {
		t.Errorf("RUS0004 identifiers = %+v", got)
	}
	if got := ent["uk:RUS0003"].Identifiers; !reflect.DeepEqual(got, []graph.Identifier{{Scheme: "registration", Value: "DMCC-123456"}}) {
		t.Errorf("RUS0003 identifiers = %+v", got)
	}
	if s := ent["uk:RUS0005"]; s.Kind != graph.KindVessel || !reflect.DeepEqual(s.Identifiers, []graph.Identifier{{Scheme: "imo", Value: "9123456"}}) {
		t.Errorf("RUS0005 = %+v", s)
	}
	if g := ent["uk-name:gamma shipping ltd"]; g.Kind != graph.KindCompany || g.Name != "Gamma Shipping Ltd" ||
		g.Provenance != (graph.Provenance{Source: "uk", Record: "RUS0002:subsidiary"}) {
		t.Errorf("unlisted subsidiary = %+v", g)
	}
	if d := b.Designations[5]; d != (graph.Designation{Entity: "uk:AQD0001", Regime: graph.RegimeUK, Program: "ISIL (Da'esh) and Al-Qaida",
		Listed: "2011-06-01", Provenance: graph.Provenance{Source: "uk", Record: "AQD0001"}}) {
		t.Errorf("AQD0001 designation = %+v", d)
	}
	h := func(owner, owned, rec string) graph.Holding {
		return graph.Holding{Owner: owner, Owned: owned, Share: unknown(), Votes: unknown(),
			Provenance: graph.Provenance{Source: "uk", Record: rec}}
	}
	wantH := []graph.Holding{
		h("uk:RUS0002", "uk:RUS0003", "RUS0002:subsidiary"),                 // subsidiary named "Beta Trading L.L.C." resolves to BETA TRADING LLC
		h("uk:RUS0002", "uk-name:gamma shipping ltd", "RUS0002:subsidiary"), // unlisted subsidiary
		h("uk:RUS0002", "uk:RUS0004", "RUS0004:parent"),                     // parent "Alfa Holding JSC"; RUS0003's parent restates RUS0002→RUS0003: dropped
		h("uk:RUS0003", "uk:RUS0005", "RUS0005:owner"),                      // ship owner/operator → ship
	}
	if !reflect.DeepEqual(b.Holdings, wantH) {
		t.Errorf("holdings = %+v", b.Holdings)
	}
	if want := []graph.SameAs{{A: "uk:AQD0001", B: "un:QDi.999", Method: "un-reference", Score: 1, Strength: graph.StrengthStrong, Evidence: "UN reference QDi.999",
		Provenance: graph.Provenance{Source: "uk", Record: "AQD0001"}}}; !reflect.DeepEqual(b.SameAs, want) {
		t.Errorf("same-as = %+v", b.SameAs)
	}
	if want := []graph.Link{{From: "uk:RUS0005", ToName: "Omega Maritime SA", Type: graph.LinkOther,
		Provenance: graph.Provenance{Source: "uk", Record: "RUS0005:previous-owner"}}}; !reflect.DeepEqual(b.Links, want) {
		t.Errorf("links = %+v", b.Links)
	}
}

func TestXMLMatchesCSV(t *testing.T) {
	c, _, err := collect(t, ingest.ParseOptions{}, dir+"UK-Sanctions-List.csv")
	if err != nil {
		t.Fatal(err)
	}
	x, _, err := collect(t, ingest.ParseOptions{BatchSize: 2}, dir+"UK-Sanctions-List.xml")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, x) {
		a, _ := json.MarshalIndent(c, "", " ")
		b, _ := json.MarshalIndent(x, "", " ")
		t.Errorf("CSV and XML differ:\nCSV %s\nXML %s", a, b)
	}
	checkFCDO(t, x)
}

func TestConList(t *testing.T) {
	b, _, err := collect(t, ingest.ParseOptions{}, dir+"ConList.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got := []int{len(b.Entities), len(b.Designations), len(b.Holdings), len(b.SameAs), len(b.Links)}; !reflect.DeepEqual(got, []int{3, 3, 0, 2, 0}) {
		t.Errorf("counts = %v", got)
	}
	golden(t, b, "expected-conlist.json")
	e := b.Entities[0]
	if e.ID != "uk:14001" || e.Name != "Ivan Petrovich IVANOV" || !reflect.DeepEqual(e.WeakAliases, []string{"Vanya IVANOV"}) ||
		len(e.Addresses) != 2 || e.Source != "uk-ofsi" {
		t.Errorf("group 14001 = %+v", e)
	}
	if b.SameAs[0] != (graph.SameAs{A: "uk:14001", B: "uk:RUS0001", Method: "uk-sanctions-list-ref", Score: 1,
		Strength: graph.StrengthStrong, Evidence: "UK Sanctions List reference RUS0001",
		Provenance: graph.Provenance{Source: "uk-ofsi", Record: "14001"}}) {
		t.Errorf("same-as = %+v", b.SameAs[0])
	}
}

func TestListInfo(t *testing.T) {
	ls := uk.New().(ingest.ListSource)
	for _, tc := range []struct {
		files []string
		list  string
		pub   graph.Date
	}{
		{[]string{dir + "UK-Sanctions-List.csv"}, "uk", "2026-02-13"},
		{[]string{dir + "UK-Sanctions-List.xml"}, "uk", "2026-02-13"},
		{[]string{dir + "ConList.csv"}, "uk-ofsi", "2026-01-27"},
	} {
		l, p, err := ls.ListInfo(context.Background(), tc.files)
		if err != nil || l != tc.list || p != tc.pub {
			t.Errorf("%v: %q %q %v", tc.files, l, p, err)
		}
	}
	if _, _, err := ls.ListInfo(context.Background(), []string{dir + "UK-Sanctions-List.csv", dir + "ConList.csv"}); err == nil {
		t.Error("mixing the FCDO list and the ConList: no error")
	}
	if uk.New().Name() != "uk" {
		t.Error("name")
	}
}

// header58 is the FCDO header; row builds a row from column=value pairs.
var header58 = func() []string {
	data, err := os.ReadFile(dir + "UK-Sanctions-List.csv")
	if err != nil {
		panic(err)
	}
	return strings.Split(strings.Split(string(data), "\n")[1], ",")
}()

func row(kv ...string) string {
	vals := make([]string, len(header58))
	for i := 0; i+1 < len(kv); i += 2 {
		for j, h := range header58 {
			if h == kv[i] {
				vals[j] = kv[i+1]
			}
		}
	}
	var sb strings.Builder
	w := csv.NewWriter(&sb)
	w.Write(vals)
	w.Flush()
	return sb.String()
}

func fcdo(rows ...string) string {
	return "Report Date: 13-Feb-2026\n" + strings.Join(header58, ",") + "\n" + strings.Join(rows, "")
}

func entity(id, name string, kv ...string) string {
	return row(append([]string{"Unique ID", id, "Name 6", name, "Name type", "Primary Name", "Regime Name", "Russia",
		"Designation Type", "Entity", "Date Designated", "01/01/2023"}, kv...)...)
}

func TestResolution(t *testing.T) {
	data := fcdo(
		entity("RUS1", "ONE LTD", "Parent company", "Twin Co"),
		entity("RUS2", "TWIN CO"),
		entity("RUS3", "TWIN CO."),
		entity("RUS4", `"FOUR" JSC`, "Subsidiaries", "(1) Four Sub LLC (2) One, Ltd."),
		entity("RUS5", "SELF CO", "Parent company", "Self Co"),
	)
	var b graph.Batch
	if err := uk.ParseBytes("r.csv", []byte(data), ingest.ParseOptions{}, func(x *graph.Batch) error {
		b.Entities = append(b.Entities, x.Entities...)
		b.Holdings = append(b.Holdings, x.Holdings...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range b.Holdings {
		got = append(got, h.Owner+">"+h.Owned+"@"+h.Record)
	}
	want := []string{
		"uk-name:twin co>uk:RUS1@RUS1:parent", // two records match "Twin Co": ambiguous, not resolved
		"uk:RUS4>uk-name:four sub llc@RUS4:subsidiary",
		"uk:RUS4>uk:RUS1@RUS4:subsidiary", // "One, Ltd." = "ONE LTD"
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("holdings %q, want %q", got, want)
	}
}

func TestMalformed(t *testing.T) {
	good := entity("RUS1", "ONE LTD")
	tests := []struct {
		name, file, data string
		line             int
		reason           string
	}{
		{"column count", "a.csv", fcdo(good, "x,y,z\n"), 4, "row has 3 fields"},
		{"missing unique id", "a.csv", fcdo(good, row("Name 6", "TWO", "Designation Type", "Entity", "Regime Name", "Russia")), 4, "required value is empty"},
		{"bad date", "a.csv", fcdo(good, entity("RUS2", "TWO", "Date Designated", "31/02/2023")), 4, "RUS2: bad date"},
		{"bad type", "a.csv", fcdo(good, entity("RUS2", "TWO", "Designation Type", "Aircraft")), 4, "unknown designation type"},
		{"bad report date", "a.csv", strings.Replace(fcdo(good), "13-Feb-2026", "yesterday", 1), 1, "bad publication date"},
		{"truncated xml", "a.xml", "<Designations><DateGenerated>2026-02-13</DateGenerated>\n<Designation><UniqueID>RUS1</UniqueID>\n<Names><Name><Name6>ONE</Name6>", 3, "malformed XML"},
		{"xml without id", "a.xml", "<Designations>\n<Designation><IndividualEntityShip>Entity</IndividualEntityShip></Designation>\n</Designations>", 2, "UniqueID"},
		{"xml bad date", "a.xml", "<Designations>\n<Designation><UniqueID>RUS9</UniqueID><Names><Name><Name6>X</Name6></Name></Names><IndividualEntityShip>Entity</IndividualEntityShip><DateDesignated>2023-01-01</DateDesignated></Designation>\n</Designations>", 2, "RUS9: bad date"},
		{"conlist columns", "c.csv", "Last Updated,01/01/2026\nName 6,Group Type,Regime,Group ID\nONE,Entity,Russia,1\nTWO,Entity\n", 4, "row has 2 fields"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := uk.ParseBytes(tc.file, []byte(tc.data), ingest.ParseOptions{}, func(*graph.Batch) error { return nil })
			re, ok := ingest.AsRowError(err)
			if !ok {
				t.Fatalf("strict: want a *RowError, got %v", err)
			}
			if re.File != tc.file || re.Line != tc.line || !strings.Contains(re.Error(), tc.reason) {
				t.Errorf("strict: %v (line %d), want %s:%d ... %s", err, re.Line, tc.file, tc.line, tc.reason)
			}
			var skipped []*ingest.RowError
			n := 0
			err = uk.ParseBytes(tc.file, []byte(tc.data), ingest.ParseOptions{Lenient: true, Skip: func(e *ingest.RowError) {
				skipped = append(skipped, e)
			}}, func(b *graph.Batch) error { n += len(b.Entities); return nil })
			if err != nil {
				t.Fatalf("lenient: %v", err)
			}
			if len(skipped) != 1 || skipped[0].Line != tc.line {
				t.Errorf("lenient: skipped %+v", skipped)
			}
		})
	}
}

// TestQuoteNeverClosed: a CSV row whose quote never closes is refused at
// its own line in strict mode; a lenient load skips that row alone, not
// the rows after it up to where encoding/csv notices (ingest.CSVReader).
func TestQuoteNeverClosed(t *testing.T) {
	bad := strings.Replace(entity("RUS2", "TWO"), ",TWO,", ",\"TWO,", 1)
	data := fcdo(entity("RUS1", "ONE LTD"), bad, entity("RUS3", "THREE"), entity("RUS4", `"FOUR" JSC`), entity("RUS5", "FIVE"))
	err := uk.ParseBytes("q.csv", []byte(data), ingest.ParseOptions{}, func(*graph.Batch) error { return nil })
	if re, ok := ingest.AsRowError(err); !ok || re.Line != 4 || !strings.Contains(re.Reason, "runs on to line 6") {
		t.Errorf("strict: %v, want q.csv:4 running on to line 6 (the quote before FOUR)", err)
	}
	var skipped []int
	var names []string
	err = uk.ParseBytes("q.csv", []byte(data), ingest.ParseOptions{Lenient: true, Skip: func(e *ingest.RowError) { skipped = append(skipped, e.Line) }},
		func(b *graph.Batch) error {
			for _, e := range b.Entities {
				names = append(names, e.Name)
			}
			return nil
		})
	if err != nil || !reflect.DeepEqual(skipped, []int{4}) || !reflect.DeepEqual(names, []string{"ONE LTD", "THREE", `"FOUR" JSC`, "FIVE"}) {
		t.Errorf("lenient: %v, skipped lines %v, entities %q; want line 4 skipped and the four others", err, skipped, names)
	}
}

func TestNotUK(t *testing.T) {
	for _, data := range []string{"", "id,name\nx,y\n", "<sdnList/>"} {
		err := uk.ParseBytes("n", []byte(data), ingest.ParseOptions{Lenient: true}, func(*graph.Batch) error { return nil })
		if !ingest.IsRowError(err) {
			t.Errorf("%q: %v", data, err)
		}
	}
}
