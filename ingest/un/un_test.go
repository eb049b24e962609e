package un_test

import (
	"context"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/un"
)

const sample = "../../testdata/un/UN_consolidated.xml"

type result struct {
	entities     []graph.Entity
	designations []graph.Designation
	batches      int
	skipped      []*ingest.RowError
}

func parseFiles(t testing.TB, files []string, opt ingest.ParseOptions) (result, error) {
	t.Helper()
	var r result
	if opt.Lenient {
		opt.Skip = func(e *ingest.RowError) { r.skipped = append(r.skipped, e) }
	}
	err := un.New().Parse(context.Background(), files, opt, func(b *graph.Batch) error {
		r.batches++
		if n := b.Len(); n == 0 || n > opt.Size()+1 {
			t.Errorf("batch of %d records, batch size %d", n, opt.Size())
		}
		r.entities = append(r.entities, b.Entities...)
		r.designations = append(r.designations, b.Designations...)
		return nil
	})
	return r, err
}

func parseBytes(t testing.TB, data string, lenient bool) (result, error) {
	t.Helper()
	var r result
	opt := ingest.ParseOptions{Lenient: lenient, Skip: func(e *ingest.RowError) { r.skipped = append(r.skipped, e) }}
	err := un.ParseBytes("bad.xml", []byte(data), opt, func(b *graph.Batch) error {
		r.entities = append(r.entities, b.Entities...)
		r.designations = append(r.designations, b.Designations...)
		return nil
	})
	return r, err
}

// rawCounts is an independent count of the sample, by a whole-file decode.
type rawList struct {
	Individuals []rawRecord `xml:"INDIVIDUALS>INDIVIDUAL"`
	Entities    []rawRecord `xml:"ENTITIES>ENTITY"`
}

type rawRecord struct {
	First      string     `xml:"FIRST_NAME"`
	Second     string     `xml:"SECOND_NAME"`
	Third      string     `xml:"THIRD_NAME"`
	Fourth     string     `xml:"FOURTH_NAME"`
	Original   []string   `xml:"NAME_ORIGINAL_SCRIPT"`
	IndAliases []rawAlias `xml:"INDIVIDUAL_ALIAS"`
	EntAliases []rawAlias `xml:"ENTITY_ALIAS"`
}

type rawAlias struct {
	Quality string `xml:"QUALITY"`
	Name    string `xml:"ALIAS_NAME"`
}

