package exposure

import (
	"slices"
	"testing"

	"github.com/ownex/ownex/graph"
)

// TestOpenBounds checks the exact semantics of open and closed bounds
// (docs/SHARES.md) in all three regimes: each case gives the facts and the
// status of A (or the named entity) under OFAC, UK and EU, and optionally
// the OFAC counted share range and flags per regime.
func TestOpenBounds(t *testing.T) {
	const (
		bl = graph.StatusBlocked
		ow = graph.StatusOwned
		co = graph.StatusControlled
		un = graph.StatusUndetermined
		cl = graph.StatusClear
	)
	pct := func(p int64) graph.Pct { return graph.Pct(p) * graph.PctScale }
	minority := []graph.Flag{graph.FlagMinorityExposure}
	tests := []struct {
		name, facts    string
		entity         string
		ofac, uk, eu   graph.Status
		ofacShare      graph.Range // checked when non-zero
		ukShare        graph.Range // checked when non-zero
		ofacFl, ukFl   []graph.Flag
		checkFlags     bool
		designatedOnly []string // designations, default X, Y, Z everywhere
	}{
		{name: "lone (25,50]", facts: "X>A (25,50]", ofac: un, uk: cl, eu: un,
			ofacShare: graph.Interval(pct(25), true, pct(50), false), ukShare: graph.Interval(pct(25), true, pct(50), false),
			ofacFl: minority, ukFl: minority, checkFlags: true},
		{name: "lone [25,50) cannot reach 50", facts: "X>A [25,50)", ofac: cl, uk: cl, eu: cl,
			ofacShare: graph.Interval(pct(25), false, pct(50), true), ofacFl: minority, ukFl: minority, checkFlags: true},
		{name: "<50 is clear, 0-50 is undetermined", facts: "X>A <50; X>B 0-50", ofac: cl, uk: cl, eu: cl},
		{name: "0-50 is undetermined", facts: "X>A <50; X>B 0-50", entity: "B", ofac: un, uk: cl, eu: un},
		{name: "two (25,50] of one person", facts: "X>A (25,50]; X>A (25,50] 2001-01-01..", ofac: bl, uk: ow, eu: ow,
			ofacShare: graph.Interval(pct(50), true, pct(100), false), ukShare: graph.Interval(pct(50), true, pct(100), false),
			ofacFl: nil, ukFl: nil, checkFlags: true},
		{name: "two (25,50] of two persons", facts: "X>A (25,50]; Y>A (25,50]", ofac: bl, uk: cl, eu: ow,
			ukShare: graph.Interval(pct(25), true, pct(50), false), ofacFl: nil, ukFl: minority, checkFlags: true},
		{name: "two (25,50] in a joint arrangement with N", facts: "X>A (25,50] @j; N>A (25,50] @j", ofac: un, uk: ow, eu: un,
			ukShare: graph.Interval(pct(50), true, pct(100), false)},
		{name: "(50,75) is more than 50", facts: "X>A (50,75)", ofac: bl, uk: ow, eu: ow,
			ofacShare: graph.Interval(pct(50), true, pct(75), true)},
		{name: "[50,75) is 50 or more", facts: "X>A [50,75)", ofac: bl, uk: un, eu: ow,
			ukShare: graph.Interval(pct(50), false, pct(75), true), ukFl: minority, checkFlags: true},
		{name: ">50 votes only", facts: "X>A 10/>50", ofac: cl, uk: ow, eu: co},
		{name: ">=50 votes only", facts: "X>A 10/>=50", ofac: cl, uk: un, eu: un},
		{name: "votes [50,60] EU undetermined", facts: "X>A 10/[50,60]", ofac: cl, uk: un, eu: un},
		{name: "UK conduit through >50 votes", facts: "X>A 0/>50; A>B (50,100]", entity: "B", ofac: cl, uk: ow, eu: ow},
		{name: "UK no conduit through >=50 votes", facts: "X>A 0/>=50; A>B (50,100]", entity: "B", ofac: cl, uk: un, eu: un},
		{name: "chain of open bounds", facts: "X>A >50; A>B (25,50]; X>B (25,50]", entity: "B", ofac: bl, uk: ow, eu: ow,
			ofacShare: graph.Interval(pct(50), true, pct(100), false)},
		{name: "minority floor open at 24.99", facts: "X>A (24.99,30]", ofac: cl, uk: cl, eu: cl,
			ofacFl: nil, ukFl: nil, checkFlags: true},
		{name: "minority floor open at 25", facts: "X>A (25,30]", ofac: cl, uk: cl, eu: cl,
			ofacFl: minority, ukFl: minority, checkFlags: true},
		// Capping: the cap 100 − Σ lo of the others is open when one of
		// those lower bounds is.
		{name: "cap against (50,100] is open", facts: "X>A ?; N>A (50,100]", ofac: cl, uk: cl, eu: cl,
			ofacShare: graph.Interval(0, false, pct(50), true)},
		{name: "cap against [50,100] is closed", facts: "X>A ?; N>A [50,100]", ofac: un, uk: cl, eu: un,
			ofacShare: graph.Interval(0, false, pct(50), false)},
		{name: "cap against (25,50] is 75 open", facts: "X>A ?; N>A (25,50]", ofac: un, uk: un, eu: un,
			ukShare: graph.Interval(0, false, pct(75), true)},
		{name: "cap tie keeps the open bound", facts: "X>A [40,50]; N>A (50,60]", ofac: cl, uk: cl, eu: cl,
			ofacShare: graph.Interval(pct(40), false, pct(50), true), ofacFl: minority, ukFl: minority, checkFlags: true},
		{name: "open lower bounds summing to 100 over-allocate", facts: "X>A (50,60]; N>A 50", ofac: bl, uk: ow, eu: ow,
			ofacShare: graph.Exact(pct(50)), // the cap 50 falls to the open lower bound: given closed
			ofacFl:    []graph.Flag{graph.FlagOverAllocated}, ukFl: []graph.Flag{graph.FlagOverAllocated}, checkFlags: true},
		{name: "closed lower bounds summing to 100 do not", facts: "X>A [50,60]; N>A 50", ofac: bl, uk: cl, eu: ow,
			ofacShare: graph.Exact(pct(50)), ofacFl: nil, ukFl: minority, checkFlags: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := analyze(t, snap(t, tt.facts, tt.designatedOnly...), "2025-06-30")
			id := tt.entity
			if id == "" {
				id = "A"
			}
			for r, want := range map[graph.Regime]graph.Status{graph.RegimeOFAC: tt.ofac, graph.RegimeUK: tt.uk, graph.RegimeEU: tt.eu} {
				if v, _ := res.Verdict(id, r); v.Status != want {
					t.Errorf("%s %s: %s (share %v, votes %v), want %s", id, r, v.Status, v.Share, v.Votes, want)
				}
			}
			of, _ := res.Verdict(id, graph.RegimeOFAC)
			uk, _ := res.Verdict(id, graph.RegimeUK)
			if tt.ofacShare != (graph.Range{}) && of.Share != tt.ofacShare {
				t.Errorf("OFAC share %v, want %v", of.Share, tt.ofacShare)
			}
			if tt.ukShare != (graph.Range{}) && uk.Share != tt.ukShare {
				t.Errorf("UK share %v, want %v", uk.Share, tt.ukShare)
			}
			if tt.checkFlags {
				if want := append([]graph.Flag{}, tt.ofacFl...); !slices.Equal(of.Flags, want) {
					t.Errorf("OFAC flags %v, want %v", of.Flags, want)
				}
				if want := append([]graph.Flag{}, tt.ukFl...); !slices.Equal(uk.Flags, want) {
					t.Errorf("UK flags %v, want %v", uk.Flags, want)
				}
			}
		})
	}
}

