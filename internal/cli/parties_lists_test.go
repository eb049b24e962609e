package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// Issue 16 item 3, "Parties, not records": a person on the OFAC, UK, EU
// and UN lists whose records are linked (RULES.md "Parties and links": the
// EU and UK entries give the UN reference, the OFAC entry shares the EU
// entry's passport) is one party. `analyze` keeps one line per record
// with the same party; `report` and `screen` count and show the party
// once, with its four record ids.
//
// The EU file is the real excerpt (testdata/real-lists/eu-fsf-xml, record
// 6106: Abu Zayd Umar DORDA, UN reference LYi.006, passport FK117RK0 of
// Libya). The UK, UN and OFAC entries below are hand-written in each
// list's format after the public entries for the same person (UK Libya
// regime, UN LYi.006, OFAC LIBYA2): the real excerpts of those lists do
// not contain him.
const (
	dordaUK = `<?xml version="1.0" encoding="utf-8"?>
<Designations xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <DateGenerated>10/09/2026</DateGenerated>
  <Designation>
    <LastUpdated>15/11/2021</LastUpdated>
    <DateDesignated>17/03/2011</DateDesignated>
    <UniqueID>LIB0009</UniqueID>
    <UNReferenceNumber>LYi.006</UNReferenceNumber>
    <Names>
      <Name>
        <Name1>Abu Zayd Umar</Name1>
        <Name6>DORDA</Name6>
        <NameType>Primary Name</NameType>
      </Name>
    </Names>
    <RegimeName>The Libya (Sanctions) (EU Exit) Regulations 2020</RegimeName>
    <IndividualEntityShip>Individual</IndividualEntityShip>
    <DesignationSource>UN</DesignationSource>
    <IndividualDetails>
      <Individual>
        <DOBs>
          <DOB>04/04/1944</DOB>
        </DOBs>
      </Individual>
    </IndividualDetails>
  </Designation>
</Designations>
`
	dordaUN = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>2966453</DATAID>
      <VERSIONNUM>1</VERSIONNUM>
      <FIRST_NAME>ABU ZAYD</FIRST_NAME>
      <SECOND_NAME>UMAR</SECOND_NAME>
      <THIRD_NAME>DORDA</THIRD_NAME>
      <UN_LIST_TYPE>Libya</UN_LIST_TYPE>
      <REFERENCE_NUMBER>LYi.006</REFERENCE_NUMBER>
      <LISTED_ON>2011-03-17</LISTED_ON>
      <INDIVIDUAL_DATE_OF_BIRTH>
        <TYPE_OF_DATE>EXACT</TYPE_OF_DATE>
        <DATE>1944-04-04</DATE>
      </INDIVIDUAL_DATE_OF_BIRTH>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES/>
</CONSOLIDATED_LIST>
`
	dordaOFAC = `17456,"DORDA, Abu Zayd Umar","individual","LIBYA2",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 04 Apr 1944; POB Alrhaybat, Libya; nationality Libya; Passport FK117RK0 (Libya); Director, External Security Organisation."
`
)

// dordaParty is the party's record ids; its id is the smallest.
var dordaParty = []string{"eu:6106", "ofac:17456", "uk:LIB0009", "un:LYi.006"}

// loadDorda loads the four lists, a company the UK record holds 60 % of,
// and runs `ownex resolve` (which links the OFAC and EU entries by their
// passport).
func loadDorda(t *testing.T, cfg Config) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"uk/uk.xml": dordaUK, "un/un.xml": dordaUN, "ofac/sdn.csv": dordaOFAC,
		"register/entities.csv":  "id,name,kind,country\nc:1,Sahara Holdings Ltd,company,MT\n",
		"register/ownership.csv": "owner,owned,share\nuk:LIB0009,c:1,60\n"}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ingestInputs(t, cfg, input{"eu", euSample}, input{"uk", filepath.Join(dir, "uk/uk.xml")}, input{"un", filepath.Join(dir, "un/un.xml")},
		input{"ofac-csv", filepath.Join(dir, "ofac")}, input{"csv", filepath.Join(dir, "register")})
	mustResolve(t, cfg, ResolveOptions{Review: filepath.Join(dir, "review.csv")})
}

// The real excerpts (testdata/real-lists, PROVENANCE.md there).
const (
	euSample = "../../testdata/real-lists/eu-fsf-xml/sample_eu_fsf.xml"
	ukSample = "../../testdata/real-lists/uk-fcdo-xml/sample_uk_sanctions.xml"
)

// input is a file or folder to ingest in a format.
type input struct{ format, path string }

func ingestInputs(t *testing.T, cfg Config, ins ...input) {
	t.Helper()
	for _, in := range ins {
		var out, errb bytes.Buffer
		if err := Ingest(context.Background(), Env{Stdout: &out, Stderr: &errb}, cfg, in.format, []string{in.path}, IngestOptions{}); err != nil {
			t.Fatalf("ingest %s %s: %v (%s)", in.format, in.path, err, errb.String())
		}
	}
}

// partyLine is the part of an analyze jsonl line these tests read.
type partyLine struct {
	ID, Name, Party, Regime, Status string
}

func partyLines(t *testing.T, cfg Config) []partyLine {
	t.Helper()
	out := analyzeRaw(t, cfg, AnalyzeOptions{AsOf: "2026-01-01", Format: "jsonl", All: true})
	var lines []partyLine
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var l partyLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%v: %s", err, sc.Text())
		}
		if l.Party == "" {
			t.Errorf("line without party: %s", sc.Text())
		}
		lines = append(lines, l)
	}
	return lines
}

func TestOnePartyOnFourLists(t *testing.T) {
	partyStores(t, func(t *testing.T, cfg Config) {
		loadDorda(t, cfg)

		// analyze: one line per record and regime, the same party and
		// verdict on each of the four records.
		lines := partyLines(t, cfg)
		for _, r := range graph.Engines {
			var ids []string
			for _, l := range lines {
				if l.Regime != string(r) || !slices.Contains(dordaParty, l.ID) {
					continue
				}
				ids = append(ids, l.ID)
				if l.Party != "eu:6106" || l.Status != "designated" {
					t.Errorf("%s %s: party %q, %s; want eu:6106, designated", l.ID, r, l.Party, l.Status)
				}
				if l.ID == "un:LYi.006" && l.Name != "ABU ZAYD UMAR DORDA" {
					t.Errorf("un:LYi.006 named %q", l.Name)
				}
			}
			if !slices.Equal(ids, dordaParty) {
				t.Errorf("%s: lines for %v, want one per record %v", r, ids, dordaParty)
			}
		}

		// report: the party is counted once and shown once, with its four
		// record ids.
		st, err := OpenStore(context.Background(), Env{}, cfg)
		if err != nil {
			t.Fatal(err)
		}
		sum, err := queries.Summarize(context.Background(), st, queries.SummaryOptions{AsOf: "2026-01-01"})
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		// Records: the EU file's five, the UK, UN and OFAC entries and
		// the company; the four of Dorda are one party.
		if sum.Entities != 9 || sum.Parties != 6 {
			t.Errorf("report: %d records, %d parties; want 9 and 6", sum.Entities, sum.Parties)
		}
		if n := sum.Statuses[graph.RegimeOFAC][graph.StatusDesignated]; n != 1 {
			t.Errorf("report: %d parties designated under OFAC, want 1 (Dorda, once)", n)
		}
		if n := sum.Statuses[graph.RegimeEU][graph.StatusDesignated]; n != 5 {
			t.Errorf("report: %d parties designated under EU, want 5", n)
		}
		if len(sum.Groups) != 1 || len(sum.Groups[0].Designated) != 1 || sum.Groups[0].Size != 2 {
			t.Fatalf("report groups: %+v, want one of Dorda and the company", sum.Groups)
		}
		if d := sum.Groups[0].Designated[0]; d.ID != "eu:6106" || d.Name != "Abu Zayd Umar DORDA" || !slices.Equal(d.Records, dordaParty) {
			t.Errorf("report: designated member %+v, want eu:6106 with records %v", d, dordaParty)
		}
		var html bytes.Buffer
		if err := Report(context.Background(), Env{Stdout: &html}, cfg, ReportOptions{AsOf: "2026-01-01", Format: "html"}); err != nil {
			t.Fatal(err)
		}
		page := html.String()
		if want := "Abu Zayd Umar DORDA (eu:6106, ofac:17456, uk:LIB0009, un:LYi.006)"; strings.Count(page, want) != 1 {
			t.Errorf("report page shows %q %d times, want once", want, strings.Count(page, want))
		}
		if strings.Contains(page, ">un:LYi.006<") || strings.Contains(page, "un:LYi.006 (un:LYi.006") {
			t.Error("report page lists the stub as a party of its own")
		}

		// screen: one match, the party with its four record ids.
		in := filepath.Join(t.TempDir(), "book.csv")
		if err := os.WriteFile(in, []byte("ref,name\nr1,Abu Zayd Umar Dorda\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		var sc bytes.Buffer
		if err := Screen(context.Background(), Env{Stdout: &sc, Stderr: &bytes.Buffer{}}, cfg, in, ScreenOptions{AsOf: "2026-01-01", Format: "jsonl"}); err != nil {
			t.Fatal(err)
		}
		var row queries.ScreenRow
		if err := json.Unmarshal([]byte(strings.SplitN(sc.String(), "\n", 2)[0]), &row); err != nil {
			t.Fatalf("%v: %s", err, sc.String())
		}
		if row.Match.Status != queries.MatchMatched || !slices.Equal(row.Match.Party, dordaParty) {
			t.Errorf("screen: %s, party %v; want matched, %v", row.Match.Status, row.Match.Party, dordaParty)
		}
		for _, v := range row.Verdicts {
			if v.Status != graph.StatusDesignated {
				t.Errorf("screen: %s %s, want designated", v.Regime, v.Status)
			}
		}
	})
}

// TestCrossReferenceStubsOnRealLists: the real EU and UK excerpts refer
// to UN records that are not loaded (EU 6106 to LYi.006, four UK entries to
// TAe.010, TAi.002, KPv.001 and QDi.196). Each such stub is linked to the
// record that refers to it, takes its name and its party, and is never a
// party of its own: analyze gives it the referring record's name and
// party, and the report neither counts it nor lists it.
func TestCrossReferenceStubsOnRealLists(t *testing.T) {
	partyStores(t, func(t *testing.T, cfg Config) {
		ingestInputs(t, cfg, input{"eu", euSample}, input{"uk", ukSample})
		referrer := map[string]string{ // stub → the record that gives its UN reference
			"un:LYi.006": "eu:6106", "un:TAe.010": "uk:AFG0001", "un:TAi.002": "uk:AFG0006",
			"un:KPv.001": "uk:DPR0075", "un:QDi.196": "uk:AQD0195",
		}
		byID := map[string]partyLine{}
		for _, l := range partyLines(t, cfg) {
			if l.Regime == string(graph.RegimeUK) {
				byID[l.ID] = l
			}
		}
		for stub, rec := range referrer {
			s, ok := byID[stub]
			r := byID[rec]
			if !ok || r.Name == "" {
				t.Errorf("no line for %s or %s", stub, rec)
				continue
			}
			if s.Name != r.Name || s.Party != rec || r.Party != rec {
				t.Errorf("%s: named %q, party %q; want %q and party %s like %s (party %q)", stub, s.Name, s.Party, r.Name, rec, rec, r.Party)
			}
		}

		st, err := OpenStore(context.Background(), Env{}, cfg)
		if err != nil {
			t.Fatal(err)
		}
		sum, err := queries.Summarize(context.Background(), st, queries.SummaryOptions{AsOf: "2026-01-01", Top: 100})
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		if sum.Parties != sum.Entities-len(referrer) {
			t.Errorf("report: %d parties of %d records, want %d (no stub is a party)", sum.Parties, sum.Entities, sum.Entities-len(referrer))
		}
		if len(sum.Disagreements) == 0 {
			t.Fatal("report: no disagreement (EU and UK entries are each on one list)")
		}
		seen := 0
		for _, d := range sum.Disagreements {
			if referrer[d.ID] != "" || !graph.Named(d.ID, d.Name) {
				t.Errorf("report lists %s named %q as a party", d.ID, d.Name)
			}
			for stub, rec := range referrer {
				if rec != d.ID {
					continue
				}
				seen++
				if !slices.Equal(d.Records, []string{rec, stub}) {
					t.Errorf("report: %s has records %v, want [%s %s]", d.ID, d.Records, rec, stub)
				}
			}
		}
		if seen != len(referrer) {
			t.Errorf("report: %d of the %d referring records among the disagreements", seen, len(referrer))
		}
	})
}
