package exposure

import (
	"slices"
	"testing"

	"github.com/ownex/ownex/graph"
)

// TestRules checks statuses, counted share ranges and flags beyond the
// RULES.md vectors. An empty want status means clear.
func TestRules(t *testing.T) {
	const (
		ofac = graph.RegimeOFAC
		uk   = graph.RegimeUK
		eu   = graph.RegimeEU
	)
	pct := func(p int64) graph.Pct { return graph.Pct(p) * graph.PctScale }
	tests := []struct {
		name, facts string
		regime      graph.Regime
		entity      string
		status      graph.Status
		share       graph.Range // checked when non-zero
		flags       []graph.Flag
	}{
		{"capping keeps a band below 50", "X>A 0-60; N>A 60", ofac, "A", graph.StatusClear,
			graph.Range{Lo: 0, Hi: pct(40)}, nil},
		{"capping bounds an unknown share", "X>A ?; N>A 40", ofac, "A", graph.StatusUndetermined,
			graph.Range{Lo: 0, Hi: pct(60)}, nil},
		{"banded share is undetermined", "X>A 25-50", ofac, "A", graph.StatusUndetermined,
			graph.Range{Lo: pct(25), Hi: pct(50)}, []graph.Flag{graph.FlagMinorityExposure}},
		{"banded share EU", "X>A 25-50", eu, "A", graph.StatusUndetermined, graph.Range{}, []graph.Flag{graph.FlagMinorityExposure}},
		{"banded share UK needs more than 50", "X>A 25-50", uk, "A", graph.StatusClear, graph.Range{}, []graph.Flag{graph.FlagMinorityExposure}},
		{"over-allocated", "X>A 60; N>A 50", ofac, "A", graph.StatusBlocked, graph.Range{Lo: pct(60), Hi: pct(60)},
			[]graph.Flag{graph.FlagOverAllocated}},
		{"minority OFAC", "X>A 30", ofac, "A", graph.StatusClear, graph.Range{}, []graph.Flag{graph.FlagMinorityExposure}},
		{"minority aggregated EU", "X>A 15; Y>A 15", eu, "A", graph.StatusClear, graph.Range{}, []graph.Flag{graph.FlagMinorityExposure}},
		{"minority per person UK", "X>A 15; Y>A 15", uk, "A", graph.StatusClear, graph.Range{}, nil},
		{"minority UK at 50", "X>A 50", uk, "A", graph.StatusClear, graph.Range{}, []graph.Flag{graph.FlagMinorityExposure}},
		{"below minority", "X>A 24.99", ofac, "A", graph.StatusClear, graph.Range{}, nil},
		{"control-risk board", "X=A board-appointment", ofac, "A", graph.StatusClear, graph.Range{}, []graph.Flag{graph.FlagControlRisk}},
		{"control-risk director", "X=A director", ofac, "A", graph.StatusClear, graph.Range{}, []graph.Flag{graph.FlagControlRisk}},
		{"director no effect UK", "X=A director", uk, "A", graph.StatusClear, graph.Range{}, nil},
		{"other no effect EU", "X=A other", eu, "A", graph.StatusClear, graph.Range{}, nil},
		{"political-office UK", "X=A political-office", uk, "A", graph.StatusClear, graph.Range{}, []graph.Flag{graph.FlagPoliticalOffice}},
		{"political-office EU", "X=A political-office", eu, "A", graph.StatusClear, graph.Range{}, []graph.Flag{graph.FlagPoliticalOffice}},
		{"political-office OFAC", "X=A political-office", ofac, "A", graph.StatusClear, graph.Range{},
			[]graph.Flag{graph.FlagControlRisk, graph.FlagPoliticalOffice}},
		{"political-office from non-member", "N=A political-office", uk, "A", graph.StatusClear, graph.Range{}, nil},
		{"joint arrangement UK", "X>A 30 @j; N>A 30 @j", uk, "A", graph.StatusOwned, graph.Range{Lo: pct(60), Hi: pct(60)},
			[]graph.Flag{graph.FlagJointArrangement}},
		{"joint arrangement OFAC flag", "X>A 30 @j; N>A 30 @j", ofac, "A", graph.StatusClear, graph.Range{},
			[]graph.Flag{graph.FlagJointArrangement, graph.FlagMinorityExposure}},
		{"arrangement is per owned entity", "X>A 30 @j; N>A 30 @j; N>B 60 @j", uk, "B", graph.StatusClear, graph.Range{}, nil},
		{"UK de facto not conduit: A", "X=A de-facto; A>B 100", uk, "A", graph.StatusControlled, graph.Range{}, nil},
		{"UK de facto not conduit: B", "X=A de-facto; A>B 100", uk, "B", graph.StatusClear, graph.Range{}, nil},
		{"EU de facto controls: B", "X=A de-facto; A>B 100", eu, "B", graph.StatusOwned, graph.Range{}, []graph.Flag{graph.FlagRebuttable}},
		{"EU controlled is rebuttable", "X=A de-facto; A>B 100", eu, "A", graph.StatusControlled, graph.Range{}, []graph.Flag{graph.FlagRebuttable}},
		{"EU owned is not rebuttable", "X>A 50; A>B 100", eu, "B", graph.StatusOwned, graph.Range{}, nil},
		{"UK persons not summed", "X>A 30; Y>A 30", uk, "A", graph.StatusClear, graph.Range{Lo: pct(30), Hi: pct(30)},
			[]graph.Flag{graph.FlagMinorityExposure}},
		{"UK voting agreement conduit", "X=A voting-agreement; A>B 51", uk, "B", graph.StatusOwned, graph.Range{}, nil},
		{"UK conduit via votes", "X>A 10/51; A>B 51", uk, "B", graph.StatusOwned, graph.Range{}, nil},
		{"3-cycle stays clear", "X>A 30; A>B 60; B>C 60; C>A 30", ofac, "A", graph.StatusClear, graph.Range{}, []graph.Flag{graph.FlagMinorityExposure}},
		{"3-cycle stays clear EU", "X>A 30; A>B 60; B>C 60; C>A 30", eu, "C", graph.StatusClear, graph.Range{}, nil},
		{"3-cycle anchored", "X>A 50; A>B 60; B>C 60; C>A 30", ofac, "C", graph.StatusBlocked, graph.Range{}, nil},
		{"cross-holding never inflates", "X>A 50; A>B 60; B>C 60; C>A 30", ofac, "A", graph.StatusBlocked,
			graph.Range{Lo: pct(80), Hi: pct(80)}, nil},
		{"V20 cycle", "X>A 25; X>B 25; A>B 50; B>A 50", ofac, "A", graph.StatusClear, graph.Range{}, []graph.Flag{graph.FlagMinorityExposure}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := analyze(t, snap(t, tt.facts), "2025-06-30")
			v, ok := res.Verdict(tt.entity, tt.regime)
			if !ok {
				t.Fatalf("no verdict for %s", tt.entity)
			}
			if v.Status != tt.status {
				t.Errorf("status %s, want %s", v.Status, tt.status)
			}
			if tt.share != (graph.Range{}) && v.Share != tt.share {
				t.Errorf("share %v, want %v", v.Share, tt.share)
			}
			if want := append([]graph.Flag{}, tt.flags...); !slices.Equal(v.Flags, want) {
				t.Errorf("flags %v, want %v", v.Flags, want)
			}
		})
	}
}

