package exposure

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

// TestReportsOfOneStake runs the cases of RULES.md section 2, "Reports of
// one stake", and issue 16's 30 % + 30 % case, through the engines: per
// regime the non-clear, non-designated statuses, and the flags of A.
func TestReportsOfOneStake(t *testing.T) {
	tests := []struct {
		name, facts  string
		ofac, uk, eu string
		conflict     bool
		how          string // the proof's account of the merge
	}{
		{"30 % reported by two registers counts once (issue 16)",
			"X>A 30 #registry-a; X>A 30 #registry-b", "", "", "", false,
			"2 reports, intersection 30 ∩ 30 = 30"},
		{"band (25,50] and exact 50 meet at 50",
			"X>A (25,50] #a; X>A 50 #b", "A:blocked", "", "A:owned", false,
			"2 reports, intersection (25,50] ∩ 50 = 50"},
		{"unknown and 60 meet at 60",
			"X>A ? #a; X>A 60 #b", "A:blocked", "A:owned", "A:owned", false,
			"2 reports, intersection unknown ∩ 60 = 60"},
		{"30 and 40 disagree: hull [30,40]",
			"X>A 30 #a; X>A 40 #b", "", "", "", true,
			"2 reports disagree: hull [30,40] (a: 30; b: 40)"},
		{"(50,75) and 50 do not meet: hull [50,75)",
			"X>A (50,75) #a; X>A 50 #b", "A:blocked", "A:undetermined", "A:owned", true,
			"2 reports disagree: hull [50,75) (a: (50,75); b: 50)"},
		{"one source's two interests add up",
			"X>A 30 #a; X>A 30 2020-01-01.. #a", "A:blocked", "A:owned", "A:owned", false,
			"2 reports of one source add up: a: 30 + 30 = 60"},
		{"one source's exact duplicates count once",
			"X>A 30 #a; X>A 30 #a", "", "", "", false,
			"2 reports of one source add up: a: 30 (1 exact duplicate counted once)"},
		{"a source's total is one report: (20 + 30) ∩ 50",
			"X>A 20 #a; X>A 30 #a; X>A 50 #b", "A:blocked", "", "A:owned", false,
			"3 reports, intersection 50 ∩ 50 = 50 (a: 20 + 30 = 50; b: 50)"},
		{"three reports meet: (25,50] ∩ 30 ∩ unknown",
			"X>A (25,50] #a; X>A 30 #b; X>A ? #c", "", "", "", false,
			"3 reports, intersection (25,50] ∩ 30 ∩ unknown = 30"},
		{"no meeting of all three: hull of all, not of pairs",
			"X>A 0-40 #a; X>A 30-50 #b; X>A 45-60 #c", "A:undetermined", "A:undetermined", "A:undetermined", true,
			"3 reports disagree: hull [0,60] (a: [0,40]; b: [30,50]; c: [45,60])"},
		{"records of two linked records of one owner are one stake",
			"X>A 30 #a; X2>A 30 #b; X~X2 strong", "", "", "", false,
			"2 reports, intersection 30 ∩ 30 = 30"},
		{"a record not in force on the date is no report",
			"X>A 30 #a; X>A 60 2030-01-01.. #b", "", "", "", false, ""},
		{"votes are merged apart from shares",
			"X>A 30/30 #a; X>A 30/60 #b", "", "A:undetermined", "A:undetermined", true,
			"2 reports, intersection 30 ∩ 30 = 30; votes disagree: hull [30,60]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			told := false
			s := snap(t, tt.facts, "X:ofac", "X:uk", "X:eu")
			res := analyze(t, s, "2025-06-30")
			want := map[graph.Regime]string{graph.RegimeOFAC: tt.ofac, graph.RegimeUK: tt.uk, graph.RegimeEU: tt.eu}
			for _, r := range graph.Engines {
				if got := statuses(t, res, r); got != want[r] {
					t.Errorf("%s: got %q, want %q", r, got, want[r])
				}
				v, ok := res.Verdict("A", r)
				if !ok {
					t.Fatal("no verdict for A")
				}
				if got := hasFlag(v, graph.FlagConflictingReports); got != tt.conflict {
					t.Errorf("%s: conflicting-reports %v, want %v (flags %v)", r, got, tt.conflict, v.Flags)
				}
				p, err := res.Explain("A", r)
				if err != nil {
					t.Fatal(err)
				}
				// A proof shows the holdings it counted (a clear UK
				// proof may show none): each merged one says how.
				for _, h := range p.Holdings {
					if h.Merge == nil {
						continue
					}
					told = true
					if h.Merge.How != tt.how {
						t.Errorf("%s: proof says %q, want %q", r, h.Merge.How, tt.how)
					}
				}
			}
			if told != (tt.how != "") {
				t.Errorf("a proof told of a merge: %v, want %v", told, tt.how != "")
			}
		})
	}
}

