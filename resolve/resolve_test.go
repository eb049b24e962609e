package resolve

import (
	"strings"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
)

// Records of the 2019 OFAC SDN sample (testdata/ofac/watchman-test-testdata,
// list "ofac-sdn") and of the UN sample (testdata/un/UN_consolidated.xml,
// list "un"), with the names, countries, facts and identifiers the
// ingesters give them (only those the rules read).
func fact(typ, v string) graph.Fact { return graph.Fact{Type: typ, Value: v} }

func rec(id string, kind graph.Kind, name string, aliases []string, countries []string, facts []graph.Fact, ids ...graph.Identifier) graph.Entity {
	return graph.Entity{ID: id, Kind: kind, Name: name, Aliases: aliases, Countries: countries, Facts: facts, Identifiers: ids}
}

var (
	dob         = func(v string) graph.Fact { return fact(graph.FactBirthDate, v) }
	nationality = func(v string) graph.Fact { return fact(graph.FactNationality, v) }
	msn         = func(v string) graph.Fact { return fact(factAircraftSerial, v) }
	imo         = func(v string) graph.Identifier { return graph.Identifier{Scheme: "imo", Value: v} }

	// SDN 12403: "DOB 1977; nationality Pakistan", a.k.a. SAMAD, Abdul.
	urRehman = rec("ofac:12403", graph.KindPerson, "UR-REHMAN, Mati",
		[]string{"REHMAN, Mati-ur", "REHMAN, Mati ur", "RAHMAN, Matiur", "REHMAN, Matiur", "AL-REHMAN, Matti", "SAMAD, Abdul", "SIAL, Samad", "SIAL, Abdul Samad"},
		nil, []graph.Fact{dob("1977"), nationality("Pakistan")})
	// SDN 13099: "DOB 1970; nationality Afghanistan", an address in Pakistan.
	achekzaiSDN = rec("ofac:13099", graph.KindPerson, "ACHEKZAI, Abdul Samad", []string{"SAMAD, Abdul"},
		[]string{"Pakistan"}, []graph.Fact{dob("1970"), nationality("Afghanistan")})
	// UN TAi.160.
	achekzaiUN = rec("un:TAi.160", graph.KindPerson, "ABDUL SAMAD ACHEKZAI", []string{"عبد الصمد اچکزی", "Abdul Samad"},
		[]string{"Afghanistan"}, []graph.Fact{nationality("Afghanistan"), dob("1970"), fact(graph.FactBirthPlace, "Afghanistan")})
	// SDN 10053 and UN QDe.003 (whose aliases hold Al-Jihad).
	jihadAlBina = rec("ofac:10053", graph.KindCompany, "JIHAD AL-BINA",
		[]string{"JIHAD AL BINAA", "JIHADU-I-BINAA", "CONSTRUCTION FOR THE SAKE OF THE HOLY STRUGGLE", "CONSTRUCTION JIHAD",
			"STRUGGLE FOR RECONSTRUCTION", "JIHAD CONSTRUCTION INSTITUTION", "JIHAD CONSTRUCTION FOUNDATION",
			"JIHAD-AL-BINAA ASSOCIATION", "HOLY CONSTRUCTION FOUNDATION", "JIHAD CONSTRUCTION"},
		[]string{"Lebanon"}, nil)
	egyptianIslamicJihad = rec("un:QDe.003", graph.KindOrganization, "EGYPTIAN ISLAMIC JIHAD",
		[]string{"الجهاد الاسلامي المصري", "Egyptian Al-Jihad", "Jihad Group", "New Jihad", "Al-Jihad", "Egyptian Islamic Movement"}, nil, nil)
	// SDN 7637 (its aliases, abridged, include the Belgian ASBL's name).
	alAqsa = rec("ofac:7637", graph.KindCompany, "AL-AQSA FOUNDATION",
		[]string{"AL-AQSA SPANMAL STIFTELSE", "AL-AQSA ASBL", "AL-AQSA CHARITABLE FOUNDATION", "AL-AQSA INTERNATIONAL FOUNDATION",
			"STICHTING AL-AQSA", "FORENINGEN AL-AQSA"}, nil, nil)
	// The Belgian branch as issue 13 names it (not in the samples).
	alAqsaBelgium = rec("eu:aqsa-be", graph.KindOrganization, "Al-Aqsa Foundation (Belgium)", nil, []string{"BE"}, nil)
	// UN QDe.110, QDe.104; SDN 8258, 8259, 7199.
	haramainAfghanistanUN = rec("un:QDe.110", graph.KindOrganization, "AL-HARAMAIN: AFGHANISTAN BRANCH", nil, nil, nil)
	haramainPakistanUN    = rec("un:QDe.104", graph.KindOrganization, "AL-HARAMAIN FOUNDATION (PAKISTAN)", nil, nil, nil)
	haramainAfghanistan   = rec("ofac:8258", graph.KindCompany, "AL-HARAMAIN : AFGHANISTAN BRANCH", nil, []string{"Afghanistan"}, nil)
	haramainAlbania       = rec("ofac:8259", graph.KindCompany, "AL-HARAMAIN : ALBANIA BRANCH", nil, []string{"Albania"}, nil)
	haramainFoundation    = rec("ofac:7199", graph.KindCompany, "AL-HARAMAIN ISLAMIC FOUNDATION",
		[]string{"AL-HARAMAIN", "AL-HARAMEIN", "AL-HARAMAYN", "ALHARAMAIN FOUNDATION", "AL-HARAMAIN FOUNDATION", "AL-HARAMAIN HUMANITARIAN FOUNDATION"},
		[]string{"Somalia", "Bosnia and Herzegovina"}, nil)
	// UN IQi.001, IQi.002; SDN 7843, 7844.
	saddamUN = rec("un:IQi.001", graph.KindPerson, "SADDAM HUSSEIN AL-TIKRITI", []string{"صدام حسين التكريتي"}, []string{"Iraq"},
		[]graph.Fact{nationality("Iraq"), dob("1937-04-28")})
	qusayUN = rec("un:IQi.002", graph.KindPerson, "QUSAY SADDAM HUSSEIN AL-TIKRITI", []string{"قصي صدام حسين التكريتي"}, []string{"Iraq"},
		[]graph.Fact{nationality("Iraq"), dob("1965"), dob("1966")})
	saddamSDN = rec("ofac:7843", graph.KindPerson, "AL-TIKRITI, Saddam Hussein", []string{"HUSAYN, Saddam", "HUSSAIN, Saddam", "HUSSEIN, Saddam"},
		nil, []graph.Fact{dob("28 Apr 1937"), nationality("Iraq")})
	qusaySDN = rec("ofac:7844", graph.KindPerson, "AL-TIKRITI, Qusay Saddam Hussein", nil, nil,
		[]graph.Fact{dob("1965"), dob("1966"), nationality("Iraq")})
	// SDN 10899, 11725, 11726: three Beltran Leyva brothers.
	marcosArturo = rec("ofac:10899", graph.KindPerson, "BELTRAN LEYVA, Marcos Arturo", []string{"BELTRAN LEYVA, Arturo", "BELTRAN LEYVA, Arturo Guzman"},
		[]string{"Mexico"}, []graph.Fact{dob("27 Sep 1961"), dob("21 Sep 1961"), dob("05 Jun 1962"), dob("05 Feb 1958"), nationality("Mexico")})
	alfredo = rec("ofac:11725", graph.KindPerson, "BELTRAN LEYVA, Alfredo", []string{"BELTRAN LEYVA, Hector Alfredo"},
		[]string{"Mexico"}, []graph.Fact{dob("21 Jan 1971"), dob("15 Feb 1951"), nationality("Mexico")})
	hector = rec("ofac:11726", graph.KindPerson, "BELTRAN LEYVA, Hector", []string{"RIVERA MUNOZ, Alonso", "BELTRAN LEYVA, Mario Alberto"},
		[]string{"Mexico"}, []graph.Fact{dob("01 Jan 1960"), nationality("Mexico")})
	// SDN 25538, 25547: two Iran Air A310s.
	epIBK = rec("ofac:25538", graph.KindAircraft, "EP-IBK", nil, nil, []graph.Fact{fact(graph.FactAircraftModel, "A310"), msn("671")})
	epIBQ = rec("ofac:25547", graph.KindAircraft, "EP-IBQ", nil, nil, []graph.Fact{fact(graph.FactAircraftModel, "A310"), msn("389")})
	// SDN 25383 NOOR 1 and SDN 15075, formerly known as NOOR.
	noor1 = rec("ofac:25383", graph.KindVessel, "NOOR 1", nil, nil, []graph.Fact{fact(graph.FactVesselFlag, "Iran")}, imo("9506320"))
	noor  = rec("ofac:15075", graph.KindVessel, "BELEMA LIGHT CRUDE", []string{"NOOR", "MAHARLIKA"}, nil, nil, imo("9079066"),
		graph.Identifier{Scheme: "mmsi", Value: "256882000"})
)

