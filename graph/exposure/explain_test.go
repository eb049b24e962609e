package exposure

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"gonum.org/v1/gonum/graph/topo"
)

// walk visits every node of a proof tree and fails past limit nodes.
func walk(t *testing.T, p *graph.Proof, limit int, visit func(*graph.Proof)) {
	t.Helper()
	count := 0
	var rec func(*graph.Proof)
	rec = func(p *graph.Proof) {
		if p == nil {
			return
		}
		if count++; count > limit {
			t.Fatalf("proof has more than %d nodes", limit)
		}
		visit(p)
		for _, h := range p.Holdings {
			rec(h.OwnerProof)
		}
		for _, c := range p.Controls {
			rec(c.ControllerProof)
		}
	}
	rec(p)
}

func TestExplainChain(t *testing.T) {
	res := analyze(t, snap(t, "X>A 50; A>B 50"), "2025-06-30")
	p, err := res.Explain("B", graph.RegimeOFAC)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != graph.StatusBlocked || p.Run != graph.RunDefinite || p.Threshold != "shares >= 50" ||
		!strings.Contains(p.Rule, "OFAC 50 Percent Rule") || !strings.Contains(p.Rule, "FAQ 399/401") {
		t.Fatalf("top: %+v", p)
	}
	if len(p.Holdings) != 1 || p.Holdings[0].Owner != "A" || p.Holdings[0].CountedShare != graph.Exact(graph.Fifty) {
		t.Fatalf("B holdings: %+v", p.Holdings)
	}
	a := p.Holdings[0].OwnerProof
	if a == nil || a.Entity != "A" || a.Status != graph.StatusBlocked || len(a.Holdings) != 1 {
		t.Fatalf("A proof: %+v", a)
	}
	x := a.Holdings[0].OwnerProof
	if x == nil || x.Entity != "X" || x.Status != graph.StatusDesignated || len(x.Designations) != 1 {
		t.Fatalf("X proof: %+v", x)
	}
	if d := x.Designations[0]; d.Regime != graph.RegimeOFAC || d.Program != "TEST-PROGRAM" || d.Source != "list-ofac" || d.Record == "" {
		t.Errorf("designation: %+v", d)
	}
	if a.Holdings[0].Record != "r1" || p.Holdings[0].Record != "r2" {
		t.Errorf("holding records: %q %q", a.Holdings[0].Record, p.Holdings[0].Record)
	}
}

// TestExplainCyclic checks that proofs on cyclic graphs are finite and well
// founded: a nested owner always joined before the entity it supports.
func TestExplainCyclic(t *testing.T) {
	tests := []struct {
		facts  string
		regime graph.Regime
		id     string
		status graph.Status
	}{
		{"X>A 50; A>B 60; B>C 60; C>A 30", graph.RegimeOFAC, "A", graph.StatusBlocked},
		{"X>A 50; A>B 60; B>C 60; C>A 30", graph.RegimeOFAC, "C", graph.StatusBlocked},
		{"X>A 30; Y>A 30; A>B 60; B>A 40; B>C 100; C>B 40", graph.RegimeEU, "C", graph.StatusOwned},
		{"X>A 60; A>B 60; B>A 40; B>C 60; C>A 1", graph.RegimeUK, "C", graph.StatusOwned},
		{"X>A 25; X>B 25; A>B 50; B>A 50", graph.RegimeOFAC, "A", graph.StatusClear},
	}
	for _, tt := range tests {
		res := analyze(t, snap(t, tt.facts), "2025-06-30")
		p, err := res.Explain(tt.id, tt.regime)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != tt.status {
			t.Errorf("%s %s: status %s, want %s", tt.facts, tt.id, p.Status, tt.status)
		}
		designations := 0
		walk(t, p, 50, func(q *graph.Proof) {
			designations += len(q.Designations)
			for _, d := range q.Designations {
				if d.Source == "" || d.Record == "" {
					t.Errorf("designation without provenance: %+v", d)
				}
			}
		})
		if tt.status != graph.StatusClear && designations == 0 {
			t.Errorf("%s: proof names no designation", tt.facts)
		}
		if !slices.ContainsFunc(p.Notes, func(n string) bool { return strings.Contains(n, "upstream cycle") }) {
			t.Errorf("%s: no cycle note in %q", tt.facts, p.Notes)
		}
	}
}

func TestExplainUK(t *testing.T) {
	res := analyze(t, snap(t, "X>A 10; X=A board-appointment; A>B 100; Y>B 0"), "2025-06-30")
	p, err := res.Explain("B", graph.RegimeUK)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != graph.StatusOwned || p.Person != "X" || len(p.Holdings) != 1 {
		t.Fatalf("B: %+v", p)
	}
	a := p.Holdings[0].OwnerProof
	if a == nil || a.Status != graph.StatusControlled || len(a.Controls) != 1 ||
		a.Controls[0].Basis != graph.BasisBoardAppointment || a.Controls[0].ControllerStatus != graph.StatusDesignated {
		t.Fatalf("A: %+v", a)
	}
	// X is explained once, under the holding; the control edge points back.
	if x := a.Holdings[0].OwnerProof; x == nil || x.Entity != "X" || a.Controls[0].ControllerProof != nil ||
		!slices.Contains(a.Notes, "the proof of X is given above") {
		t.Errorf("X explained %+v, notes %q", x, a.Notes)
	}
}

