package ftm_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/ftm"
)

const (
	zala = "../../testdata/ftm/yente-zala/entities.ftm.json"
	t1   = "../../testdata/ftm/yente-t1/entities.ftm.json"
)

type result struct {
	all     graph.Batch
	batches int
	skipped []*ingest.RowError
	stats   ftm.Stats
}

func collect(t testing.TB, r *result, size int) func(*graph.Batch) error {
	return func(b *graph.Batch) error {
		r.batches++
		if n := b.Len(); n == 0 || (size > 0 && n > size) {
			t.Errorf("batch of %d records, batch size %d", n, size)
		}
		r.all.Entities = append(r.all.Entities, b.Entities...)
		r.all.Designations = append(r.all.Designations, b.Designations...)
		r.all.Holdings = append(r.all.Holdings, b.Holdings...)
		r.all.Controls = append(r.all.Controls, b.Controls...)
		r.all.SameAs = append(r.all.SameAs, b.SameAs...)
		r.all.Links = append(r.all.Links, b.Links...)
		return nil
	}
}

func parseFile(t testing.TB, file string, opt ingest.ParseOptions) result {
	t.Helper()
	var r result
	var err error
	r.stats, err = ftm.Parse(context.Background(), []string{file}, opt, collect(t, &r, opt.Size()))
	if err != nil {
		t.Fatalf("parse %s: %v", file, err)
	}
	return r
}

