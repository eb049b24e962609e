package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

func TestWhyText(t *testing.T) {
	tests := []struct {
		name string
		e    *queries.MatchExplanation
		want string
	}{
		{"nil", nil, ""},
		{"transliteration, typo, country and date of birth", derakhshandehWhy(),
			"'AHMED DERAHSHANDEH' ~ 'AHMAD DERAKHSHANDEH' (alias): ahmed~ahmad 0.95 transliteration weight 0.3, " +
				"derahshandeh~derakhshandeh 0.90 typo; name 0.912; country conflicts (row LV, record IR) ×0.9; " +
				"birth-date agrees (row 1956, record 1956-08-11) ×1.05"},
		{"the record's own name, an unpaired token on either side", &queries.MatchExplanation{Input: "Ivan Smirnov", Matched: "GONZALEZ ZAMORANO, Ivan",
			NameScore: 0.31, Tokens: []queries.TokenMatch{{Input: "ivan", Matched: "ivan", Score: 1, Weight: 0.15, How: "exact"},
				{Input: "smirnov", Weight: 1}, {Matched: "gonzalez", Weight: 1}, {Matched: "zamorano", Weight: 1}}},
			"'Ivan Smirnov' ~ 'GONZALEZ ZAMORANO, Ivan': ivan~ivan 1.00 exact weight 0.15, smirnov~(none) 0.00, (none)~gonzalez 0.00, " +
				"(none)~zamorano 0.00; name 0.310"},
		{"weak alias", &queries.MatchExplanation{Input: "Li Lei", Matched: "LL", Alias: true, Weak: true, NameScore: 0.86,
			Tokens: []queries.TokenMatch{{Input: "li", Matched: "ll", Score: 0.86, Weight: 0.5, How: "typo"}}},
			"'Li Lei' ~ 'LL' (weak alias): li~ll 0.86 typo weight 0.5; name 0.860"},
		{"an identifier alone, a factor of 1 left out", &queries.MatchExplanation{
			Evidence: []queries.Evidence{{Kind: "identifier", Effect: "decisive", Factor: 1, Detail: "lei:5299007NTWCC3U23WM81"}}},
			"identifier decisive (lei:5299007NTWCC3U23WM81)"},
		{"evidence without detail", &queries.MatchExplanation{Input: "A", Matched: "A", NameScore: 1,
			Evidence: []queries.Evidence{{Kind: "country", Effect: "agrees", Factor: 1}}},
			"'A' ~ 'A'; name 1.000; country agrees"},
	}
	for _, tt := range tests {
		if got := WhyText(tt.e); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func TestMatchWhy(t *testing.T) {
	matched, amb, plain := whyRow(), ambiguousWhyRow(), plainRow()
	if got, want := MatchWhy(&matched.Match), WhyText(derakhshandehWhy()); got != want {
		t.Errorf("matched row: %q, want %q", got, want)
	}
	if got := MatchedName(&matched.Match); got != "AHMAD DERAKHSHANDEH" {
		t.Errorf("matched name %q", got)
	}
	want := "ofac:1: 'Asim Omar' ~ 'UMAR, Asim': omar~umar 0.90 transliteration, asim~asim 1.00 exact weight 0.4; name 0.900 | " +
		"ofac:2: 'Asim Omar' ~ 'Asim <Omar>' (weak alias): omar~omar 1.00 exact, asim~asim 1.00 exact weight 0.4, (none)~al 0.00 weight 0.1; name 0.890"
	if got := MatchWhy(&amb.Match); got != want {
		t.Errorf("ambiguous row:\n got %q\nwant %q", got, want)
	}
	if got := WhyLines(&amb.Match); len(got) != 2 || !strings.HasPrefix(got[1], "ofac:2: ") {
		t.Errorf("ambiguous row's lines: %q", got)
	}
	if MatchWhy(&plain.Match) != "" || WhyLines(&plain.Match) != nil || MatchedName(&plain.Match) != "" {
		t.Error("a row without explanation has a why")
	}
	if got, want := Candidates(amb.Match.Candidates), "ofac:1 (UMAR, Asim) 0.900 [party ofac:1, un:QDi.1]; ofac:2 (OMAR, <Asim>) 0.890"; got != want {
		t.Errorf("candidates %q, want %q", got, want)
	}
}

// screenRowWriter is what every screening writer is.
type screenRowWriter interface {
	WriteRow(queries.ScreenRow) error
	Close(queries.ScreenStats) error
}

// writeScreen writes rows and closes w with their counts.
func writeScreen(t *testing.T, w screenRowWriter, rows ...queries.ScreenRow) {
	t.Helper()
	var stats queries.ScreenStats
	for _, row := range rows {
		stats.Add(&row)
		if err := w.WriteRow(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(stats); err != nil {
		t.Fatal(err)
	}
}

// screenCSV runs rows through the screening CSV writer.
func screenCSV(t *testing.T, regimes []graph.Regime, rows ...queries.ScreenRow) string {
	t.Helper()
	var b bytes.Buffer
	writeScreen(t, NewScreenCSV(&b, regimes), rows...)
	return b.String()
}

// screenHTML runs rows through the screening HTML writer.
func screenHTML(t *testing.T, regimes []graph.Regime, rows ...queries.ScreenRow) string {
	t.Helper()
	var b bytes.Buffer
	writeScreen(t, NewScreenHTML(&b, ScreenMeta{Input: "cps.csv", AsOf: "2025-01-01", Regimes: regimes}), rows...)
	return b.String()
}

// TestScreenCSVWhy: the issue-14 columns come last; a row without them
// prints exactly as before but for empty cells in the appended columns,
// and a row with them keeps its earlier columns.
func TestScreenCSVWhy(t *testing.T) {
	regimes := []graph.Regime{graph.RegimeOFAC, graph.RegimeUK}
	got := screenCSV(t, regimes, plainRow(), whyRow(), ambiguousWhyRow())
	golden(t, "why-screen.csv.golden", got)
	recs, err := csv.NewReader(strings.NewReader(got)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := recs[0]
	n := len(head) - 5
	if !slices.Equal(head[n:], []string{"party", "possibly_same", "matched_name", "why", "input_dob"}) {
		t.Fatalf("last columns %q", head[n:])
	}
	if !slices.Equal(head[:n], ScreenHeader(regimes, true)[:n]) || head[n-1] != "uk_possible_status" {
		t.Errorf("earlier columns moved: %q", head[:n])
	}
	col := func(rec []string, name string) string { return rec[slices.Index(head, name)] }
	if plain := recs[1]; !slices.Equal(plain[n:], []string{"", "", "", "", ""}) {
		t.Errorf("a row without the new fields has appended cells %q", plain[n:])
	}
	why := recs[2]
	for name, want := range map[string]string{"party": "un:IRi.013;ofac:9647", "possibly_same": "eu:1234", "matched_name": "AHMAD DERAKHSHANDEH",
		"why": WhyText(derakhshandehWhy()), "input_dob": "1956", "entity_id": "un:IRi.013", "confidence": "0.862"} {
		if got := col(why, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	// The new fields change no earlier column.
	bare := whyRow()
	bare.Input.BirthDate, bare.Match.Party, bare.Match.PossiblySame, bare.Match.Why = "", nil, nil, nil
	if before := ScreenCells(&bare, regimes, true); !slices.Equal(before[:n], why[:n]) || !slices.Equal(before[n:], []string{"", "", "", "", ""}) {
		t.Errorf("the new fields changed earlier columns:\n%q\n%q", before, why)
	}
	amb := recs[3]
	if col(amb, "matched_name") != "" || col(amb, "party") != "" || !strings.HasPrefix(col(amb, "why"), "ofac:1: 'Asim Omar' ~ 'UMAR, Asim'") {
		t.Errorf("ambiguous row: %q", amb[n:])
	}
	// No row: the header alone.
	if got := screenCSV(t, regimes); got != strings.Join(ScreenHeader(regimes, true), ",")+"\n" {
		t.Errorf("empty screening: %q", got)
	}
}

// TestScreenJSONLWhy: the JSON lines carry the issue-14 fields, and leave
// them out when empty.
func TestScreenJSONLWhy(t *testing.T) {
	var b bytes.Buffer
	w := NewScreenJSONL(&b)
	for _, row := range []queries.ScreenRow{whyRow(), ambiguousWhyRow(), plainRow()} {
		if err := w.WriteRow(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(queries.ScreenStats{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines: %s", len(lines), b.String())
	}
	var rec struct {
		Input struct {
			BirthDate string `json:"birth_date"`
		} `json:"input"`
		Match struct {
			Party        []string                  `json:"party"`
			PossiblySame []string                  `json:"possibly_same"`
			Why          *queries.MatchExplanation `json:"why"`
		} `json:"match"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatal(err)
	}
	w0 := whyRow()
	if rec.Input.BirthDate != "1956" || !slices.Equal(rec.Match.Party, w0.Match.Party) || !slices.Equal(rec.Match.PossiblySame, []string{"eu:1234"}) ||
		rec.Match.Why == nil || WhyText(rec.Match.Why) != WhyText(w0.Match.Why) {
		t.Errorf("matched row: %+v from %s", rec, lines[0])
	}
	for _, want := range []string{`"birth_date":"1956"`, `"party":["un:IRi.013","ofac:9647"]`, `"possibly_same":["eu:1234"]`,
		`"why":{"input":"AHMED DERAHSHANDEH","matched":"AHMAD DERAKHSHANDEH","alias":true,"tokens":[{"input":"ahmed","matched":"ahmad","score":0.95,"weight":0.3,"how":"transliteration"}`,
		`"name_score":0.912,"evidence":[{"kind":"country","effect":"conflicts","factor":0.9,"detail":"row LV, record IR"}`} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("matched row lacks %s: %s", want, lines[0])
		}
	}
	var amb queries.ScreenRow
	if err := json.Unmarshal([]byte(lines[1]), &amb); err != nil {
		t.Fatal(err)
	}
	if c := amb.Match.Candidates; len(c) != 2 || !slices.Equal(c[0].Party, []string{"ofac:1", "un:QDi.1"}) || c[1].Why == nil || !c[1].Why.Weak {
		t.Errorf("ambiguous row's candidates: %s", lines[1])
	}
	for _, absent := range []string{`"birth_date"`, `"party"`, `"possibly_same"`, `"why"`} {
		if strings.Contains(lines[2], absent) {
			t.Errorf("a row without the new fields has %s: %s", absent, lines[2])
		}
	}
}

// screenWorkbook writes rows to a screening workbook and reads it back.
func screenWorkbook(t *testing.T, regimes []graph.Regime, rows ...queries.ScreenRow) *excelize.File {
	t.Helper()
	var b bytes.Buffer
	x, err := NewScreenXLSX(&b, ScreenMeta{Input: "cps.csv", AsOf: "2025-01-01", Regimes: regimes})
	if err != nil {
		t.Fatal(err)
	}
	writeScreen(t, x, rows...)
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestScreenXLSXWhy(t *testing.T) {
	regimes := []graph.Regime{graph.RegimeOFAC, graph.RegimeUK}
	f := screenWorkbook(t, regimes, plainRow(), whyRow(), ambiguousWhyRow())
	results, err := f.GetRows(SheetResults)
	if err != nil {
		t.Fatal(err)
	}
	if h := results[0]; !slices.Equal(h, ScreenHeader(regimes, false)) || h[len(h)-1] != "input_dob" {
		t.Fatalf("results header %q", h)
	}
	cell := func(rows [][]string, r int, name string) string {
		c := slices.Index(rows[0], name)
		if c < 0 {
			t.Fatalf("no column %s in %q", name, rows[0])
		}
		if c >= len(rows[r]) { // excelize leaves trailing empty cells out
			return ""
		}
		return rows[r][c]
	}
	for name, want := range map[string]string{"party": "un:IRi.013;ofac:9647", "possibly_same": "eu:1234", "matched_name": "AHMAD DERAKHSHANDEH",
		"why": WhyText(derakhshandehWhy()), "input_dob": "1956"} {
		if got := cell(results, 2, name); got != want {
			t.Errorf("results %s = %q, want %q", name, got, want)
		}
	}
	if got := cell(results, 1, "why"); got != "" {
		t.Errorf("plain row's why %q", got)
	}
	un, err := f.GetRows(SheetUnmatched)
	if err != nil {
		t.Fatal(err)
	}
	amb := ambiguousWhyRow()
	if len(un) != 2 || cell(un, 1, "ref") != "C-4" || cell(un, 1, "why") != MatchWhy(&amb.Match) {
		t.Errorf("unmatched sheet %q", un)
	}
}

func TestScreenHTMLWhy(t *testing.T) {
	page := screenHTML(t, []graph.Regime{graph.RegimeOFAC, graph.RegimeUK}, whyRow(), ambiguousWhyRow())
	for _, want := range []string{
		`<td>AHMED DERAHSHANDEH<br><span class="note">born 1956</span></td><td>LV</td>`,
		`<div class="note">party: un:IRi.013, ofac:9647</div><div class="note">possibly the same: eu:1234</div>`,
		`<div class="reason">why: &#39;AHMED DERAHSHANDEH&#39; ~ &#39;AHMAD DERAKHSHANDEH&#39; (alias): ahmed~ahmad 0.95 transliteration weight 0.3, ` +
			`derahshandeh~derakhshandeh 0.90 typo; name 0.912; country conflicts (row LV, record IR) ×0.9; birth-date agrees (row 1956, record 1956-08-11) ×1.05</div>`,
		`<div class="reason">why: ofac:1: &#39;Asim Omar&#39; ~ &#39;UMAR, Asim&#39;`,
		`<div class="reason">why: ofac:2: &#39;Asim Omar&#39; ~ &#39;Asim &lt;Omar&gt;&#39; (weak alias)`,
		`[party ofac:1, un:QDi.1]; ofac:2 (OMAR, &lt;Asim&gt;) 0.890`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "<Omar>") || strings.Contains(page, "<Asim>") {
		t.Error("a name in the why is not escaped")
	}
}
