package exposure

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure/exposuretest"
)

// shownVerdict is queries.Shown, which this package's tests cannot import
// (queries imports exposure): whether a writer without --all keeps v.
func shownVerdict(v graph.Verdict) bool {
	return v.Status != graph.StatusClear || len(v.PossiblySameAs) > 0 || len(v.PossiblyExposedVia) > 0 ||
		slices.Contains(v.Flags, graph.FlagPossiblySameAs) || slices.Contains(v.Flags, graph.FlagPossiblyExposed)
}

// shownLines analyses the stream of s as of asOf, whole or its cone, and
// returns the shown verdicts of every regime as JSON lines, in output
// order, and the number of entities analysed.
func shownLines(t *testing.T, s *graph.Snapshot, asOf graph.Date, regimes []graph.Regime, cone bool) ([]string, int) {
	t.Helper()
	res, err := stream(t, s, asOf).Analyze(Options{AsOf: asOf, Regimes: regimes, Cone: cone})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for vs := range res.EntityVerdicts(graph.Engines) {
		for _, v := range vs {
			if shownVerdict(v) {
				b, err := json.Marshal(v)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, string(b))
			}
		}
	}
	return out, res.Len()
}

// TestConeShowsTheSameVerdicts: analysing only the designated cone
// (Options.Cone) gives exactly the shown verdicts of the whole graph, on
// random dated graphs at several dates, and leaves entities out.
func TestConeShowsTheSameVerdicts(t *testing.T) {
	whole, kept, shown := 0, 0, 0
	for seed := range uint64(300) {
		s := exposuretest.RandomDated(seed)
		for _, asOf := range []graph.Date{"2019-06-30", "2025-06-30", "2026-06-30"} {
			for _, regimes := range [][]graph.Regime{nil, {graph.RegimeOFAC}, {graph.RegimeUK}, {graph.RegimeEU, graph.RegimeOFAC}} {
				want, n := shownLines(t, s, asOf, regimes, false)
				got, k := shownLines(t, s, asOf, regimes, true)
				if !slices.Equal(got, want) {
					t.Fatalf("seed %d as of %s, %v: the cone shows\n%v\nthe whole graph\n%v", seed, asOf, regimes, got, want)
				}
				whole, kept, shown = whole+n, kept+k, shown+len(want)
			}
		}
	}
	t.Logf("%d entities analysed whole, %d in the cone's analysis; %d shown verdicts", whole, kept, shown)
	if kept*3 > whole*2 || shown == 0 {
		t.Fatalf("the cone kept %d of %d entities (%d shown): the test does not exercise it", kept, whole, shown)
	}
}

// TestConeKeeps: on a hand-made graph, the cone's analysis keeps the
// designated entity, what it owns and controls, its possible link's other
// end, the owners of the cone's entities (not their owners), the members
// of a party in the cone, and nothing else.
func TestConeKeeps(t *testing.T) {
	const asOf = "2025-06-30"
	s := &graph.Snapshot{
		Entities: []graph.Entity{{ID: "D", Name: "d"}, {ID: "A", Name: "a"}, {ID: "B", Name: "b"}, {ID: "C", Name: "c"},
			{ID: "O", Name: "o"}, {ID: "P", Name: "p"}, {ID: "Q", Name: "q"}, {ID: "X", Name: "x"}, {ID: "Y", Name: "y"},
			{ID: "M", Name: "m"}, {ID: "L", Name: "l"}, {ID: "Z", Name: "z"}, {ID: "K", Name: "k"}},
		Designations: []graph.Designation{{Entity: "D", Regime: graph.RegimeOFAC}},
		Holdings: []graph.Holding{
			{Owner: "D", Owned: "A", Share: graph.Exact(graph.Fifty)},
			{Owner: "O", Owned: "A", Share: graph.Exact(graph.Fifty)}, // O: boundary
			{Owner: "P", Owned: "O", Share: graph.Exact(graph.Fifty)}, // P owns the boundary: out
			{Owner: "A", Owned: "Z", Share: graph.Exact(graph.Fifty), // not in force: Z out
				Span: graph.Span{Start: "2026-01-01"}},
			{Owner: "L", Owned: "B", Share: graph.Exact(graph.Fifty)}, // B in through the control edge
			{Owner: "X", Owned: "Y", Share: graph.Exact(graph.Fifty)}, // far away: out
		},
		Controls: []graph.Control{{Controller: "D", Controlled: "B", Basis: graph.BasisBoardAppointment},
			{Controller: "Q", Controlled: "X", Basis: graph.BasisBoardAppointment},
			{Controller: "K", Controlled: "A", Basis: graph.BasisDirector}}, // K: boundary
		SameAs: []graph.SameAs{{A: "C", B: "A", Method: "test", Score: 0.9, Strength: graph.StrengthPossible},
			{A: "M", B: "D", Method: "test", Strength: graph.StrengthStrong}},
	}
	res, err := stream(t, s, asOf).Analyze(Options{AsOf: asOf, Cone: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for v := range res.Verdicts(graph.RegimeOFAC) {
		got = append(got, v.Entity)
	}
	// D's party is M's too (strong link): D or M stands for both.
	want := []string{"A", "B", "C", "D", "K", "L", "M", "O"}
	if !slices.Equal(got, want) {
		t.Fatalf("the cone's analysis kept %v, want %v", got, want)
	}
	if name, _ := res.Name("K"); name != "k" {
		t.Fatalf("the boundary controller K is named %q, want its record's name", name)
	}
	if _, err := Analyze(s, Options{AsOf: asOf, Cone: true}); err == nil {
		t.Fatal("Analyze of a snapshot took Options.Cone")
	}
}
