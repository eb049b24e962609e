package gleif_test

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/gleif"
)

const dir = "../../testdata/gleif"

func samples(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(files) != 6 {
		t.Fatalf("samples: %v %v", files, err)
	}
	return files
}

type all struct {
	graph.Batch
	batches int
}

func collect(t *testing.T, files []string, opt ingest.ParseOptions) (*all, map[string]map[string]int) {
	t.Helper()
	var a all
	counts, err := gleif.ParseCount(files, opt, func(b *graph.Batch) error {
		a.batches++
		if opt.BatchSize > 0 && b.Len() > opt.BatchSize {
			t.Fatalf("batch of %d records, size %d", b.Len(), opt.BatchSize)
		}
		a.Entities = append(a.Entities, b.Entities...)
		a.Holdings = append(a.Holdings, b.Holdings...)
		a.Controls = append(a.Controls, b.Controls...)
		a.Links = append(a.Links, b.Links...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return &a, counts
}

func TestName(t *testing.T) {
	if gleif.New().Name() != "gleif" {
		t.Fatal(gleif.New().Name())
	}
}

func TestSampleCounts(t *testing.T) {
	a, counts := collect(t, samples(t), ingest.ParseOptions{BatchSize: 7})
	want := map[string]map[string]int{
		"lei-data.xml":             {"LEIRecord": 13},
		"lei-updates-data2.xml":    {"LEIRecord": 12},
		"repex-data.xml":           {"Exception": 10},
		"rr-data.xml":              {"RelationshipRecord": 10},
		"rr-updates-data2.xml":     {"RelationshipRecord": 11},
		"rr-updates-data2-new.xml": {"RelationshipRecord": 10},
	}
	got := map[string]map[string]int{}
	for f, m := range counts {
		got[filepath.Base(f)] = m
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("counts %v, want %v", got, want)
	}
	// 25 level-1 records (24 distinct LEIs: 00TR8NKAEL48RGTZEW89 is in both
	// files) + 3 exceptions of LEIs without a level-1 record.
	if len(a.Entities) != 28 {
		t.Errorf("%d entities, want 28", len(a.Entities))
	}
	// Control edges: direct consolidations 1 + 4 + 3 = 8 (dominant
	// influence; quantified: 0 + 2 + 1 holdings), sub-funds 3 (dominant
	// influence, by the umbrella), fund management 5 + 4 + 5 = 14 (de facto,
	// by the manager).
	bases := map[graph.Basis]int{}
	for _, c := range a.Controls {
		bases[c.Basis]++
		if c.Source != "gleif" || c.Ref != c.Record {
			t.Errorf("control %+v", c)
		}
	}
	if want := map[graph.Basis]int{graph.BasisDominantInfluence: 11, graph.BasisDeFacto: 14}; !reflect.DeepEqual(bases, want) || len(a.Holdings) != 3 {
		t.Errorf("control bases %v, %d holdings; want %v, 3", bases, len(a.Holdings), want)
	}
	types := map[graph.LinkType]int{}
	for _, l := range a.Links {
		types[l.Type]++
	}
	// fund-managed 5+4+5 (beside the control edge), ultimate 1+3+2.
	wantTypes := map[graph.LinkType]int{graph.LinkFundManagedBy: 14, graph.LinkUltimateOwner: 6}
	if !reflect.DeepEqual(types, wantTypes) {
		t.Errorf("link types %v, want %v", types, wantTypes)
	}
}

func find(es []graph.Entity, id string) *graph.Entity {
	for i := range es {
		if es[i].ID == id {
			return &es[i]
		}
	}
	return nil
}

func hasFact(e *graph.Entity, typ, val string) bool {
	for _, f := range e.Facts {
		if f.Type == typ && f.Value == val {
			return true
		}
	}
	return false
}

func TestEntities(t *testing.T) {
	a, _ := collect(t, samples(t), ingest.ParseOptions{})
	for _, c := range []struct {
		lei, name, country, jur string
		kind                    graph.Kind
	}{
		{"001GPB6A9XPE8XJICC14", "Fidelity Advisor Leveraged Company Stock Fund", "US", "US-MA", graph.KindOrganization},
		{"004L5FPTUREIWK9T2N63", "Hutchin Hill Capital, LP", "US", "US-DE", graph.KindCompany},
		{"213800FERQ5LE3H7WJ58", "DENTSU INTERNATIONAL LIMITED", "GB", "GB", graph.KindCompany},
		{"549300JB1P61FUTPEZ75", "Všeobecná úverová banka, a.s.", "SK", "SK", graph.KindCompany},
	} {
		e := find(a.Entities, "lei:"+c.lei)
		if e == nil {
			t.Errorf("%s missing", c.lei)
			continue
		}
		if e.Name != c.name || e.Kind != c.kind || !reflect.DeepEqual(e.Countries, []string{c.country}) ||
			!hasFact(e, gleif.FactLegalJurisdiction, c.jur) || e.Identifiers[0] != (graph.Identifier{Scheme: "lei", Value: c.lei}) ||
			e.Source != "gleif" || e.Record != c.lei {
			t.Errorf("%s: %+v", c.lei, e)
		}
	}
	e := find(a.Entities, "lei:001GPB6A9XPE8XJICC14")
	if !reflect.DeepEqual(e.Aliases, []string{"FIDELITY ADVISOR SERIES I - Fidelity Advisor Leveraged Company Stock Fund"}) ||
		e.Identifiers[1] != (graph.Identifier{Scheme: "registration", Value: "S000005113", Country: "US"}) ||
		!hasFact(e, gleif.FactEntityStatus, "ACTIVE") || !hasFact(e, graph.FactEstablishmentDate, "2012-11-29") ||
		!hasFact(e, gleif.FactReportingException, "no-direct-parent: NO_KNOWN_PERSON") ||
		len(e.Addresses) != 2 || e.Addresses[0] != (graph.Address{Street: "245 SUMMER STREET", City: "BOSTON", Region: "US-MA", Postal: "02210", Country: "US"}) {
		t.Errorf("fidelity: %+v", e)
	}
	// Exceptions of LEIs without a level-1 record keep their own node.
	e = find(a.Entities, "lei:01370W6ZIY66KQ4J3570")
	if e == nil || e.Kind != graph.KindUnknown || !hasFact(e, gleif.FactReportingException, "no-direct-parent: NON_PUBLIC") {
		t.Errorf("exception-only: %+v", e)
	}
}

func TestRelationships(t *testing.T) {
	files := []string{filepath.Join(dir, "rr-updates-data2.xml")}
	a, _ := collect(t, files, ingest.ParseOptions{})
	// The direct consolidation quantified at 100.00 %: exact 100.
	var h *graph.Holding
	for i := range a.Holdings {
		if a.Holdings[i].Owned == "lei:2138002YAB7Z9KO21397" {
			h = &a.Holdings[i]
		}
	}
	if h == nil {
		t.Fatal("holding in 2138002YAB7Z9KO21397 missing")
	}
	want := graph.Holding{Owner: "lei:984500501A1B1045PB30", Owned: "lei:2138002YAB7Z9KO21397",
		Share: graph.Exact(graph.Hundred), Votes: graph.Unknown(), Span: graph.Span{Start: "2019-06-30"},
		Ref:        "2138002YAB7Z9KO21397/IS_DIRECTLY_CONSOLIDATED_BY/984500501A1B1045PB30",
		Provenance: graph.Provenance{Source: "gleif", Record: "2138002YAB7Z9KO21397/IS_DIRECTLY_CONSOLIDATED_BY/984500501A1B1045PB30"}}
	if *h != want {
		t.Errorf("holding %+v, want %+v", *h, want)
	}
	// 1.00 is kept exactly as published.
	for _, h := range a.Holdings {
		if h.Owned == "lei:097900BJGO0000201513" && h.Share != graph.Exact(graph.PctScale) {
			t.Errorf("1.00 holding %+v", h)
		}
	}
	// The accounting period end (2019-06-30) does not end the relationship;
	// every control carries its record's id as Ref.
	for _, c := range a.Controls {
		if c.End != "" || c.Ref != c.Record || c.Ref == "" {
			t.Errorf("control ended by an accounting period: %+v", c)
		}
	}
	var ult *graph.Link
	for i := range a.Links {
		if a.Links[i].From == "lei:2138002YAB7Z9KO21397" && a.Links[i].Type == graph.LinkUltimateOwner {
			ult = &a.Links[i]
		}
	}
	if ult == nil || ult.To != "lei:984500501A1B1045PB30" {
		t.Errorf("ultimate link %+v", ult)
	}
	var fund *graph.Link
	for i := range a.Links {
		if a.Links[i].From == "lei:097900BEJX0000002337" {
			fund = &a.Links[i]
		}
	}
	if fund == nil || fund.Type != graph.LinkFundManagedBy || fund.To != "lei:097900BHF50000076475" || fund.Start != "2005-03-23" {
		t.Errorf("fund link %+v", fund)
	}
}

func TestDeletionEnds(t *testing.T) {
	a, _ := collect(t, []string{filepath.Join(dir, "rr-updates-data2-new.xml")}, ingest.ParseOptions{})
	n := 0
	for _, l := range a.Links {
		if l.From == "lei:98450051BS9C610A8T78" && l.Type == graph.LinkUltimateOwner {
			n++
			if l.End != "2023-11-01" || l.Start != "2018-06-30" {
				t.Errorf("deleted relationship %+v", l)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d deleted links", n)
	}
}

const rrHead = `<?xml version="1.0" encoding="UTF-8"?><rr:RelationshipData xmlns:rr="http://www.gleif.org/data/schema/rr/2016">
<rr:Header><rr:ContentDate>2023-11-06T09:29:01Z</rr:ContentDate></rr:Header><rr:RelationshipRecords>
`

func rel(start, end, typ, periods, status, extra string) string {
	return `<rr:RelationshipRecord><rr:Relationship><rr:StartNode><rr:NodeID>` + start + `</rr:NodeID><rr:NodeIDType>LEI</rr:NodeIDType></rr:StartNode>
<rr:EndNode><rr:NodeID>` + end + `</rr:NodeID><rr:NodeIDType>LEI</rr:NodeIDType></rr:EndNode><rr:RelationshipType>` + typ + `</rr:RelationshipType>
<rr:RelationshipPeriods>` + periods + `</rr:RelationshipPeriods><rr:RelationshipStatus>` + status + `</rr:RelationshipStatus>` + extra + `</rr:Relationship>
<rr:Registration><rr:LastUpdateDate>2023-08-17T08:31:04.159+02:00</rr:LastUpdateDate><rr:RegistrationStatus>PUBLISHED</rr:RegistrationStatus></rr:Registration></rr:RelationshipRecord>
`
}

const (
	leiA = "AAAAAAAAAAAAAAAAAA01"
	leiB = "BBBBBBBBBBBBBBBBBB02"
	per  = `<rr:RelationshipPeriod><rr:StartDate>2015-01-01T00:00:00Z</rr:StartDate><rr:PeriodType>RELATIONSHIP_PERIOD</rr:PeriodType></rr:RelationshipPeriod>`
)

func TestInactiveAndPeriodEnd(t *testing.T) {
	doc := rrHead +
		rel(leiA, leiB, "IS_DIRECTLY_CONSOLIDATED_BY", per, "INACTIVE", "") +
		rel(leiB, leiA, "IS_DIRECTLY_CONSOLIDATED_BY", `<rr:RelationshipPeriod><rr:StartDate>2015-01-01</rr:StartDate><rr:EndDate>2020-05-31T00:00:00+02:00</rr:EndDate><rr:PeriodType>RELATIONSHIP_PERIOD</rr:PeriodType></rr:RelationshipPeriod>`, "INACTIVE", "") +
		`</rr:RelationshipRecords></rr:RelationshipData>`
	var cs []graph.Control
	err := gleif.ParseBytes("x.xml", []byte(doc), ingest.ParseOptions{}, func(b *graph.Batch) error {
		cs = append(cs, b.Controls...)
		if len(b.Holdings) != 0 {
			t.Errorf("holding without a quantifier: %+v", b.Holdings)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 || cs[0].Span != (graph.Span{Start: "2015-01-01", End: "2023-08-17"}) ||
		cs[1].Span != (graph.Span{Start: "2015-01-01", End: "2020-05-31"}) {
		t.Fatalf("controls %+v", cs)
	}
}

func TestMalformed(t *testing.T) {
	bad := []struct{ name, doc, reason string }{
		{"bad LEI", rrHead + rel("SHORT", leiB, "IS_FUND-MANAGED_BY", per, "ACTIVE", "") + rel(leiA, leiB, "IS_ULTIMATELY_CONSOLIDATED_BY", per, "ACTIVE", "") + `</rr:RelationshipRecords></rr:RelationshipData>`, "bad LEI"},
		{"unknown type", rrHead + rel(leiA, leiB, "IS_FRIEND_OF", per, "ACTIVE", "") + rel(leiA, leiB, "IS_ULTIMATELY_CONSOLIDATED_BY", per, "ACTIVE", "") + `</rr:RelationshipRecords></rr:RelationshipData>`, "unknown RelationshipType"},
		{"bad quantifier", rrHead + rel(leiA, leiB, "IS_DIRECTLY_CONSOLIDATED_BY", per, "ACTIVE", `<rr:RelationshipQuantifiers><rr:RelationshipQuantifier><rr:QuantifierAmount>150</rr:QuantifierAmount><rr:QuantifierUnits>PERCENTAGE</rr:QuantifierUnits></rr:RelationshipQuantifier></rr:RelationshipQuantifiers>`) + rel(leiA, leiB, "IS_ULTIMATELY_CONSOLIDATED_BY", per, "ACTIVE", "") + `</rr:RelationshipRecords></rr:RelationshipData>`, "above 100"},
		{"bad date", rrHead + rel(leiA, leiB, "IS_FUND-MANAGED_BY", `<rr:RelationshipPeriod><rr:StartDate>2015-13-01</rr:StartDate><rr:PeriodType>RELATIONSHIP_PERIOD</rr:PeriodType></rr:RelationshipPeriod>`, "ACTIVE", "") + rel(leiA, leiB, "IS_ULTIMATELY_CONSOLIDATED_BY", per, "ACTIVE", "") + `</rr:RelationshipRecords></rr:RelationshipData>`, "bad date"},
		{"end before start", rrHead + rel(leiA, leiB, "IS_FUND-MANAGED_BY", `<rr:RelationshipPeriod><rr:StartDate>2015-01-01</rr:StartDate><rr:EndDate>2014-01-01</rr:EndDate><rr:PeriodType>RELATIONSHIP_PERIOD</rr:PeriodType></rr:RelationshipPeriod>`, "ACTIVE", "") + rel(leiA, leiB, "IS_ULTIMATELY_CONSOLIDATED_BY", per, "ACTIVE", "") + `</rr:RelationshipRecords></rr:RelationshipData>`, "not after its start"},
		{"no name", `<lei:LEIData xmlns:lei="http://www.gleif.org/data/schema/leidata/2016"><lei:LEIRecords><lei:LEIRecord><lei:LEI>` + leiA + `</lei:LEI><lei:Entity/></lei:LEIRecord>
<lei:LEIRecord><lei:LEI>` + leiB + `</lei:LEI><lei:Entity><lei:LegalName>B</lei:LegalName></lei:Entity></lei:LEIRecord></lei:LEIRecords></lei:LEIData>`, "no LegalName"},
		{"no reason", `<repex:ReportingExceptionData xmlns:repex="http://www.gleif.org/data/schema/repex/2016"><repex:Exception><repex:LEI>` + leiA + `</repex:LEI><repex:ExceptionCategory>X</repex:ExceptionCategory></repex:Exception>
<repex:Exception><repex:LEI>` + leiB + `</repex:LEI><repex:ExceptionCategory>X</repex:ExceptionCategory><repex:ExceptionReason>Y</repex:ExceptionReason></repex:Exception></repex:ReportingExceptionData>`, "no ExceptionReason"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			err := gleif.ParseBytes("bad.xml", []byte(c.doc), ingest.ParseOptions{}, func(*graph.Batch) error { return nil })
			re, ok := ingest.AsRowError(err)
			if !ok || re.File != "bad.xml" || re.Line == 0 || !strings.Contains(re.Reason, c.reason) {
				t.Fatalf("strict: %v", err)
			}
			var skipped []*ingest.RowError
			n := 0
			err = gleif.ParseBytes("bad.xml", []byte(c.doc), ingest.ParseOptions{Lenient: true, Skip: func(e *ingest.RowError) { skipped = append(skipped, e) }},
				func(b *graph.Batch) error { n += b.Len(); return nil })
			if err != nil || len(skipped) != 1 || n != 1 {
				t.Fatalf("lenient: err %v, skipped %v, %d records", err, skipped, n)
			}
		})
	}
}

func TestSyntaxError(t *testing.T) {
	doc := rrHead + rel(leiA, leiB, "IS_ULTIMATELY_CONSOLIDATED_BY", per, "ACTIVE", "") + `<rr:RelationshipRecord><rr:Relationship>`
	err := gleif.ParseBytes("t.xml", []byte(doc), ingest.ParseOptions{}, func(*graph.Batch) error { return nil })
	if re, ok := ingest.AsRowError(err); !ok || !strings.Contains(re.Reason, "malformed XML") {
		t.Fatalf("strict: %v", err)
	}
	n, skips := 0, 0
	err = gleif.ParseBytes("t.xml", []byte(doc), ingest.ParseOptions{Lenient: true, Skip: func(*ingest.RowError) { skips++ }},
		func(b *graph.Batch) error { n += b.Len(); return nil })
	if err != nil || n != 1 || skips != 1 {
		t.Fatalf("lenient: %v %d %d", err, n, skips)
	}
	err = gleif.ParseBytes("t.xml", []byte(`<foo/>`), ingest.ParseOptions{Lenient: true}, func(*graph.Batch) error { return nil })
	if re, ok := ingest.AsRowError(err); !ok || !strings.Contains(re.Reason, "root element") {
		t.Fatalf("wrong root: %v", err)
	}
	err = gleif.ParseBytes("t.xml", []byte(`<RelationshipData xmlns="urn:other"/>`), ingest.ParseOptions{}, func(*graph.Batch) error { return nil })
	if re, ok := ingest.AsRowError(err); !ok || !strings.Contains(re.Reason, "namespace") {
		t.Fatalf("wrong namespace: %v", err)
	}
}

func TestParseSource(t *testing.T) {
	n := 0
	err := gleif.New().Parse(context.Background(), samples(t), ingest.ParseOptions{BatchSize: 5}, func(b *graph.Batch) error {
		n += b.Len()
		return nil
	})
	if err != nil || n != 28+25+3+20 {
		t.Fatalf("%v, %d records", err, n)
	}
}

// TestRepeatedRelationship: a relationship record (start node, type, end
// node: its id, and the Ref of its edges) given twice in one file is
// refused naming both lines; lenient mode keeps the first.
func TestRepeatedRelationship(t *testing.T) {
	later := `<rr:RelationshipPeriod><rr:StartDate>2019-01-01T00:00:00Z</rr:StartDate><rr:PeriodType>RELATIONSHIP_PERIOD</rr:PeriodType></rr:RelationshipPeriod>`
	doc := rrHead + rel(leiA, leiB, "IS_DIRECTLY_CONSOLIDATED_BY", per, "ACTIVE", "") +
		rel(leiB, leiA, "IS_ULTIMATELY_CONSOLIDATED_BY", per, "ACTIVE", "") +
		rel(leiA, leiB, "IS_DIRECTLY_CONSOLIDATED_BY", later, "ACTIVE", "") + `</rr:RelationshipRecords></rr:RelationshipData>`
	want := `x.xml:11: column "Relationship": id "` + leiA + `/IS_DIRECTLY_CONSOLIDATED_BY/` + leiB + `" repeated: first given at line 3`
	err := gleif.ParseBytes("x.xml", []byte(doc), ingest.ParseOptions{}, func(*graph.Batch) error { return nil })
	if re, ok := ingest.AsRowError(err); !ok || !strings.HasPrefix(re.Error(), want) {
		t.Fatalf("strict: %v\nwant %s", err, want)
	}
	var skipped []*ingest.RowError
	var cs []graph.Control
	err = gleif.ParseBytes("x.xml", []byte(doc), ingest.ParseOptions{Lenient: true, Skip: func(e *ingest.RowError) { skipped = append(skipped, e) }},
		func(b *graph.Batch) error { cs = append(cs, b.Controls...); return nil })
	if err != nil || len(skipped) != 1 || !strings.HasPrefix(skipped[0].Error(), want) || len(cs) != 1 || cs[0].Start != "2015-01-01" {
		t.Errorf("lenient: %v, skipped %v, controls %+v", err, skipped, cs)
	}
}
