package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

func TestPossibleText(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"own record", PossibleText(samadLink, "gb:abdul-samad"), "ofac:12403 (score 1.00: Abdul Samad ~ SAMAD, Abdul)"},
		{"upstream record", PossibleText(samadLink, "gb:bakery"), "gb:abdul-samad may be ofac:12403 (score 1.00: Abdul Samad ~ SAMAD, Abdul)"},
		{"list", PossibleList([]graph.PossibleLink{samadLink, samadLink2}, "gb:abdul-samad"),
			"ofac:12403 (score 1.00: Abdul Samad ~ SAMAD, Abdul); ofac:17001 (score 0.93: Abdul Samad ~ SAMAD, Abdul Haji)"},
		{"none", PossibleList(nil, "x"), ""},
		{"same-as line", PossiblySameAsLine(samadLink, "gb:abdul-samad", graph.RegimeOFAC),
			"possibly the same as ofac:12403 UR-REHMAN, Mati (score 1.00: Abdul Samad ~ SAMAD, Abdul), designated under OFAC"},
		{"same-as line, another record of the party", PossiblySameAsLine(samadLink, "gb:abdul-samad-2", graph.RegimeOFAC),
			"possibly the same as ofac:12403 UR-REHMAN, Mati (score 1.00: Abdul Samad ~ SAMAD, Abdul), designated under OFAC, matched by its record gb:abdul-samad"},
		{"same-as line without status", PossiblySameAsLine(graph.PossibleLink{Entity: "a", Candidate: "b", Score: 0.9}, "a", graph.RegimeUK),
			"possibly the same as b (score 0.90)"},
		{"exposed line", PossiblyExposedLine(graph.StatusBlocked, []graph.PossibleLink{samadLink}, "gb:bakery", graph.RegimeOFAC),
			"possibly exposed: would be blocked under OFAC if its possible links were strong (via gb:abdul-samad may be ofac:12403 UR-REHMAN, Mati (score 1.00: Abdul Samad ~ SAMAD, Abdul))"},
		{"exposed line without links", PossiblyExposedLine("", nil, "gb:bakery", ""),
			"possibly exposed: would be exposed if its possible links were strong"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, tt.got, tt.want)
		}
	}
	if PossibleLines("x", graph.RegimeOFAC, []graph.Flag{graph.FlagControlRisk}, nil, nil, "") != nil {
		t.Error("PossibleLines without possible links must be empty")
	}
	if got := PossibleLines("x", graph.RegimeOFAC, []graph.Flag{graph.FlagPossiblyExposed}, nil, nil, ""); len(got) != 1 {
		t.Errorf("the flag alone gives the possibly-exposed line: %q", got)
	}
}

