// End-to-end test of issue 13's outputs: a possible link written to the
// store gives its flags and candidates in analyze, explain, show and
// screen.

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
)

// possibleStore is the case: a GB person named like an OFAC
// entry, with nothing that corroborates the match, holds 60 % of a
// bakery. The link between them is possible.
func possibleStore(t *testing.T) Config {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"entities.csv":     "id,name,kind,country\ngb:samad,Abdul Samad,person,GB\ngb:bakery,Harbour Bakery Ltd,company,GB\nofac:12403,\"SAMAD, Abdul\",person,AF\n",
		"designations.csv": "entity,regime,program,listed\nofac:12403,ofac,SDGT,2020-01-01\n",
		"ownership.csv":    "owner,owned,share\ngb:samad,gb:bakery,60\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, dir)
	ctx := context.Background()
	st, err := OpenStore(ctx, Env{Stderr: &bytes.Buffer{}}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	l, err := st.Begin(ctx, graph.LoadMeta{Source: "resolve", Format: "resolve", Started: time.Now().UTC()})
	if err != nil {
		t.Fatal(err)
	}
	b := &graph.Batch{SameAs: []graph.SameAs{{A: "gb:samad", B: "ofac:12403", Method: "name", Score: 1, Strength: graph.StrengthPossible,
		Evidence: "Abdul Samad ~ SAMAD, Abdul", Provenance: graph.Provenance{Source: "resolve", Record: "Abdul Samad ~ SAMAD, Abdul"}}}}
	if err := l.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	var c graph.Counts
	c.Add(b)
	if err := l.Commit(ctx, c, 0); err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestPossibleLinksEndToEnd(t *testing.T) {
	cfg := possibleStore(t)
	ctx := context.Background()
	run := func(f func(Env) error) string {
		t.Helper()
		var out bytes.Buffer
		if err := f(Env{Stdout: &out, Stderr: &bytes.Buffer{}}); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	const asOf = "2025-01-01"

	// analyze csv: both stay clear, are written without --all, and name the link.
	out := run(func(env Env) error {
		return Analyze(ctx, env, cfg, AnalyzeOptions{AsOf: asOf, Format: "csv", Regime: "ofac"})
	})
	for _, want := range []string{
		`gb:samad,Abdul Samad,ofac,clear,0,0,0,0,0,0,possibly-same-as;possibly-exposed,"ofac:12403 (score 1.00: Abdul Samad ~ SAMAD, Abdul)","ofac:12403 (score 1.00: Abdul Samad ~ SAMAD, Abdul)",designated`,
		`gb:bakery,Harbour Bakery Ltd,ofac,clear,`,
		`"gb:samad may be ofac:12403 (score 1.00: Abdul Samad ~ SAMAD, Abdul)",blocked`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("analyze csv lacks %q:\n%s", want, out)
		}
	}

	// explain text of the bakery.
	out = run(func(env Env) error {
		return Explain(ctx, env, cfg, "gb:bakery", ExplainOptions{AsOf: asOf, Regime: "ofac"})
	})
	if !strings.Contains(out, "OFAC: clear") || !strings.Contains(out,
		"possibly exposed: would be blocked under OFAC if its possible links were strong (via gb:samad may be ofac:12403 SAMAD, Abdul (score 1.00: Abdul Samad ~ SAMAD, Abdul))") {
		t.Errorf("explain gb:bakery:\n%s", out)
	}

	// show json of the person: its party is itself, one possible link.
	out = run(func(env Env) error { return Show(ctx, env, cfg, "gb:samad", ShowOptions{Format: "json", AsOf: asOf}) })
	var doc struct {
		Party          []string             `json:"party"`
		PossiblySameAs []graph.PossibleLink `json:"possibly_same_as"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if strings.Join(doc.Party, ",") != "gb:samad" || len(doc.PossiblySameAs) != 1 || doc.PossiblySameAs[0].Candidate != "ofac:12403" ||
		doc.PossiblySameAs[0].Score != 1 || doc.PossiblySameAs[0].Names != "Abdul Samad ~ SAMAD, Abdul" {
		t.Errorf("show json: %s", out)
	}

	// screening csv of the bakery.
	in := filepath.Join(t.TempDir(), "cps.csv")
	if err := os.WriteFile(in, []byte("ref,name\nC-1,Harbour Bakery Ltd\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out = run(func(env Env) error {
		return Screen(ctx, env, cfg, in, ScreenOptions{AsOf: asOf, Regime: "ofac", Format: "csv"})
	})
	if !strings.HasSuffix(strings.SplitN(out, "\n", 2)[0], ",ofac_possibly_same_as,ofac_possibly_exposed_via,ofac_possible_status,party,possibly_same,matched_name,why,input_dob") ||
		!strings.Contains(out, `,"gb:samad may be ofac:12403 (score 1.00: Abdul Samad ~ SAMAD, Abdul)",blocked`) {
		t.Errorf("screen csv:\n%s", out)
	}
}
