package queries

import (
	"testing"

	"github.com/ownex/ownex/graph"
)

// TestShown: a clear verdict is shown only with a possible link or its
// flag; any other status always.
func TestShown(t *testing.T) {
	link := []graph.PossibleLink{{Entity: "a", Candidate: "b"}}
	for _, c := range []struct {
		v    graph.Verdict
		want bool
	}{
		{graph.Verdict{Status: graph.StatusClear}, false},
		{graph.Verdict{Status: graph.StatusClear, Flags: []graph.Flag{graph.FlagMinorityExposure}}, false},
		{graph.Verdict{Status: graph.StatusClear, PossiblySameAs: link}, true},
		{graph.Verdict{Status: graph.StatusClear, PossiblyExposedVia: link}, true},
		{graph.Verdict{Status: graph.StatusClear, Flags: []graph.Flag{graph.FlagPossiblyExposed}}, true},
		{graph.Verdict{Status: graph.StatusUndetermined}, true},
		{graph.Verdict{Status: graph.StatusBlocked}, true},
	} {
		if got := Shown(c.v); got != c.want {
			t.Errorf("Shown(%+v) = %v, want %v", c.v, got, c.want)
		}
	}
}
