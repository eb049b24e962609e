package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/storetest"
)

// invNetwork: the OECD example (A holds 100 % of B1 and 80 % of B2; B1
// holds 20 % and B2 40 % of C) with P (60 %) and Q (40 %) holding A, P
// controlling B1, and the cross-holding C <-> D (C holds 50 % of D, D
// holds 10 % of C; E holds the other 50 % of D).
func invNetwork() *graph.Batch {
	h := func(owner, owned string, p int64) graph.Holding {
		r := graph.Exact(graph.Pct(p) * graph.PctScale)
		return graph.Holding{Owner: owner, Owned: owned, Share: r, Votes: r,
			Provenance: graph.Provenance{Source: "test", Record: owner + owned}}
	}
	b := &graph.Batch{
		Holdings: []graph.Holding{h("P", "A", 60), h("Q", "A", 40), h("A", "B1", 100), h("A", "B2", 80),
			h("B1", "C", 20), h("B2", "C", 40), h("C", "D", 50), h("D", "C", 10), h("E", "D", 50)},
		Controls: []graph.Control{{Controller: "P", Controlled: "B1", Basis: graph.BasisBoardAppointment,
			Provenance: graph.Provenance{Source: "test", Record: "cPB1"}}},
	}
	for _, id := range []string{"P", "Q", "A", "B1", "B2", "C", "D", "E"} {
		b.Entities = append(b.Entities, graph.Entity{ID: id, Name: "Name " + id, Kind: graph.KindCompany})
	}
	return b
}

