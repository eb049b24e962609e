package httpapi

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// These tests render the UI's templates and the API's verdict JSON from
// hand-built values with possible links: they check formatting. The same
// pages from a store with a possible link are checked end to end by
// tests/browser.

var testLink = graph.PossibleLink{Entity: "gb:abdul-samad", Candidate: "ofac:12403", Name: "UR-REHMAN, <Mati>", Score: 1,
	Names: "Abdul Samad ~ SAMAD, Abdul", Status: graph.StatusDesignated}

func TestRegimeVerdictJSON(t *testing.T) {
	b, err := json.Marshal(RegimeVerdict{Regime: graph.RegimeOFAC, Status: graph.StatusClear, Flags: []graph.Flag{graph.FlagPossiblyExposed},
		PossiblyExposedVia: []graph.PossibleLink{testLink}, PossibleStatus: graph.StatusBlocked})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"flags":["possibly-exposed"]`, `"possibly_exposed_via":[{"entity":"gb:abdul-samad","candidate":"ofac:12403"`,
		`"score":1,"names":"Abdul Samad ~ SAMAD, Abdul","candidate_status":"designated"}]`, `"possible_status":"blocked"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", b, want)
		}
	}
	if strings.Contains(string(b), "possibly_same_as") {
		t.Errorf("empty possibly_same_as not left out: %s", b)
	}
}

