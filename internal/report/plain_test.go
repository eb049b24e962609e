package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// golden compares got with testdata/name (or rewrites it with -update).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// plainOutputs renders the fixtures without possible links through every
// writer.
func plainOutputs(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	regimes := []graph.Regime{graph.RegimeOFAC, graph.RegimeUK}
	for _, f := range []Format{FormatJSONL, FormatCSV, FormatTable} {
		for _, all := range []bool{false, true} {
			var b bytes.Buffer
			w := NewVerdictWriter(&b, f, regimes, all)
			if err := w.WriteEntity(plainVerdicts()); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			name := "plain-verdicts-" + string(f)
			if all {
				name += "-all"
			}
			out[name+".golden"] = b.String()
		}
	}
	e := Explanation{ID: "gb:bakery", Name: "Harbour Bakery Ltd", AsOf: "2025-01-01", Proofs: []*graph.Proof{plainProof()}}
	var b bytes.Buffer
	if err := WriteExplanationText(&b, e); err != nil {
		t.Fatal(err)
	}
	out["plain-explain.txt.golden"] = b.String()
	b.Reset()
	if err := WriteExplanationJSON(&b, e); err != nil {
		t.Fatal(err)
	}
	out["plain-explain.json.golden"] = b.String()
	row := plainRow()
	out["plain-screen.csv.golden"] = csvText(t, ScreenHeader(regimes, true), ScreenCells(&row, regimes, true))
	b.Reset()
	h := NewScreenHTML(&b, ScreenMeta{Input: "cps.csv", AsOf: "2025-01-01", Regimes: regimes})
	if err := h.WriteRow(row); err != nil {
		t.Fatal(err)
	}
	var stats queries.ScreenStats
	stats.Add(&row)
	if err := h.Close(stats); err != nil {
		t.Fatal(err)
	}
	out["plain-screen.html.golden"] = b.String()
	b.Reset()
	if err := WriteDetailText(&b, plainDetail(), "2025-01-01"); err != nil {
		t.Fatal(err)
	}
	out["plain-show.txt.golden"] = b.String()
	return out
}

// TestPlainOutputUnchanged: verdicts, proofs, screening rows and details
// without possible links print exactly as before the possible-link
// columns existed (the goldens were written by the earlier writers;
// only CSV headers gained columns at the end).
func TestPlainOutputUnchanged(t *testing.T) {
	for name, got := range plainOutputs(t) {
		golden(t, name, got)
	}
}
