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
		ID     string        `json:"id"`
		Proofs []graph.Proof `json:"proofs"`
	}
	if err := json.Unmarshal(out.Bytes(), &e); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if e.ID != "A" || len(e.Proofs) != 3 {
		t.Fatalf("explanation %+v", e)
	}
	byRegime := map[graph.Regime]graph.Proof{}
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
	for _, h := range byRegime[graph.RegimeOFAC].Holdings {
		if h.OwnerProof == nil || len(h.OwnerProof.Designations) == 0 || h.OwnerProof.Designations[0].Record == "" {
			t.Errorf("OFAC holding %+v: owner proof must reach the designation and its source record", h)
		}
	}
}

func TestExplainUnknownEntity(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, "../../testdata/vectors/V01")
	err := Explain(context.Background(), Env{Stdout: &bytes.Buffer{}}, cfg, "nobody", ExplainOptions{})
	if ExitCode(err) != 2 || !strings.Contains(err.Error(), "nobody") {
		t.Fatalf("err %v exit %d", err, ExitCode(err))
	}
}
