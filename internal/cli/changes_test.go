package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/queries"
)

// randomLoads writes two generic-CSV loads in two folders: a random graph
// of n entities (holdings, control edges, designations of every regime,
// some dated) and an update of it: new designations, delistings (the same
// designation with a delisted date), restated shares, ended holdings, new
// holdings and control edges.
func randomLoads(t *testing.T, rng *rand.Rand, n int) (base, update string) {
	t.Helper()
	id := func(i int) string { return fmt.Sprintf("e%02d", i) }
	regimes := []string{"ofac", "uk", "eu", "un"}
	dates := []string{"", "", "2020-01-01", "2024-06-01", "2025-06-01"}
	type hold struct{ owner, owned, share, start string }
	var holds []hold
	var hb, cb, db strings.Builder
	hb.WriteString("owner,owned,share,arrangement,start,end,source\n")
	cb.WriteString("controller,controlled,basis,start,end,source\n")
	db.WriteString("entity,regime,program,listed,delisted,source\n")
	for i := 0; i < n*3/2; i++ {
		a, b := rng.IntN(n), rng.IntN(n)
		if a == b {
			continue
		}
		h := hold{id(a), id(b), fmt.Sprint(5 * (1 + rng.IntN(14))), dates[rng.IntN(len(dates))]}
		if rng.IntN(5) == 0 {
			h.share = fmt.Sprintf("%d-%d", 10*rng.IntN(3), 30+10*rng.IntN(4))
		}
		arr := ""
		if rng.IntN(8) == 0 {
			arr = "j1"
		}
		holds = append(holds, h)
		fmt.Fprintf(&hb, "%s,%s,%s,%s,%s,,reg\n", h.owner, h.owned, h.share, arr, h.start)
	}
	type ctl struct{ a, b string }
	for i := 0; i < n/5; i++ {
		a, b := rng.IntN(n), rng.IntN(n)
		if a != b {
			fmt.Fprintf(&cb, "%s,%s,board-appointment,,,reg\n", id(a), id(b))
		}
	}
	type des struct{ e, regime, listed string }
	var dess []des
	for i := 0; i < n/4+1; i++ {
		d := des{id(rng.IntN(n)), regimes[rng.IntN(len(regimes))], dates[rng.IntN(len(dates))]}
		dess = append(dess, d)
		fmt.Fprintf(&db, "%s,%s,P,%s,,list\n", d.e, d.regime, d.listed)
	}
	base = writeFiles(t, map[string]string{"ownership.csv": hb.String(), "control.csv": cb.String(), "designations.csv": db.String()})

	hb.Reset()
	cb.Reset()
	db.Reset()
	hb.WriteString("owner,owned,share,arrangement,start,end,source\n")
	cb.WriteString("controller,controlled,basis,start,end,source\n")
	db.WriteString("entity,regime,program,listed,delisted,source\n")
	for _, d := range dess {
		if del := []string{"2024-12-01", "2025-03-01"}[rng.IntN(2)]; rng.IntN(3) == 0 && d.listed < del { // delisted
			fmt.Fprintf(&db, "%s,%s,P,%s,%s,list\n", d.e, d.regime, d.listed, del)
		}
	}
	for i := 0; i < 1+rng.IntN(3); i++ { // new designations
		fmt.Fprintf(&db, "%s,%s,P2,%s,,list\n", id(rng.IntN(n)), regimes[rng.IntN(len(regimes))], dates[rng.IntN(len(dates))])
	}
	for _, h := range holds {
		switch rng.IntN(6) {
		case 0: // restated share
			fmt.Fprintf(&hb, "%s,%s,%d,,%s,,reg\n", h.owner, h.owned, 5*(1+rng.IntN(14)), h.start)
		case 1: // ended
			if h.start > "2024-10-01" {
				continue
			}
			fmt.Fprintf(&hb, "%s,%s,%s,,%s,2024-10-01,reg\n", h.owner, h.owned, h.share, h.start)
		}
	}
	for i := 0; i < 1+rng.IntN(3); i++ { // new holdings and control
		a, b := rng.IntN(n), rng.IntN(n)
		if a != b {
			fmt.Fprintf(&hb, "%s,%s,%d,,,,reg2\n", id(a), id(b), 10*(1+rng.IntN(9)))
		}
		a, b = rng.IntN(n), rng.IntN(n)
		if a != b && rng.IntN(2) == 0 {
			fmt.Fprintf(&cb, "%s,%s,voting-agreement,,,reg2\n", id(a), id(b))
		}
	}
	// A new holding of a designated entity, which the closure of the
	// entity it now owns did not hold; and a new designated entity
	// owning, through another new one, an existing entity.
	d := dess[rng.IntN(len(dess))]
	if b := id(rng.IntN(n)); b != d.e {
		fmt.Fprintf(&hb, "%s,%s,%d,,,,reg3\n", d.e, b, 30+10*rng.IntN(5))
	}
	fmt.Fprintf(&db, "x01,%s,P3,,,list\n", regimes[rng.IntN(len(regimes))])
	fmt.Fprintf(&hb, "x01,x00,60,,,,reg3\nx00,%s,55,,,,reg3\n", id(rng.IntN(n)))
	files := map[string]string{}
	for name, b := range map[string]*strings.Builder{"ownership.csv": &hb, "control.csv": &cb, "designations.csv": &db} {
		if strings.Count(b.String(), "\n") > 1 {
			files[name] = b.String()
		}
	}
	update = writeFiles(t, files)
	return base, update
}