// as returns e as a record of another source, id prefixed.
func as(prefix string, e graph.Entity) graph.Entity {
	e.ID = prefix + ":" + e.ID[strings.IndexByte(e.ID, ':')+1:]
	return e
}

// lists gives each record the list of its id's prefix (as ListsOf would
// from their designations), except the register prefixes.
func lists(ents []graph.Entity) map[string][]string {
	out := map[string][]string{}
	for _, e := range ents {
		switch p := e.ID[:strings.IndexByte(e.ID, ':')]; p {
		case "ofac":
			out[e.ID] = []string{"ofac-sdn"}
		case "psc", "gleif", "ftm":
		default:
			out[e.ID] = []string{p}
		}
	}
	return out
}

// outcome is what Resolve made of a pair: a link's strength and method,
// else the review row's strength, else "".
func outcome(res Result, a, b string) (what, method, evidence string) {
	p := pairOf(a, b)
	for _, l := range res.Links {
		if l.A == p[0] && l.B == p[1] {
			return string(l.Strength), l.Method, l.Evidence
		}
	}
	for _, c := range res.Review {
		if c.A == p[0] && c.B == p[1] {
			return "review:" + c.Strength, "", c.Evidence
		}
	}
	return "", "", ""
}

// TestNamedExamples: the wrong links of issue 13, and the right ones next
// to them.
func TestNamedExamples(t *testing.T) {
	cases := []struct {
		name     string
		ents     []graph.Entity
		a, b     string
		what     string // strong, possible, review:<strength>, or "" (nothing)
		method   string
		evidence string // a part of the evidence
	}{
		{"a Pakistani born 1977 is not an Afghan born 1970", []graph.Entity{urRehman, achekzaiUN},
			"ofac:12403", "un:TAi.160", "review:vetoed", "", "conflict: birth dates 1977 ≠ 1970"},
		{"the DOB conflict vetoes even where the countries would not tell", []graph.Entity{
			rec("ofac:12403", graph.KindPerson, "UR-REHMAN, Mati", []string{"SAMAD, Abdul"}, nil, []graph.Fact{dob("1977")}),
			rec("un:TAi.160", graph.KindPerson, "ABDUL SAMAD ACHEKZAI", []string{"Abdul Samad"}, nil, []graph.Fact{dob("1970")})},
			"ofac:12403", "un:TAi.160", "review:vetoed", "", "conflict: birth dates 1977 ≠ 1970"},
		{"Achekzai on two lists, born 1970 on both", []graph.Entity{achekzaiSDN, achekzaiUN},
			"ofac:13099", "un:TAi.160", "strong", "name+birth-date", "birth date 1970 = 1970"},
		{"two entries of the SDN list are never linked", []graph.Entity{urRehman, achekzaiSDN},
			"ofac:12403", "ofac:13099", "", "", ""},
		{"JIHAD AL-BINA is not AL-JIHAD: generic words", []graph.Entity{jihadAlBina, egyptianIslamicJihad},
			"ofac:10053", "un:QDe.003", "review:review", "", ""},
		{"Al-Aqsa Foundation is not its Belgian branch", []graph.Entity{alAqsa, alAqsaBelgium},
			"eu:aqsa-be", "ofac:7637", "review:review", "", "names a branch, office or part"},
		{"the Afghanistan branch is not the Albania branch", []graph.Entity{haramainAfghanistanUN, haramainAlbania},
			"ofac:8259", "un:QDe.110", "review:review", "", "name parts in different places"},
		{"the Afghanistan branch on two lists", []graph.Entity{haramainAfghanistanUN, haramainAfghanistan},
			"ofac:8258", "un:QDe.110", "possible", "name", "no corroborating attribute"},
		{"the Pakistan branch is not the foundation", []graph.Entity{haramainPakistanUN, haramainFoundation},
			"ofac:7199", "un:QDe.104", "review:review", "", "names a branch, office or part"},
		{"AL-HARAMAIN FOUNDATION (BOSNIA) is not the Pakistan branch", []graph.Entity{
			rec("eu:haramain-ba", graph.KindOrganization, "AL-HARAMAIN FOUNDATION (BOSNIA)", nil, nil, nil), haramainPakistanUN},
			"eu:haramain-ba", "un:QDe.104", "review:review", "", "name parts in different places"},
		{"Saddam Hussein on two lists", []graph.Entity{saddamUN, saddamSDN},
			"ofac:7843", "un:IQi.001", "strong", "name+birth-date", "birth date 28 Apr 1937 = 1937-04-28"},
		{"Saddam Hussein is not his son Qusay", []graph.Entity{saddamUN, qusaySDN},
			"ofac:7844", "un:IQi.001", "", "", ""},
		{"Qusay is not his father", []graph.Entity{qusayUN, saddamSDN},
			"ofac:7843", "un:IQi.002", "", "", ""},
		{"Qusay on two lists", []graph.Entity{qusayUN, qusaySDN},
			"ofac:7844", "un:IQi.002", "strong", "name+birth-date", "birth date 1965 = 1965"},
		{"Hector Beltran Leyva is not his brother Hector Alfredo", []graph.Entity{hector, as("uk", alfredo)},
			"ofac:11726", "uk:11725", "review:vetoed", "", "birth dates 01 Jan 1960 ≠ 21 Jan 1971/15 Feb 1951"},
		{"Marcos Arturo is not Alfredo", []graph.Entity{marcosArturo, as("uk", alfredo)},
			"ofac:10899", "uk:11725", "", "", ""},
		{"EP-IBK is not EP-IBQ, whatever the source", []graph.Entity{epIBK, as("uk", epIBQ)},
			"ofac:25538", "uk:25547", "", "", ""},
		{"EP-IBK in another source is the same aircraft", []graph.Entity{epIBK, as("uk", epIBK)},
			"ofac:25538", "uk:25538", "strong", "identifier:aircraft-mark", "identifier aircraft-mark:EPIBK"},
		{"a mark with another serial number is vetoed", []graph.Entity{epIBK,
			rec("uk:x", graph.KindAircraft, "EP-IBK", nil, nil, []graph.Fact{msn("999")})},
			"ofac:25538", "uk:x", "review:vetoed", "", "aircraft serial numbers 671 ≠ 999"},
		{"NOOR is not NOOR 1", []graph.Entity{noor1, as("uk", noor)},
			"ofac:25383", "uk:15075", "", "", ""},
		{"vessels are not linked by name", []graph.Entity{noor1, rec("uk:n", graph.KindVessel, "NOOR 1", nil, nil, nil)},
			"ofac:25383", "uk:n", "", "", ""},
		{"a vessel is linked by its IMO number", []graph.Entity{noor1, rec("uk:n", graph.KindVessel, "NOUR ONE", nil, nil, nil, imo("IMO 9506320"))},
			"ofac:25383", "uk:n", "strong", "identifier:imo", "identifier imo:9506320"},
		{"different IMO numbers veto the MMSI", []graph.Entity{noor, rec("uk:n", graph.KindVessel, "NOOR", nil, nil, nil, imo("9506320"),
			graph.Identifier{Scheme: "mmsi", Value: "256882000"})},
			"ofac:15075", "uk:n", "review:vetoed", "", "imo 9079066 ≠ 9506320"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := Resolve(Input{Entities: c.ents, Lists: lists(c.ents)}, Options{})
			what, method, ev := outcome(res, c.a, c.b)
			if what != c.what || method != c.method || !strings.Contains(ev, c.evidence) {
				t.Errorf("%s ~ %s: %q %q %q, want %q %q containing %q\nlinks %+v\nreview %+v", c.a, c.b, what, method, ev,
					c.what, c.method, c.evidence, res.Links, res.Review)
			}
		})
	}
}