func TestSample(t *testing.T) {
	r, err := parseFiles(t, []string{sample}, ingest.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.entities) != 1003 || len(r.designations) != 1003 {
		t.Fatalf("got %d entities, %d designations; want 1,003 each", len(r.entities), len(r.designations))
	}
	if r.batches != 1 {
		t.Errorf("%d batches, want 1 with the default size", r.batches)
	}
	kinds := map[graph.Kind]int{}
	ids := map[string]bool{}
	refRe := regexp.MustCompile(`^un:[A-Z]{2}([ie])\.\d{3}$`)
	aliases := map[graph.Kind]int{}
	weak := map[graph.Kind]int{}
	for i, e := range r.entities {
		kinds[e.Kind]++
		aliases[e.Kind] += len(e.Aliases)
		weak[e.Kind] += len(e.WeakAliases)
		if ids[e.ID] {
			t.Errorf("duplicate id %s", e.ID)
		}
		ids[e.ID] = true
		m := refRe.FindStringSubmatch(e.ID)
		if m == nil {
			t.Errorf("id %q is not un:<REFERENCE_NUMBER>", e.ID)
		} else if want := map[string]graph.Kind{"i": graph.KindPerson, "e": graph.KindOrganization}[m[1]]; e.Kind != want {
			t.Errorf("%s: kind %s, want %s", e.ID, e.Kind, want)
		}
		if e.Name == "" || e.Source != "un" || "un:"+e.Record != e.ID {
			t.Errorf("%s: name %q provenance %+v", e.ID, e.Name, e.Provenance)
		}
		d := r.designations[i]
		if d.Entity != e.ID || d.Regime != graph.RegimeUN || d.Provenance != e.Provenance || d.Delisted != "" {
			t.Errorf("designation %+v for %s", d, e.ID)
		}
		if _, err := graph.ParseDate(string(d.Listed)); err != nil || d.Listed == "" {
			t.Errorf("%s: listed %q", e.ID, d.Listed)
		}
	}
	if kinds[graph.KindPerson] != 730 || kinds[graph.KindOrganization] != 273 {
		t.Errorf("kinds %v, want 730 persons and 273 organizations", kinds)
	}

	// Programs: every UN_LIST_TYPE of the sample, with its count.
	programs := map[string]int{}
	for _, d := range r.designations {
		programs[d.Program]++
	}
	wantPrograms := map[string]int{
		"Al-Qaida": 341, "DPRK": 155, "Taliban": 140, "Iran": 121, "Iraq": 75, "DRC": 53, "Libya": 30,
		"Somalia": 24, "CAR": 15, "Haiti": 11, "Yemen": 11, "GB": 10, "Sudan": 9, "SouthSudan": 8,
	}
	if !reflect.DeepEqual(programs, wantPrograms) {
		t.Errorf("programs %v\nwant %v", programs, wantPrograms)
	}

	// Aliases: the raw alias elements, split by QUALITY, counted
	// independently, then what the parser keeps.
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	var raw rawList
	if err := xml.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	type split struct{ elements, good, aka, fka, low, empty, original, dups int }
	count := func(recs []rawRecord, individual bool) split {
		var s split
		for _, rec := range recs {
			list := rec.EntAliases
			if individual {
				list = rec.IndAliases
			}
			seen := map[string]bool{strings.Join(strings.Fields(strings.Join([]string{rec.First, rec.Second, rec.Third, rec.Fourth}, " ")), " "): true}
			keep := func(n string) {
				n = strings.Join(strings.Fields(n), " ")
				if seen[n] {
					s.dups++
				}
				seen[n] = true
			}
			for _, o := range rec.Original {
				if strings.TrimSpace(o) != "" {
					s.original++
					keep(o)
				}
			}
			for _, a := range list {
				s.elements++
				if strings.TrimSpace(a.Name) == "" {
					s.empty++
					continue
				}
				switch a.Quality {
				case "Good":
					s.good++
				case "a.k.a.":
					s.aka++
				case "f.k.a.":
					s.fka++
				case "Low":
					s.low++
				default:
					t.Errorf("quality %q", a.Quality)
				}
				keep(a.Name)
			}
		}
		return s
	}
	ind := count(raw.Individuals, true)
	ent := count(raw.Entities, false)
	if want := (split{elements: 2308, good: 1524, low: 615, empty: 169, original: 336, dups: 10}); ind != want {
		t.Errorf("individual aliases %+v, want %+v", ind, want)
	}
	if want := (split{elements: 735, aka: 594, fka: 19, empty: 122, original: 42, dups: 2}); ent != want {
		t.Errorf("entity aliases %+v, want %+v", ent, want)
	}
	// Parsed: strong = Good/a.k.a./f.k.a. + original script - duplicates;
	// weak = Low (no weak alias of the sample repeats a stronger name).
	if aliases[graph.KindPerson] != 1850 || weak[graph.KindPerson] != 615 {
		t.Errorf("person aliases %d strong %d weak, want 1,850 (1,524 + 336 - 10) and 615",
			aliases[graph.KindPerson], weak[graph.KindPerson])
	}
	if aliases[graph.KindOrganization] != 653 || weak[graph.KindOrganization] != 0 {
		t.Errorf("organization aliases %d strong %d weak, want 653 (594 + 19 + 42 - 2) and 0",
			aliases[graph.KindOrganization], weak[graph.KindOrganization])
	}

	// Facts, identifiers and addresses over the whole file.
	facts := map[string]int{}
	schemes := map[string]int{}
	addresses := 0
	for _, e := range r.entities {
		for _, f := range e.Facts {
			facts[f.Type]++
		}
		for _, id := range e.Identifiers {
			schemes[id.Scheme]++
			if id.Value == "" || id.Value != strings.TrimSpace(id.Value) {
				t.Errorf("%s: identifier %+v", e.ID, id)
			}
		}
		addresses += len(e.Addresses)
		for _, c := range e.Countries {
			if _, ok := ingest.CountryCode(c); !ok || len(c) != 2 {
				t.Errorf("%s: country %q is not an ISO code", e.ID, c)
			}
		}
	}
	wantFacts := map[string]int{
		graph.FactListType: 1003, graph.FactReference: 1003, graph.FactRemark: 1014, graph.FactBirthDate: 895,
		graph.FactBirthPlace: 658, "document": 468, graph.FactGender: 54, graph.FactNationality: 652,
		graph.FactPosition: 427, graph.FactTitle: 191,
		// The country names of nationalities, documents and addresses
		// read as ISO codes, once per entity, and the two the table does
		// not know (QDi.290's nationality "former Soviet Union", a
		// nationality "na": not available, not Namibia).
		ingest.FactCountryName: 1064,
	}
	if !reflect.DeepEqual(facts, wantFacts) {
		t.Errorf("facts %v\nwant %v", facts, wantFacts)
	}
	if want := map[string]int{"passport": 309, "national-id": 122, "document": 17}; !reflect.DeepEqual(schemes, want) {
		t.Errorf("identifier schemes %v, want %v", schemes, want)
	}
	if addresses != 809 {
		t.Errorf("%d addresses, want 809 (474 person + 335 organization)", addresses)
	}

	// The ten listing dates published with a time zone keep their date.
	tz := regexp.MustCompile(`<REFERENCE_NUMBER>([^<]+)</REFERENCE_NUMBER>\s*<LISTED_ON>(\d{4}-\d\d-\d\d)-04:00</LISTED_ON>`)
	matches := tz.FindAllStringSubmatch(string(data), -1)
	if len(matches) != 10 {
		t.Fatalf("%d LISTED_ON with a time zone in the sample, want 10", len(matches))
	}
	listed := map[string]graph.Date{}
	for _, d := range r.designations {
		listed[d.Entity] = d.Listed
	}
	for _, m := range matches {
		if got := listed["un:"+strings.TrimSpace(m[1])]; string(got) != m[2] {
			t.Errorf("%s listed %q, want %s", m[1], got, m[2])
		}
	}

	// Trailing spaces in REFERENCE_NUMBER are trimmed.
	for _, id := range []string{"un:KPe.023", "un:KPe.056", "un:QDi.352", "un:CDi.001", "un:SSi.008"} {
		if !ids[id] {
			t.Errorf("missing %s", id)
		}
	}
}