// lineKeys renders each jsonl line of a diff or a change report without
// its causes: what a full diff and the change report must agree on. The
// lines are decoded loosely: graph.Pct refuses the shares above 100 % that
// an over-allocated entity may count.
func lineKeys(t *testing.T, out string) []string {
	t.Helper()
	type state struct {
		Status     string   `json:"status"`
		ShareRange string   `json:"share_range"`
		Flags      []string `json:"flags"`
	}
	var keys []string
	for _, s := range strings.Split(strings.TrimSpace(out), "\n") {
		if s == "" {
			continue
		}
		var l struct {
			Regime, Change, ID string
			Before, After      state
		}
		if err := json.Unmarshal([]byte(s), &l); err != nil {
			t.Fatalf("bad jsonl line %q: %v", s, err)
		}
		keys = append(keys, fmt.Sprintf("%s %s %s %s(%s)%v -> %s(%s)%v", l.Regime, l.Change, l.ID, l.Before.Status, l.Before.ShareRange,
			l.Before.Flags, l.After.Status, l.After.ShareRange, l.After.Flags))
	}
	return keys
}

// changesAgree loads base, saves a full analysis as of asOf, loads update
// with --changes, and compares the report with `diff` of the saved run and
// the store after the load.
func changesAgree(t *testing.T, cfg Config, base, update, asOf string) []changeSummary {
	t.Helper()
	ctx := context.Background()
	mustIngest(t, cfg, base)
	analyzeRaw(t, cfg, AnalyzeOptions{AsOf: asOf, Format: "jsonl", Save: "before"})
	out := filepath.Join(t.TempDir(), "changes.jsonl")
	var so, se bytes.Buffer
	if err := Ingest(ctx, Env{Stdout: &so, Stderr: &se}, cfg, "csv", []string{update}, IngestOptions{Changes: out, AsOf: asOf}); err != nil {
		t.Fatalf("ingest --changes: %v (%s)", err, se.String())
	}
	want := lineKeys(t, runDiff(t, cfg, "before", asOf, DiffOptions{Format: "jsonl"}))
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := lineKeys(t, string(b)); !slices.Equal(got, want) {
		t.Errorf("ingest --changes differs from the full diff:\n got %q\nwant %q", got, want)
	}
	return readChangeLines(t, b)
}

// readChangeLines decodes a jsonl change report, keeping what the tests
// look at.
func readChangeLines(t *testing.T, b []byte) []changeSummary {
	t.Helper()
	var out []changeSummary
	for _, s := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if s == "" {
			continue
		}
		var l changeSummary
		if err := json.Unmarshal([]byte(s), &l); err != nil {
			t.Fatalf("bad change line %q: %v", s, err)
		}
		out = append(out, l)
	}
	return out
}

type changeSummary struct {
	Load   int64       `json:"load"`
	Regime string      `json:"regime"`
	Change string      `json:"change"`
	ID     string      `json:"id"`
	Causes []DiffCause `json:"causes"`
	Notes  []string    `json:"notes"`
}

// TestChangesEqualFullDiffSQLite: on random graphs with random list
// updates (additions, delistings, restated and ended holdings, new
// holdings and control edges), the incremental change report of the update
// equals `analyze --save` before and `diff` after (issue 17, acceptance 3).
func TestChangesEqualFullDiffSQLite(t *testing.T) {
	changed := 0
	for seed := range uint64(60) {
		rng := rand.New(rand.NewPCG(seed, 17))
		base, update := randomLoads(t, rng, 10+rng.IntN(20))
		cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
		lines := changesAgree(t, cfg, base, update, "2025-01-01")
		changed += len(lines)
		if t.Failed() {
			t.Fatalf("seed %d", seed)
		}
	}
	if changed < 60 {
		t.Errorf("only %d changed verdicts over all cases: the updates test too little", changed)
	}
}