// TestOpenBoundsProof checks that proofs show the run's amounts with their
// openness: the definite run counts "more than 25", the possible run
// "less than 50".
func TestOpenBoundsProof(t *testing.T) {
	res := analyze(t, snap(t, "X>A (25,50]; X>A (25,50] 2001-01-01.."), "2025-06-30")
	p, err := res.Explain("A", graph.RegimeUK)
	if err != nil {
		t.Fatal(err)
	}
	// One source's two records of X in A add up to one stake (RULES.md
	// "Reports of one stake"): (25,50] + (25,50] = (50,100].
	more50 := graph.Interval(graph.Fifty, true, graph.Hundred, false)
	if p.Status != graph.StatusOwned || p.Run != graph.RunDefinite || len(p.Holdings) != 1 ||
		p.Holdings[0].CountedShare != more50 || p.Share != more50 ||
		p.Holdings[0].Merge == nil || len(p.Holdings[0].Merge.Reports) != 2 {
		t.Fatalf("proof %+v", p)
	}
	res = analyze(t, snap(t, "X>A ?; N>A (25,50]"), "2025-06-30")
	if p, err = res.Explain("A", graph.RegimeOFAC); err != nil {
		t.Fatal(err)
	}
	if p.Status != graph.StatusUndetermined || p.Run != graph.RunPossible || len(p.Holdings) != 1 ||
		p.Holdings[0].CountedShare != graph.Interval(0, false, 75*graph.PctScale, true) {
		t.Fatalf("proof %+v", p)
	}
}