// TestVerdictWritersPossible: jsonl, csv and table of `ownex analyze`
// name the possible links, and keep clear verdicts that have them even
// without --all (the clear UK verdicts are still left out).
func TestVerdictWritersPossible(t *testing.T) {
	person, bakery := possibleVerdicts()
	regimes := []graph.Regime{graph.RegimeOFAC, graph.RegimeUK}
	for _, f := range []Format{FormatJSONL, FormatCSV, FormatTable} {
		var b bytes.Buffer
		w := NewVerdictWriter(&b, f, regimes, false)
		for _, vs := range [][]graph.Verdict{person, bakery} {
			if err := w.WriteEntity(vs); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		golden(t, "possible-verdicts-"+string(f)+".golden", b.String())
	}
}

func TestVerdictJSONLFields(t *testing.T) {
	_, bakery := possibleVerdicts()
	var b bytes.Buffer
	w := NewVerdictWriter(&b, FormatJSONL, nil, false)
	if err := w.WriteEntity(bakery); err != nil {
		t.Fatal(err)
	}
	var rec struct {
		Flags              []string             `json:"flags"`
		PossiblySameAs     []graph.PossibleLink `json:"possibly_same_as"`
		PossiblyExposedVia []graph.PossibleLink `json:"possibly_exposed_via"`
		PossibleStatus     string               `json:"possible_status"`
	}
	if err := json.Unmarshal(b.Bytes(), &rec); err != nil {
		t.Fatalf("%v: %s", err, b.String())
	}
	if rec.PossibleStatus != "blocked" || len(rec.PossiblyExposedVia) != 1 || rec.PossiblyExposedVia[0] != samadLink ||
		rec.PossiblySameAs != nil || strings.Join(rec.Flags, ",") != "possibly-exposed" {
		t.Errorf("jsonl record %+v from %s", rec, b.String())
	}
}

// TestExplainPossible: the explain tree says, after the flags, what the
// possible links are and what the entity would be with them.
func TestExplainPossible(t *testing.T) {
	person, bakery := possibleProofs()
	e := Explanation{ID: "gb:bakery", Name: "Harbour Bakery Ltd", AsOf: "2025-01-01", Proofs: []*graph.Proof{bakery, person}}
	var b bytes.Buffer
	if err := WriteExplanationText(&b, e); err != nil {
		t.Fatal(err)
	}
	golden(t, "possible-explain.txt.golden", b.String())
	b.Reset()
	if err := WriteExplanationJSON(&b, e); err != nil {
		t.Fatal(err)
	}
	golden(t, "possible-explain.json.golden", b.String())
}

func TestScreenCSVPossible(t *testing.T) {
	regimes := []graph.Regime{graph.RegimeOFAC, graph.RegimeUK}
	plain, poss := plainRow(), possibleRow()
	got := csvText(t, ScreenHeader(regimes, true), ScreenCells(&plain, regimes, true), ScreenCells(&poss, regimes, true))
	golden(t, "possible-screen.csv.golden", got)
	// The columns line up with the header with and without proofs.
	for _, withProof := range []bool{false, true} {
		if h, c := ScreenHeader(regimes, withProof), ScreenCells(&poss, regimes, withProof); len(h) != len(c) {
			t.Errorf("withProof=%v: %d header columns, %d cells", withProof, len(h), len(c))
		}
	}
}

func TestScreenXLSXPossible(t *testing.T) {
	f := screenWorkbook(t, []graph.Regime{graph.RegimeOFAC, graph.RegimeUK}, plainRow(), possibleRow())
	results, err := f.GetRows(SheetResults)
	if err != nil {
		t.Fatal(err)
	}
	col := func(rows [][]string, name string) int {
		for i, h := range rows[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s in %v", name, rows[0])
		return -1
	}
	via, st := col(results, "ofac_possibly_exposed_via"), col(results, "ofac_possible_status")
	if len(results) != 3 || results[2][via] != "gb:abdul-samad may be ofac:12403 (score 1.00: Abdul Samad ~ SAMAD, Abdul)" || results[2][st] != "blocked" {
		t.Errorf("results sheet: %q", results)
	}
	proofs, err := f.GetRows(SheetProofs)
	if err != nil {
		t.Fatal(err)
	}
	// The blocked plain row, and the clear row with a possible link.
	pv := col(proofs, "possibly_exposed_via")
	if len(proofs) != 3 || proofs[1][5] != "blocked" || proofs[2][5] != "clear" || !strings.Contains(proofs[2][pv], "ofac:12403") {
		t.Errorf("proofs sheet: %q", proofs)
	}
}

func TestScreenHTMLPossible(t *testing.T) {
	regimes := []graph.Regime{graph.RegimeOFAC, graph.RegimeUK}
	row := possibleRow()
	row.Verdicts[0].PossiblySameAs = []graph.PossibleLink{samadLink2} // a name to escape
	page := screenHTML(t, regimes, row)
	for _, want := range []string{
		"possibly the same as ofac:17001 SAMAD, Abdul &lt;Haji&gt; (score 0.93: Abdul Samad ~ SAMAD, Abdul Haji), designated under OFAC, matched by its record gb:abdul-samad",
		"possibly exposed: would be blocked under OFAC if its possible links were strong (via gb:abdul-samad may be ofac:12403 UR-REHMAN, Mati (score 1.00: Abdul Samad ~ SAMAD, Abdul))",
		`<div class="card m-ambiguous" id="possible"><b>1 / 1</b>possibly the same as / possibly exposed</div>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "<Haji>") {
		t.Error("a candidate's name is not escaped")
	}
}

func possibleDetail() graph.EntityDetail {
	d := plainDetail()
	d.Entity = graph.Entity{ID: "gb:abdul-samad", Name: "Abdul Samad", Kind: graph.KindPerson, Countries: []string{"GB"},
		Provenance: graph.Provenance{Source: "psc", Record: "p1"}}
	d.HoldingsIn = nil
	d.HoldingsOut = []graph.Holding{{Owner: "gb:abdul-samad", Owned: "gb:bakery", Share: graph.Exact(pct(60)), Votes: graph.Exact(pct(60)),
		Provenance: graph.Provenance{Source: "psc", Record: "r1"}}}
	d.Party = []string{"gb:abdul-samad", "gb:abdul-samad-2"}
	d.SameAs = []graph.SameAs{
		{A: "gb:abdul-samad", B: "gb:abdul-samad-2", Method: "name+birth-month", Score: 0.98, Strength: graph.StrengthStrong,
			Evidence: "names Abdul Samad ~ Abdul SAMAD, born 1971-03 in both", Provenance: graph.Provenance{Source: "resolve"}},
		{A: "ofac:12403", B: "gb:abdul-samad", Method: "name", Score: 1, Strength: graph.StrengthPossible,
			Evidence: "Abdul Samad ~ SAMAD, Abdul", Provenance: graph.Provenance{Source: "resolve"}},
		{A: "gb:abdul-samad", B: "ofac:17001", Method: "name", Score: 0.934, Strength: graph.StrengthPossible,
			Provenance: graph.Provenance{Source: "resolve", Record: "Abdul Samad ~ SAMAD, Abdul Haji"}},
		{A: "gb:abdul-samad", B: "un:QDi.001", Method: graph.MethodRejected, Score: 0.91, Strength: graph.StrengthRejected,
			Evidence: "rejected by j.doe on 2026-11-02", Provenance: graph.Provenance{Source: graph.SourceReview}},
	}
	d.Names = map[string]string{"gb:bakery": "Harbour Bakery Ltd", "gb:abdul-samad-2": "Abdul SAMAD",
		"ofac:12403": "UR-REHMAN, Mati", "ofac:17001": "SAMAD, Abdul Haji", "un:QDi.001": "Abdul Samad Achekzai"}
	return d
}

// TestShowPossible: `show` gives the party and the possible links apart
// from the strong ones, in text and in JSON.
func TestShowPossible(t *testing.T) {
	var b bytes.Buffer
	if err := WriteDetailText(&b, possibleDetail(), "2025-01-01"); err != nil {
		t.Fatal(err)
	}
	golden(t, "possible-show.txt.golden", b.String())
	b.Reset()
	if err := WriteDetailJSON(&b, possibleDetail()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Entity         graph.Entity         `json:"entity"`
		Party          []string             `json:"party"`
		SameAs         []graph.SameAs       `json:"same_as"`
		PossiblySameAs []graph.PossibleLink `json:"possibly_same_as"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	want := []graph.PossibleLink{
		{Entity: "gb:abdul-samad", Candidate: "ofac:12403", Name: "UR-REHMAN, Mati", Score: 1, Names: "Abdul Samad ~ SAMAD, Abdul"},
		{Entity: "gb:abdul-samad", Candidate: "ofac:17001", Name: "SAMAD, Abdul Haji", Score: 0.934, Names: "Abdul Samad ~ SAMAD, Abdul Haji"},
	}
	if doc.Entity.ID != "gb:abdul-samad" || strings.Join(doc.Party, ",") != "gb:abdul-samad,gb:abdul-samad-2" || len(doc.SameAs) != 4 ||
		len(doc.PossiblySameAs) != 2 || doc.PossiblySameAs[0] != want[0] || doc.PossiblySameAs[1] != want[1] {
		t.Errorf("show json: %s", b.String())
	}
	// Without possible links the field is an empty list, not null.
	b.Reset()
	if err := WriteDetailJSON(&b, plainDetail()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"possibly_same_as": []`) {
		t.Errorf("show json without possible links: %s", b.String())
	}
}

// TestSummaryPossible: `ownex report` lists the verdicts with possible
// links, in HTML and in the workbook's Possible links sheet.
func TestSummaryPossible(t *testing.T) {
	person, bakery := possibleVerdicts()
	finding := func(v graph.Verdict) queries.PossibleFinding {
		return queries.PossibleFinding{EntityRef: queries.EntityRef{ID: v.Entity, Name: v.Name}, Regime: v.Regime, Status: v.Status,
			Flags: v.Flags, PossiblySameAs: v.PossiblySameAs, PossiblyExposedVia: v.PossiblyExposedVia, PossibleStatus: v.PossibleStatus}
	}
	s := &queries.Summary{AsOf: "2025-01-01", Regimes: []graph.Regime{graph.RegimeOFAC, graph.RegimeUK},
		Possible: []queries.PossibleFinding{finding(bakery[0]), finding(person[0])}, PossibleVerdicts: 3, PossibleTotal: 2}
	var b bytes.Buffer
	if err := WriteSummaryHTML(&b, s, time.Time{}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{
		"<h2>Possible links to review (2 parties)</h2>",
		`<tr><td>Harbour Bakery Ltd <span class="note">gb:bakery</span></td><td>OFAC</td><td class="s-clear">clear</td><td><div>possibly exposed: would be blocked under OFAC if its possible links were strong (via gb:abdul-samad may be ofac:12403 UR-REHMAN, Mati (score 1.00: Abdul Samad ~ SAMAD, Abdul))</div></td></tr>`,
		"<div>possibly the same as ofac:17001 SAMAD, Abdul &lt;Haji&gt; (score 0.93: Abdul Samad ~ SAMAD, Abdul Haji), designated under OFAC</div>",
		`<p class="note">1 more not shown.</p>`,
		`<div class="card"><b>2</b>with possible links</div>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("summary page lacks %q", want)
		}
	}
	b.Reset()
	if err := WriteSummaryXLSX(&b, s, time.Time{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(SheetPossible)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"id", "name", "regime", "status", "flags", "possibly_same_as", "possibly_exposed_via", "possible_status", "records"},
		{"gb:bakery", "Harbour Bakery Ltd", "ofac", "clear", "possibly-exposed", "", "gb:abdul-samad may be ofac:12403 (score 1.00: Abdul Samad ~ SAMAD, Abdul)", "blocked", "gb:bakery"},
	}
	if len(rows) != 3 || strings.Join(rows[0], "|") != strings.Join(want[0], "|") || strings.Join(rows[1], "|") != strings.Join(want[1], "|") ||
		rows[2][0] != "gb:abdul-samad" || !strings.HasPrefix(rows[2][5], "ofac:12403 (score 1.00") {
		t.Errorf("Possible links sheet: %q", rows)
	}
}
