package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

func pct(n int64) graph.Pct { return graph.Pct(n) * graph.PctScale }

func TestCell(t *testing.T) {
	tests := []struct {
		v    graph.Verdict
		want string
	}{
		{graph.Verdict{Status: graph.StatusDesignated}, "designated"},
		{graph.Verdict{Status: graph.StatusClear, Share: graph.Exact(pct(30))}, "clear"},
		{graph.Verdict{Status: graph.StatusBlocked, Share: graph.Exact(pct(55)), Votes: graph.Exact(pct(55))}, "blocked 55%"},
		{graph.Verdict{Status: graph.StatusUndetermined, Share: graph.Range{Lo: 0, Hi: pct(60)}, Votes: graph.Range{Lo: 0, Hi: pct(60)}}, "undetermined 0-60%"},
		{graph.Verdict{Status: graph.StatusOwned, Share: graph.Exact(pct(40)), Votes: graph.Exact(pct(60))}, "owned 40% (votes 60%)"},
		{graph.Verdict{Status: graph.StatusControlled, Share: graph.Exact(pct(10)), Votes: graph.Exact(pct(10))}, "controlled"},
	}
	for _, tt := range tests {
		if got := Cell(tt.v); got != tt.want {
			t.Errorf("Cell(%+v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestTableLeavesOutClearUnlessAll(t *testing.T) {
	regimes := []graph.Regime{graph.RegimeOFAC, graph.RegimeUK}
	clear := []graph.Verdict{{Entity: "c", Name: "C", Regime: graph.RegimeOFAC, Status: graph.StatusClear}, {Entity: "c", Name: "C", Regime: graph.RegimeUK, Status: graph.StatusClear}}
	exposed := []graph.Verdict{{Entity: "e", Name: "E", Regime: graph.RegimeOFAC, Status: graph.StatusBlocked, Share: graph.Exact(pct(50)), Votes: graph.Exact(pct(50)), Flags: []graph.Flag{graph.FlagControlRisk}}, {Entity: "e", Name: "E", Regime: graph.RegimeUK, Status: graph.StatusClear}}
	for _, all := range []bool{false, true} {
		var b bytes.Buffer
		w := NewVerdictWriter(&b, FormatTable, regimes, all)
		if err := w.WriteEntity(clear); err != nil {
			t.Fatal(err)
		}
		if err := w.WriteEntity(exposed); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if !strings.Contains(out, "blocked 50%") || !strings.Contains(out, "control-risk") || strings.Contains(out, "\nc ") != all {
			t.Errorf("all=%v:\n%s", all, out)
		}
	}
}
