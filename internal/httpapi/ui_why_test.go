package httpapi

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// These tests render the job page and the API's screening JSON from
// hand-built rows that say why they matched (issue 14): they check
// formatting. The page from a real screening is checked by tests/browser.

var testWhy = &queries.MatchExplanation{Input: "Nordvik Holdings", Matched: "Nordvik Holdings <Ltd>", NameScore: 1,
	Tokens: []queries.TokenMatch{{Input: "nordvik", Matched: "nordvik", Score: 1, Weight: 1, How: "exact"},
		{Input: "holdings", Matched: "holdings", Score: 1, Weight: 0.2, How: "exact"}},
	Evidence: []queries.Evidence{{Kind: "country", Effect: "conflicts", Factor: 0.9, Detail: "row LV, record CY"}}}

func whyRows() []queries.ScreenRow {
	return []queries.ScreenRow{
		{Input: queries.Counterparty{Line: 2, Ref: "r1", Name: "Nordvik Holdings", Country: "LV"},
			Match: queries.Match{Status: queries.MatchMatched, Method: queries.MethodName, Confidence: 0.9, Entity: "demo:nordvik", Name: "Nordvik Holdings Ltd",
				Party: []string{"demo:nordvik", "oc:cy/HE123456"}, PossiblySame: []string{"eu:77"}, Why: testWhy}},
		{Input: queries.Counterparty{Line: 3, Ref: "r2", Name: "Nobody"}, Match: queries.Match{Status: queries.MatchUnmatched}},
		{Input: queries.Counterparty{Line: 4, Ref: "r3", Name: "Asim Omar", BirthDate: "1970"},
			Match: queries.Match{Status: queries.MatchAmbiguous, Method: queries.MethodName, Confidence: 0.9, Candidates: []queries.Candidate{
				{ID: "ofac:1", Name: "UMAR, Asim", Score: 0.9, Party: []string{"ofac:1", "un:QDi.1"},
					Why: &queries.MatchExplanation{Input: "Asim Omar", Matched: "UMAR, Asim", NameScore: 0.9,
						Tokens: []queries.TokenMatch{{Input: "omar", Matched: "umar", Score: 0.9, Weight: 1, How: "transliteration"}}}},
				{ID: "ofac:2", Name: "OMAR, Asim", Score: 0.89}}}},
		{Input: queries.Counterparty{Line: 5, Ref: "r4", Name: "Tundra"},
			Match:    queries.Match{Status: queries.MatchMatched, Method: "identifier:lei", Confidence: 1, Entity: "demo:tundra", Name: "Tundra Mining PLC"},
			Verdicts: []queries.RowVerdict{{Regime: graph.RegimeOFAC, Status: graph.StatusBlocked, Flags: []graph.Flag{}}}},
	}
}

