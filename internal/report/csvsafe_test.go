package report

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

func TestNeutraliseCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{`=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`},
		{"+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"Acme Ltd", "Acme Ltd"},
		{"", ""},
		{"a=b", "a=b"},
	}
	for _, tt := range tests {
		if got := NeutraliseCell(tt.in); got != tt.want {
			t.Errorf("NeutraliseCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// readCSV parses b and returns its rows as maps from header to cell.
func readCSV(t *testing.T, b []byte) []map[string]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("read csv: %v\n%s", err, b)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// TestVerdictCSVFormulaInjection: text cells of `analyze --format csv`
// (id, name) are neutralised; share cells, even negative, are not.
func TestVerdictCSVFormulaInjection(t *testing.T) {
	var b bytes.Buffer
	w := NewVerdictWriter(&b, FormatCSV, graph.Engines, true)
	v := graph.Verdict{Entity: "@E1", Name: `=HYPERLINK("http://evil","x")`, Regime: graph.RegimeOFAC,
		Status: graph.StatusOwned, Share: graph.Range{Lo: -5 * graph.PctScale, Hi: 60 * graph.PctScale}}
	if err := w.WriteEntity([]graph.Verdict{v}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, b.Bytes())
	if len(rows) != 1 {
		t.Fatalf("got %d rows, want 1", len(rows))
	}
	r := rows[0]
	for col, want := range map[string]string{"id": "'@E1", "name": `'=HYPERLINK("http://evil","x")`,
		"share_min": "-5", "share_max": "60", "status": "owned"} {
		if r[col] != want {
			t.Errorf("%s = %q, want %q", col, r[col], want)
		}
	}
}

// TestScreenCSVFormulaInjection: every text cell of a screening CSV that
// comes from the input or the lists is neutralised; numbers are not.
func TestScreenCSVFormulaInjection(t *testing.T) {
	var b bytes.Buffer
	c := NewScreenCSV(&b, []graph.Regime{graph.RegimeOFAC})
	row := queries.ScreenRow{
		Input: queries.Counterparty{Line: 2, Ref: "-2+3", Name: "+cmd|' /C calc'!A0", Country: "\tRU",
			Problems: []string{"=bad"}, BirthDate: "@1970"},
		Match: queries.Match{Status: queries.MatchMatched, Confidence: 0.95, Entity: "=E1",
			Name: `=HYPERLINK("http://evil","x")`},
		Verdicts: []queries.RowVerdict{{Regime: graph.RegimeOFAC, Status: graph.StatusOwned,
			Share: graph.Range{Lo: -5 * graph.PctScale, Hi: 60 * graph.PctScale}, Reason: "=reason"}},
	}
	if err := c.WriteRow(row); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(queries.ScreenStats{}); err != nil {
		t.Fatal(err)
	}
	r := readCSV(t, b.Bytes())[0]
	for col, want := range map[string]string{
		"line": "2", "ref": "'-2+3", "input_name": "'+cmd|' /C calc'!A0", "input_country": "'\tRU",
		"problems": "'=bad", "input_dob": "'@1970", "confidence": "0.950", "entity_id": "'=E1",
		"entity_name": `'=HYPERLINK("http://evil","x")`, "ofac_share_min": "-5", "ofac_share_max": "60",
		"ofac_reason": "'=reason", "ofac_status": "owned",
	} {
		if r[col] != want {
			t.Errorf("%s = %q, want %q", col, r[col], want)
		}
	}
}
