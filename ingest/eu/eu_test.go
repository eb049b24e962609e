package eu_test

import (
	"context"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/eu"
)

const (
	xmlFixture = "../../testdata/eu/fsf.xml"
	csvFixture = "../../testdata/eu/fsf.csv"
)

func prov(r string) graph.Provenance { return graph.Provenance{Source: "eu", Record: r} }

func wantBatch(csv bool) graph.Batch {
	p1 := graph.Entity{ID: "eu:1001", Kind: graph.KindPerson, Name: "Ivan Petrovich Sidorov",
		Aliases:     []string{"Иван Петрович Сидоров"},
		WeakAliases: []string{"Vanya"},
		Identifiers: []graph.Identifier{{Scheme: "passport", Value: "7200123456", Country: "RU"}},
		Countries:   []string{"RU"},
		Facts: []graph.Fact{
			{Type: eu.FactNameLanguage, Value: "RU: Иван Петрович Сидоров"},
			{Type: graph.FactGender, Value: "male"}, {Type: graph.FactTitle, Value: "General"},
			{Type: graph.FactPosition, Value: "Deputy Minister of Defence"},
			{Type: graph.FactNationality, Value: "RUSSIAN FEDERATION"},
			{Type: graph.FactBirthDate, Value: "1965-03-14"},
			{Type: graph.FactBirthPlace, Value: "Kursk, RUSSIAN FEDERATION"},
			{Type: "document", Value: "National passport: 7200123456"},
			{Type: graph.FactRemark, Value: "Responsible for the deployment of troops."},
		},
		Provenance: prov("EU.1.11")}
	if csv { // the CSV has no strong flag: every alias is strong
		p1.Aliases, p1.WeakAliases = []string{"Иван Петрович Сидоров", "Vanya"}, nil
	}
	c2 := graph.Entity{ID: "eu:1002", Kind: graph.KindCompany, Name: "Joint Stock Company Example Machine Works",
		Aliases: []string{"JSC EMW"},
		Identifiers: []graph.Identifier{{Scheme: "registration", Value: "1027700000000", Country: "RU"},
			{Scheme: "tax", Value: "7700000000", Country: "RU"}},
		Addresses: []graph.Address{{Street: "Ulitsa Primernaya 1", City: "Moscow", Postal: "101000", Country: "RU"}},
		Facts: []graph.Fact{
			{Type: "document", Value: "Registration number (OGRN): 1027700000000"},
			{Type: "document", Value: "Tax Identification Number (INN): 7700000000"},
			{Type: graph.FactPhone, Value: "+7 495 0000000"}, {Type: graph.FactWebsite, Value: "www.emw.example"},
			{Type: graph.FactRemark, Value: "Associated entities: JSC Example Holding."},
		},
		Provenance: prov("EU.2.22")}
	c3 := graph.Entity{ID: "eu:1003", Kind: graph.KindCompany, Name: "Example Relief Foundation", Provenance: prov("EU.3.33")}
	p4 := graph.Entity{ID: "eu:1004", Kind: graph.KindPerson, Name: "Olga Example",
		Facts:      []graph.Fact{{Type: graph.FactGender, Value: "female"}, {Type: graph.FactBirthDate, Value: "circa 1970"}},
		Provenance: prov("1004")}
	return graph.Batch{
		Entities: []graph.Entity{p1, c2, c3, p4},
		Designations: []graph.Designation{
			{Entity: "eu:1001", Regime: graph.RegimeEU, Program: "UKR", Listed: "2022-02-23", Provenance: prov("EU.1.11")},
			{Entity: "eu:1002", Regime: graph.RegimeEU, Program: "RUS", Listed: "2023-06-23", Provenance: prov("EU.2.22")},
			{Entity: "eu:1003", Regime: graph.RegimeEU, Program: "TAQA", Listed: "2001-03-08", Provenance: prov("EU.3.33")},
			{Entity: "eu:1004", Regime: graph.RegimeEU, Program: "UKR", Listed: "2014-03-17", Provenance: prov("1004")},
			{Entity: "eu:1004", Regime: graph.RegimeEU, Program: "RUS", Listed: "2022-03-15", Provenance: prov("1004")},
		},
		SameAs: []graph.SameAs{{A: "eu:1003", B: "un:QDe.004", Method: "un-reference", Score: 1, Strength: graph.StrengthStrong,
			Evidence: "UN reference QDe.004", Provenance: prov("EU.3.33")}},
	}
}

func parseAll(t *testing.T, files []string, opt ingest.ParseOptions) (graph.Batch, error) {
	t.Helper()
	var all graph.Batch
	err := eu.New().Parse(context.Background(), files, opt, func(b *graph.Batch) error {
		all.Entities = append(all.Entities, b.Entities...)
		all.Designations = append(all.Designations, b.Designations...)
		all.SameAs = append(all.SameAs, b.SameAs...)
		return nil
	})
	return all, err
}