func TestUIJobMatches(t *testing.T) {
	rows := whyRows()
	got, more := matchRows(rows, 10)
	if len(got) != 3 || more || got[0].Ref != "r1" || got[1].Ref != "r3" || got[2].Ref != "r4" {
		t.Fatalf("matchRows: %+v %v", got, more)
	}
	if len(got[1].Candidates) != 2 || len(got[1].Why) != 1 || got[2].Why != nil {
		t.Errorf("matchRows: %+v", got)
	}
	if got, more := matchRows(rows, 2); len(got) != 2 || !more {
		t.Errorf("matchRows capped at 2: %d rows, more %v", len(got), more)
	}
	jv := &jobView{ID: "j1", Input: "cps.csv", State: "done", AsOf: "2025-06-30"}
	for i := range rows {
		jv.Stats.Add(&rows[i])
	}
	jv.Matches, jv.MatchesMore = matchRows(rows, 10)
	html := render(t, "job", page{Title: "Screening", Job: jv})
	for _, want := range []string{
		`<tr data-ref="r1" data-status="matched"><td>2</td><td>r1</td><td>Nordvik Holdings</td><td>matched 0.900</td><td><a href="/entity/demo:nordvik?as_of=2025-06-30">Nordvik Holdings Ltd</a> <span class="muted">demo:nordvik</span>` +
			`<div class="party">Party: demo:nordvik, oc:cy/HE123456</div><div class="possibly-same">Possibly the same: <a href="/entity/eu:77?as_of=2025-06-30">eu:77</a></div></td>` +
			`<td class="why"><div>&#39;Nordvik Holdings&#39; ~ &#39;Nordvik Holdings &lt;Ltd&gt;&#39;: nordvik~nordvik 1.00 exact, holdings~holdings 1.00 exact weight 0.2; name 1.000; country conflicts (row LV, record CY) ×0.9</div></td></tr>`,
		`<td>Asim Omar <span class="muted">born 1970</span></td><td>ambiguous 0.900</td>`,
		`<div class="candidate"><a href="/entity/ofac:1?as_of=2025-06-30">UMAR, Asim</a> <span class="muted">ofac:1</span> 0.900 · party ofac:1, un:QDi.1</div><div class="candidate"><a href="/entity/ofac:2?as_of=2025-06-30">OMAR, Asim</a> <span class="muted">ofac:2</span> 0.890</div>`,
		`<td class="why"><div>ofac:1: &#39;Asim Omar&#39; ~ &#39;UMAR, Asim&#39;: omar~umar 0.90 transliteration; name 0.900</div></td>`,
		`<tr data-ref="r4" data-status="matched">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("job page lacks %q", want)
		}
	}
	if strings.Contains(html, `data-ref="r2"`) || strings.Contains(html, "<Ltd>") || strings.Contains(html, "The first") {
		t.Errorf("job page lists an unmatched row without candidates, leaves a name unescaped or says it cut the list:\n%s", html)
	}
	jv.Matches, jv.MatchesMore = matchRows(rows, 1)
	if html := render(t, "job", page{Title: "Screening", Job: jv}); !strings.Contains(html, "The first 1 rows are listed; the downloads have them all.") {
		t.Error("a cut list does not say so")
	}
}

// TestScreenReportWhy: the API's JSON rows say why they matched, and
// leave the fields out when empty.
func TestScreenReportWhy(t *testing.T) {
	b, err := json.Marshal(ScreenReport{AsOf: "2025-06-30", Regimes: []graph.Regime{graph.RegimeOFAC}, Rows: whyRows()})
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Rows []json.RawMessage `json:"rows"`
	}
	if err := json.Unmarshal(b, &rep); err != nil || len(rep.Rows) != 4 {
		t.Fatalf("%v: %s", err, b)
	}
	for _, want := range []string{`"party":["demo:nordvik","oc:cy/HE123456"]`, `"possibly_same":["eu:77"]`,
		`"why":{"input":"Nordvik Holdings","matched":"Nordvik Holdings \u003cLtd\u003e","tokens":[{"input":"nordvik","matched":"nordvik","score":1,"weight":1,"how":"exact"}`,
		`"evidence":[{"kind":"country","effect":"conflicts","factor":0.9,"detail":"row LV, record CY"}]`} {
		if !strings.Contains(string(rep.Rows[0]), want) {
			t.Errorf("matched row lacks %s: %s", want, rep.Rows[0])
		}
	}
	for _, want := range []string{`"birth_date":"1970"`, `"party":["ofac:1","un:QDi.1"],"why":{"input":"Asim Omar"`} {
		if !strings.Contains(string(rep.Rows[2]), want) {
			t.Errorf("ambiguous row lacks %s: %s", want, rep.Rows[2])
		}
	}
	for _, absent := range []string{`"why"`, `"party"`, `"possibly_same"`, `"birth_date"`} {
		if strings.Contains(string(rep.Rows[3]), absent) {
			t.Errorf("a row without explanation has %s: %s", absent, rep.Rows[3])
		}
	}
}