// TestPairRules: corroboration, conflicts, lists and decisions on
// constructed records.
func TestPairRules(t *testing.T) {
	psc := func(id, name, born string) graph.Entity {
		return rec(id, graph.KindPerson, name, nil, []string{"GB"}, []graph.Fact{dob(born)})
	}
	reg := func(id, name, number, country string, facts ...graph.Fact) graph.Entity {
		return rec(id, graph.KindCompany, name, nil, nil, facts, graph.Identifier{Scheme: "registration", Value: number, Country: country})
	}
	tax := graph.Identifier{Scheme: "tax", Value: "52-2083095", Country: "US"}
	cases := []struct {
		name     string
		ents     []graph.Entity
		lists    map[string][]string // nil: lists(ents)
		links    []graph.SameAs      // in the store
		a, b     string
		what     string
		method   string
		evidence string
	}{
		{"PSC records of one person: name and month of birth", []graph.Entity{psc("psc:1", "John Alan SMITH", "1977-05"), psc("psc:2", "SMITH, John Alan", "1977-05")},
			nil, nil, "psc:1", "psc:2", "strong", "name+birth-date", "birth date 1977-05 = 1977-05"},
		{"PSC records born in different months", []graph.Entity{psc("psc:1", "John Alan SMITH", "1977-05"), psc("psc:2", "SMITH, John Alan", "1977-06")},
			nil, nil, "psc:1", "psc:2", "review:vetoed", "", "birth dates 1977-05 ≠ 1977-06"},
		{"a year agrees with a day of that year", []graph.Entity{psc("psc:1", "John Alan SMITH", "1977"), psc("un:2", "SMITH, John Alan", "12 May 1977")},
			nil, nil, "psc:1", "un:2", "strong", "name+birth-date", "birth date 1977 = 12 May 1977"},
		{"a range neither corroborates nor conflicts", []graph.Entity{psc("psc:1", "John Alan SMITH", "1977"), psc("un:2", "SMITH, John Alan", "1976 to 1978")},
			nil, nil, "psc:1", "un:2", "possible", "name", "no corroborating attribute"},
		{"circa widens by a year: no conflict, no corroboration", []graph.Entity{psc("psc:1", "John Alan SMITH", "1978"), psc("un:2", "SMITH, John Alan", "circa 1977")},
			nil, nil, "psc:1", "un:2", "possible", "name", ""},
		{"circa 1977 and 1979 conflict", []graph.Entity{psc("psc:1", "John Alan SMITH", "1979"), psc("un:2", "SMITH, John Alan", "circa 1977")},
			nil, nil, "psc:1", "un:2", "review:vetoed", "", "birth dates 1979 ≠ circa 1977"},
		{"several dates: any agrees", []graph.Entity{psc("psc:1", "John Alan SMITH", "1979"),
			rec("un:2", graph.KindPerson, "SMITH, John Alan", nil, nil, []graph.Fact{dob("1950"), dob("1979")})},
			nil, nil, "psc:1", "un:2", "strong", "name+birth-date", "birth date 1979 = 1979"},
		{"a passport without a country corroborates", []graph.Entity{
			rec("uk:1", graph.KindPerson, "Abdul Samad", nil, nil, nil, graph.Identifier{Scheme: "passport", Value: "AB1234567"}),
			rec("un:2", graph.KindPerson, "SAMAD, Abdul", nil, nil, nil, graph.Identifier{Scheme: "passport", Value: "AB 1234567", Country: "PK"})},
			nil, nil, "uk:1", "un:2", "strong", "name+passport", "passport AB1234567 = AB1234567 (PK)"},
		{"a passport with its country is an identifier", []graph.Entity{
			rec("uk:1", graph.KindPerson, "Jane DOE", nil, nil, nil, graph.Identifier{Scheme: "passport", Value: "AB1234567", Country: "Pakistan"}),
			rec("un:2", graph.KindPerson, "Someone ELSE", nil, nil, nil, graph.Identifier{Scheme: "passport", Value: "AB 1234567", Country: "PK"})},
			nil, nil, "uk:1", "un:2", "strong", "identifier:passport", "identifier passport:PK:AB1234567"},
		{"genders conflict", []graph.Entity{
			rec("uk:1", graph.KindPerson, "Jane DOE", nil, nil, []graph.Fact{fact(graph.FactGender, "Female")}, graph.Identifier{Scheme: "passport", Value: "AB1234567", Country: "PK"}),
			rec("un:2", graph.KindPerson, "Jane DOE", nil, nil, []graph.Fact{fact(graph.FactGender, "male")}, graph.Identifier{Scheme: "passport", Value: "AB1234567", Country: "PK"})},
			nil, nil, "uk:1", "un:2", "review:vetoed", "", "genders female ≠ male"},
		{"kinds conflict on a shared identifier", []graph.Entity{
			rec("ofac:1", graph.KindPerson, "Ivan PETROV", nil, nil, nil, tax), rec("os:2", graph.KindCompany, "Petrov Trading", nil, nil, nil, tax)},
			nil, nil, "ofac:1", "os:2", "review:vetoed", "", "kinds person ≠ organisation"},
		{"organisations: registration number and jurisdiction", []graph.Entity{
			rec("uk:1", graph.KindCompany, "ACME HOLDINGS LIMITED", nil, []string{"United Kingdom"}, nil, graph.Identifier{Scheme: "registration", Value: "SC123456"}),
			rec("ftm:2", graph.KindCompany, "Acme Holdings Ltd", nil, nil, []graph.Fact{fact("jurisdiction", "gb")}, graph.Identifier{Scheme: "registration", Value: "SC123456"})},
			nil, nil, "ftm:2", "uk:1", "strong", "name+registration", "registration SC123456 = SC123456; jurisdiction GB"},
		{"organisations: the same number in no common jurisdiction", []graph.Entity{
			rec("uk:1", graph.KindCompany, "ACME HOLDINGS LIMITED", nil, []string{"United Kingdom"}, nil, graph.Identifier{Scheme: "registration", Value: "SC123456"}),
			rec("ftm:2", graph.KindCompany, "Acme Holdings Ltd", nil, []string{"CY"}, nil, graph.Identifier{Scheme: "registration", Value: "SC123456"})},
			nil, nil, "ftm:2", "uk:1", "possible", "name", "no corroborating attribute"},
		{"organisations: incorporation date and jurisdiction", []graph.Entity{
			rec("uk:1", graph.KindCompany, "ACME HOLDINGS LIMITED", nil, []string{"GB"}, []graph.Fact{fact(graph.FactEstablishmentDate, "03 Feb 2001")}),
			rec("ftm:2", graph.KindCompany, "Acme Holdings Ltd", nil, []string{"GB"}, []graph.Fact{fact(graph.FactEstablishmentDate, "2001-02-03")})},
			nil, nil, "ftm:2", "uk:1", "strong", "name+incorporation-date", "incorporation date 2001-02-03 = 03 Feb 2001; jurisdiction GB"},
		{"organisations: a year of incorporation does not corroborate", []graph.Entity{
			rec("uk:1", graph.KindCompany, "ACME HOLDINGS LIMITED", nil, []string{"GB"}, []graph.Fact{fact(graph.FactEstablishmentDate, "2001")}),
			rec("ftm:2", graph.KindCompany, "Acme Holdings Ltd", nil, []string{"GB"}, []graph.Fact{fact(graph.FactEstablishmentDate, "2001-02-03")})},
			nil, nil, "ftm:2", "uk:1", "possible", "name", "no corroborating attribute"},
		{"different UK company numbers conflict", []graph.Entity{
			reg("gleif:1", "ACME HOLDINGS LIMITED", "01234567", "GB"), reg("psc:2", "ACME HOLDINGS LIMITED", "07654321", "GB")},
			nil, nil, "gleif:1", "psc:2", "review:vetoed", "", "gb-coh 01234567 ≠ 07654321"},
		{"lists come from the designations: one list", []graph.Entity{achekzaiSDN, as("os", achekzaiUN)},
			map[string][]string{"ofac:13099": {"ofac-sdn"}, "os:TAi.160": {"ofac-sdn", "un_sc_sanctions"}}, nil,
			"ofac:13099", "os:TAi.160", "", "", ""},
		{"a rejected pair is neither linked nor proposed", []graph.Entity{achekzaiSDN, achekzaiUN}, nil,
			[]graph.SameAs{Decision{A: "un:TAi.160", B: "ofac:13099"}.Link("alice", time.Date(2026, 12, 6, 21, 0, 0, 0, time.UTC))},
			"ofac:13099", "un:TAi.160", "", "", ""},
		{"a confirmed pair is not proposed again", []graph.Entity{saddamUN, qusaySDN}, nil,
			[]graph.SameAs{Decision{A: "un:IQi.001", B: "ofac:7844", Confirm: true}.Link("bob", time.Now())},
			"ofac:7844", "un:IQi.001", "", "", ""},
		{"the previous run's links do not stand", []graph.Entity{achekzaiSDN, achekzaiUN}, nil,
			[]graph.SameAs{{A: "ofac:13099", B: "un:TAi.160", Method: "name", Score: 0.9, Strength: graph.StrengthPossible,
				Provenance: graph.Provenance{Source: SourceName}}},
			"ofac:13099", "un:TAi.160", "strong", "name+birth-date", ""},
		{"a source's cross-reference stands: nothing to add", []graph.Entity{achekzaiSDN, achekzaiUN}, nil,
			[]graph.SameAs{{A: "ofac:13099", B: "un:TAi.160", Method: "un-reference", Score: 1, Strength: graph.StrengthStrong,
				Provenance: graph.Provenance{Source: "uk"}}},
			"ofac:13099", "un:TAi.160", "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := c.lists
			if l == nil {
				l = lists(c.ents)
			}
			res := Resolve(Input{Entities: c.ents, Lists: l, Links: c.links}, Options{})
			what, method, ev := outcome(res, c.a, c.b)
			if what != c.what || method != c.method || !strings.Contains(ev, c.evidence) {
				t.Errorf("%s ~ %s: %q %q %q, want %q %q containing %q\nlinks %+v\nreview %+v", c.a, c.b, what, method, ev,
					c.what, c.method, c.evidence, res.Links, res.Review)
			}
		})
	}
}

