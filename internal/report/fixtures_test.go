package report

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// The fixtures of the writer tests: hand-built verdicts, proofs, screening
// rows and entity details (these tests check formatting, not the
// engines). plain* carry no possible link: their output must not change
// with the possible-link columns (testdata/plain-*.golden were written
// before those columns existed; only the CSV headers gained columns at
// the end). possible* carry both flags and their links.

var (
	samadLink = graph.PossibleLink{Entity: "gb:abdul-samad", Candidate: "ofac:12403", Name: "UR-REHMAN, Mati",
		Score: 1, Names: "Abdul Samad ~ SAMAD, Abdul", Status: graph.StatusDesignated}
	samadLink2 = graph.PossibleLink{Entity: "gb:abdul-samad", Candidate: "ofac:17001", Name: "SAMAD, Abdul <Haji>",
		Score: 0.934, Names: "Abdul Samad ~ SAMAD, Abdul Haji", Status: graph.StatusDesignated}
)

// plainVerdicts: the bakery's record is one of a party whose
// representative is its Companies House record.
func plainVerdicts() []graph.Verdict {
	return []graph.Verdict{
		{Entity: "gb:bakery", Name: "Harbour Bakery Ltd", Party: "gb-coh:01234567", Regime: graph.RegimeOFAC, Status: graph.StatusBlocked,
			Share: graph.Exact(pct(60)), Votes: graph.Exact(pct(60)), Flags: []graph.Flag{graph.FlagControlRisk}},
		{Entity: "gb:bakery", Name: "Harbour Bakery Ltd", Party: "gb-coh:01234567", Regime: graph.RegimeUK, Status: graph.StatusClear},
	}
}

// possibleVerdicts: the case. The person has a possible link to
// two OFAC entries; the bakery he holds 60 % of would be blocked if the
// link were strong.
func possibleVerdicts() (person, bakery []graph.Verdict) {
	person = []graph.Verdict{
		{Entity: "gb:abdul-samad", Name: "Abdul Samad", Party: "gb:abdul-samad", Regime: graph.RegimeOFAC, Status: graph.StatusClear,
			Flags: []graph.Flag{graph.FlagPossiblySameAs, graph.FlagPossiblyExposed}, PossiblySameAs: []graph.PossibleLink{samadLink, samadLink2},
			PossiblyExposedVia: []graph.PossibleLink{samadLink, samadLink2}, PossibleStatus: graph.StatusDesignated},
		{Entity: "gb:abdul-samad", Name: "Abdul Samad", Party: "gb:abdul-samad", Regime: graph.RegimeUK, Status: graph.StatusClear},
	}
	bakery = []graph.Verdict{
		{Entity: "gb:bakery", Name: "Harbour Bakery Ltd", Party: "gb:bakery", Regime: graph.RegimeOFAC, Status: graph.StatusClear,
			Share: graph.Exact(0), Votes: graph.Exact(0), Flags: []graph.Flag{graph.FlagPossiblyExposed},
			PossiblyExposedVia: []graph.PossibleLink{samadLink}, PossibleStatus: graph.StatusBlocked},
		{Entity: "gb:bakery", Name: "Harbour Bakery Ltd", Party: "gb:bakery", Regime: graph.RegimeUK, Status: graph.StatusClear},
	}
	return person, bakery
}

func plainProof() *graph.Proof {
	owner := &graph.Proof{Entity: "ofac:1", Name: "Ivan Petrov", Regime: graph.RegimeOFAC, Status: graph.StatusDesignated,
		Rule: "designated", Designations: []graph.Designation{{Entity: "ofac:1", Regime: graph.RegimeOFAC, Program: "RUSSIA-EO14024",
			Listed: "2022-04-06", Provenance: graph.Provenance{Source: "ofac-sdn", Record: "1"}}}}
	return &graph.Proof{Entity: "gb:bakery", Name: "Harbour Bakery Ltd", Regime: graph.RegimeOFAC, Status: graph.StatusBlocked,
		Run: graph.RunDefinite, Rule: "OFAC 50 % rule", Threshold: "shares >= 50", Share: graph.Exact(pct(60)), Votes: graph.Exact(pct(60)),
		Holdings: []graph.ProofHolding{{Holding: graph.Holding{Owner: "ofac:1", Owned: "gb:bakery", Share: graph.Exact(pct(60)), Votes: graph.Exact(pct(60)),
			Provenance: graph.Provenance{Source: "psc", Record: "r1"}}, OwnerName: "Ivan Petrov", OwnerStatus: graph.StatusDesignated,
			CountedShare: graph.Exact(pct(60)), CountedVotes: graph.Exact(pct(60)), OwnerProof: owner}},
		Flags: []graph.Flag{graph.FlagControlRisk}, Notes: []string{"a note"}}
}

