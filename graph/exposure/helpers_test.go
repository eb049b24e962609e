package exposure

import (
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure/exposuretest"
)

// snap builds a snapshot from the fact language of exposuretest.Snap.
func snap(t testing.TB, facts string, designated ...string) *graph.Snapshot {
	t.Helper()
	return exposuretest.Snap(t, facts, designated...)
}

// statuses renders every non-clear, non-designated verdict of a regime as
// "A:blocked B:blocked", in ID order; designated entities are checked
// separately.
func statuses(t testing.TB, res *Result, r graph.Regime) string {
	t.Helper()
	var out []string
	for v := range res.Verdicts(r) {
		if v.Status != graph.StatusClear && v.Status != graph.StatusDesignated {
			out = append(out, v.Entity+":"+string(v.Status))
		}
	}
	return strings.Join(out, " ")
}

// designatedIDs lists the designated entities of a regime.
func designatedIDs(res *Result, r graph.Regime) []string {
	var out []string
	for v := range res.Verdicts(r) {
		if v.Status == graph.StatusDesignated {
			out = append(out, v.Entity)
		}
	}
	return out
}

func analyze(t testing.TB, s *graph.Snapshot, asOf graph.Date) *Result {
	t.Helper()
	res, err := Analyze(s, Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func hasFlag(v graph.Verdict, f graph.Flag) bool { return slices.Contains(v.Flags, f) }