// TestNoChainAcrossConflicts: strong links are not made when the party
// they would form holds two entries of one list or a conflict.
func TestNoChainAcrossConflicts(t *testing.T) {
	// Two SDN homonyms born the same year, and a UN record that matches
	// both: the first link is strong, the second only possible.
	sdn1 := rec("ofac:1", graph.KindPerson, "ACHEKZAI, Abdul Samad", nil, nil, []graph.Fact{dob("1970")})
	sdn2 := rec("ofac:2", graph.KindPerson, "ACHEKZAI, Abdul Samad", nil, nil, []graph.Fact{dob("1970")})
	un := rec("un:3", graph.KindPerson, "ABDUL SAMAD ACHEKZAI", nil, nil, []graph.Fact{dob("1970")})
	ents := []graph.Entity{sdn1, sdn2, un}
	res := Resolve(Input{Entities: ents, Lists: lists(ents)}, Options{})
	var strong, possible []string
	for _, l := range res.Links {
		switch l.Strength {
		case graph.StrengthStrong:
			strong = append(strong, l.A+"~"+l.B)
		case graph.StrengthPossible:
			possible = append(possible, l.A+"~"+l.B)
			if !strings.Contains(l.Evidence, "not merged: it would make one party of ofac:1 and ofac:2, two entries of the list ofac-sdn") &&
				!strings.Contains(l.Evidence, "not merged: it would make one party of ofac:2 and ofac:1, two entries of the list ofac-sdn") {
				t.Errorf("evidence %q", l.Evidence)
			}
		}
	}
	if len(strong) != 1 || len(possible) != 1 {
		t.Errorf("strong %v, possible %v; want one each", strong, possible)
	}
	if c := res.Counts; c.ByName != 1 || c.Possible != 1 || c.ByIdentifier != 0 {
		t.Errorf("counts %+v", c)
	}
	// A rejected pair is not joined through a third record either.
	rej := Decision{A: "ofac:1", B: "psc:2"}.Link("alice", time.Now())
	p1 := rec("psc:2", graph.KindPerson, "ACHEKZAI, Abdul Samad", nil, nil, []graph.Fact{dob("1970")})
	ents = []graph.Entity{sdn1, p1, un}
	res = Resolve(Input{Entities: ents, Lists: lists(ents), Links: []graph.SameAs{rej}}, Options{})
	n := 0
	for _, l := range res.Links {
		if l.Strength == graph.StrengthStrong {
			n++
		}
	}
	if n != 1 {
		t.Errorf("strong links %+v: want one (the other would join a rejected pair)", res.Links)
	}
}