func invLoad(t *testing.T, cfg Config) {
	t.Helper()
	ctx := context.Background()
	st, err := OpenStore(ctx, Env{}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	storetest.Load(t, st, graph.LoadMeta{Source: "test", Format: "test", Checksum: "inv", Started: time.Now().UTC()}, invNetwork())
}

// invStores runs fn on SQLite and on the test Neo4j (when configured).
func invStores(t *testing.T, fn func(t *testing.T, cfg Config)) {
	t.Run("sqlite", func(t *testing.T) {
		cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
		invLoad(t, cfg)
		fn(t, cfg)
	})
	t.Run("neo4j", func(t *testing.T) {
		cfg, _ := neo4jConfig(t)
		invLoad(t, cfg)
		fn(t, cfg)
	})
}

type invCmd func(ctx context.Context, env Env, cfg Config, id string, opt InvestigateOptions) error

func invRun(t *testing.T, cfg Config, cmd invCmd, id string, opt InvestigateOptions) string {
	t.Helper()
	var out bytes.Buffer
	if err := cmd(context.Background(), Env{Stdout: &out, Stderr: &bytes.Buffer{}}, cfg, id, opt); err != nil {
		t.Fatalf("%s: %v", id, err)
	}
	return out.String()
}

func jsonLines(t *testing.T, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("bad JSON line %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

func TestInvestigateOwnersHoldings(t *testing.T) {
	invStores(t, func(t *testing.T, cfg Config) {
		out := invRun(t, cfg, Owners, "C", InvestigateOptions{AsOf: "2025-01-01", Format: "jsonl"})
		var got []string
		for _, m := range jsonLines(t, out) {
			sep := ">"
			if m["relation"] == "controls" {
				sep = "="
			}
			got = append(got, m["from"].(string)+sep+m["to"].(string))
		}
		if want := "B1>C B2>C D>C A>B1 A>B2 C>D E>D P=B1 P>A Q>A"; strings.Join(got, " ") != want {
			t.Errorf("owners of C = %v, want %s", got, want)
		}
		out = invRun(t, cfg, Owners, "C", InvestigateOptions{Depth: 1, AsOf: "2025-01-01"})
		for _, want := range []string{"Owners of C (Name C)", "up to 1 levels: 3 parties", "20% of shares", "test:B1C"} {
			if !strings.Contains(out, want) {
				t.Errorf("owners table lacks %q:\n%s", want, out)
			}
		}
		out = invRun(t, cfg, Holdings, "P", InvestigateOptions{Depth: 2, AsOf: "2025-01-01"})
		for _, want := range []string{"controls (board-appointment)", "B2", "test:B1C", "4 parties"} {
			if !strings.Contains(out, want) {
				t.Errorf("holdings table lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, "Name D") {
			t.Errorf("D is 3 levels below P:\n%s", out)
		}
		err := Owners(context.Background(), Env{Stdout: &bytes.Buffer{}}, cfg, "nobody", InvestigateOptions{})
		if ExitCode(err) != 2 || !errors.Is(err, graph.ErrNotFound) {
			t.Errorf("unknown entity: err = %v (exit %d), want exit 2", err, ExitCode(err))
		}
	})
}

func TestInvestigatePathsLookThrough(t *testing.T) {
	invStores(t, func(t *testing.T, cfg Config) {
		var out bytes.Buffer
		env := Env{Stdout: &out}
		if err := Paths(context.Background(), env, cfg, "P", "C", InvestigateOptions{Max: 5, Format: "jsonl"}); err != nil {
			t.Fatal(err)
		}
		lines := jsonLines(t, out.String())
		if len(lines) != 2 || lines[0]["share_max"].(float64) < 19.19 || len(lines[0]["entities"].([]any)) != 4 {
			t.Fatalf("paths P to C = %s, want P>A>B2>C (19.2 %%) and P>A>B1>C: holdings only, control edges are no ownership", out.String())
		}
		out.Reset()
		if err := Paths(context.Background(), env, cfg, "A", "C", InvestigateOptions{}); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"2 found", "A -80%-> B2 -40%-> C", "32%", "A -100%-> B1 -20%-> C"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("paths table lacks %q:\n%s", want, out.String())
			}
		}
		if err := Paths(context.Background(), env, cfg, "A", "A", InvestigateOptions{}); ExitCode(err) != 2 {
			t.Errorf("same entity: exit %d", ExitCode(err))
		}
		if err := Paths(context.Background(), env, cfg, "A", "nobody", InvestigateOptions{}); ExitCode(err) != 2 {
			t.Errorf("unknown entity: exit %d", ExitCode(err))
		}

		out.Reset()
		if err := LookThrough(context.Background(), env, cfg, "C", InvestigateOptions{Format: "jsonl"}); err != nil {
			t.Fatal(err)
		}
		// W(C) = 1 + 0.1·W(D), W(D) = 0.5·W(C): W(C) = 1/0.95.
		// A: 0.52/0.95; E: 0.5·0.1/0.95; D: 0.1/0.95.
		want := map[string]float64{"A": 100 * 0.52 / 0.95, "E": 100 * 0.05 / 0.95, "D": 100 * 0.1 / 0.95,
			"P": 100 * 0.6 * 0.52 / 0.95, "Q": 100 * 0.4 * 0.52 / 0.95, "B2": 100 * 0.4 / 0.95, "B1": 100 * 0.2 / 0.95}
		lines = jsonLines(t, out.String())
		if len(lines) != len(want) {
			t.Fatalf("look-through = %s", out.String())
		}
		for _, m := range lines {
			id := m["id"].(string)
			if lo, hi := m["share_min"].(float64), m["share_max"].(float64); invAbs(lo-want[id]) > 1e-9 || invAbs(hi-want[id]) > 1e-9 {
				t.Errorf("%s: [%g, %g], want %g", id, lo, hi, want[id])
			}
		}
		out.Reset()
		if err := LookThrough(context.Background(), env, cfg, "C", InvestigateOptions{}); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Cross-holding group C, D", "never a verdict", "54.7368%"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("look-through table lacks %q:\n%s", want, out.String())
			}
		}
		if err := LookThrough(context.Background(), env, cfg, "nobody", InvestigateOptions{}); ExitCode(err) != 2 {
			t.Errorf("unknown entity: exit %d", ExitCode(err))
		}
	})
}

func invAbs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