// TestDelisted checks as-of filtering of designations.
func TestDelisted(t *testing.T) {
	tests := []struct {
		asOf      graph.Date
		x, a      graph.Status
		seedCount int
	}{
		{"2019-12-31", graph.StatusClear, graph.StatusClear, 0},
		{"2022-06-30", graph.StatusDesignated, graph.StatusBlocked, 1},
		{"2023-01-01", graph.StatusClear, graph.StatusClear, 0},
	}
	s := snap(t, "X>A 60", "X:ofac:2020-01-01..2023-01-01")
	for _, tt := range tests {
		res := analyze(t, s, tt.asOf)
		x, _ := res.Verdict("X", graph.RegimeOFAC)
		a, _ := res.Verdict("A", graph.RegimeOFAC)
		if x.Status != tt.x || a.Status != tt.a {
			t.Errorf("%s: X %s A %s, want %s %s", tt.asOf, x.Status, a.Status, tt.x, tt.a)
		}
		if got := len(designatedIDs(res, graph.RegimeOFAC)); got != tt.seedCount {
			t.Errorf("%s: %d designated", tt.asOf, got)
		}
	}
}

// TestUNSeeds checks that un seeds uk and eu but not ofac.
func TestUNSeeds(t *testing.T) {
	res := analyze(t, snap(t, "X>A 60", "X:un"), "2025-06-30")
	want := map[graph.Regime]graph.Status{graph.RegimeOFAC: graph.StatusClear, graph.RegimeUK: graph.StatusOwned, graph.RegimeEU: graph.StatusOwned}
	for r, st := range want {
		if v, _ := res.Verdict("A", r); v.Status != st {
			t.Errorf("%s: %s, want %s", r, v.Status, st)
		}
	}
}
