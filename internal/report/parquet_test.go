package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/ownex/ownex/graph"
)

// TestPQDate: the DATE logical type counts days from 1970-01-01, before
// it too, up to 9999-12-31 (where time.Time.Sub saturates); an empty date
// is null and a malformed one an error, never day 0.
func TestPQDate(t *testing.T) {
	for _, c := range []struct {
		in   graph.Date
		want int32
	}{
		{"1970-01-01", 0}, {"1970-01-02", 1}, {"1969-12-31", -1}, {"2020-01-01", 18262},
		{"2000-02-29", 11016}, {"1900-01-01", -25567}, {"9999-12-31", 2932896},
	} {
		got, err := pqDate(c.in)
		if err != nil || got == nil || *got != c.want {
			t.Errorf("pqDate(%s) = %v, %v; want %d", c.in, got, err, c.want)
		}
	}
	if got, err := pqDate(""); got != nil || err != nil {
		t.Errorf("pqDate(\"\") = %v, %v; want null", got, err)
	}
	for _, bad := range []graph.Date{"2020-13-01", "2020-02-30", "01/02/2020", "2020"} {
		if got, err := pqDate(bad); err == nil {
			t.Errorf("pqDate(%s) = %d, want an error", bad, *got)
		}
	}
}

// TestParquetVerdictsRoundTrip writes verdicts with parquet_verdicts.go and
// reads them back with parquet-go: clear verdicts without possible links
// are left out unless all, the possible links are the JSON lines' array,
// null when none, and a band keeps its open bound.
func TestParquetVerdictsRoundTrip(t *testing.T) {
	link := graph.PossibleLink{Entity: "A", Candidate: "Z", Name: "Zed Ltd", Score: 0.91, Names: "A Ltd ~ Zed Ltd", Status: graph.StatusDesignated}
	vs := []graph.Verdict{
		{Entity: "A", Name: "A Ltd", Party: "A", Regime: graph.RegimeOFAC, Status: graph.StatusClear,
			Share: graph.Interval(25*graph.PctScale, true, 50*graph.PctScale, false), Flags: []graph.Flag{graph.FlagPossiblySameAs},
			PossiblySameAs: []graph.PossibleLink{link}},
		{Entity: "A", Name: "A Ltd", Party: "A", Regime: graph.RegimeUK, Status: graph.StatusClear},
		{Entity: "A", Name: "A Ltd", Party: "A", Regime: graph.RegimeEU, Status: graph.StatusOwned, Share: graph.Exact(60 * graph.PctScale)},
	}
	for _, c := range []struct {
		all  bool
		want []graph.Regime
	}{{false, []graph.Regime{graph.RegimeOFAC, graph.RegimeEU}}, {true, []graph.Regime{graph.RegimeOFAC, graph.RegimeUK, graph.RegimeEU}}} {
		var buf bytes.Buffer
		w := NewVerdictWriter(&buf, FormatParquet, nil, c.all)
		if err := w.WriteEntity(vs); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		rows, err := parquet.Read[ParquetVerdict](bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		var got []graph.Regime
		for _, r := range rows {
			got = append(got, r.Regime)
		}
		if !slices.Equal(got, c.want) {
			t.Fatalf("all=%v: regimes %v, want %v", c.all, got, c.want)
		}
		ofac, eu := rows[0], rows[len(rows)-1]
		wantJSON, _ := json.Marshal([]graph.PossibleLink{link})
		if string(ofac.PossiblySameAs) != string(wantJSON) || ofac.PossiblyExposedVia != nil {
			t.Errorf("possible links: %s / %s, want %s / null", ofac.PossiblySameAs, ofac.PossiblyExposedVia, wantJSON)
		}
		if !ofac.ShareMinOpen || ofac.ShareMaxOpen || ofac.ShareMin != 25*graph.PctScale || ofac.ShareMax != 50*graph.PctScale {
			t.Errorf("band: %+v, want (25,50]", ofac.ParquetBounds)
		}
		if !slices.Equal(ofac.Flags, []graph.Flag{graph.FlagPossiblySameAs}) || len(eu.Flags) != 0 || eu.Status != graph.StatusOwned || eu.ShareMin != 60*graph.PctScale {
			t.Errorf("rows: %+v / %+v", ofac, eu)
		}
	}
}
