package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

func TestExplainText(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, "../../testdata/vectors/V01")
	var out bytes.Buffer
	if err := Explain(context.Background(), Env{Stdout: &out}, cfg, "B", ExplainOptions{AsOf: "2025-01-01", Regime: "ofac"}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	// B is blocked because blocked A holds 50 %, A because designated X
	// holds 50 %; X's designation names its program and source record.
	for _, want := range []string{"OFAC: blocked", "A (A) holds 50 % shares", "X (X) holds 50 % shares",
		"designated", "designation: ofac program TEST", "record ", "rules-vectors:X-ofac", ">= 50"} {
		if !strings.Contains(s, want) {
			t.Errorf("explain output lacks %q:\n%s", want, s)
		}
	}
}

func TestExplainJSON(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, "../../testdata/vectors/V07")
	var out bytes.Buffer
	if err := Explain(context.Background(), Env{Stdout: &out}, cfg, "A", ExplainOptions{AsOf: "2025-01-01", Format: "json"}); err != nil {
		t.Fatal(err)
	}
	var e struct {
		ID     string      `json:"id"`
		Proofs []flatProof `json:"proofs"`
	}
	if err := json.Unmarshal(out.Bytes(), &e); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if e.ID != "A" || len(e.Proofs) != 3 {
		t.Fatalf("explanation %+v", e)
	}
	byRegime := map[graph.Regime]flatProof{}
	for _, p := range e.Proofs {
		byRegime[p.Regime] = p
	}
	uk := byRegime[graph.RegimeUK]
	if uk.Status != graph.StatusOwned || len(uk.Holdings) != 2 || uk.Person == "" {
		t.Fatalf("UK proof %+v: want owned through the joint arrangement, both holdings counted, a person", uk)
	}
	for _, h := range uk.Holdings {
		if h.Arrangement != "J1" || h.CountedShare != graph.Exact(30*graph.PctScale) {
			t.Errorf("UK holding %+v", h)
		}
	}
	if o := byRegime[graph.RegimeOFAC]; o.Status != graph.StatusBlocked || len(o.Holdings) != 2 {
		t.Errorf("OFAC proof %+v", o)
	}
	o := byRegime[graph.RegimeOFAC]
	nodes := map[string]graph.Proof{}
	for _, n := range o.Nodes {
		nodes[n.Entity] = n
	}
	edges := map[graph.ProofEdge]bool{}
	for _, e := range o.Edges {
		edges[e] = true
	}
	if o.Root != "A" || len(nodes) != len(o.Nodes) || o.NodeCount != len(o.Nodes) {
		t.Errorf("OFAC proof: root %q, %d nodes (%d distinct, node_count %d)", o.Root, len(o.Nodes), len(nodes), o.NodeCount)
	}
	for _, h := range o.Holdings {
		n := nodes[h.Owner]
		if !edges[graph.ProofEdge{From: h.Owner, To: "A", Kind: graph.EdgeHolding}] || len(n.Designations) == 0 || n.Designations[0].Record == "" {
			t.Errorf("OFAC holding %+v: owner proof must reach the designation and its source record", h)
		}
	}
}

// flatProof is one proof of `explain --format json`: the root's fields,
// then the flat DAG.
type flatProof struct {
	graph.Proof
	Root      string            `json:"root"`
	Nodes     []graph.Proof     `json:"nodes"`
	Edges     []graph.ProofEdge `json:"edges"`
	NodeCount int               `json:"node_count"`
}

func TestExplainUnknownEntity(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, "../../testdata/vectors/V01")
	err := Explain(context.Background(), Env{Stdout: &bytes.Buffer{}}, cfg, "nobody", ExplainOptions{})
	if ExitCode(err) != 2 || !strings.Contains(err.Error(), "nobody") {
		t.Fatalf("err %v exit %d", err, ExitCode(err))
	}
}
