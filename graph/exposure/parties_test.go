package exposure

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

// TestPartiesAndLinks runs the cases of RULES.md section 2, "Parties and
// links", on the engines: only strong links (identifier, cross-reference,
// confirmed, corroborated name) merge parties; a possible link never
// changes a status but flags possibly-same-as and possibly-exposed; a
// rejection undoes every other link of its pair. S is an SDN record
// (designated under ofac only); P is an innocent person who holds 60 % of
// C; T holds 30 % of D with P also holding 30 %.
func TestPartiesAndLinks(t *testing.T) {
	const base = "P>C 60; C>E 100"
	tests := []struct {
		name  string
		facts string
		// want: per entity, the OFAC status and flags, "status[+flag...]"
		want map[string]string
		// via: the candidate named by possibly-exposed on C
		via string
	}{
		{"no link", base, map[string]string{"P": "clear", "C": "clear", "E": "clear"}, ""},
		{"identifier link merges", base + "; P~S strong", map[string]string{
			"P": "designated", "C": "blocked", "E": "blocked"}, ""},
		{"corroborated name link merges", base + "; S~P strong 0.91", map[string]string{
			"P": "designated", "C": "blocked", "E": "blocked"}, ""},
		{"a name link alone does not merge", base + "; P~S possible 0.96", map[string]string{
			"P": "clear+possibly-same-as+possibly-exposed", "C": "clear+possibly-exposed",
			"E": "clear+possibly-exposed", "S": "designated"}, "S"},
		{"a confirmed link merges", base + "; P~S confirmed", map[string]string{
			"P": "designated", "C": "blocked", "E": "blocked"}, ""},
		{"a rejection undoes a strong link", base + "; P~S strong; P~S rejected", map[string]string{
			"P": "clear", "C": "clear", "E": "clear"}, ""},
		{"a rejection undoes a possible link", base + "; P~S possible 0.9; S~P rejected", map[string]string{
			"P": "clear", "C": "clear", "E": "clear"}, ""},
		// Possible links add up as the engines add: P's 30 % counts with
		// the designated T's 30 % only when P is merged with S.
		{"possibly exposed through a sum", "P>D 30; T>D 30; P~S possible 0.9", map[string]string{
			"P": "clear+possibly-same-as+possibly-exposed", "D": "clear+possibly-exposed", "T": "designated"}, ""},
		{"possibly exposed needs the merge to reach the threshold", "P>D 30; N>D 30; P~S possible 0.9", map[string]string{
			"P": "clear+possibly-same-as+possibly-exposed", "D": "clear", "N": "clear"}, ""},
		{"a possible link between two clear parties flags nothing", "P>C 60; P~N possible 0.99", map[string]string{
			"P": "clear", "C": "clear", "N": "clear"}, ""},
		{"a possible link to an exposed party flags possibly-same-as", "S>K 60; Q>R 60; Q~K possible 0.9", map[string]string{
			"K": "blocked", "Q": "clear+possibly-same-as+possibly-exposed", "R": "clear+possibly-exposed"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := snap(t, tt.facts, "S:ofac", "T:ofac")
			res := analyze(t, s, "2025-06-30")
			for id, want := range tt.want {
				v, ok := res.Verdict(id, graph.RegimeOFAC)
				if !ok {
					t.Fatalf("no verdict on %s", id)
				}
				got := string(v.Status)
				for _, f := range v.Flags {
					if f == graph.FlagPossiblySameAs || f == graph.FlagPossiblyExposed {
						got += "+" + string(f)
					}
				}
				if got != want {
					t.Errorf("%s: got %s, want %s", id, got, want)
				}
				if hasFlag(v, graph.FlagPossiblyExposed) && v.PossibleStatus == "" {
					t.Errorf("%s: possibly-exposed without the status it would have", id)
				}
				if hasFlag(v, graph.FlagPossiblyExposed) != (len(v.PossiblyExposedVia) > 0) {
					t.Errorf("%s: possibly-exposed and its links disagree: %+v", id, v)
				}
				if hasFlag(v, graph.FlagPossiblySameAs) != (len(v.PossiblySameAs) > 0) {
					t.Errorf("%s: possibly-same-as and its links disagree: %+v", id, v)
				}
			}
			if tt.via != "" {
				v, _ := res.Verdict("C", graph.RegimeOFAC)
				if len(v.PossiblyExposedVia) != 1 || v.PossiblyExposedVia[0].Candidate != tt.via || v.PossibleStatus != graph.StatusBlocked ||
					v.PossiblyExposedVia[0].Entity != "P" || v.PossiblyExposedVia[0].Status != graph.StatusDesignated {
					t.Errorf("C: possibly exposed via %+v (would be %s), want %s and blocked", v.PossiblyExposedVia, v.PossibleStatus, tt.via)
				}
				p, _ := res.Verdict("P", graph.RegimeOFAC)
				if len(p.PossiblySameAs) != 1 || p.PossiblySameAs[0].Candidate != tt.via || p.PossiblySameAs[0].Score != 0.96 ||
					p.PossiblySameAs[0].Status != graph.StatusDesignated || !strings.Contains(p.PossiblySameAs[0].Names, "P ~ S") {
					t.Errorf("P: possibly same as %+v, want %s at 0.96 with its names, designated", p.PossiblySameAs, tt.via)
				}
			}
		})
	}
}