// TestMergedStakeProofListsReports checks that the proof of a merged stake
// names every report with its source and record, and that the stake's
// provenance names them all.
func TestMergedStakeProofListsReports(t *testing.T) {
	res := analyze(t, snap(t, "X>A (25,50] #psc; X>A 50 #opensanctions; X>A 50 #psc", "X:ofac"), "2025-06-30")
	p, err := res.Explain("A", graph.RegimeOFAC)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Holdings) != 1 || p.Holdings[0].Merge == nil {
		t.Fatalf("want one merged holding: %+v", p.Holdings)
	}
	m := p.Holdings[0].Merge
	var got []string
	for _, r := range m.Reports {
		got = append(got, r.Source+"/"+r.Record+"/"+r.Share.String())
	}
	want := []string{"opensanctions/r2/50", "psc/r1/(25,50]", "psc/r3/50"}
	if !slices.Equal(got, want) || m.Sources != 2 {
		t.Errorf("reports %v (%d sources), want %v (2)", got, m.Sources, want)
	}
	h := p.Holdings[0].Holding
	if h.Source != "opensanctions + psc" || h.Record != "r2 + r1 + r3" {
		t.Errorf("merged provenance %q %q", h.Source, h.Record)
	}
	// psc's two records add up to (75,100], which meets opensanctions' 50 nowhere.
	if !m.Conflict || h.Share != graph.Interval(50*graph.PctScale, false, graph.Hundred, false) {
		t.Errorf("merge %+v, stake %v", m, h.Share)
	}
}