// possibleProofs: the person's proof (clear, both flags) and the
// bakery's (clear, possibly exposed through its owner's possible link).
func possibleProofs() (person, bakery *graph.Proof) {
	person = &graph.Proof{Entity: "gb:abdul-samad", Name: "Abdul Samad", Regime: graph.RegimeOFAC, Status: graph.StatusClear,
		Run: graph.RunDefinite, Flags: []graph.Flag{graph.FlagPossiblySameAs, graph.FlagPossiblyExposed},
		Notes:          []string{"no designated party reaches the threshold"},
		PossiblySameAs: []graph.PossibleLink{samadLink, samadLink2}, PossiblyExposedVia: []graph.PossibleLink{samadLink, samadLink2},
		PossibleStatus: graph.StatusDesignated}
	bakery = &graph.Proof{Entity: "gb:bakery", Name: "Harbour Bakery Ltd", Regime: graph.RegimeOFAC, Status: graph.StatusClear,
		Run: graph.RunDefinite, Flags: []graph.Flag{graph.FlagPossiblyExposed},
		PossiblyExposedVia: []graph.PossibleLink{samadLink}, PossibleStatus: graph.StatusBlocked}
	return person, bakery
}

func plainRow() queries.ScreenRow {
	p := plainProof()
	return queries.ScreenRow{Input: queries.Counterparty{Line: 2, Ref: "C-1", Name: "Harbour Bakery", Country: "GB"},
		Match: queries.Match{Status: queries.MatchMatched, Method: queries.MethodName, Confidence: 0.97, Entity: "gb:bakery", Name: "Harbour Bakery Ltd"},
		Verdicts: []queries.RowVerdict{
			{Regime: graph.RegimeOFAC, Status: graph.StatusBlocked, Share: graph.Exact(pct(60)), Votes: graph.Exact(pct(60)),
				Flags: []graph.Flag{graph.FlagControlRisk}, Reason: queries.Reason(p), Proof: p},
			{Regime: graph.RegimeUK, Status: graph.StatusClear, Flags: []graph.Flag{}, Reason: "clear"},
		}}
}

// possibleRow is the bakery screened: clear under both regimes, possibly
// exposed under OFAC.
func possibleRow() queries.ScreenRow {
	_, b := possibleVerdicts()
	return queries.ScreenRow{Input: queries.Counterparty{Line: 3, Ref: "C-2", Name: "Harbour Bakery", Country: "GB"},
		Match: queries.Match{Status: queries.MatchMatched, Method: queries.MethodName, Confidence: 0.97, Entity: "gb:bakery", Name: "Harbour Bakery Ltd"},
		Verdicts: []queries.RowVerdict{
			{Regime: graph.RegimeOFAC, Status: graph.StatusClear, Share: b[0].Share, Votes: b[0].Votes, Flags: b[0].Flags, Reason: "clear",
				PossiblyExposedVia: b[0].PossiblyExposedVia, PossibleStatus: b[0].PossibleStatus},
			{Regime: graph.RegimeUK, Status: graph.StatusClear, Flags: []graph.Flag{}, Reason: "clear"},
		}}
}

func plainDetail() graph.EntityDetail {
	return graph.EntityDetail{
		Entity: graph.Entity{ID: "gb:bakery", Name: "Harbour Bakery Ltd", Kind: graph.KindCompany, Countries: []string{"GB"},
			Provenance: graph.Provenance{Source: "psc", Record: "r0"}},
		Designations: []graph.Designation{},
		HoldingsIn: []graph.Holding{{Owner: "gb:abdul-samad", Owned: "gb:bakery", Share: graph.Exact(pct(60)), Votes: graph.Exact(pct(60)),
			Provenance: graph.Provenance{Source: "psc", Record: "r1"}}},
		SameAs: []graph.SameAs{{A: "gb:bakery", B: "oc:gb/01234567", Method: "identifier:gb-coh", Score: 1, Strength: graph.StrengthStrong,
			Provenance: graph.Provenance{Source: "resolve", Record: "gb-coh:01234567"}}},
		Names: map[string]string{"gb:abdul-samad": "Abdul Samad", "oc:gb/01234567": "HARBOUR BAKERY LTD"},
	}
}