func entityByID(t *testing.T, es []graph.Entity, id string) graph.Entity {
	t.Helper()
	for _, e := range es {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("no entity %s", id)
	return graph.Entity{}
}

func TestName(t *testing.T) {
	if got := ftm.New().Name(); got != "ftm" {
		t.Fatalf("Name() = %q", got)
	}
}

const (
	zakharov   = "os:NK-aU5ybkbRFJucf8YMwsJvDw"
	cst        = "os:NK-abdzbEBkqyT29GyREbiURZ"
	kalash     = "os:NK-nR5AXM9AVPq4pQaSPSaVam"
	rtc        = "os:NK-ERScv7cLkkvZ3ejz7xiToj"
	sps        = "os:NK-9Xa4Kg7Y7nfccE7VcZt6Q6"
	lavrentiy  = "os:NK-hUAjuiA3vTKXF6v2X6MYnS"
	zalaAeroJS = "os:NK-cPks3aTbes8k4aCerfBAzN"
)

func TestZalaCounts(t *testing.T) {
	r := parseFile(t, zala, ingest.ParseOptions{BatchSize: 7})
	wantSchemas := map[string]int{"Sanction": 41, "Ownership": 14, "Company": 11, "Address": 11, "Person": 6,
		"Family": 4, "Directorship": 3, "Passport": 1}
	if !reflect.DeepEqual(r.stats.Schemas, wantSchemas) {
		t.Errorf("schemas %v, want %v", r.stats.Schemas, wantSchemas)
	}
	if len(r.stats.Ignored) != 0 || r.stats.Bad != 0 || r.stats.Lines != 91 {
		t.Errorf("stats %+v", r.stats)
	}
	kinds := map[graph.Kind]int{}
	for _, e := range r.all.Entities {
		kinds[e.Kind]++
	}
	if want := map[graph.Kind]int{graph.KindPerson: 6, graph.KindCompany: 11}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("entity kinds %v, want %v", kinds, want)
	}
	// Every Sanction is one designation.
	if len(r.all.Designations) != 41 {
		t.Errorf("%d designations, want 41", len(r.all.Designations))
	}
	regimes := map[string]int{}
	for _, d := range r.all.Designations {
		regimes[string(d.Regime)+" "+d.Entity]++
		if !strings.HasPrefix(d.Source, "os:") || d.Record == "" {
			t.Errorf("designation provenance %+v", d)
		}
	}
	for key, n := range map[string]int{
		"ofac " + cst: 2, "ofac " + zakharov: 1, "uk " + cst: 1, "uk " + zakharov: 1, "eu " + cst: 1, "eu " + zakharov: 1,
		"us_sam_exclusions " + cst: 3, "us_sam_exclusions " + zakharov: 2, "eu_travel_bans " + zakharov: 1,
		"ch_seco_sanctions " + cst: 3, "gb_coh_disqualified " + cst: 1, "ua_nsdc_sanctions " + cst: 2,
	} {
		if regimes[key] != n {
			t.Errorf("designations %q: %d, want %d", key, regimes[key], n)
		}
	}
	seeds := 0
	for _, d := range r.all.Designations {
		switch d.Regime {
		case graph.RegimeOFAC, graph.RegimeUK, graph.RegimeEU, graph.RegimeUN:
			seeds++
		}
	}
	if seeds != 7 {
		t.Errorf("%d seed designations, want 7 (ofac 3, uk 2, eu 2)", seeds)
	}
	// Holdings: every Ownership; 10 carry a percentage (all readable).
	if len(r.all.Holdings) != 14 {
		t.Errorf("%d holdings, want 14", len(r.all.Holdings))
	}
	wantShare := map[string]graph.Pct{
		"ru-159c785ad927d3e153b23a26620730465ed26f1c": 100, "ru-1de03979d6d800891cc047a737d0609600fff99f": 2,
		"ru-29477727b21c0f44d9c8b2e0c3697b8e028f8f5f": 49, "ru-473aadfa7de6b37da51cbbc60864d284eb5cd199": 1,
		"ru-4f1dde663bc2ea2f208283e5253fb5079df93190": 100, "ru-5528524ef7d9bfc955a598ba8fd2cbe084a549d5": 75,
		"ru-770bdf5f22537fa2a94176f53fa87fe28ecf94fa": 50, "ru-7f202fd87a7ec03404a36667672156628713531c": 48,
		"ru-c88ac31fcd8b1f6affcefa24046834154aff4221": 100, "ru-dfe0a021cb69f99e198bb8cbbcb93e81130b32a7": 51,
	}
	known := 0
	for _, h := range r.all.Holdings {
		// The source is the record's OpenSanctions dataset (RULES.md
		// "Reports of one stake").
		if h.Share != h.Votes || !strings.HasPrefix(h.Source, "os:") {
			t.Errorf("holding %+v", h)
		}
		p, ok := wantShare[h.Record]
		if !ok {
			if !h.Share.IsUnknown() {
				t.Errorf("holding %s: share %v, want unknown", h.Record, h.Share)
			}
			continue
		}
		known++
		if want := graph.Exact(p * graph.PctScale); h.Share != want {
			t.Errorf("holding %s: share %v, want %v", h.Record, h.Share, want)
		}
	}
	if known != 10 || len(r.stats.UnparsedPercentages) != 0 {
		t.Errorf("%d holdings with a percentage, unparsed %v", known, r.stats.UnparsedPercentages)
	}
	if len(r.all.Controls) != 3 || len(r.all.Links) != 4 {
		t.Errorf("%d controls, %d links; want 3, 4", len(r.all.Controls), len(r.all.Links))
	}
	for _, c := range r.all.Controls {
		if c.Basis != graph.BasisDirector {
			t.Errorf("control %+v", c)
		}
	}
	for _, l := range r.all.Links {
		if l.Type != graph.LinkFamily || l.To != zakharov {
			t.Errorf("link %+v", l)
		}
	}
	if len(r.all.SameAs) != 26 {
		t.Errorf("%d same-as, want 26", len(r.all.SameAs))
	}
	if r.stats.Counts != (graph.Counts{Entities: 17, Designations: 41, Holdings: 14, Controls: 3, SameAs: 26, Links: 4}) {
		t.Errorf("counts %+v", r.stats.Counts)
	}
	if r.batches != (17+41+14+3+26+4+6)/7 {
		t.Errorf("%d batches of 7", r.batches)
	}
}