func TestExplainUndetermined(t *testing.T) {
	res := analyze(t, snap(t, "X>A ?; N>A 40"), "2025-06-30")
	p, err := res.Explain("A", graph.RegimeOFAC)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != graph.StatusUndetermined || p.Run != graph.RunPossible || len(p.Holdings) != 1 ||
		p.Holdings[0].CountedShare != graph.Exact(60*graph.PctScale) {
		t.Fatalf("A: %+v", p)
	}
}

func TestExplainErrors(t *testing.T) {
	s := snap(t, "X>A 50")
	res, err := Analyze(s, Options{AsOf: "2025-06-30", Regimes: []graph.Regime{graph.RegimeOFAC}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.Explain("nobody", graph.RegimeOFAC); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("unknown entity: %v", err)
	}
	if _, err := res.Explain("A", graph.RegimeEU); err == nil {
		t.Error("regime not analyzed: no error")
	}
	if _, ok := res.Verdict("A", graph.RegimeEU); ok {
		t.Error("verdict for a regime not analyzed")
	}
	for _, opt := range []Options{{}, {AsOf: "2025-13-01"}, {AsOf: "2025-06-30", Regimes: []graph.Regime{graph.RegimeUN}}} {
		if _, err := Analyze(s, opt); !errors.Is(err, ErrOptions) {
			t.Errorf("%+v: %v", opt, err)
		}
	}
}

// TestVerdictsOrder checks byte order, referenced-only IDs and names.
func TestVerdictsOrder(t *testing.T) {
	s := snap(t, "X>b 60; X>B 60")
	s.Holdings = append(s.Holdings, graph.Holding{Owner: "ghost", Owned: "B", Share: graph.Exact(graph.PctScale), Votes: graph.Exact(graph.PctScale)})
	res := analyze(t, s, "2025-06-30")
	var ids, names []string
	for v := range res.Verdicts(graph.RegimeEU) {
		ids, names = append(ids, v.Entity), append(names, v.Name)
	}
	if want := []string{"B", "X", "b", "ghost"}; !slices.Equal(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
	if names[3] != "ghost" || names[0] != "name of B" {
		t.Errorf("names %v", names)
	}
}

// TestGonumCycles checks that the compact graph works as a gonum
// graph.Directed: Tarjan finds the 3-cycle and nothing else.
func TestGonumCycles(t *testing.T) {
	res := analyze(t, snap(t, "X>A 50; A>B 60; B>C 60; C>A 30; X=D director"), "2025-06-30")
	g := res.g
	var cyc [][]string
	for _, scc := range topo.TarjanSCC(g) {
		if len(scc) > 1 {
			var c []string
			for _, n := range scc {
				c = append(c, g.ids[n.ID()])
			}
			slices.Sort(c)
			cyc = append(cyc, c)
		}
	}
	if len(cyc) != 1 || !slices.Equal(cyc[0], []string{"A", "B", "C"}) {
		t.Errorf("cycles %v", cyc)
	}
	x, d := int64(g.index.Find(g.ids, "X")), int64(g.index.Find(g.ids, "D"))
	if !g.HasEdgeFromTo(x, d) || g.HasEdgeFromTo(d, x) || !g.HasEdgeBetween(d, x) || g.Edge(x, d) == nil {
		t.Error("control edge X -> D missing")
	}
	if g.Nodes().Len() != 5 || g.From(x).Len() != 2 || g.To(int64(g.index.Find(g.ids, "A"))).Len() != 2 {
		t.Error("bad node counts")
	}
}

// TestCycleNotesStable checks that the cycle notes of a proof list the
// cycles in ID order, each with its members in ID order, on every call:
// gonum's Tarjan walks a map-based subgraph, whose order changes between
// calls.
func TestCycleNotesStable(t *testing.T) {
	res := analyze(t, snap(t, "X>Q 20; Q>R 30; R>Q 30; Q>T 60; R>T 30; D>C 30; C>D 30; D>T 5; B>A 30; A>B 30; A>T 5; T>Z 60"), "2025-06-30")
	want := []string{"A, B", "C, D", "Q, R"}
	for range 30 {
		notes := res.cycleNotes(int32(res.g.index.Find(res.g.ids, "Z")))
		var got []string
		for _, n := range notes {
			got = append(got, strings.TrimSuffix(strings.TrimPrefix(n, "upstream cycle among "), n[strings.Index(n, ":"):]))
		}
		if !slices.Equal(got, want) {
			t.Fatalf("cycle notes %q, want cycles %q in this order", notes, want)
		}
	}
}
