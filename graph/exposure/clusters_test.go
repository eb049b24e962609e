package exposure

import (
	"testing"

	"github.com/ownex/ownex/graph"
)

func pctN(n int64) graph.Pct { return graph.Pct(n) * graph.PctScale }

func TestClusters(t *testing.T) {
	st := graph.StrengthStrong
	canon := Clusters([]graph.SameAs{{A: "b", B: "c", Strength: st}, {A: "c", B: "a", Strength: st}, {A: "x", B: "y", Strength: st},
		{A: "z", B: "z", Strength: st}, {A: "x", B: "w", Strength: graph.StrengthPossible}, {A: "b", B: "v"}})
	want := map[string]string{"a": "a", "b": "a", "c": "a", "x": "x", "y": "x"}
	if len(canon) != len(want) {
		t.Fatalf("canon %v, want %v", canon, want)
	}
	for k, v := range want {
		if canon[k] != v {
			t.Errorf("canon[%s] = %s, want %s", k, canon[k], v)
		}
	}
}

func TestClustersInAnalysis(t *testing.T) {
	e := func(id string) graph.Entity { return graph.Entity{ID: id, Name: "N-" + id} }
	h := func(o, c, src string, s int64) graph.Holding {
		r := graph.Exact(pctN(s))
		return graph.Holding{Owner: o, Owned: c, Share: r, Votes: r, Provenance: graph.Provenance{Source: src, Record: src + ":" + o}}
	}
	snap := &graph.Snapshot{
		Entities:     []graph.Entity{e("ofac:1"), e("lei:1"), e("os:1"), e("q"), e("r")},
		Designations: []graph.Designation{{Entity: "ofac:1", Regime: graph.RegimeOFAC, Program: "SDGT", Provenance: graph.Provenance{Source: "ofac-sdn", Record: "1"}}},
		Holdings: []graph.Holding{
			h("lei:1", "q", "gleif", 60), // the LEI record of the designated party holds 60 % of q
			h("lei:1", "r", "gleif", 30), // two sources report the same 30 % stake in r:
			h("os:1", "r", "os", 30),     // counted once, so r stays clear
		},
		SameAs: []graph.SameAs{{A: "ofac:1", B: "lei:1", Method: "identifier:lei", Strength: graph.StrengthStrong}, {A: "os:1", B: "ofac:1", Method: "referent", Strength: graph.StrengthStrong}},
	}
	res, err := Analyze(snap, Options{AsOf: "2025-01-01", Regimes: []graph.Regime{graph.RegimeOFAC}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]graph.Status{"ofac:1": graph.StatusDesignated, "lei:1": graph.StatusDesignated, "os:1": graph.StatusDesignated,
		"q": graph.StatusBlocked, "r": graph.StatusClear}
	for id, st := range want {
		v, ok := res.Verdict(id, graph.RegimeOFAC)
		if !ok || v.Status != st || v.Entity != id {
			t.Errorf("%s: %+v, want %s", id, v, st)
		}
	}
	if v, _ := res.Verdict("r", graph.RegimeOFAC); v.Share != graph.Exact(pctN(30)) {
		t.Errorf("r counted %v, want 30 (one stake reported twice)", v.Share)
	}
	p, err := res.Explain("q", graph.RegimeOFAC)
	if err != nil || len(p.Holdings) != 1 || p.Holdings[0].OwnerProof == nil || len(p.Holdings[0].OwnerProof.Designations) != 1 {
		t.Fatalf("proof of q: %+v, %v", p, err)
	}
	m, err := res.Explain("lei:1", graph.RegimeOFAC)
	if err != nil || m.Entity != "lei:1" || m.Status != graph.StatusDesignated || len(m.Notes) == 0 {
		t.Fatalf("proof of a cluster member: %+v, %v", m, err)
	}
}