func TestZalaRecords(t *testing.T) {
	r := parseFile(t, zala, ingest.ParseOptions{})
	// 1. Alexander Zakharov: name, identifiers, structured address.
	z := entityByID(t, r.all.Entities, zakharov)
	if z.Kind != graph.KindPerson || z.Name != "Alexander Vyacheslavovich ZAKHAROV" {
		t.Errorf("zakharov %q %q", z.Kind, z.Name)
	}
	hasID := func(e graph.Entity, id graph.Identifier) bool {
		for _, x := range e.Identifiers {
			if x == id {
				return true
			}
		}
		return false
	}
	for _, id := range []graph.Identifier{{Scheme: "tax", Value: "183111242406"}, {Scheme: "ru-inn", Value: "183111242406"}} {
		if !hasID(z, id) {
			t.Errorf("zakharov lacks %v: %v", id, z.Identifiers)
		}
	}
	wantAddr := graph.Address{Text: "272 Pushkinskaya Street, Apt 41, Izhevsk, 426008", Street: "272 Pushkinskaya Street, Apt 41",
		City: "Izhevsk", Postal: "426008", Country: "RU"}
	if len(z.Addresses) == 0 || z.Addresses[0] != wantAddr {
		t.Errorf("zakharov addresses %+v", z.Addresses)
	}
	if !reflect.DeepEqual(z.Countries, []string{"RU"}) {
		t.Errorf("zakharov countries %v", z.Countries)
	}
	// 2. Lavrentiy: passport identifier from passportNumber.
	l := entityByID(t, r.all.Entities, lavrentiy)
	if !hasID(l, graph.Identifier{Scheme: "passport", Value: "089132114"}) || !reflect.DeepEqual(l.Countries, []string{"GB", "RU"}) {
		t.Errorf("lavrentiy %+v %v", l.Identifiers, l.Countries)
	}
	// 3. LLC CST: Russian registry identifiers, addresses from Address
	// entities (one referenced by NK id, several by addr- ids).
	c := entityByID(t, r.all.Entities, cst)
	if c.Kind != graph.KindCompany || c.Name != "LLC CST" {
		t.Errorf("cst %q %q", c.Kind, c.Name)
	}
	structured := 0
	var box bool
	for _, a := range c.Addresses {
		if a.Text == "P.O. Box 9050, Izhevsk, Russian Federation, 426011" && a.Region == "Udmurt Republic" && a.Postal == "426011" {
			box = true
		}
		if a.City != "" || a.Country != "" {
			structured++
		}
	}
	if !box || structured < 5 {
		t.Errorf("cst addresses %+v", c.Addresses)
	}
	// 4. The small company SPS: identifiers and facts.
	s := entityByID(t, r.all.Entities, sps)
	wantIDs := []graph.Identifier{{Scheme: "ru-inn", Value: "9715374145"}, {Scheme: "ru-ogrn", Value: "1207700002212"}, {Scheme: "ru-kpp", Value: "772701001"}}
	if !reflect.DeepEqual(s.Identifiers, wantIDs) || s.Name != `ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "СПС"` {
		t.Errorf("sps %q %+v", s.Name, s.Identifiers)
	}
	if !reflect.DeepEqual(s.Addresses, []graph.Address{{Text: "Б-Р ЧЕРНОМОРСКИЙ Д. 17 К. 1, Г.МОСКВА, 117452"}}) {
		t.Errorf("sps addresses %+v", s.Addresses)
	}
	hasFact := func(e graph.Entity, f graph.Fact) bool {
		for _, x := range e.Facts {
			if x == f {
				return true
			}
		}
		return false
	}
	if !hasFact(s, graph.Fact{Type: graph.FactEstablishmentDate, Value: "2020-01-10"}) || !hasFact(s, graph.Fact{Type: "jurisdiction", Value: "ru"}) {
		t.Errorf("sps facts %+v", s.Facts)
	}
	if !hasFact(z, graph.Fact{Type: graph.FactReference, Value: "eu-fsf-eu-12789-10"}) {
		t.Errorf("zakharov: the EU referent is not kept as a reference")
	}
	// 5. Designations with programmes and dates.
	want := map[string]graph.Designation{
		"gb-fcdo-46e77fa780c231118802a291639978704d2267de": {Entity: zakharov, Regime: graph.RegimeUK,
			Program: "The Russia (Sanctions) (EU Exit) Regulations 2019", Listed: "2023-12-06",
			Provenance: graph.Provenance{Source: "os:gb_fcdo_sanctions", Record: "gb-fcdo-46e77fa780c231118802a291639978704d2267de"}},
		"eu-fsf-fca984f109185655c61bb72201265924b6afe734": {Entity: zakharov, Regime: graph.RegimeEU, Program: "UKR", Listed: "2025-02-24",
			Provenance: graph.Provenance{Source: "os:eu_fsf", Record: "eu-fsf-fca984f109185655c61bb72201265924b6afe734"}},
		"ofac-927f7a4547f68cd05570180fed763dd2d5d8eca7": {Entity: zakharov, Regime: graph.RegimeOFAC, Program: "RUSSIA-EO14024",
			Provenance: graph.Provenance{Source: "os:us_ofac_sdn", Record: "ofac-927f7a4547f68cd05570180fed763dd2d5d8eca7"}},
		// listingDate 2025-03-15 and startDate 2023-12-18: the earliest.
		"eu-fsf-6ac27c949ff687d02ddec05f5e53ce9c6690e34f": {Entity: cst, Regime: graph.RegimeEU, Program: "UKR", Listed: "2023-12-18",
			Provenance: graph.Provenance{Source: "os:eu_fsf", Record: "eu-fsf-6ac27c949ff687d02ddec05f5e53ce9c6690e34f"}},
		"ua-nsdc-6c8c31da8d3db74b085a9217f3322ba118141a63": {Entity: cst, Regime: "ua_nsdc_sanctions", Program: "556/2021",
			Listed: "2021-10-30", Delisted: "2024-10-30",
			Provenance: graph.Provenance{Source: "os:ua_nsdc_sanctions", Record: "ua-nsdc-6c8c31da8d3db74b085a9217f3322ba118141a63"}},
		// Authority "OFAC", but the SAM exclusions list: not a seed.
		"usgsa-40b767856ab00a7f65ff736d76563cb14b6d2777": {Entity: cst, Regime: "us_sam_exclusions", Program: "Reciprocal",
			Listed: "2023-11-02", Provenance: graph.Provenance{Source: "os:us_sam_exclusions", Record: "usgsa-40b767856ab00a7f65ff736d76563cb14b6d2777"}},
	}
	for _, d := range r.all.Designations {
		if w, ok := want[d.Record]; ok {
			if d != w {
				t.Errorf("designation\n got %+v\nwant %+v", d, w)
			}
			delete(want, d.Record)
		}
	}
	if len(want) != 0 {
		t.Errorf("missing designations %v", want)
	}
	// 6. Holdings: the 51 % stake of Zakharov in CST, open-ended.
	var found bool
	for _, h := range r.all.Holdings {
		if h.Record == "ru-dfe0a021cb69f99e198bb8cbbcb93e81130b32a7" {
			found = true
			want := graph.Holding{Owner: zakharov, Owned: cst, Share: graph.Exact(51 * graph.PctScale), Votes: graph.Exact(51 * graph.PctScale),
				Ref: h.Record, Span: graph.Span{Start: "2015-11-25"}, Provenance: graph.Provenance{Source: "os:ext_ru_egrul", Record: h.Record}}
			if !reflect.DeepEqual(h, want) {
				t.Errorf("holding\n got %+v\nwant %+v", h, want)
			}
		}
		if h.Record == "ru-c88ac31fcd8b1f6affcefa24046834154aff4221" &&
			(h.Owner != zakharov || h.Owned != rtc || h.Span != (graph.Span{Start: "2022-04-22", End: "2023-10-22"})) {
			t.Errorf("RTC holding %+v", h)
		}
		if h.Record == "NK-3NyeuT6JeJDLhGEyH3JD52" && (h.Owner != kalash || h.Owned != cst || !h.Share.IsUnknown()) {
			t.Errorf("subsidiary-of holding %+v", h)
		}
	}
	if !found {
		t.Error("no 51 % holding")
	}
	// 7. Same-as links from referents.
	same := map[string]bool{}
	for _, s := range r.all.SameAs {
		if s.Method != "referent" || s.Score != 1 {
			t.Errorf("same-as %+v", s)
		}
		same[s.A+" "+s.B] = true
	}
	for _, k := range []string{zakharov + " ofac:45937", zakharov + " uk:RUS2051", zakharov + " uk:16271",
		cst + " ofac:45928", cst + " ofac:45934", cst + " uk:RUS1712", kalash + " ofac:16911"} {
		if !same[k] {
			t.Errorf("missing same-as %s", k)
		}
	}
	for k := range same {
		if strings.Contains(k, " eu:") || strings.Contains(k, "usgsa") {
			t.Errorf("unexpected same-as %s", k)
		}
	}
}