// csvRows renders rows as CSV text.
func csvText(t *testing.T, rows ...[]string) string {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// derakhshandehWhy is the transliteration case explained: the
// row's name matched the UN record's name token by token, the country
// lowered the score and the date of birth raised it.
func derakhshandehWhy() *queries.MatchExplanation {
	return &queries.MatchExplanation{Input: "AHMED DERAHSHANDEH", Matched: "AHMAD DERAKHSHANDEH", Alias: true,
		Tokens: []queries.TokenMatch{
			{Input: "ahmed", Matched: "ahmad", Score: 0.95, Weight: 0.3, How: "transliteration"},
			{Input: "derahshandeh", Matched: "derakhshandeh", Score: 0.9, Weight: 1, How: "typo"},
		},
		NameScore: 0.912,
		Evidence: []queries.Evidence{
			{Kind: "country", Effect: "conflicts", Factor: 0.9, Detail: "row LV, record IR"},
			{Kind: "birth-date", Effect: "agrees", Factor: 1.05, Detail: "row 1956, record 1956-08-11"},
		}}
}

// whyRow is a matched row that carries every issue-14 field: date of
// birth, party, possibly-same records and the explanation.
func whyRow() queries.ScreenRow {
	return queries.ScreenRow{Input: queries.Counterparty{Line: 4, Ref: "C-3", Name: "AHMED DERAHSHANDEH", Country: "LV", BirthDate: "1956"},
		Match: queries.Match{Status: queries.MatchMatched, Method: queries.MethodName, Confidence: 0.862, Entity: "un:IRi.013",
			Name: "AHMAD DERAKHSHANDEH", Party: []string{"un:IRi.013", "ofac:9647"}, PossiblySame: []string{"eu:1234"},
			Why: derakhshandehWhy()},
		Verdicts: []queries.RowVerdict{
			{Regime: graph.RegimeOFAC, Status: graph.StatusDesignated, Flags: []graph.Flag{}, Reason: "designated"},
			{Regime: graph.RegimeUK, Status: graph.StatusDesignated, Flags: []graph.Flag{}, Reason: "designated"},
		}}
}

// ambiguousWhyRow matched two parties equally well; each candidate says
// why, one is a party of two records, and one name needs escaping.
func ambiguousWhyRow() queries.ScreenRow {
	return queries.ScreenRow{Input: queries.Counterparty{Line: 5, Ref: "C-4", Name: "Asim Omar"},
		Match: queries.Match{Status: queries.MatchAmbiguous, Method: queries.MethodName, Confidence: 0.9,
			Candidates: []queries.Candidate{
				{ID: "ofac:1", Name: "UMAR, Asim", Score: 0.9, Method: queries.MethodName, Party: []string{"ofac:1", "un:QDi.1"},
					Why: &queries.MatchExplanation{Input: "Asim Omar", Matched: "UMAR, Asim", NameScore: 0.9,
						Tokens: []queries.TokenMatch{{Input: "omar", Matched: "umar", Score: 0.9, Weight: 1, How: "transliteration"},
							{Input: "asim", Matched: "asim", Score: 1, Weight: 0.4, How: "exact"}}}},
				{ID: "ofac:2", Name: "OMAR, <Asim>", Score: 0.89, Method: queries.MethodName,
					Why: &queries.MatchExplanation{Input: "Asim Omar", Matched: "Asim <Omar>", Alias: true, Weak: true, NameScore: 0.89,
						Tokens: []queries.TokenMatch{{Input: "omar", Matched: "omar", Score: 1, Weight: 1, How: "exact"},
							{Input: "asim", Matched: "asim", Score: 1, Weight: 0.4, How: "exact"}, {Input: "", Matched: "al", Weight: 0.1}}}},
			}}}
}
