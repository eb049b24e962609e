package exposure

import (
	"reflect"
	"slices"
	"testing"

	"github.com/ownex/ownex/graph"
)

// TestEntityVerdicts: the verdicts of each entity, walked together, are
// those of the per-regime walks, entity by entity, for every choice and
// order of regimes, leaving out a regime that was not analyzed.
func TestEntityVerdicts(t *testing.T) {
	s := snap(t, "X>A 50; A>B 50; Y>C 60; C=D board-appointment; E>F 10")
	res, err := Analyze(s, Options{AsOf: "2025-06-30", Regimes: []graph.Regime{graph.RegimeOFAC, graph.RegimeUK}})
	if err != nil {
		t.Fatal(err)
	}
	for _, regs := range [][]graph.Regime{
		{graph.RegimeOFAC}, {graph.RegimeUK, graph.RegimeOFAC}, {graph.RegimeOFAC, graph.RegimeEU, graph.RegimeUK}, {graph.RegimeEU},
	} {
		var want [][]graph.Verdict
		for i := range res.Len() {
			var row []graph.Verdict
			for _, r := range regs {
				if vs := slices.Collect(res.Verdicts(r)); len(vs) > 0 {
					row = append(row, vs[i])
				}
			}
			if len(row) > 0 {
				want = append(want, row)
			}
		}
		var got [][]graph.Verdict
		for vs := range res.EntityVerdicts(regs) {
			got = append(got, slices.Clone(vs))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%v:\n got %+v\nwant %+v", regs, got, want)
		}
	}
}
