package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/ownex/ownex/internal/store/neo4j"
	"github.com/ownex/ownex/internal/store/neo4j/neo4jtest"
)

// neo4jConfig locks the test Neo4j, wipes it and returns a CLI
// configuration pointing at it, plus the store for wiping again.
func neo4jConfig(t *testing.T) (Config, *neo4j.Store) {
	t.Helper()
	st := neo4jtest.Open(t)
	nc := neo4jtest.Config(t)
	return Config{Store: "neo4j", Neo4jURI: nc.URI, Neo4jUser: nc.User, Neo4jPassword: nc.Password, BatchSize: 500,
		CacheDir: t.TempDir()}, st
}

func analyzeRaw(t *testing.T, cfg Config, opt AnalyzeOptions) string {
	t.Helper()
	var out bytes.Buffer
	if err := Analyze(context.Background(), Env{Stdout: &out, Stderr: &bytes.Buffer{}}, cfg, opt); err != nil {
		t.Fatalf("analyze on %s: %v", cfg.Store, err)
	}
	return out.String()
}

// TestStoresAgree: the same generic-CSV fixtures (every RULES.md vector
// and the demo network) give byte-identical `analyze --format jsonl --all`
// output on SQLite and on Neo4j (issue 3, acceptance 2), read from each
// store and from each store's snapshot cache (issue 18 item 1).
func TestStoresAgree(t *testing.T) {
	ncfg, nst := neo4jConfig(t)
	dirs, _ := filepath.Glob("../../testdata/vectors/V*")
	dirs = append(dirs, "demodata")
	for _, dir := range dirs {
		asOfs := []string{"2025-01-01"}
		if exp, _ := filepath.Glob(filepath.Join(dir, "expect@*.txt")); len(exp) > 0 {
			asOfs = nil
			for _, e := range exp {
				asOfs = append(asOfs, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(e), "expect@"), ".txt"))
			}
		}
		if dir == "demodata" {
			asOfs = []string{"2023-06-30", "2025-06-30"}
		}
		if err := nst.Wipe(context.Background()); err != nil {
			t.Fatal(err)
		}
		scfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
		mustIngest(t, scfg, dir)
		mustIngest(t, ncfg, dir)
		for _, asOf := range asOfs {
			opt := AnalyzeOptions{AsOf: asOf, Format: "jsonl", All: true}
			s, n := analyzeRaw(t, scfg, opt), analyzeRaw(t, ncfg, opt)
			if s != n || s == "" {
				t.Errorf("%s as of %s: sqlite and neo4j differ\nsqlite:\n%s\nneo4j:\n%s", dir, asOf, s, n)
			}
			for _, cfg := range []Config{scfg, ncfg} {
				cfg.NoCache = true
				if got := analyzeRaw(t, cfg, opt); got != s {
					t.Errorf("%s as of %s: store %q read without its cache differs from the cache\n%s", dir, asOf, cfg.Store, got)
				}
			}
		}
	}
}

// TestNeo4jReingestCounts: ingesting the same files twice leaves node and
// relationship counts unchanged (issue 3, acceptance 3).
func TestNeo4jReingestCounts(t *testing.T) {
	cfg, st := neo4jConfig(t)
	mustIngest(t, cfg, "demodata")
	first, err := st.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	mustIngest(t, cfg, "demodata")
	second, _ := st.Counts(context.Background())
	if first != second || first.Holdings < 40 {
		t.Fatalf("counts %+v then %+v", first, second)
	}
	n1, r1, err := st.GraphSize(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	mustIngest(t, cfg, "demodata")
	n2, r2, _ := st.GraphSize(context.Background())
	if n1 != n2 || r1 != r2 {
		t.Fatalf("nodes %d -> %d, relationships %d -> %d", n1, n2, r1, r2)
	}
}

// exposedIDs runs the catalog query `exposed` for each regime and returns
// the union of entity ids.
func exposedIDs(t *testing.T, cfg Config) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	for _, r := range []string{"ofac", "uk", "eu"} {
		for _, row := range queryRows(t, cfg, "exposed", "regime="+r) {
			ids[row["id"].(string)] = true
		}
	}
	return ids
}

func queryRows(t *testing.T, cfg Config, name string, params ...string) []map[string]any {
	t.Helper()
	var out bytes.Buffer
	if err := Query(context.Background(), Env{Stdout: &out}, cfg, name, QueryOptions{Params: params, Format: "jsonl"}); err != nil {
		t.Fatalf("query %s %v: %v", name, params, err)
	}
	var rows []map[string]any
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, m)
	}
	return rows
}

// exposedFromJSONL lists the entities with a non-clear, non-designated
// verdict in analyze's jsonl output.
func exposedFromJSONL(t *testing.T, out string) map[string]bool {
	ids := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var r struct{ ID, Status string }
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		if r.Status != "clear" && r.Status != "designated" {
			ids[r.ID] = true
		}
	}
	return ids
}

// TestWriteBack: after analyze --write-back the :Exposed entities are
// exactly those with a non-clear, non-designated verdict; after a
// designation is lifted and analyze runs again, stale labels and
// properties are gone (issue 3, acceptance 4).
func TestWriteBack(t *testing.T) {
	cfg, st := neo4jConfig(t)
	ctx := context.Background()
	mustIngest(t, cfg, "demodata")
	opt := AnalyzeOptions{AsOf: "2025-06-30", Format: "jsonl", WriteBack: true}
	want := exposedFromJSONL(t, analyzeRaw(t, cfg, opt))
	if got := exposedIDs(t, cfg); !sameKeys(got, want) || len(want) < 15 {
		t.Fatalf("exposed after write-back %v, want %v", keys(got), keys(want))
	}
	if p, err := st.Exposure(ctx, "demo:kestrel-print"); err != nil || p["uk"] != "owned" || p["eu"] != "owned" {
		t.Fatalf("kestrel-print exposure %v, %v", p, err)
	}
	// Lift Dragunov's designations: same keys, now with a delisted date.
	dir := t.TempDir()
	writeFile(t, dir, "designations.csv", "entity,regime,program,listed,delisted,source\n"+
		"demo:dragunov,ofac,RUSSIA-EO14024,2022-04-06,2025-01-01,demo-sdn:90001\n"+
		"demo:dragunov,uk,RUS,2022-03-15,2025-01-01,demo-uk:RUS0999\n"+
		"demo:dragunov,eu,UKR (Reg. 269/2014),2022-02-28,2025-01-01,demo-eu:EU.9001.11\n")
	mustIngest(t, cfg, dir)
	want2 := exposedFromJSONL(t, analyzeRaw(t, cfg, opt))
	got2 := exposedIDs(t, cfg)
	if !sameKeys(got2, want2) || len(want2) >= len(want) {
		t.Fatalf("exposed after delisting %v, want %v", keys(got2), keys(want2))
	}
	if got2["demo:nordvik"] || got2["demo:kestrel-print"] {
		t.Fatalf("stale :Exposed labels remain: %v", keys(got2))
	}
	for _, id := range []string{"demo:kestrel-print", "demo:dragunov", "demo:nordvik"} {
		p, err := st.Exposure(ctx, id)
		if err != nil || len(p) != 0 {
			t.Errorf("%s keeps stale exposure properties %v (%v)", id, p, err)
		}
	}
}

func sameKeys(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
