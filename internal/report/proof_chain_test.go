package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/graph/exposure/exposuretest"
)

// TestChainProofCutByBuilder: a proof cut by the builder at depth 25
// (what `explain` builds for text) prints the same text as the whole
// proof cut by the writer, down to the numbers of the elision line.
func TestChainProofCutByBuilder(t *testing.T) {
	res, err := exposure.Analyze(exposuretest.Chain(100000), exposure.Options{AsOf: "2025-06-30"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		built, written int
		want           string
	}{
		{25, 25, "99,975 levels, 99,975 parties (99,974 "},
		{10, 5, "99,995 levels, 99,995 parties (99,994 "}, // the writer cuts above the builder's cut
	} {
		for _, reg := range graph.Engines {
			var texts [2]string
			for i, depth := range []int{0, c.built} {
				p, err := res.ExplainDepth("C99999", reg, depth)
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				if err := WriteExplanationTextDepth(&b, Explanation{ID: "C99999", Proofs: []*graph.Proof{p}}, c.written); err != nil {
					t.Fatal(err)
				}
				texts[i] = b.String()
			}
			if texts[0] != texts[1] || !strings.Contains(texts[1], c.want) {
				t.Errorf("%s, built to %d, written to %d: whole proof cut by the writer:\n%s\ncut by the builder:\n%s",
					reg, c.built, c.written, texts[0], texts[1])
			}
		}
	}
}

// chainProof is the OFAC proof of the end of the 100,000-company chain of
// issue 15, built once for the tests that read it.
var chainProof = sync.OnceValues(func() (*graph.Proof, error) {
	res, err := exposure.Analyze(exposuretest.Chain(100000), exposure.Options{AsOf: "2025-06-30", Regimes: []graph.Regime{graph.RegimeOFAC}})
	if err != nil {
		return nil, err
	}
	return res.Explain("C99999", graph.RegimeOFAC)
})

func mustChainProof(t *testing.T) *graph.Proof {
	t.Helper()
	p, err := chainProof()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestChainProofText: the text proof of a 100,000-company chain shows 25
// levels and one line summing up the rest; it used to be quadratic (13.7
// GB of indentation).
func TestChainProofText(t *testing.T) {
	p := mustChainProof(t)
	var b bytes.Buffer
	if err := WriteExplanationTextDepth(&b, Explanation{ID: "C99999", Name: "Company 99999", AsOf: "2025-06-30", Proofs: []*graph.Proof{p}}, 25); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if b.Len() > 64<<10 {
		t.Fatalf("text proof is %d bytes: want it bounded by the depth", b.Len())
	}
	want := "Company 99973 (C99973) holds 100 % shares [source chain, record h99974] — blocked; its proof is left out below depth 25: " +
		"99,975 levels, 99,975 parties (99,974 blocked, 1 designated), reaching designated X (X); see --depth or --format json"
	if !strings.Contains(out, want) {
		t.Fatalf("text proof lacks the elision line\n%s\nin:\n%s", want, out)
	}
	if n := strings.Count(out, "holds 100 % shares"); n != 26 {
		t.Errorf("%d holding lines, want 26 (25 levels of owners and the elided one)", n)
	}
}

// TestChainProofJSON: the JSON proof of the chain is flat: 100,001 nodes,
// each once, 100,000 edges, no nested proof, and it parses (a nested proof
// failed with "exceeded max depth").
func TestChainProofJSON(t *testing.T) {
	p := mustChainProof(t)
	var b bytes.Buffer
	if err := WriteExplanationJSON(&b, Explanation{ID: "C99999", Name: "Company 99999", AsOf: "2025-06-30", Proofs: []*graph.Proof{p}}); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b.Bytes(), []byte("owner_proof")) {
		t.Fatal("JSON proof nests an owner proof")
	}
	var e struct {
		Proofs []struct {
			Status    graph.Status      `json:"status"`
			Root      string            `json:"root"`
			Nodes     []graph.Proof     `json:"nodes"`
			Edges     []graph.ProofEdge `json:"edges"`
			NodeCount int               `json:"node_count"`
		} `json:"proofs"`
	}
	if err := json.Unmarshal(b.Bytes(), &e); err != nil {
		t.Fatalf("JSON proof does not parse: %v", err)
	}
	if len(e.Proofs) != 1 {
		t.Fatalf("%d proofs", len(e.Proofs))
	}
	f := e.Proofs[0]
	if f.Root != "C99999" || f.Status != graph.StatusBlocked || len(f.Nodes) != 100001 || f.NodeCount != 100001 || len(f.Edges) != 100000 {
		t.Fatalf("root %q, status %s, %d nodes (node_count %d), %d edges: want C99999, blocked, 100001, 100000",
			f.Root, f.Status, len(f.Nodes), f.NodeCount, len(f.Edges))
	}
	seen := map[string]bool{}
	for _, n := range f.Nodes {
		if seen[n.Entity] {
			t.Fatalf("node %s twice", n.Entity)
		}
		seen[n.Entity] = true
	}
	for _, e := range f.Edges {
		if !seen[e.From] || !seen[e.To] || e.Kind != graph.EdgeHolding {
			t.Fatalf("edge %+v: want a holding between two nodes", e)
		}
	}
	if last := f.Nodes[len(f.Nodes)-1]; last.Entity != "X" || len(last.Designations) == 0 {
		t.Errorf("last node %+v: want the designated X", last)
	}
}

// TestProofJSONPage: a page keeps a window of nodes with the edges into
// them, and says that it is one.
func TestProofJSONPage(t *testing.T) {
	p := mustChainProof(t)
	var b bytes.Buffer
	x, err := NewExplanationJSON(&b, "C99999", "Company 99999", "2025-06-30")
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Proof(p, Page{Offset: 10, Limit: 5}); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	var e struct {
		Proofs []struct {
			Nodes     []graph.Proof     `json:"nodes"`
			Edges     []graph.ProofEdge `json:"edges"`
			NodeCount int               `json:"node_count"`
			Page      struct {
				Offset, Shown int
				Truncated     bool
				Note          string
			} `json:"page"`
		} `json:"proofs"`
	}
	if err := json.Unmarshal(b.Bytes(), &e); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	f := e.Proofs[0]
	if len(f.Nodes) != 5 || f.Nodes[0].Entity != "C99989" || len(f.Edges) != 5 || f.NodeCount != 100001 ||
		!f.Page.Truncated || f.Page.Offset != 10 || f.Page.Shown != 5 || !strings.Contains(f.Page.Note, "node_offset=15") {
		t.Fatalf("page %+v", f)
	}
}

// TestWalkRangeMatchesWalk: a walk that builds only the page's nodes (and
// the root) writes the same bytes as the walk of every node (issue 15
// item 2: the API's explain builds its page only).
func TestWalkRangeMatchesWalk(t *testing.T) {
	p := mustChainProof(t)
	type visited struct {
		n     *graph.Proof
		depth int
		edges []graph.ProofEdge
	}
	var all []visited
	if err := graph.WalkProof(p, func(n *graph.Proof, depth int, in []graph.ProofEdge) error {
		all = append(all, visited{n, depth, slices.Clone(in)})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	ranged := func(from, to int, visit func(*graph.Proof, int, []graph.ProofEdge) error) (int, error) {
		for i, v := range all {
			if i == 0 || i >= from && i < to {
				if err := visit(v.n, v.depth, v.edges); err != nil {
					return 0, err
				}
			}
		}
		return len(all), nil
	}
	for _, pg := range []Page{{}, {Limit: 1}, {Limit: 5}, {Offset: 10, Limit: 5}, {Offset: 1, Limit: 3}, {Offset: 99995, Limit: 10}, {Offset: 100001, Limit: 3}, {Offset: 7}} {
		var want, got bytes.Buffer
		for _, c := range []struct {
			b     *bytes.Buffer
			write func(*ExplanationJSON) error
		}{
			{&want, func(x *ExplanationJSON) error { return x.Proof(p, pg) }},
			{&got, func(x *ExplanationJSON) error { return x.WalkRange(ranged, pg) }},
		} {
			x, err := NewExplanationJSON(c.b, "C99999", "Company 99999", "2025-06-30")
			if err == nil {
				err = c.write(x)
			}
			if err == nil {
				err = x.Close()
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("page %+v: WalkRange wrote %d bytes, Walk %d, not the same", pg, got.Len(), want.Len())
		}
		var doc struct {
			Proofs []struct {
				Nodes     []struct{ ID string }
				Edges     []graph.ProofEdge
				NodeCount int `json:"node_count"`
			}
		}
		if err := json.Unmarshal(got.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		lo, hi := min(pg.Offset, len(all)), len(all)
		if pg.Limit > 0 {
			hi = min(pg.Offset+pg.Limit, len(all))
		}
		f := doc.Proofs[0]
		var wantEdges []graph.ProofEdge
		for i, v := range all[lo:hi] {
			wantEdges = append(wantEdges, v.edges...)
			if i >= len(f.Nodes) || f.Nodes[i].ID != v.n.Entity {
				t.Fatalf("page %+v: node %d is not %s", pg, i, v.n.Entity)
			}
		}
		if len(f.Nodes) != hi-lo || f.NodeCount != len(all) || !slices.Equal(f.Edges, wantEdges) {
			t.Errorf("page %+v: %d nodes, %d edges, count %d; want %d, %d, %d", pg, len(f.Nodes), len(f.Edges), f.NodeCount, hi-lo, len(wantEdges), len(all))
		}
	}
}