func TestListInfo(t *testing.T) {
	ls := un.New().(ingest.ListSource)
	list, pub, err := ls.ListInfo(context.Background(), []string{sample})
	if err != nil || list != "un" || pub != "2026-02-27" {
		t.Fatalf("ListInfo = %q, %q, %v; want un, 2026-02-27", list, pub, err)
	}
	dir := t.TempDir()
	for name, content := range map[string]string{
		"nodate.xml": `<CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>`,
		"bad.xml":    `<CONSOLIDATED_LIST dateGenerated="27/02/2026"/>`,
		"other.xml":  `<sdnList/>`,
		"tz.xml":     `<CONSOLIDATED_LIST dateGenerated="2026-03-01-04:00"/>`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, pub, err := ls.ListInfo(context.Background(), []string{filepath.Join(dir, "nodate.xml")}); err != nil || pub != "" {
		t.Errorf("no dateGenerated: %q, %v", pub, err)
	}
	if _, pub, err := ls.ListInfo(context.Background(), []string{sample, filepath.Join(dir, "tz.xml")}); err != nil || pub != "2026-03-01" {
		t.Errorf("latest of two files: %q, %v", pub, err)
	}
	for _, name := range []string{"bad.xml", "other.xml"} {
		if _, _, err := ls.ListInfo(context.Background(), []string{filepath.Join(dir, name)}); !ingest.IsRowError(err) {
			t.Errorf("%s: error %v, want a RowError", name, err)
		}
	}
}

func TestBatches(t *testing.T) {
	r, err := parseFiles(t, []string{sample}, ingest.ParseOptions{BatchSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.entities) != 1003 || r.batches != 21 {
		t.Errorf("%d entities in %d batches, want 1,003 in 21", len(r.entities), r.batches)
	}
	// An error from emit stops the parse and is returned as is.
	stop := errors.New("stop")
	err = un.New().Parse(context.Background(), []string{sample}, ingest.ParseOptions{BatchSize: 10},
		func(*graph.Batch) error { return stop })
	if err != stop {
		t.Errorf("emit error: got %v", err)
	}
	// A cancelled context stops the parse.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = un.New().Parse(ctx, []string{sample}, ingest.ParseOptions{BatchSize: 1 << 20}, func(*graph.Batch) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
}

func TestRecords(t *testing.T) {
	r, err := parseFiles(t, []string{sample}, ingest.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for i, e := range r.entities {
		got[e.ID] = i
	}
	for id, w := range wantRecords {
		i, ok := got[id]
		if !ok {
			t.Errorf("%s missing", id)
			continue
		}
		if e := r.entities[i]; !reflect.DeepEqual(e, w.entity) {
			t.Errorf("%s:\n got %#v\nwant %#v", id, e, w.entity)
		}
		if d := r.designations[i]; d != w.designation {
			t.Errorf("%s designation:\n got %#v\nwant %#v", id, d, w.designation)
		}
	}
}

type want struct {
	entity      graph.Entity
	designation graph.Designation
}

// wantRecords are real records of the sample, every parsed field.
var wantRecords = map[string]want{
	"un:CDi.001": {
		entity: graph.Entity{
			ID: "un:CDi.001", Kind: graph.KindPerson, Name: "ERIC BADEGE",
			Countries: []string{"CD"},
			Addresses: []graph.Address{
				{Text: "as of early 2016", Country: "RW"},
			},
			Facts: []graph.Fact{
				{Type: "list-type", Value: "UN List"},
				{Type: "nationality", Value: "Democratic Republic of the Congo"},
				{Type: "gender", Value: "male"},
				{Type: "birth-date", Value: "1971"},
				{Type: "remark", Value: "He fled to Rwanda in March 2013 and is still living there as of early 2016. INTERPOL-UN Security Council Special Notice web link:https://www.interpol.int/en/How-we-work/Notices/View-UN-Notices-Individuals"},
				{Type: "reference", Value: "dataid:6907993"},
				{Type: ingest.FactCountryName, Value: "Democratic Republic of the Congo"},
				{Type: ingest.FactCountryName, Value: "Rwanda"},
			},
			Provenance: graph.Provenance{Source: "un", Record: "CDi.001"},
		},
		designation: graph.Designation{Entity: "un:CDi.001", Regime: graph.RegimeUN, Program: "DRC", Listed: "2012-12-31",
			Provenance: graph.Provenance{Source: "un", Record: "CDi.001"}},
	},
	"un:CDi.003": {
		entity: graph.Entity{
			ID: "un:CDi.003", Kind: graph.KindPerson, Name: "GASTON IYAMUREMYE",
			Aliases:     []string{"Byiringiro Victor Rumuli", "Victor Rumuri", "Michel Byiringiro"},
			WeakAliases: []string{"Rumuli"},
			Countries:   []string{"RW"},
			Addresses: []graph.Address{
				{Text: "as of June 2016", Region: "North Kivu Province", Country: "CD"},
			},
			Facts: []graph.Fact{
				{Type: "list-type", Value: "UN List"},
				{Type: "position", Value: "FDLR Interim President"},
				{Type: "position", Value: "FDLR-FOCA 1st Vice-President"},
				{Type: "position", Value: "FDLR-FOCA Major General"},
				{Type: "nationality", Value: "Rwanda"},
				{Type: "gender", Value: "male"},
				{Type: "birth-date", Value: "1948"},
				{Type: "birth-place", Value: "Musanze District, Northern Province, Rwanda"},
				{Type: "birth-place", Value: "Ruhengeri, Rwanda"},
				{Type: "remark", Value: "INTERPOL-UN Security Council Special Notice web link:https://www.interpol.int/en/How-we-work/Notices/View-UN-Notices-Individuals"},
				{Type: "reference", Value: "dataid:6907995"},
				{Type: ingest.FactCountryName, Value: "Rwanda"},
				{Type: ingest.FactCountryName, Value: "Democratic Republic of the Congo"},
			},
			Provenance: graph.Provenance{Source: "un", Record: "CDi.003"},
		},
		designation: graph.Designation{Entity: "un:CDi.003", Regime: graph.RegimeUN, Program: "DRC", Listed: "2010-12-01",
			Provenance: graph.Provenance{Source: "un", Record: "CDi.003"}},
	},
	"un:KPi.006": {
		entity: graph.Entity{
			ID: "un:KPi.006", Kind: graph.KindPerson, Name: "PAEK CHANG-HO",
			Aliases:     []string{"Pak Chang-Ho", "Paek Ch'ang-Ho"},
			Identifiers: []graph.Identifier{{Scheme: "passport", Value: "381420754"}},
			Countries:   []string{"KP"},
			Facts: []graph.Fact{
				{Type: "list-type", Value: "UN List"},
				{Type: "position", Value: "Senior official and head of the satellite control center of Korean Committee for Space Technology"},
				{Type: "nationality", Value: "Democratic People's Republic of Korea"},
				{Type: "birth-date", Value: "1964-06-18"},
				{Type: "birth-place", Value: "Kaesong, Democratic People's Republic of Korea"},
				{Type: "document", Value: "Numéro de passeport: 381420754, issued 2011-12-07"},
				{Type: "document", Value: "Número de pasaporte: 381420754, issued 2011-12-07"},
				{Type: "document", Value: "Passport: 381420754, issued 2011-12-07 (Expires on 7 Dec. 2016)"},
				{Type: "remark", Value: "Senior official and head of the satellite control center of Korean Committee for Space Technology."},
				{Type: "reference", Value: "dataid:690747"},
				{Type: ingest.FactCountryName, Value: "Democratic People's Republic of Korea"},
			},
			Provenance: graph.Provenance{Source: "un", Record: "KPi.006"},
		},
		designation: graph.Designation{Entity: "un:KPi.006", Regime: graph.RegimeUN, Program: "DPRK", Listed: "2013-01-22",
			Provenance: graph.Provenance{Source: "un", Record: "KPi.006"}},
	},
	"un:QDi.062": {
		entity: graph.Entity{
			ID: "un:QDi.062", Kind: graph.KindPerson, Name: "MOHAMED LAKHAL",
			Aliases:     []string{"محمد لكحل", "Lased Ben Heni", "Al-As'ad Ben Hani", "Mohamed Ben Belgacem Awani", "Mohamed Aouani"},
			WeakAliases: []string{"Mohamed Abu Abda", "Abu Obeida"},
			Identifiers: []graph.Identifier{{Scheme: "national-id", Value: "W374031", Country: "TN"}},
			Countries:   []string{"TN"},
			Facts: []graph.Fact{
				{Type: "list-type", Value: "UN List"},
				{Type: "nationality", Value: "Tunisia"},
				{Type: "birth-date", Value: "1970-02-05"},
				{Type: "birth-date", Value: "1969-02-05"},
				{Type: "birth-place", Value: "Tunis, Tunisia"},
				{Type: "birth-place", Value: "Tripoli, Libya"},
				{Type: "document", Value: "National Identification Number: W374031, issued by Tunisia, issued 2011-04-11"},
				{Type: "remark", Value: "Professor of Chemistry. Deported from Italy to Tunisia on 27 Aug. 2006. Legally changed family name from Aouani to Lakhal in 2014. Review pursuant to Security Council resolution 1822 (2008) was concluded on 22 Apr. 2010. Review pursuant to Security Council resolution 2368 (2017) was concluded on 4 Dec. 2019. Review pursuant to Security Council resolution 2610 (2021) was concluded on 30 October 2023. INTERPOL-UN Security Council Special Notice web link:https://www.interpol.int/en/How-we-work/Notices/View-UN-Notices-Individuals"},
				{Type: "remark", Value: "Mohamed Aouani: formerly listed as"},
				{Type: "reference", Value: "dataid:111796"},
				{Type: ingest.FactCountryName, Value: "Tunisia"},
			},
			Provenance: graph.Provenance{Source: "un", Record: "QDi.062"},
		},
		designation: graph.Designation{Entity: "un:QDi.062", Regime: graph.RegimeUN, Program: "Al-Qaida", Listed: "2002-04-24",
			Provenance: graph.Provenance{Source: "un", Record: "QDi.062"}},
	},
	"un:QDi.352": {
		entity: graph.Entity{
			ID: "un:QDi.352", Kind: graph.KindPerson, Name: "MAULANA FAZLULLAH",
			Aliases:     []string{"Mullah Fazlullah", "Fazal Hayat"},
			WeakAliases: []string{"Mullah Radio"},
			Addresses: []graph.Address{
				{Text: "Afghanistan / Pakistan border region"},
			},
			Facts: []graph.Fact{
				{Type: "list-type", Value: "UN List"},
				{Type: "birth-date", Value: "1974"},
				{Type: "birth-place", Value: "Kuza Bandai village, Swat Valley, Khyber Pakhtunkhawa Province, Pakistan"},
				{Type: "remark", Value: "Confirmed deceased on 13 June 2018. Commander of Tehrik-e Taliban Pakistan (TTP) (QDe.132) since 7 Nov. 2013. Led the local TTP in Pakistan’s northwest valley of Swat from 2007 to 2009. Review pursuant to Security Council resolution 2253 (2015) was concluded on 21 Feb. 2019.Review pursuant to Security Council resolution 2610 (2021) was concluded on 30 October 2023. INTERPOL-UN Security Council Special Notice web link:https://www.interpol.int/en/How-we-work/Notices/View-UN-Notices-Individuals"},
				{Type: "reference", Value: "dataid:6908452"},
			},
			Provenance: graph.Provenance{Source: "un", Record: "QDi.352"},
		},
		designation: graph.Designation{Entity: "un:QDi.352", Regime: graph.RegimeUN, Program: "Al-Qaida", Listed: "2015-04-07",
			Provenance: graph.Provenance{Source: "un", Record: "QDi.352"}},
	},
	"un:QDi.426": {
		entity: graph.Entity{
			ID: "un:QDi.426", Kind: graph.KindPerson, Name: "Amir Muhammad Sa’id Abdal-Rahman al-Salbi",
			Aliases:     []string{"أمیر محمد سعید عبد الرحمن السلبي", "Abu Ibrahim al-Hashimi al-Qurashi", "Hajji Abdallah", "Abu ‘Umar al-Turkmani", "Abdullah Qardash", "Abu ‘Abdullah Qardash", "al-Hajj Abdullah Qardash", "Hajji Abdullah Al-Afari", "`Abdul Amir Muhammad Sa'id Salbi", "Muhammad Sa'id `Abd-al-Rahman al-Mawla", "Amir Muhammad Sa’id ‘Abd-al-Rahman Muhammad al-Mula", "Amir Muhammad Sa’id Abdal-Rahman al-Mawla"},
			WeakAliases: []string{"Al-Ustadh", "Ustadh Ahmad"},
			Identifiers: []graph.Identifier{{Scheme: "national-id", Value: "00278640"}},
			Countries:   []string{"IQ"},
			Addresses: []graph.Address{
				{Text: "previous address", Street: "House 110, Street 704, District 704", City: "Tall ‘Afar", Country: "IQ"},
				{Text: "previous address", Street: "near Shahid Mazen Mosque and al-Khansa Hospital", City: "Mosul", Country: "IQ"},
				{City: "Idlib", Country: "SY"},
			},
			Facts: []graph.Fact{
				{Type: "list-type", Value: "UN List"},
				{Type: "nationality", Value: "Iraq"},
				{Type: "birth-date", Value: "1976-10-05"},
				{Type: "birth-date", Value: "1976-10-01"},
				{Type: "birth-date", Value: "1976-01-06"},
				{Type: "birth-place", Value: "Tall’Afar, Iraq"},
				{Type: "birth-place", Value: "Mosul, Iraq"},
				{Type: "document", Value: "National Identification Number: 00278640, issued 2012-05-02"},
				{Type: "remark", Value: "Leader of Islamic State in Iraq and the Levant, listed as Al-Qaida in Iraq (QDe.115). Mother’s name: Samira Shareef (سميرة شريف) or Sahra Sharif Abd al-Qader (سهرة شريف عبد القادر). Height 170 cm, right leg amputated. Photo available for inclusion in the INTERPOL-UN Security Council Special Notice. Arrest warrant issued by Iraq 2018. Reportedly deceased as of 3 February 2022. INTERPOL-UN Security Council Special Notice web link:https://www.interpol.int/en/How-we-work/Notices/View-UN-Notices-Individuals"},
				{Type: "remark", Value: "Amir Muhammad Sa’id Abdal-Rahman al-Mawla: previously listed as"},
				{Type: "reference", Value: "dataid:6908841"},
				{Type: ingest.FactCountryName, Value: "Iraq"},
				{Type: ingest.FactCountryName, Value: "Syrian Arab Republic"},
			},
			Provenance: graph.Provenance{Source: "un", Record: "QDi.426"},
		},
		designation: graph.Designation{Entity: "un:QDi.426", Regime: graph.RegimeUN, Program: "Al-Qaida", Listed: "2020-05-21",
			Provenance: graph.Provenance{Source: "un", Record: "QDi.426"}},
	},
	"un:IRe.003": {
		entity: graph.Entity{
			ID: "un:IRe.003", Kind: graph.KindOrganization, Name: "AMIN INDUSTRIAL COMPLEX",
			Aliases: []string{"Amin Industrial Compound", "Amin Industrial Company"},
			Addresses: []graph.Address{
				{Street: "P.O. Box 91735-549", City: "Mashad", Country: "IR"},
				{Street: "Amin Industrial Estate, Khalage Rd., Seyedi District", City: "Mashad", Country: "IR"},
				{Street: "Kaveh Complex, Khalaj Rd., Seyedi St.", City: "Mashad", Country: "IR"},
			},
			Facts: []graph.Fact{
				{Type: "list-type", Value: "UN List"},
				{Type: "remark", Value: "Sought temperature controllers which may be used in nuclear research and operational/production facilities. Amin Industrial Complex is owned or controlled by, or acts on behalf of, DIO, which was designated in resolution 1737 (2006). [Old Reference # E.29.I.1]"},
				{Type: "reference", Value: "dataid:110401"},
				{Type: ingest.FactCountryName, Value: "Iran (Islamic Republic of)"},
			},
			Provenance: graph.Provenance{Source: "un", Record: "IRe.003"},
		},
		designation: graph.Designation{Entity: "un:IRe.003", Regime: graph.RegimeUN, Program: "Iran", Listed: "2010-06-09",
			Provenance: graph.Provenance{Source: "un", Record: "IRe.003"}},
	},
	"un:KPe.023": {
		entity: graph.Entity{
			ID: "un:KPe.023", Kind: graph.KindOrganization, Name: "DAEDONG CREDIT BANK (DCB)",
			Aliases: []string{"DCB", "Taedong Credit Bank", "Dae-Dong Credit Bank"},
			Addresses: []graph.Address{
				{Street: "Suite 401, Potonggang Hotel, Ansan-Dong, Pyongchon District", City: "Pyongyang", Country: "KP"},
				{Street: "Ansan-dong, Botonggang Hotel, Pongchon", City: "Pyongyang", Country: "KP"},
			},
			Facts: []graph.Fact{
				{Type: "list-type", Value: "UN List"},
				{Type: "remark", Value: "SWIFT: DCBKKPPY. Daedong Credit Bank has provided financial services to the Korea Mining Development Trading Corporation (KOMID) and Tanchon Commercial Bank. Since at least 2007, DCB has facilitated hundreds of financial transactions worth millions of dollars on behalf of KOMID and Tanchon Commercial Bank. In some cases, DCB has knowingly facilitated transactions by using deceptive financial practices."},
				{Type: "reference", Value: "dataid:6908499"},
				{Type: ingest.FactCountryName, Value: "Democratic People's Republic of Korea"},
			},
			Provenance: graph.Provenance{Source: "un", Record: "KPe.023"},
		},
		designation: graph.Designation{Entity: "un:KPe.023", Regime: graph.RegimeUN, Program: "DPRK", Listed: "2016-03-02",
			Provenance: graph.Provenance{Source: "un", Record: "KPe.023"}},
	},
}