func TestFixtures(t *testing.T) {
	for _, tc := range []struct {
		file string
		csv  bool
	}{{xmlFixture, false}, {csvFixture, true}} {
		t.Run(tc.file, func(t *testing.T) {
			got, err := parseAll(t, []string{tc.file}, ingest.ParseOptions{})
			if err != nil {
				t.Fatal(err)
			}
			want := wantBatch(tc.csv)
			for i := range max(len(got.Entities), len(want.Entities)) {
				if i >= len(got.Entities) || i >= len(want.Entities) || !reflect.DeepEqual(got.Entities[i], want.Entities[i]) {
					t.Errorf("entity %d:\n got %#v\nwant %#v", i, at(got.Entities, i), at(want.Entities, i))
				}
			}
			if !reflect.DeepEqual(got.Designations, want.Designations) {
				t.Errorf("designations:\n got %+v\nwant %+v", got.Designations, want.Designations)
			}
			if !reflect.DeepEqual(got.SameAs, want.SameAs) {
				t.Errorf("same-as:\n got %+v\nwant %+v", got.SameAs, want.SameAs)
			}
			list, pub, err := eu.New().(ingest.ListSource).ListInfo(context.Background(), []string{tc.file})
			if err != nil || list != "eu" || pub != "2024-12-11" {
				t.Errorf("ListInfo = %q %q %v", list, pub, err)
			}
		})
	}
	// Small batches: every record arrives.
	n := 0
	err := eu.New().Parse(context.Background(), []string{xmlFixture, csvFixture}, ingest.ParseOptions{BatchSize: 2},
		func(b *graph.Batch) error { n += b.Len(); return nil })
	if err != nil || n != 2*(4+5+1) {
		t.Errorf("batched: %d records, %v", n, err)
	}
}

func at[T any](s []T, i int) any {
	if i < len(s) {
		return s[i]
	}
	return nil
}

func TestMalformed(t *testing.T) {
	xmlData, err := os.ReadFile(xmlFixture)
	if err != nil {
		t.Fatal(err)
	}
	csvData, err := os.ReadFile(csvFixture)
	if err != nil {
		t.Fatal(err)
	}
	x := string(xmlData)
	c := string(csvData)
	for _, tc := range []struct {
		name, data string
		line       int
		contains   string
		kept       int // entities kept in lenient mode
	}{
		{"xml truncated", x[:strings.Index(x, `logicalId="1003"`)], 31, "malformed XML", 2},
		{"xml no logicalId", strings.Replace(x, `logicalId="1002"`, `logicalId=""`, 1), 18, "sanctionEntity (EU.2.22): no logicalId", 3},
		{"xml bad designationDate", strings.Replace(x, `designationDate="2001-03-08"`, `designationDate="2001-02-30"`, 1), 31, "sanctionEntity 1003 (EU.3.33): designationDate", 3},
		{"xml bad publicationDate", strings.Replace(x, `publicationDate="2022-03-15"`, `publicationDate="15/03/2022"`, 1), 37, "sanctionEntity 1004: regulation publicationDate", 3},
		{"csv no logicalId", strings.Replace(c, "11/12/2024;1002;", "11/12/2024;;", 1), 8, "row without Entity_LogicalId", 4},
		{"csv bad date", strings.Replace(c, ";2001-03-08;", ";2001-3-8;", 1), 13, "sanctionEntity 1003 (EU.3.33): designationDate", 3},
		{"csv not grouped", c + strings.SplitAfter(c, "\n")[1], 19, "not consecutive", 4},
		{"csv line over 4 MiB", strings.Join(slices.Insert(strings.SplitAfter(c, "\n"), 2, "\"x"+strings.Repeat("y", ingest.MaxRecordBytes)+"\n"), ""),
			3, "this line is longer than 4 MiB", 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var skipped []*ingest.RowError
			got := 0
			err := eu.ParseBytes("bad", []byte(tc.data), ingest.ParseOptions{}, func(b *graph.Batch) error { return nil })
			re, ok := ingest.AsRowError(err)
			if !ok || re.File != "bad" || re.Line != tc.line || !strings.Contains(re.Error(), tc.contains) {
				t.Fatalf("strict: %v (line %d), want a RowError at line %d containing %q", err, lineOf(re), tc.line, tc.contains)
			}
			err = eu.ParseBytes("bad", []byte(tc.data), ingest.ParseOptions{Lenient: true,
				Skip: func(e *ingest.RowError) { skipped = append(skipped, e) }},
				func(b *graph.Batch) error { got += len(b.Entities); return nil })
			if err != nil || len(skipped) != 1 || skipped[0].Error() != re.Error() || got != tc.kept {
				t.Errorf("lenient: err %v, skipped %v, kept %d; want the strict error once and %d kept", err, skipped, got, tc.kept)
			}
		})
	}
}

func lineOf(re *ingest.RowError) int {
	if re == nil {
		return -1
	}
	return re.Line
}