func TestT1Multilingual(t *testing.T) {
	r := parseFile(t, t1, ingest.ParseOptions{})
	if len(r.all.Entities) != 6 || r.stats.Schemas["Address"] != 1 {
		t.Fatalf("%d entities, stats %v", len(r.all.Entities), r.stats.Schemas)
	}
	org := entityByID(t, r.all.Entities, "os:NK-2GdmHtZTeNXjNVrBGEXZNj")
	if org.Kind != graph.KindOrganization || org.Name != "RAB „Inter Tobacco“" || len(org.Aliases) != 11 {
		t.Errorf("inter tobacco %q %q %d aliases", org.Kind, org.Name, len(org.Aliases))
	}
	for _, a := range []string{"Εταιρία περιορισμένης ευθύνης “Inter Tobacco”", "Общество с ограниченной ответственностью “Интер Тобако”",
		"Таварыства з абмежаванай адказнасцю “Інтэр Табак”", "„Inter Tobacco“, společnost s ručením omezeným"} {
		found := false
		for _, x := range org.Aliases {
			found = found || x == a
		}
		if !found {
			t.Errorf("alias %q missing", a)
		}
	}
	if !reflect.DeepEqual(org.Identifiers, []graph.Identifier{{Scheme: "registration", Value: "808000714"}}) {
		t.Errorf("inter tobacco identifiers %v", org.Identifiers)
	}
	p := entityByID(t, r.all.Entities, "os:NK-2Myxbs6wX9xFKGoQn3sLaY")
	want := []string{"Viktar Uladzimiravitj Sojka", "Виктор Владимирович СОЙКО", "Віктар Уладзіміравіч СОЙКА", "Victor Vladimirovich SOYKO"}
	if p.Name != "Viktor Vladimirovitj Sojko" || !reflect.DeepEqual(p.Aliases, want) {
		t.Errorf("soyko %q %q", p.Name, p.Aliases)
	}
	irgc := entityByID(t, r.all.Entities, "os:NK-2PacmNpiLUmoz4XD2mSt7A")
	if irgc.Name != "IRGC" || !reflect.DeepEqual(irgc.Aliases, []string{"Iranian Revolutionary Guard Corps"}) {
		t.Errorf("irgc %q %q", irgc.Name, irgc.Aliases)
	}
	same := map[string]bool{}
	for _, s := range r.all.SameAs {
		same[s.A+" "+s.B] = true
	}
	for _, k := range []string{"os:NK-2PacmNpiLUmoz4XD2mSt7A ofac:10465", "os:NK-2PacmNpiLUmoz4XD2mSt7A uk:INU0082",
		"os:NK-2PacmNpiLUmoz4XD2mSt7A uk:11241", "os:NK-2GdmHtZTeNXjNVrBGEXZNj ofac:32733"} {
		if !same[k] {
			t.Errorf("missing same-as %s", k)
		}
	}
	if len(r.all.SameAs) != 8 {
		t.Errorf("%d same-as, want 8", len(r.all.SameAs))
	}
}

