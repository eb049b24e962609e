package resolve

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
)

func TestParseDate(t *testing.T) {
	cases := []struct {
		in     string
		lo, hi int
		prec   int
		approx bool
	}{
		{"1977-05-12", 19770512, 19770512, precDay, false},
		{"1977-05", 19770501, 19770531, precMonth, false},
		{"1977", 19770101, 19771231, precYear, false},
		{"12 May 1977", 19770512, 19770512, precDay, false},
		{"May 1977", 19770501, 19770531, precMonth, false},
		{"Nov. 1973", 19731101, 19731131, precMonth, false},
		{"August 1961", 19610801, 19610831, precMonth, false},
		{"1960 to 1962", 19600101, 19621231, precRange, false},
		{"01 Jan 1953 to 31 Dec 1954", 19530101, 19541231, precRange, false},
		{"circa 1951", 19500101, 19521231, precYear, true},
		{"circa 07 Jul 1966", 19650707, 19670707, precDay, true},
		{"01 Jan 1969", 19690101, 19691231, precYear, false}, // the year-only convention
		{"1969-01-01", 19690101, 19691231, precYear, false},
		{"1969-01-02", 19690102, 19690102, precDay, false},
		{"circa 1979-1982", 19780101, 19831231, precRange, true},
		{"1955 to 1958 (Approximately)", 19540101, 19591231, precRange, true},
		{"1979-03-03 (from false passport)", 19790303, 19790303, precDay, false},
		{"1958 (Sep.)", 19580101, 19581231, precYear, false},
	}
	for _, c := range cases {
		got, ok := parseDate(c.in)
		want := span{lo: c.lo, hi: c.hi, prec: c.prec, approx: c.approx, text: c.in}
		if !ok || got != want {
			t.Errorf("parseDate(%q) = %+v, %v; want %+v", c.in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "30-35 years old", "24/06/1402 (Hijri Calendar)", "Between Aug. and Sep. 1977",
		"31 Feb 1970", "1962 to 1960", "unknown", "77"} {
		if got, ok := parseDate(bad); ok {
			t.Errorf("parseDate(%q) = %+v, want not read", bad, got)
		}
	}
}

func TestUnits(t *testing.T) {
	cases := []struct {
		name   string
		sub    bool
		places []string
	}{
		{"AL-HARAMAIN: AFGHANISTAN BRANCH", true, []string{"AF"}},
		{"AL-HARAMAIN : THE NETHERLANDS BRANCH", true, []string{"NL"}},
		{"AL-HARAMAIN FOUNDATION : COMOROS ISLANDS", true, []string{"KM"}},
		{"AL-HARAMAIN FOUNDATION (UNION OF THE COMOROS)", true, []string{"KM"}},
		{"AL-HARAMAIN FOUNDATION (BOSNIA)", true, []string{"BA"}},
		{"Al-Aqsa Foundation (Belgium)", true, []string{"BE"}},
		{"HONG PANG GEMS & JEWELLERY (HK) CO. LIMITED", true, []string{"HK"}},
		{"BANK MELLI IRAN HAMBURG BRANCH", true, nil},
		{"IRAN AIR REPRESENTATIVE OFFICE", true, nil},
		{"AL-HARAMAIN ISLAMIC FOUNDATION", false, nil},
		{"MOUVEMENT POUR L'UNIFICATION ET LE JIHAD EN AFRIQUE DE L'OUEST (MUJAO)", false, nil},
		{"PAK PAKISTAN (PVT) LTD", false, nil},
		{"GENERAL TRADING (S.A.)", false, nil},
	}
	for _, c := range cases {
		if got := unitOf(c.name); got.sub != c.sub || !reflect.DeepEqual(got.places, c.places) {
			t.Errorf("unitOf(%q) = %+v, want sub %v places %v", c.name, got, c.sub, c.places)
		}
	}
	apart := [][2]string{
		{"AL-AQSA FOUNDATION", "Al-Aqsa Foundation (Belgium)"},
		{"AL-HARAMAIN: AFGHANISTAN BRANCH", "AL-HARAMAIN : ALBANIA BRANCH"},
		{"AL-HARAMAIN FOUNDATION (BOSNIA)", "AL-HARAMAIN: PAKISTAN BRANCH"},
		{"BANK MELLI IRAN", "BANK MELLI IRAN HAMBURG BRANCH"},
	}
	for _, p := range apart {
		if unitsApart(p[0], p[1], unitOf(p[0]), unitOf(p[1])) == "" {
			t.Errorf("%q and %q: not apart", p[0], p[1])
		}
	}
	together := [][2]string{
		{"AL-HARAMAIN: AFGHANISTAN BRANCH", "AL-HARAMAIN : AFGHANISTAN BRANCH"},
		{"AL-HARAMAIN FOUNDATION (PAKISTAN)", "AL-HARAMAIN : PAKISTAN BRANCH"},
		{"AL-HARAMAIN FOUNDATION : COMOROS ISLANDS", "AL-HARAMAIN FOUNDATION (UNION OF THE COMOROS)"},
		{"AL-HARAMAIN ISLAMIC FOUNDATION", "AL-HARAMAIN FOUNDATION"},
	}
	for _, p := range together {
		if why := unitsApart(p[0], p[1], unitOf(p[0]), unitOf(p[1])); why != "" {
			t.Errorf("%q and %q: apart (%s)", p[0], p[1], why)
		}
	}
}

func TestNumbersInNames(t *testing.T) {
	for _, p := range [][2]string{{"NOOR", "NOOR 1"}, {"SAM JONG 1", "SAM JONG 2"}, {"ALFA 2000", "ALFA"}} {
		a := graph.Entity{ID: "a", Kind: graph.KindCompany, Name: p[0]}
		b := graph.Entity{ID: "b", Kind: graph.KindCompany, Name: p[1]}
		if s := Score(a, b); s > 0.5 {
			t.Errorf("Score(%q, %q) = %.3f, want <= 0.5", p[0], p[1], s)
		}
	}
}

func TestListsOf(t *testing.T) {
	got := ListsOf([]graph.Designation{
		{Entity: "ofac:1", Regime: graph.RegimeOFAC, Program: "SDGT", Provenance: graph.Provenance{Source: "ofac-sdn"}},
		{Entity: "ofac:1", Regime: graph.RegimeOFAC, Program: "IRAN", Provenance: graph.Provenance{Source: "ofac-sdn"}},
		{Entity: "os:2", Regime: graph.RegimeUN, Provenance: graph.Provenance{Source: "un_sc_sanctions"}},
		{Entity: "os:2", Regime: graph.RegimeOFAC, Delisted: "2020-01-01", Provenance: graph.Provenance{Source: "us_ofac_sdn"}},
		{Entity: "mine:3", Regime: graph.RegimeUK},
	})
	want := map[string][]string{"ofac:1": {"ofac-sdn"}, "os:2": {"un_sc_sanctions", "us_ofac_sdn"}, "mine:3": {"mine"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ListsOf = %v, want %v", got, want)
	}
}

func TestReadReview(t *testing.T) {
	var buf strings.Builder
	if err := WriteReviewCSV(&buf, []Candidate{
		{A: "a:1", NamesA: "X", B: "b:1", NamesB: "Y", Score: 0.9, Strength: ReviewPossible, Evidence: "names 'X' ~ 'Y' (0.90)"},
		{A: "a:2", B: "b:2", Score: 0.7, Strength: ReviewBelow},
		{A: "a:3", B: "b:3", Score: 0.6, Strength: ReviewBelow},
		{A: "a:4", B: "b:4", Score: 0.6, Strength: ReviewBelow},
	}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	lines[1] += "Yes"
	lines[2] += " x "
	lines[4] += "reject"
	got, err := ReadReview(strings.NewReader(strings.Join(lines, "\n")+"\n"), "review.csv")
	want := []Decision{{A: "a:1", B: "b:1", Confirm: true, Where: "review.csv:2"}, {A: "a:2", B: "b:2", Confirm: true, Where: "review.csv:3"},
		{A: "a:4", B: "b:4", Where: "review.csv:5"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("ReadReview = %+v, %v; want %+v", got, err, want)
	}
	bad := map[string]string{
		"a,b,accept\nx:1,x:2,maybe\n":       `review.csv:2: bad review file: accept "maybe"`,
		"a,b\nx:1,x:2\n":                    `review.csv:1: bad review file: no "accept" column`,
		"a,b,accept\nx:1,,yes\n":            `review.csv:2: bad review file: a decision needs the two ids`,
		"a,b,accept\nx:1,x:1,no\n":          `review.csv:2: bad review file: a and b are the same record x:1`,
		"a,b,accept\nx:1,x:2,yes\n\"x:3,\n": `review.csv: bad review file:`,
		"":                                  `review.csv: bad review file: empty file`,
	}
	for in, msg := range bad {
		got, err := ReadReview(strings.NewReader(in), "review.csv")
		if !errors.Is(err, ErrReview) || !strings.HasPrefix(err.Error(), msg) || got != nil {
			t.Errorf("ReadReview(%q) = %v, %v; want an ErrReview starting %q", in, got, err, msg)
		}
	}
}

func TestDecisionLink(t *testing.T) {
	at := time.Date(2026, 12, 6, 22, 0, 0, 0, time.FixedZone("CET", 3600))
	got := Decision{A: "un:2", B: "ofac:1", Confirm: true, Where: "review.csv:12"}.Link("alice", at)
	want := graph.SameAs{A: "ofac:1", B: "un:2", Method: graph.MethodConfirmed, Score: 1, Strength: graph.StrengthStrong,
		Evidence:   "confirmed by alice at 2026-12-06T21:00:00Z (review.csv:12)",
		Provenance: graph.Provenance{Source: graph.SourceReview, Record: "alice 2026-12-06T21:00:00Z"}}
	if got != want {
		t.Errorf("confirm: %+v, want %+v", got, want)
	}
	got = Decision{A: "ofac:1", B: "un:2"}.Link("bob", at)
	if got.Method != graph.MethodRejected || got.Strength != graph.StrengthRejected || got.Evidence != "rejected by bob at 2026-12-06T21:00:00Z" {
		t.Errorf("reject: %+v", got)
	}
	if s, p := graph.PartyLinks([]graph.SameAs{got, {A: "un:2", B: "ofac:1", Method: "name", Strength: graph.StrengthPossible}}); len(s)+len(p) != 0 {
		t.Errorf("a rejection leaves %v %v", s, p)
	}
}

// TestGenericNames: generic words weigh little, and a name of generic
// words only is not the short form of a name with a distinctive word,
// but is the name of its own body; an initial does not make a short form.
func TestGenericNames(t *testing.T) {
	org := func(n string) graph.Entity { return graph.Entity{ID: n, Kind: graph.KindOrganization, Name: n} }
	low := [][2]string{
		{"AL-JIHAD", "JIHAD AL-BINA"},
		{"PEOPLE'S ARMY", "PEOPLE'S ARMY OF KORAMA"},
		{"MITEC", "M. KARIMI INDUSTRIES"},
		{"ISLAMIC FRONT", "ISLAMIC SALVATION FRONT"},
	}
	for _, p := range low {
		if s := Score(org(p[0]), org(p[1])); s >= DefaultThreshold {
			t.Errorf("Score(%q, %q) = %.3f, want < %.2f", p[0], p[1], s, DefaultThreshold)
		}
	}
	high := [][2]string{
		{"ISLAMIC JIHAD GROUP", "Islamic Jihad Group of Uzbekistan"},
		{"KORAMA FOUNDATION", "KORAMA"},
	}
	for _, p := range high {
		if s := Score(org(p[0]), org(p[1])); s < DefaultThreshold {
			t.Errorf("Score(%q, %q) = %.3f, want >= %.2f", p[0], p[1], s, DefaultThreshold)
		}
	}
}