// TestPossibleLinksOtherRegimes checks that the flags are per regime: an
// SDN-only candidate flags nothing under UK and EU.
func TestPossibleLinksOtherRegimes(t *testing.T) {
	res := analyze(t, snap(t, "P>C 60; P~S possible 0.96", "S:ofac"), "2025-06-30")
	for _, r := range []graph.Regime{graph.RegimeUK, graph.RegimeEU} {
		for _, id := range []string{"P", "C"} {
			v, _ := res.Verdict(id, r)
			if v.Status != graph.StatusClear || len(v.Flags) != 0 {
				t.Errorf("%s %s: %s %v, want clear without flags", r, id, v.Status, v.Flags)
			}
		}
	}
	// And explain shows them.
	pr, err := res.Explain("C", graph.RegimeOFAC)
	if err != nil {
		t.Fatal(err)
	}
	if pr.Status != graph.StatusClear || pr.PossibleStatus != graph.StatusBlocked || len(pr.PossiblyExposedVia) != 1 {
		t.Errorf("explain C: %s, would be %s via %+v", pr.Status, pr.PossibleStatus, pr.PossiblyExposedVia)
	}
}

// TestPossibleLinksMatchMergedAnalysis is the property behind the third
// run: on random graphs, an entity is possibly-exposed exactly when it is
// not exposed in the normal analysis and exposed in an analysis where the
// possible links are strong.
func TestPossibleLinksMatchMergedAnalysis(t *testing.T) {
	for seed := range int64(300) {
		facts := randomFacts(seed)
		base := snap(t, facts, "S:ofac", "S:uk", "T:eu", "T:ofac", "U:un")
		res := analyze(t, base, "2025-06-30")
		strong := snap(t, strings.ReplaceAll(facts, " possible", " strong"), "S:ofac", "S:uk", "T:eu", "T:ofac", "U:un")
		all := analyze(t, strong, "2025-06-30")
		for _, r := range graph.Engines {
			for v := range res.Verdicts(r) {
				m, _ := all.Verdict(v.Entity, r)
				want := !v.Status.Exposed() && m.Status.Exposed()
				if got := hasFlag(v, graph.FlagPossiblyExposed); got != want {
					t.Fatalf("seed %d %s %s: possibly-exposed %v, want %v (status %s, merged %s)\nfacts: %s",
						seed, r, v.Entity, got, want, v.Status, m.Status, facts)
				}
				if want && v.PossibleStatus != m.Status {
					t.Fatalf("seed %d %s %s: would be %s, merged analysis says %s", seed, r, v.Entity, v.PossibleStatus, m.Status)
				}
			}
		}
	}
}

// randomFacts draws a small graph over S, T, U (designated) and A..H, with
// holdings, a control edge, strong links and possible links.
func randomFacts(seed int64) string {
	x := uint64(seed)*0x9E3779B97F4A7C15 + 1
	next := func(n int) int {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		return int(x % uint64(n))
	}
	ids := []string{"S", "T", "U", "A", "B", "C", "D", "E", "F", "G", "H"}
	var f []string
	for range 4 + next(10) {
		a, b := ids[next(len(ids))], ids[3+next(len(ids)-3)]
		if a != b {
			f = append(f, fmt.Sprintf("%s>%s %d", a, b, 10*(1+next(8))))
		}
	}
	if next(2) == 0 {
		f = append(f, fmt.Sprintf("%s=%s board-appointment", ids[next(len(ids))], ids[3+next(len(ids)-3)]))
	}
	for range next(3) {
		a, b := ids[next(len(ids))], ids[next(len(ids))]
		if a != b {
			f = append(f, fmt.Sprintf("%s~%s strong", a, b))
		}
	}
	for range 1 + next(3) {
		a, b := ids[next(len(ids))], ids[next(len(ids))]
		if a != b {
			f = append(f, fmt.Sprintf("%s~%s possible 0.9", a, b))
		}
	}
	return strings.Join(f, "; ")
}