// TestStreamedMergeMatchesFed checks that a store's stream (the builder
// fed row by row, with sources and dates as bytes) merges reports as the
// fed snapshot does, exact duplicates included.
func TestStreamedMergeMatchesFed(t *testing.T) {
	s := snap(t, "X>A 30 #a; X>A 30 #a; X>A 30 2020-01-01.. #a; X>A 50 #b; N>B 20 #a; X>B 40 #b; X>B 10 #c", "X:ofac")
	fed := analyze(t, s, "2025-06-30")
	b := NewBuilder("2025-06-30", 0)
	if err := b.Relations(s.Designations, s.Controls, s.SameAs); err != nil {
		t.Fatal(err)
	}
	ents := slices.Clone(s.Entities)
	slices.SortFunc(ents, func(x, y graph.Entity) int { return strings.Compare(x.ID, y.ID) })
	for _, e := range ents {
		if err := b.Entity(graph.EntityRow{ID: []byte(e.ID), Name: []byte(e.Name)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, h := range s.Holdings {
		row := graph.HoldingRow{Owner: []byte(h.Owner), Owned: []byte(h.Owned), Share: h.Share, Votes: h.Votes,
			Source: []byte(h.Source), Start: []byte(h.Start), End: []byte(h.End)}
		if err := b.Holding(&row); err != nil {
			t.Fatal(err)
		}
	}
	streamed, err := b.Analyze(Options{AsOf: "2025-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range graph.Engines {
		for _, id := range []string{"A", "B"} {
			fv, _ := fed.Verdict(id, r)
			sv, _ := streamed.Verdict(id, r)
			if fv.Status != sv.Status || fv.Share != sv.Share || !slices.Equal(fv.Flags, sv.Flags) {
				t.Errorf("%s %s: fed %v %v %v, streamed %v %v %v", r, id, fv.Status, fv.Share, fv.Flags, sv.Status, sv.Share, sv.Flags)
			}
		}
	}
	if v, _ := streamed.Verdict("A", graph.RegimeOFAC); v.Status != graph.StatusBlocked || !hasFlag(v, graph.FlagConflictingReports) {
		t.Errorf("A: %+v; want blocked (a: 30 + 30 = 60 against b: 50, hull [50,60]) with conflicting-reports", v)
	}
}

// TestDuplicateReportsProperty: on random graphs, giving each stake as
// several reports whose merge is known by construction gives the verdicts
// of the same graph with each stake given once as that range (issue 16,
// acceptance 2). The reports of a stake s are: s itself from one source;
// from other sources, s again, a range containing s (an unknown share, a
// wider band), or s split into two records that add up to it; and exact
// duplicates of any record of a source. Their intersection is s, so the
// merge must be s and never conflict.
func TestDuplicateReportsProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 2026))
	for i := range 1500 {
		base := randomSnapshot(rng)
		once := dedupePairs(base)
		dup := &graph.Snapshot{Entities: once.Entities, Designations: once.Designations, Controls: once.Controls}
		for _, h := range once.Holdings {
			dup.Holdings = append(dup.Holdings, reportsOf(rng, h)...)
		}
		rng.Shuffle(len(dup.Holdings), func(a, b int) { dup.Holdings[a], dup.Holdings[b] = dup.Holdings[b], dup.Holdings[a] })
		want, err := Analyze(once, Options{AsOf: "2025-06-30"})
		if err != nil {
			t.Fatal(err)
		}
		got, err := Analyze(dup, Options{AsOf: "2025-06-30"})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range graph.Engines {
			for _, e := range once.Entities {
				wv, _ := want.Verdict(e.ID, r)
				gv, _ := got.Verdict(e.ID, r)
				if wv.Status != gv.Status || wv.Share != gv.Share || wv.Votes != gv.Votes ||
					!slices.Equal(wv.Flags, gv.Flags) {
					t.Fatalf("case %d %s %s: once %v %v/%v %v, reported several times %v %v/%v %v\nonce: %+v\ndup: %+v",
						i, r, e.ID, wv.Status, wv.Share, wv.Votes, wv.Flags, gv.Status, gv.Share, gv.Votes, gv.Flags,
						once.Holdings, dup.Holdings)
				}
			}
		}
	}
}

// dedupePairs keeps the first holding of each owner and owned entity, so
// that each stake is given once.
func dedupePairs(s *graph.Snapshot) *graph.Snapshot {
	out := *s
	out.Holdings = nil
	seen := map[[2]string]bool{}
	for _, h := range s.Holdings {
		k := [2]string{h.Owner, h.Owned}
		if !seen[k] {
			seen[k] = true
			h.Source = "s0"
			out.Holdings = append(out.Holdings, h)
		}
	}
	return &out
}

// reportsOf returns records of stake h from several sources whose merge is
// h's share and votes.
func reportsOf(rng *rand.Rand, h graph.Holding) []graph.Holding {
	out := []graph.Holding{h}
	if rng.IntN(3) == 0 {
		out = append(out, h) // an exact duplicate in source s0
	}
	if !h.Share.Valid() || !h.Votes.Valid() {
		return out // randomSnapshot's votes may pass 100: nothing contains them
	}
	for src := range rng.IntN(3) {
		r := h
		r.Source = fmt.Sprintf("s%d", src+1)
		r.Arrangement = "" // another source need not know the arrangement
		switch rng.IntN(4) {
		case 0: // the same range
		case 1: // unknown
			r.Share, r.Votes = graph.Unknown(), graph.Unknown()
		case 2: // wider: closed ends further out
			r.Share, r.Votes = wider(rng, h.Share), wider(rng, h.Votes)
		case 3: // split into two records of this source that add up to h
			if a, b, ok := split(h.Share); ok && h.Votes == h.Share {
				r.Share, r.Votes = a, a
				r2 := r
				r2.Share, r2.Votes = b, b
				r2.Start = "2001-01-01" // not an exact duplicate of r
				out = append(out, r2)
			}
		}
		out = append(out, r)
	}
	return out
}

// wider returns a range containing r.
func wider(rng *rand.Rand, r graph.Range) graph.Range {
	w := r
	if d := graph.Pct(rng.IntN(3)) * 5 * graph.PctScale; w.Lo >= d {
		w.Lo -= d
		if d > 0 {
			w.LoOpen = false
		}
	}
	if d := graph.Pct(rng.IntN(3)) * 5 * graph.PctScale; w.Hi+d <= graph.Hundred {
		w.Hi += d
		if d > 0 {
			w.HiOpen = false
		}
	}
	return w
}

// split returns two exact shares that add up to an exact share r.
func split(r graph.Range) (a, b graph.Range, ok bool) {
	if r.Lo != r.Hi || r.LoOpen || r.HiOpen || r.Lo < 2*graph.PctScale {
		return a, b, false
	}
	x := r.Lo / 2
	return graph.Exact(x), graph.Exact(r.Lo - x), true
}