func TestMapReferent(t *testing.T) {
	for in, want := range map[string]string{
		"ofac-45937": "ofac:45937", "gb-fcdo-rus2051": "uk:RUS2051", "gb-hmt-16271": "uk:16271", "gb-fcdo-inu0082": "uk:INU0082",
		"ofac-pr-f7b4c3": "", "eu-fsf-eu-12789-10": "", "gb-fcdo-named-kalashnikov-concern-jsc": "", "unsc-6908555": "",
		"ru-inn-183111242406": "", "usgsa-s4mrvqj4l": "", "gb-hmt-named-kalashnikov-concern-jsc": "",
	} {
		got, ok := ftm.MapReferent(in)
		if got != want || ok != (want != "") {
			t.Errorf("MapReferent(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestSanctionRegime(t *testing.T) {
	for _, c := range []struct {
		datasets, authorities []string
		want                  graph.Regime
	}{
		{[]string{"us_ofac_sdn"}, nil, "ofac"},
		{[]string{"us_ofac_cons"}, nil, "ofac-nonsdn"},
		{[]string{"gb_hmt_sanctions"}, nil, "uk"},
		{[]string{"gb_fcdo_sanctions"}, nil, "uk"},
		{[]string{"eu_fsf"}, nil, "eu"},
		{[]string{"un_sc_sanctions"}, nil, "un"},
		{[]string{"us_sam_exclusions"}, []string{"OFAC"}, "us_sam_exclusions"},
		{[]string{"CH_SECO_sanctions"}, nil, "ch_seco_sanctions"},
		{nil, []string{"Office of Foreign Assets Control"}, "ofac"},
		{nil, []string{"United Nations Security Council"}, "un"},
		{nil, []string{"Foreign, Commonwealth & Development Office"}, "uk"},
		{nil, []string{"Ministry of Finance"}, "opensanctions"},
	} {
		if got := ftm.SanctionRegime(c.datasets, c.authorities); got != c.want {
			t.Errorf("SanctionRegime(%v, %v) = %q, want %q", c.datasets, c.authorities, got, c.want)
		}
	}
}

func TestControlBasis(t *testing.T) {
	for in, want := range map[string]graph.Basis{
		"voting": graph.BasisVotingAgreement, "Appointment": graph.BasisBoardAppointment, "management": graph.BasisDominantInfluence,
		"contractual": graph.BasisDominantInfluence, "nominee": graph.BasisDeFacto, "political-office": graph.BasisPoliticalOffice,
		"trust": graph.BasisOther, "state": graph.BasisOther, "": graph.BasisOther,
	} {
		if got := ftm.ControlBasis(in); got != want {
			t.Errorf("ControlBasis(%q) = %q, want %q", in, got, want)
		}
	}
}
