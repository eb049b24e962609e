package psc_test

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/psc"
)

const dir = "../../testdata/psc"

const p = graph.PctScale

var (
	band25to50  = graph.Interval(25*p, true, 50*p, false)   // (25, 50]
	band50to75  = graph.Interval(50*p, true, 75*p, true)    // (50, 75)
	band75to100 = graph.Interval(75*p, false, 100*p, false) // [75, 100]
	over25      = graph.Interval(25*p, true, 100*p, false)  // (25, 100]
	upTo25      = graph.Interval(0, false, 25*p, false)     // [0, 25]: not declared
)

func samples(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) != 17 {
		t.Fatalf("samples: %v %v", files, err)
	}
	return files
}

func collect(t *testing.T, files []string, opt ingest.ParseOptions) (*graph.Batch, map[string]int) {
	t.Helper()
	var all graph.Batch
	counts, err := psc.ParseCount(files, opt, func(b *graph.Batch) error {
		if opt.BatchSize > 0 && b.Len() > opt.BatchSize {
			t.Fatalf("batch of %d, size %d", b.Len(), opt.BatchSize)
		}
		all.Entities = append(all.Entities, b.Entities...)
		all.Holdings = append(all.Holdings, b.Holdings...)
		all.Controls = append(all.Controls, b.Controls...)
		all.Links = append(all.Links, b.Links...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return &all, counts
}

func TestName(t *testing.T) {
	if psc.New().Name() != "psc" {
		t.Fatal(psc.New().Name())
	}
}

func TestSampleCounts(t *testing.T) {
	b, counts := collect(t, samples(t), ingest.ParseOptions{BatchSize: 4})
	want := map[string]int{
		psc.KindTotals: 16,
		"corporate-entity-person-with-significant-control": 9,
		"individual-person-with-significant-control":       5,
		psc.KindStatement:                              1,
		"corporate-entity-beneficial-owner":            1,
		"legal-person-person-with-significant-control": 1,
		"legal-person-beneficial-owner":                1,
		"super-secure-person-with-significant-control": 1,
		psc.KindCompanyData:                            2,
	}
	if !reflect.DeepEqual(counts, want) {
		t.Fatalf("counts %v, want %v", counts, want)
	}
	n := 0
	for k, v := range counts {
		if k != psc.KindCompanyData {
			n += v
		}
	}
	if n != 35 {
		t.Fatalf("%d PSC records, want 35", n)
	}
	// 19 PSC records (35 less 16 totals) + 2 companies; 16 holdings; 6
	// control edges; 1 statement link.
	if len(b.Entities) != 21 || len(b.Holdings) != 16 || len(b.Controls) != 6 || len(b.Links) != 1 {
		t.Fatalf("%d entities, %d holdings, %d controls, %d links", len(b.Entities), len(b.Holdings), len(b.Controls), len(b.Links))
	}
	for _, h := range b.Holdings {
		if !h.Share.Valid() || !h.Votes.Valid() || h.Source != "gb-psc" || !strings.HasPrefix(h.Record, "/company/") {
			t.Errorf("holding %+v", h)
		}
	}
}

func holdingIn(b *graph.Batch, owned string) *graph.Holding {
	for i := range b.Holdings {
		if b.Holdings[i].Owned == owned {
			return &b.Holdings[i]
		}
	}
	return nil
}

func entity(b *graph.Batch, id string) *graph.Entity {
	for i := range b.Entities {
		if b.Entities[i].ID == id {
			return &b.Entities[i]
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

func TestBands(t *testing.T) {
	b, _ := collect(t, samples(t), ingest.ParseOptions{})
	for _, c := range []struct {
		owned, owner string
		share, votes graph.Range
		start        graph.Date
	}{
		// shares 75-to-100 only: votes inferred at most 25.
		{"gb-coh:08209948", "gb-psc:08209948:FReSTxwXcJbAHBrerDpmTylkW48", band75to100, upTo25, "2021-12-13"},
		// shares 75-to-100, votes 25-to-50.
		{"gb-coh:06452920", "gb-psc:06452920:wvnck5c6qyZHeG02DZYH-0_dGYM", band75to100, band25to50, "2016-04-06"},
		{"gb-coh:07731393", "gb-psc:07731393:-iBI6UKj4US1_nH3eVDHZ160gA4", band25to50, band25to50, "2016-04-06"},
		{"gb-coh:03136191", "gb-psc:03136191:55y0_U-Q2wwTXDXh6mmo0BJPpM8", band25to50, upTo25, "2016-11-01"},
		{"gb-coh:08810260", "gb-psc:08810260:Q4obUUwOO7TeElahEzWmRh2QKxs", band75to100, band75to100, "2016-04-06"},
		// overseas entity: "more than 25 %" (two codes, the same band).
		{"gb-coh:OE031044", "gb-psc:OE031044:28NaTOioatSpvI7hNY3qz_fKYoI", over25, upTo25, "2018-12-06"},
	} {
		h := holdingIn(b, c.owned)
		if h == nil {
			t.Errorf("no holding in %s", c.owned)
			continue
		}
		if h.Owner != c.owner || h.Share != c.share || h.Votes != c.votes || h.Start != c.start || h.End != "" {
			t.Errorf("%s: %+v; want owner %s share %v votes %v", c.owned, *h, c.owner, c.share, c.votes)
		}
	}
	// Exact bounds, openness included.
	if !band25to50.LoOpen || band25to50.HiOpen || !band50to75.HiOpen || band75to100.LoOpen {
		t.Fatal("band constants")
	}
}

func TestIndividual(t *testing.T) {
	b, _ := collect(t, []string{filepath.Join(dir, "psc-data-1.json")}, ingest.ParseOptions{})
	e := entity(b, "gb-psc:08209948:FReSTxwXcJbAHBrerDpmTylkW48")
	if e == nil || e.Kind != graph.KindPerson || e.Name != "Mr Marc Anthony Feldman" ||
		!reflect.DeepEqual(e.Countries, []string{"GB"}) || !hasFact(e, graph.FactBirthDate, "1961-12") ||
		!hasFact(e, graph.FactNationality, "British") || !hasFact(e, psc.FactResidence, "England") ||
		!hasFact(e, graph.FactTitle, "Mr") || e.Source != "gb-psc" ||
		e.Record != "/company/08209948/persons-with-significant-control/individual/FReSTxwXcJbAHBrerDpmTylkW48" ||
		len(e.Addresses) != 1 || e.Addresses[0] != (graph.Address{Street: "9, Princes Square", City: "Harrogate", Postal: "HG1 1ND", Country: "GB"}) ||
		!hasFact(e, ingest.FactCountryName, "England") {
		// Countries are ISO codes, the published text a fact (issue 16).
		t.Fatalf("%+v", e)
	}
	// The statement is kept as an unknown party linked to the company.
	s := entity(b, "gb-psc:08209948:Z1EPZ-AyS_CpOQyqHfFzyRcbkdg")
	if s == nil || s.Kind != graph.KindUnknown || !hasFact(s, psc.FactStatement, "no-individual-or-entity-with-signficant-control") ||
		len(b.Links) != 1 || b.Links[0] != (graph.Link{From: s.ID, To: "gb-coh:08209948", Type: graph.LinkOther,
		Span:       graph.Span{Start: "2016-09-11", End: "2021-12-13"},
		Provenance: graph.Provenance{Source: "gb-psc", Record: "/company/08209948/persons-with-significant-control-statements/Z1EPZ-AyS_CpOQyqHfFzyRcbkdg"}}) {
		t.Fatalf("statement %+v %+v", s, b.Links)
	}
}

func TestCorporateLinkedByRegistration(t *testing.T) {
	b, _ := collect(t, samples(t), ingest.ParseOptions{})
	for _, c := range []struct{ owned, owner, name string }{
		{"gb-coh:07434180", "gb-coh:00686734", "Robert Hitchins Limited"},     // England & Wales, Companies House Cardiff
		{"gb-coh:04120481", "gb-coh:03530981", "Clientlogic Holding Limited"}, // England And Wales, Companies House
	} {
		h := holdingIn(b, c.owned)
		if h == nil || h.Owner != c.owner || h.Share != band75to100 || h.Votes != band75to100 {
			t.Errorf("holding in %s: %+v", c.owned, h)
		}
		e := entity(b, c.owner)
		if e == nil || e.Name != c.name || e.Kind != graph.KindCompany ||
			!reflect.DeepEqual(e.Identifiers, []graph.Identifier{{Scheme: "gb-coh", Value: strings.TrimPrefix(c.owner, "gb-coh:"), Country: "GB"}}) {
			t.Errorf("entity %+v", e)
		}
	}
	// Foreign register: a separate node with its registration.
	e := entity(b, "gb-psc:02847483:YIVGZxjcS8tcf-5WdYZBtTTW-so")
	if e == nil || e.Name != "St. Paul Fire & Marine Insurance Company" ||
		!reflect.DeepEqual(e.Identifiers, []graph.Identifier{{Scheme: "registration", Value: "41-0406690", Country: "Minnesota, Usa"}}) {
		t.Errorf("foreign corporate PSC %+v", e)
	}
	// No registration number: a separate node too.
	if entity(b, "gb-psc:04609051:XZ5ewy79htdkXc01WPUKUw0vfn0") == nil {
		t.Error("corporate PSC without registration missing")
	}
	// A legal person is an organization.
	if e := entity(b, "gb-psc:07102351:I9Y9flc5ndlcZRtXPL03fjn2hDo"); e == nil || e.Kind != graph.KindOrganization {
		t.Errorf("legal person %+v", e)
	}
	// Basic Company Data names the company.
	if e := entity(b, "gb-coh:08209948"); e == nil || e.Name != "! LTD" || e.Source != "gb-coh" ||
		!hasFact(e, graph.FactEstablishmentDate, "2012-09-11") || !hasFact(e, psc.FactCompanyStatus, "Active") {
		t.Errorf("company data %+v", e)
	}
}

func TestCeasedAndControl(t *testing.T) {
	b, _ := collect(t, samples(t), ingest.ParseOptions{})
	sp := graph.Span{Start: "2016-08-02", End: "2018-02-27"}
	h := holdingIn(b, "gb-coh:10308742")
	if h == nil || h.Span != sp || h.Share != band75to100 || h.Votes != band75to100 {
		t.Fatalf("ceased holding %+v", h)
	}
	var bases []graph.Basis
	for _, c := range b.Controls {
		if c.Controlled == "gb-coh:10308742" {
			if c.Span != sp || c.Controller != h.Owner {
				t.Errorf("control %+v", c)
			}
			bases = append(bases, c.Basis)
		}
	}
	if !reflect.DeepEqual(bases, []graph.Basis{graph.BasisBoardAppointment, graph.BasisDeFacto}) {
		t.Errorf("bases %v", bases)
	}
	// Only a control nature: a control edge and no holding.
	if holdingIn(b, "gb-coh:OE029880") != nil {
		t.Error("holding for a control-only PSC")
	}
	found := false
	for _, c := range b.Controls {
		if c.Controlled == "gb-coh:OE029880" {
			found = c.Basis == graph.BasisDeFacto && c.Controller == "gb-psc:OE029880:6y6IktnZ6EsCuVQyJw0Y3DdKXCQ" && c.Start == "2005-11-21"
		}
	}
	if !found {
		t.Error("ROE control edge missing")
	}
	if e := entity(b, "gb-psc:OE029880:6y6IktnZ6EsCuVQyJw0Y3DdKXCQ"); e == nil || !hasFact(e, psc.FactSanctioned, "false") {
		t.Errorf("ROE entity %+v", e)
	}
	// Super-secure: kept, with a control edge of basis other.
	ss := "gb-psc:02443921:NcZQQA0LMrXYV1u0fGRHLrGIL_I"
	if e := entity(b, ss); e == nil || e.Kind != graph.KindPerson || !hasFact(e, psc.FactSuperSecure, "true") {
		t.Errorf("super-secure %+v", e)
	}
	found = false
	for _, c := range b.Controls {
		found = found || (c.Controller == ss && c.Controlled == "gb-coh:02443921" && c.Basis == graph.BasisOther)
	}
	if !found {
		t.Error("super-secure control edge missing")
	}
}

func TestNatures(t *testing.T) {
	for _, c := range []struct {
		code         string
		share, votes graph.Range
		hold         bool
		bases        []graph.Basis
	}{
		{"ownership-of-shares-25-to-50-percent", band25to50, upTo25, true, nil},
		{"ownership-of-shares-50-to-75-percent-as-trust", band50to75, upTo25, true, nil},
		{"ownership-of-shares-75-to-100-percent-as-firm", band75to100, upTo25, true, nil},
		{"voting-rights-50-to-75-percent", upTo25, band50to75, true, nil},
		{"voting-rights-25-to-50-percent-limited-liability-partnership", upTo25, band25to50, true, nil},
		{"voting-rights-75-to-100-percent-as-firm-limited-liability-partnership", upTo25, band75to100, true, nil},
		{"right-to-share-surplus-assets-50-to-75-percent-limited-liability-partnership", band50to75, upTo25, true, nil},
		{"right-to-share-surplus-assets-25-to-50-percent-as-trust-limited-liability-partnership", band25to50, upTo25, true, nil},
		{"ownership-of-shares-more-than-25-percent-as-control-over-trust-registered-overseas-entity", over25, upTo25, true, nil},
		{"voting-rights-more-than-25-percent-registered-overseas-entity", upTo25, over25, true, nil},
		{"right-to-appoint-and-remove-directors", graph.Range{}, graph.Range{}, false, []graph.Basis{graph.BasisBoardAppointment}},
		{"right-to-appoint-and-remove-directors-as-trust", graph.Range{}, graph.Range{}, false, []graph.Basis{graph.BasisBoardAppointment}},
		{"right-to-appoint-and-remove-members-limited-liability-partnership", graph.Range{}, graph.Range{}, false, []graph.Basis{graph.BasisBoardAppointment}},
		{"right-to-appoint-and-remove-directors-as-firm-registered-overseas-entity", graph.Range{}, graph.Range{}, false, []graph.Basis{graph.BasisBoardAppointment}},
		{"significant-influence-or-control", graph.Range{}, graph.Range{}, false, []graph.Basis{graph.BasisDeFacto}},
		{"significant-influence-or-control-as-firm-limited-liability-partnership", graph.Range{}, graph.Range{}, false, []graph.Basis{graph.BasisDeFacto}},
	} {
		share, votes, hold, bases, ok := psc.ParseNature(c.code)
		if !ok || share != c.share || votes != c.votes || hold != c.hold || !reflect.DeepEqual(bases, c.bases) {
			t.Errorf("%s: %v %v %v %v %v", c.code, share, votes, hold, bases, ok)
		}
	}
	for _, bad := range []string{"", "ownership-of-shares", "ownership-of-shares-10-to-20-percent", "voting-rights-25-to-50-percent-as-friend", "owner"} {
		if _, _, _, _, ok := psc.ParseNature(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestNormalizeCompanyNumber(t *testing.T) {
	for in, want := range map[string]string{"686734": "00686734", " 03530981 ": "03530981", "sc 12345": "SC012345",
		"OE029880": "OE029880", "41-0406690": "41-0406690", "": ""} {
		if got := psc.NormalizeCompanyNumber(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// line builds one JSON line of the snapshot.
func line(company, kind, self, extra string) string {
	return `{"company_number":"` + company + `","data":{"kind":"` + kind + `","links":{"self":"` + self + `"}` + extra + `}}` + "\n"
}

func TestJSONLinesAndShortNumbers(t *testing.T) {
	data := line("686734", "corporate-entity-person-with-significant-control", "/company/686734/persons-with-significant-control/corporate-entity/abc",
		`,"name":"Parent Ltd","identification":{"country_registered":"Scotland","registration_number":"SC 1234"},"natures_of_control":["voting-rights-50-to-75-percent"],"notified_on":"2016-04-06","ceased_on":"2016-04-06"`) +
		"\n" + `{"data":{"kind":"totals#persons-of-significant-control-snapshot","persons_of_significant_control_count":1}}` + "\n"
	var b graph.Batch
	err := psc.ParseBytes("x.txt", []byte(data), ingest.ParseOptions{}, func(x *graph.Batch) error { b = *x; return nil })
	if err != nil {
		t.Fatal(err)
	}
	want := graph.Holding{Owner: "gb-coh:SC001234", Owned: "gb-coh:00686734", Share: upTo25, Votes: band50to75,
		Span:       graph.Span{End: "2016-04-06"}, // notified and ceased on one day
		Provenance: graph.Provenance{Source: "gb-psc", Record: "/company/686734/persons-with-significant-control/corporate-entity/abc"}}
	if len(b.Holdings) != 1 || b.Holdings[0] != want || len(b.Entities) != 1 {
		t.Fatalf("%+v", b)
	}
}

func TestMalformed(t *testing.T) {
	good := line("1", "individual-person-with-significant-control", "/x/p1", `,"name":"A","natures_of_control":["ownership-of-shares-25-to-50-percent"]`)
	for _, c := range []struct{ name, bad, reason string }{
		{"syntax", `{"company_number":"1","data":{` + "\n", "malformed JSON"},
		{"not an object", `[1,2]` + "\n", "not a JSON object"},
		{"unknown kind", line("1", "alien-with-significant-control", "/x/p2", `,"name":"B"`), "unknown record kind"},
		{"unknown nature", line("1", "individual-person-with-significant-control", "/x/p2", `,"name":"B","natures_of_control":["owns-everything"]`), "unknown nature of control"},
		{"bad date", line("1", "individual-person-with-significant-control", "/x/p2", `,"name":"B","notified_on":"2016-02-30"`), "bad date"},
		{"ceased before", line("1", "individual-person-with-significant-control", "/x/p2", `,"name":"B","notified_on":"2016-02-03","ceased_on":"2016-01-01"`), "before notified_on"},
		{"no company", line("", "individual-person-with-significant-control", "/x/p2", `,"name":"B"`), "no company_number"},
		{"no name", line("1", "individual-person-with-significant-control", "/x/p2", ``), "without a name"},
		{"no id", `{"company_number":"1","data":{"kind":"individual-person-with-significant-control","name":"B"}}` + "\n", "no PSC id"},
		{"bad types", `{"company_number":"1","data":{"kind":"individual-person-with-significant-control","name":7}}` + "\n", "bad data object"},
		{"neither", `{"foo":1}` + "\n", "neither a PSC"},
		{"bad company date", `{"CompanyNumber":"1","CompanyName":"X","IncorporationDate":"2012-09-11"}` + "\n", "dd/mm/yyyy"},
	} {
		t.Run(c.name, func(t *testing.T) {
			other := strings.Replace(good, "/x/p1", "/x/p3", 1) // a record id is given once in a file
			data := []byte(good + c.bad + other)
			err := psc.ParseBytes("bad.json", data, ingest.ParseOptions{}, func(*graph.Batch) error { return nil })
			re, ok := ingest.AsRowError(err)
			if !ok || re.File != "bad.json" || re.Line != 2 || !strings.Contains(re.Reason, c.reason) {
				t.Fatalf("strict: %v", err)
			}
			var skipped []*ingest.RowError
			n := 0
			err = psc.ParseBytes("bad.json", data, ingest.ParseOptions{Lenient: true, Skip: func(e *ingest.RowError) { skipped = append(skipped, e) }},
				func(b *graph.Batch) error { n += len(b.Holdings); return nil })
			if err != nil || len(skipped) != 1 || n != 2 {
				t.Fatalf("lenient: %v, skipped %v, %d holdings", err, skipped, n)
			}
		})
	}
}

func TestMalformedArray(t *testing.T) {
	data := []byte("[\n" + `{"company_number":"1","data":{"kind":"individual-person-with-significant-control","links":{"self":"/a"},"name":"A","natures_of_control":["ownership-of-shares-25-to-50-percent"]}},` +
		"\n" + `{"company_number":"1","data":{"kind":"nope","links":{"self":"/b"}}},` + "\n" + `{"company_number": }` + "\n]")
	err := psc.ParseBytes("a.json", data, ingest.ParseOptions{}, func(*graph.Batch) error { return nil })
	if re, ok := ingest.AsRowError(err); !ok || re.Line != 3 || !strings.Contains(re.Reason, "unknown record kind") {
		t.Fatalf("strict: %v", err)
	}
	var lines []int
	n := 0
	err = psc.ParseBytes("a.json", data, ingest.ParseOptions{Lenient: true, Skip: func(e *ingest.RowError) { lines = append(lines, e.Line) }},
		func(b *graph.Batch) error { n += len(b.Holdings); return nil })
	if err != nil || n != 1 || !reflect.DeepEqual(lines, []int{3, 4}) {
		t.Fatalf("lenient: %v, %d holdings, skipped at lines %v", err, n, lines)
	}
}

func TestParseSource(t *testing.T) {
	n := 0
	err := psc.New().Parse(context.Background(), samples(t), ingest.ParseOptions{}, func(b *graph.Batch) error { n += b.Len(); return nil })
	if err != nil || n != 21+16+6+1 {
		t.Fatalf("%v, %d", err, n)
	}
}

// TestAddressCountryCodes is issue 16 item 5 on the PSC register: a
// published address country becomes its ISO code and the text a fact
// (legal-person beneficial owner of OE031044 in the real sample: "Czech
// Republic" is CZ).
func TestAddressCountryCodes(t *testing.T) {
	b, _ := collect(t, []string{filepath.Join(dir, "psc-data-6.json")}, ingest.ParseOptions{})
	var found bool
	for i := range b.Entities {
		e := &b.Entities[i]
		for _, a := range e.Addresses {
			if a.Country == "CZ" && hasFact(e, ingest.FactCountryName, "Czech Republic") {
				found = true
			}
			if a.Country == "Czech Republic" {
				t.Errorf("%s: address country left as text: %+v", e.ID, a)
			}
		}
	}
	if !found {
		t.Errorf("no address in CZ with the country-name fact: %+v", b.Entities)
	}
}

// TestLongLine: a line longer than ingest.MaxLineBytes is a bad record at
// its line, consumed without being kept whole (strict: refused; lenient:
// skipped, the lines after it read); before, the whole line was read into
// memory however long it was.
func TestLongLine(t *testing.T) {
	if testing.Short() {
		t.Skip("long line")
	}
	ok := line("686734", "individual-person-with-significant-control", "/company/686734/persons-with-significant-control/individual/abc",
		`,"name":"Jane Doe","natures_of_control":["ownership-of-shares-25-to-50-percent"],"notified_on":"2016-04-06"`)
	long := line("1", "individual-person-with-significant-control", "/x", `,"name":"`+strings.Repeat("x", ingest.MaxLineBytes)+`"`)
	data := []byte("\n" + ok + long + strings.Replace(ok, "/abc", "/def", 1))
	err := psc.ParseBytes("long.txt", data, ingest.ParseOptions{}, func(*graph.Batch) error { return nil })
	if re, isRow := ingest.AsRowError(err); !isRow || re.Line != 3 || !strings.Contains(re.Reason, "longer than 64 MiB") {
		t.Errorf("strict: %v, want long.txt:3 longer than 64 MiB", err)
	}
	var skipped []int
	holdings := 0
	err = psc.ParseBytes("long.txt", data, ingest.ParseOptions{Lenient: true, Skip: func(e *ingest.RowError) { skipped = append(skipped, e.Line) }},
		func(b *graph.Batch) error { holdings += len(b.Holdings); return nil })
	if err != nil || !reflect.DeepEqual(skipped, []int{3}) || holdings != 2 {
		t.Errorf("lenient: %v, skipped lines %v, %d holdings; want line 3 skipped and 2 holdings", err, skipped, holdings)
	}
}
