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
// once, with its four record ids. The EU file is the real excerpt; the
// others are hand-written (testdata/parties/four-lists/README.md).

const fourLists = "../../testdata/parties/four-lists"

// dordaParty is the party's record ids; its id is the smallest.
var dordaParty = []string{"eu:6106", "ofac:17456", "uk:LIB0009", "un:LYi.006"}

// loadDorda loads the four lists, a company the UK record holds 60 % of,
// and runs `ownex resolve` (which links the OFAC and EU entries by their
// passport).
func loadDorda(t *testing.T, cfg Config) {
	t.Helper()
	ingestInputs(t, cfg, input{"eu", euSample}, input{"uk", fourLists + "/uk.xml"}, input{"un", fourLists + "/un.xml"},
		input{"ofac-csv", fourLists + "/ofac"}, input{"csv", fourLists + "/register"})
	mustResolve(t, cfg, ResolveOptions{Review: filepath.Join(t.TempDir(), "review.csv")})
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

		// explain names the stub like the record that refers to it.
		var ex bytes.Buffer
		if err := Explain(context.Background(), Env{Stdout: &ex}, cfg, "un:LYi.006", ExplainOptions{AsOf: "2026-01-01", Regime: "eu"}); err != nil {
			t.Fatal(err)
		}
		if head, _, _ := strings.Cut(ex.String(), "\n"); !strings.Contains(head, byID["eu:6106"].Name) {
			t.Errorf("explain un:LYi.006 starts %q, want the name %q", head, byID["eu:6106"].Name)
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