// TestChangesEqualFullDiffNeo4j is the same on Neo4j (fewer cases).
func TestChangesEqualFullDiffNeo4j(t *testing.T) {
	for seed := range uint64(8) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { // one test Neo4j store per subtest
			rng := rand.New(rand.NewPCG(seed, 17))
			base, update := randomLoads(t, rng, 10+rng.IntN(20))
			cfg, _ := neo4jConfig(t)
			changesAgree(t, cfg, base, update, "2025-01-01")
		})
	}
}

// changeCauses renders report lines as "regime change id <- cause kinds
// and entities".
func changeCauses(ls []changeSummary) []string {
	var out []string
	for _, l := range ls {
		var cs []string
		for _, c := range l.Causes {
			cs = append(cs, c.Kind+" "+c.Entity)
		}
		out = append(out, fmt.Sprintf("%s %s %s <- %s", l.Regime, l.Change, l.ID, strings.Join(cs, "; ")))
	}
	return out
}

// TestChangesListVersion: loading the second version of the UN list (a
// list version: the whole store is compared) reports the delisted and the
// newly designated parties and what they owned, each with the designation
// the load ended or put in force as its cause, and equals the full diff.
func TestChangesListVersion(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	dir := "../../testdata/versions"
	mustIngest(t, cfg, filepath.Join(dir, "ownership.csv"))
	ingestFormat(t, cfg, "un", filepath.Join(dir, "un-v1.xml"))
	analyzeRaw(t, cfg, AnalyzeOptions{AsOf: "2024-07-01", Format: "jsonl", Save: "before"})
	out := filepath.Join(t.TempDir(), "changes.jsonl")
	var so, se bytes.Buffer
	err := Ingest(context.Background(), Env{Stdout: &so, Stderr: &se}, cfg, "un", []string{filepath.Join(dir, "un-v2.xml")},
		IngestOptions{Changes: out, AsOf: "2024-07-01"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(so.String(), "9 verdict(s) changed (re-decided the whole store") {
		t.Errorf("summary: %s", so.String())
	}
	b, _ := os.ReadFile(out)
	got := changeCauses(readChangeLines(t, b))
	// The causes are those a diff between dates finds for the same changes.
	var want []string
	for _, l := range diffLines(t, runDiff(t, cfg, "2024-03-01", "2024-07-01", DiffOptions{Format: "jsonl"})) {
		want = append(want, summary(l))
	}
	if !slices.Equal(got, want) {
		t.Errorf("changes:\n got %q\nwant %q", got, want)
	}
	if w := lineKeys(t, runDiff(t, cfg, "before", "2024-07-01", DiffOptions{Format: "jsonl"})); !slices.Equal(lineKeys(t, string(b)), w) {
		t.Errorf("changes differ from the full diff %q", w)
	}
}

// TestChangesRestatedShare: an undated share restated in place, which
// diff cannot date, is the cause of the change report's line; the csv and
// html reports carry the same line; a load that changes nothing writes an
// empty report.
func TestChangesRestatedShare(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	dir := "../../testdata/versions"
	mustIngest(t, cfg, filepath.Join(dir, "ownership.csv"))
	ingestFormat(t, cfg, "un", filepath.Join(dir, "un-v1.xml"))
	tmp := t.TempDir()
	writeFile(t, tmp, "ownership.csv", "owner,owned,share,source\nun:KPe.902,pearl-holding,40,registry-pearl\n")
	outs := t.TempDir()
	ctx := context.Background()
	for i, name := range []string{"c.jsonl", "c.csv", "c.html"} {
		if i > 0 { // the same file again changes nothing: restate the share each time
			writeFile(t, tmp, "ownership.csv", fmt.Sprintf("owner,owned,share,source\nun:KPe.902,pearl-holding,%d,registry-pearl\n", 40+20*(i%2)))
		}
		var so, se bytes.Buffer
		if err := Ingest(ctx, Env{Stdout: &so, Stderr: &se}, cfg, "csv", []string{tmp},
			IngestOptions{Changes: filepath.Join(outs, name), AsOf: "2024-03-01"}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(so.String(), "re-decided 1 entities downstream") {
			t.Errorf("%s: summary %s", name, so.String())
		}
	}
	b, _ := os.ReadFile(filepath.Join(outs, "c.jsonl"))
	ls := readChangeLines(t, b)
	if got := changeCauses(ls); !slices.Equal(got, []string{"uk no-longer-exposed pearl-holding <- holding-changed un:KPe.902",
		"eu no-longer-exposed pearl-holding <- holding-changed un:KPe.902"}) {
		t.Fatalf("changes %q", got)
	}
	if c := ls[0].Causes[0]; c.Text != "holding un:KPe.902 → pearl-holding restated by this load: 40 %, was 60 %" || c.Record == "" {
		t.Errorf("cause %+v", c)
	}
	csvb, _ := os.ReadFile(filepath.Join(outs, "c.csv"))
	if !strings.Contains(string(csvb), `uk,newly-exposed,pearl-holding,pearl-holding,clear,0,owned,60,"holding un:KPe.902 → pearl-holding restated by this load: 60 %, was 40 %"`) {
		t.Errorf("csv:\n%s", csvb)
	}
	htmlb, _ := os.ReadFile(filepath.Join(outs, "c.html"))
	if h := string(htmlb); !strings.Contains(h, "<td>no longer exposed</td><td>pearl-holding</td><td>owned (share 60)</td><td>clear</td>") ||
		strings.Contains(h, "<script") || strings.Contains(h, "style") {
		t.Errorf("html:\n%s", h)
	}
	var so bytes.Buffer
	out := filepath.Join(outs, "none.jsonl")
	if err := Ingest(ctx, Env{Stdout: &so, Stderr: &bytes.Buffer{}}, cfg, "csv", []string{tmp}, IngestOptions{Changes: out, AsOf: "2024-03-01"}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(out); err != nil || len(b) != 0 {
		t.Errorf("a load that changes nothing: %q, %v", b, err)
	}
	err := Ingest(ctx, Env{Stdout: &so, Stderr: &bytes.Buffer{}}, cfg, "csv", []string{tmp}, IngestOptions{Changes: filepath.Join(outs, "c.txt")})
	if ExitCode(err) != 2 || !strings.Contains(err.Error(), "unknown extension") {
		t.Errorf("--changes c.txt: %v", err)
	}
}

// changesSinceScenario: three loads with --changes and one without.
// `changes --since` composes the kept reports: a change a later load
// undid is left out, a change made over two loads lists both, and the
// load without a report is named on stderr.
func changesSinceScenario(t *testing.T, cfg Config) {
	t.Helper()
	ctx := context.Background()
	dir := "../../testdata/versions"
	mustIngest(t, cfg, filepath.Join(dir, "ownership.csv")) // load 1, no report
	ingestChanged := func(files map[string]string) {
		t.Helper()
		var so, se bytes.Buffer
		if err := Ingest(ctx, Env{Stdout: &so, Stderr: &se}, cfg, "csv", []string{writeFiles(t, files)},
			IngestOptions{Changes: filepath.Join(t.TempDir(), "c.jsonl"), AsOf: "2025-01-01"}); err != nil {
			t.Fatalf("ingest --changes: %v (%s)", err, se.String())
		}
	}
	des := func(body string) map[string]string { return map[string]string{"designations.csv": body} }
	ingestChanged(des("entity,regime,listed,source\nun:KPe.902,ofac,2024-01-01,t\nun:KPe.903,ofac,2024-01-01,t\n")) // load 2
	ingestChanged(des("entity,regime,listed,delisted,source\nun:KPe.903,ofac,2024-01-01,2024-06-01,t\n"))           // load 3: undoes 903
	ingestChanged(map[string]string{                                                                                // load 4: acme 30+30, pearl-holding 80
		"designations.csv": "entity,regime,listed,source\nun:KPe.901,ofac,2024-01-01,t\n",
		"ownership.csv":    "owner,owned,share,source\nun:KPe.902,pearl-holding,80,registry-pearl\n"})
	run := func(opt ChangesOptions) (string, string) {
		t.Helper()
		var so, se bytes.Buffer
		if err := Changes(ctx, Env{Stdout: &so, Stderr: &se}, cfg, opt); err != nil {
			t.Fatalf("changes %+v: %v", opt, err)
		}
		return so.String(), se.String()
	}
	out, errs := run(ChangesOptions{Since: "1", Format: "jsonl"})
	var got []string
	for _, s := range strings.Split(strings.TrimSpace(out), "\n") {
		var c struct {
			Loads          []int64
			Regime, Change string
			ID             string
			After          queries.KeptState
		}
		if err := json.Unmarshal([]byte(s), &c); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		got = append(got, fmt.Sprintf("%v %s %s %s %s/%s", c.Loads, c.Regime, c.Change, c.ID, c.After.Status, c.After.ShareRange))
	}
	want := []string{
		"[4] ofac newly-designated un:KPe.901 designated/0",
		"[2] ofac newly-designated un:KPe.902 designated/0",
		"[4] ofac newly-exposed acme blocked/60",
		"[2 4] ofac newly-exposed pearl-holding blocked/80",
	}
	if !slices.Equal(got, want) {
		t.Errorf("changes --since 1:\n got %q\nwant %q", got, want)
	}
	if !strings.Contains(errs, "load 1 (csv, ") || strings.Contains(errs, "load 2") {
		t.Errorf("stderr: %s", errs)
	}
	if out, _ := run(ChangesOptions{Since: "4"}); !strings.Contains(out, "load 4, as of 2025-01-01, ofac  changed            pearl-holding: blocked (share 60) → blocked (share 80)\n      cause: holding un:KPe.902 → pearl-holding restated by this load: 80 %, was 60 %") {
		t.Errorf("changes --since 4:\n%s", out)
	}
	if out, errs := run(ChangesOptions{Since: "2999-01-01"}); out != "no verdict changed\n" || errs != "" {
		t.Errorf("changes since a future date: %q %q", out, errs)
	}
	if err := Changes(ctx, Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, cfg, ChangesOptions{Since: "yesterday"}); ExitCode(err) != 2 {
		t.Errorf("--since yesterday: %v", err)
	}
}

func TestChangesSinceSQLite(t *testing.T) {
	changesSinceScenario(t, Config{DB: filepath.Join(t.TempDir(), "ownex.db")})
}

func TestChangesSinceNeo4j(t *testing.T) {
	cfg, _ := neo4jConfig(t)
	changesSinceScenario(t, cfg)
}

// TestChangesCausesOnlyWhatTheLoadChanged: a new holding brings an owner
// whose designation is older into the closure; the cause is the holding,
// not the designation (which the load did not change).
func TestChangesCausesOnlyWhatTheLoadChanged(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	dir := "../../testdata/versions"
	mustIngest(t, cfg, filepath.Join(dir, "ownership.csv"))
	ingestFormat(t, cfg, "un", filepath.Join(dir, "un-v1.xml"))
	ingestFormat(t, cfg, "un", filepath.Join(dir, "un-v2.xml"))
	tmp := writeFiles(t, map[string]string{"acme.csv": "owner,owned,share,source\nun:KPe.903,acme,30,registry-acme\n"})
	out := filepath.Join(t.TempDir(), "c.jsonl")
	if err := Ingest(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, cfg, "csv", []string{tmp},
		IngestOptions{Changes: out, AsOf: "2024-07-01"}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	if got := changeCauses(readChangeLines(t, b)); !slices.Equal(got, []string{"eu newly-exposed acme <- holding-started un:KPe.903"}) {
		t.Errorf("changes %q", got)
	}
}

// TestChangesAcrossSameAs: a designation of one record of a party (a
// strong same-as link by a shared identifier) exposes what another record
// of the party owns: the scope follows same-as links, not only holdings,
// and the report equals the full diff, on both stores.
func TestChangesAcrossSameAs(t *testing.T) {
	partyStores(t, func(t *testing.T, cfg Config) {
		base := writeFiles(t, map[string]string{
			"entities.csv":  "id,name,kind,identifiers\nreg:t,Tundra Holdings Ltd,company,lei:529900T8BM49AURSDO55\nlist:t,TUNDRA HOLDINGS,company,lei:529900T8BM49AURSDO55\nreg:v,Vega Shipping,company,\nreg:w,Wolf Trading,company,\n",
			"ownership.csv": "owner,owned,share,source\nreg:t,reg:v,60,reg\nreg:v,reg:w,70,reg\n",
		})
		mustIngest(t, cfg, base)
		mustResolve(t, cfg, ResolveOptions{})
		update := writeFiles(t, map[string]string{"designations.csv": "entity,regime,program,listed,source\nlist:t,ofac,SDGT,2024-01-01,list\n"})
		got := changeCauses(changesAgree(t, cfg, base, update, "2025-01-01"))
		want := []string{
			"ofac newly-designated list:t <- designation-started list:t",
			"ofac newly-designated reg:t <- designation-started list:t",
			"ofac newly-exposed reg:v <- designation-started list:t",
			"ofac newly-exposed reg:w <- designation-started list:t",
		}
		if !slices.Equal(got, want) {
			t.Errorf("changes %q, want %q", got, want)
		}
	})
}
