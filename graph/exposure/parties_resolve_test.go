package exposure_test

import (
	"slices"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/resolve"
)

// TestRulesPartiesAndLinks is the table of RULES.md section 2, "Parties
// and links", from records to verdicts: the records are resolved
// (resolve.Resolve with its defaults, plus a person's decision where the
// case has one) and the links analysed. S is an SDN entry (designated
// under OFAC); P, a record of another source, holds 60 % of C. A strong
// link makes P the designated party and C blocked; a possible one leaves
// both clear, C flagged possibly-exposed; a vetoed or refused one leaves
// both clear and unflagged.
func TestRulesPartiesAndLinks(t *testing.T) {
	person := func(id, name, country string, dob ...string) graph.Entity {
		e := graph.Entity{ID: id, Name: name, Kind: graph.KindPerson, Countries: []string{country}}
		for _, d := range dob {
			e.Facts = append(e.Facts, graph.Fact{Type: graph.FactBirthDate, Value: d})
		}
		return e
	}
	company := func(id, name, country, lei string) graph.Entity {
		return graph.Entity{ID: id, Name: name, Kind: graph.KindCompany, Countries: []string{country},
			Identifiers: []graph.Identifier{{Scheme: "lei", Value: lei}}}
	}
	sdn := func(id string) graph.Designation {
		return graph.Designation{Entity: id, Regime: graph.RegimeOFAC, Program: "SDGT", Provenance: graph.Provenance{Source: "ofac-sdn"}}
	}
	const lei = "5493001KJTIIGC8Y1R12"
	tests := []struct {
		name     string
		p, s     graph.Entity
		extra    []graph.Designation // more designations (P on the SDN too)
		decision *graph.SameAs       // a person's decision on P and S
		want     graph.Status        // C under OFAC
		flagged  bool                // C possibly-exposed
	}{
		{"an identifier link merges",
			company("p:1", "Marlow Trading Ltd", "GB", lei), company("ofac:1", "BLUE HERON SHIPPING LLC", "AE", lei),
			nil, nil, graph.StatusBlocked, false},
		{"a name link alone does not merge",
			person("p:1", "Abdul Samad", "GB"), person("ofac:1", "SAMAD, Abdul", "PK"),
			nil, nil, graph.StatusClear, true},
		{"a corroborated name link merges",
			person("p:1", "Abdul Samad", "GB", "1977"), person("ofac:1", "SAMAD, Abdul", "PK", "02 Mar 1977"),
			nil, nil, graph.StatusBlocked, false},
		{"a conflicting birth date vetoes",
			person("p:1", "Abdul Samad", "GB", "1970"), person("ofac:1", "SAMAD, Abdul", "PK", "1977"),
			nil, nil, graph.StatusClear, false},
		{"a conflicting birth date vetoes even an identifier link",
			func() graph.Entity {
				e := person("p:1", "Abdul Samad", "GB", "1970")
				e.Identifiers = []graph.Identifier{{Scheme: "passport", Value: "AB1234567", Country: "PK"}}
				return e
			}(),
			func() graph.Entity {
				e := person("ofac:1", "SAMAD, Abdul", "PK", "1977")
				e.Identifiers = []graph.Identifier{{Scheme: "passport", Value: "AB1234567", Country: "PK"}}
				return e
			}(),
			nil, nil, graph.StatusClear, false},
		{"two SDN entries never merge",
			person("p:1", "Abdul Samad", "GB", "1977"), person("ofac:1", "SAMAD, Abdul", "PK", "1977"),
			[]graph.Designation{{Entity: "p:1", Regime: graph.RegimeUK, Program: "TEST", Provenance: graph.Provenance{Source: "ofac-sdn"}}},
			nil, graph.StatusClear, false},
		{"a confirmed link merges",
			person("p:1", "Abdul Samad", "GB", "1970"), person("ofac:1", "SAMAD, Abdul", "PK", "1977"),
			nil, &graph.SameAs{A: "p:1", B: "ofac:1", Method: graph.MethodConfirmed, Score: 1, Strength: graph.StrengthStrong}, graph.StatusBlocked, false},
		{"a rejected pair is never linked",
			person("p:1", "Abdul Samad", "GB", "1977"), person("ofac:1", "SAMAD, Abdul", "PK", "1977"),
			nil, &graph.SameAs{A: "ofac:1", B: "p:1", Method: graph.MethodRejected, Score: 1, Strength: graph.StrengthRejected}, graph.StatusClear, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := graph.Entity{ID: "c:1", Name: "Harbour Bakery Ltd", Kind: graph.KindCompany, Countries: []string{"GB"}}
			des := append([]graph.Designation{sdn("ofac:1")}, tt.extra...)
			var decided []graph.SameAs
			if tt.decision != nil {
				d := *tt.decision
				d.Evidence, d.Provenance = "decided by test at "+time.Unix(0, 0).UTC().Format(time.RFC3339), graph.Provenance{Source: graph.SourceReview}
				decided = append(decided, d)
			}
			res := resolve.Resolve(resolve.Input{Entities: []graph.Entity{tt.p, tt.s, c}, Lists: resolve.ListsOf(des), Links: decided}, resolve.Options{})
			snap := &graph.Snapshot{
				Entities:     []graph.Entity{tt.p, tt.s, c},
				Designations: des,
				Holdings: []graph.Holding{{Owner: "p:1", Owned: "c:1", Share: graph.Exact(60 * graph.PctScale),
					Votes: graph.Exact(60 * graph.PctScale), Provenance: graph.Provenance{Source: "register"}}},
				SameAs: append(decided, res.Links...),
			}
			r, err := exposure.Analyze(snap, exposure.Options{AsOf: "2025-06-30"})
			if err != nil {
				t.Fatal(err)
			}
			v, _ := r.Verdict("c:1", graph.RegimeOFAC)
			if v.Status != tt.want || slices.Contains(v.Flags, graph.FlagPossiblyExposed) != tt.flagged {
				t.Errorf("C: %s %v, want %s (possibly exposed %v); links %+v", v.Status, v.Flags, tt.want, tt.flagged, res.Links)
			}
			p, _ := r.Verdict("p:1", graph.RegimeOFAC)
			if merged := tt.want == graph.StatusBlocked; (p.Status == graph.StatusDesignated) != merged {
				t.Errorf("P: %s, want designated only when merged with S", p.Status)
			}
		})
	}
}