func render(t *testing.T, name string, p page) string {
	t.Helper()
	var b bytes.Buffer
	if err := pages.ExecuteTemplate(&b, name, p); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestUIEntityPossible(t *testing.T) {
	ent := graph.Entity{ID: "gb:abdul-samad", Name: "Abdul Samad"}
	view := EntityView{Entity: ent, AsOf: "2025-06-30", Party: []string{"gb:abdul-samad", "gb:abdul-samad-2"},
		Verdicts: []RegimeVerdict{{Regime: graph.RegimeOFAC, Status: graph.StatusClear, Flags: []graph.Flag{graph.FlagPossiblySameAs, graph.FlagPossiblyExposed},
			PossiblySameAs: []graph.PossibleLink{testLink}, PossiblyExposedVia: []graph.PossibleLink{testLink}, PossibleStatus: graph.StatusDesignated}},
		PossiblySameAs: []graph.PossibleLink{
			{Entity: "gb:abdul-samad", Candidate: "ofac:12403", Name: "UR-REHMAN, <Mati>", Score: 1, Names: "Abdul Samad ~ SAMAD, Abdul"},
			{Entity: "gb:abdul-samad", Candidate: "uk:AFG0001", Name: "Abdul Samadi", Score: 0.9, Names: "Abdul Samad ~ Abdul Samadi"}}}
	p := page{Title: ent.Name, Entity: ent, View: view, AsOf: "2025-06-30"}
	v := view.Verdicts[0]
	p.Possible = verdictPossible(ent.ID, v.Regime, v.Flags, v.PossiblySameAs, v.PossiblyExposedVia, v.PossibleStatus)
	if len(p.Possible) != 2 || p.Possible[0].Candidate != "ofac:12403" || p.Possible[1].Candidate != "" {
		t.Fatalf("verdictPossible: %+v", p.Possible)
	}
	p.SameAsLinks = []possibleView{{Candidate: "uk:AFG0001", Text: "possibly the same as uk:AFG0001 Abdul Samadi (score 0.90: Abdul Samad ~ Abdul Samadi)"}}
	html := render(t, "entity", p)
	for _, want := range []string{
		`<p id="party">Party: gb:abdul-samad, gb:abdul-samad-2`,
		`<ul id="possible-links"><li data-regime="ofac">OFAC: possibly the same as ofac:12403 UR-REHMAN, &lt;Mati&gt; (score 1.00: Abdul Samad ~ SAMAD, Abdul), designated under OFAC · <a href="/entity/ofac:12403?as_of=2025-06-30">open ofac:12403</a></li>`,
		`OFAC: possibly exposed: would be designated under OFAC if its possible links were strong (via ofac:12403 UR-REHMAN, &lt;Mati&gt; (score 1.00: Abdul Samad ~ SAMAD, Abdul))`,
		`<ul id="record-possible"><li>This record: possibly the same as uk:AFG0001 Abdul Samadi (score 0.90: Abdul Samad ~ Abdul Samadi)`,
		`<td>possibly-same-as possibly-exposed </td>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("entity page lacks %q", want)
		}
	}
	if strings.Contains(html, "<Mati>") {
		t.Error("a candidate's name is not escaped")
	}
	// Without possible links, no section and no party line for a party of one.
	p.Possible, p.SameAsLinks, p.View.Party = nil, nil, []string{"gb:abdul-samad"}
	plain := render(t, "entity", p)
	if strings.Contains(plain, "Possible links") || strings.Contains(plain, `id="party"`) {
		t.Errorf("entity page without possible links:\n%s", plain)
	}
}

func TestUIJobPossible(t *testing.T) {
	rows := []queries.ScreenRow{
		{Input: queries.Counterparty{Line: 2, Ref: "r1", Name: "Tundra"}, Match: queries.Match{Status: queries.MatchMatched, Entity: "demo:tundra", Name: "Tundra"},
			Verdicts: []queries.RowVerdict{{Regime: graph.RegimeOFAC, Status: graph.StatusBlocked, Flags: []graph.Flag{graph.FlagControlRisk}}}},
		{Input: queries.Counterparty{Line: 3, Ref: "r2", Name: "Harbour Bakery"}, Match: queries.Match{Status: queries.MatchMatched, Entity: "gb:bakery", Name: "Harbour Bakery Ltd"},
			Verdicts: []queries.RowVerdict{
				{Regime: graph.RegimeOFAC, Status: graph.StatusClear, Flags: []graph.Flag{graph.FlagPossiblyExposed},
					PossiblyExposedVia: []graph.PossibleLink{testLink}, PossibleStatus: graph.StatusBlocked},
				{Regime: graph.RegimeUK, Status: graph.StatusClear, Flags: []graph.Flag{}}}},
		{Input: queries.Counterparty{Line: 4, Ref: "r3", Name: "Abdul Samad"}, Match: queries.Match{Status: queries.MatchMatched, Entity: "gb:abdul-samad", Name: "Abdul Samad"},
			Verdicts: []queries.RowVerdict{{Regime: graph.RegimeOFAC, Status: graph.StatusClear, Flags: []graph.Flag{graph.FlagPossiblySameAs},
				PossiblySameAs: []graph.PossibleLink{testLink}}}},
	}
	got, more := possibleRows(rows, 10)
	if len(got) != 2 || more || got[0].Ref != "r2" || got[1].Ref != "r3" || len(got[0].Lines) != 1 || got[0].Lines[0].Regime != graph.RegimeOFAC {
		t.Fatalf("possibleRows: %+v %v", got, more)
	}
	if got, more := possibleRows(rows, 1); len(got) != 1 || !more {
		t.Errorf("possibleRows capped at 1: %d rows, more %v", len(got), more)
	}
	var stats queries.ScreenStats
	for i := range rows {
		stats.Add(&rows[i])
	}
	jv := &jobView{ID: "j1", Input: "cps.csv", State: "done", AsOf: "2025-06-30", Stats: stats}
	jv.Possible, jv.PossibleMore = possibleRows(rows, 10)
	html := render(t, "job", page{Title: "Screening", Job: jv})
	for _, want := range []string{
		`<p id="possible" class="muted">1 matched rows possibly the same as a designated or exposed party, 1 possibly exposed.`,
		`<td>Harbour Bakery</td><td><a href="/entity/gb:bakery?as_of=2025-06-30">Harbour Bakery Ltd</a></td><td><div data-regime="ofac">OFAC: possibly exposed: would be blocked under OFAC if its possible links were strong (via gb:abdul-samad may be ofac:12403 UR-REHMAN, &lt;Mati&gt; (score 1.00: Abdul Samad ~ SAMAD, Abdul))</div>`,
		`<div data-regime="ofac">OFAC: possibly the same as ofac:12403 UR-REHMAN, &lt;Mati&gt; (score 1.00: Abdul Samad ~ SAMAD, Abdul), designated under OFAC</div>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("job page lacks %q", want)
		}
	}
	// The possible-links table (the matches table lists every matched row).
	table := html[strings.Index(html, `<table id="possible-rows">`):]
	table = table[:strings.Index(table, "</table>")]
	if strings.Contains(table, "Tundra") || strings.Contains(html, "The first") {
		t.Errorf("job page lists a row without possible links, or says it cut the list:\n%s", html)
	}
}
