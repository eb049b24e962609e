package neo4j_test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ownex/ownex/internal/cli"
	"github.com/ownex/ownex/internal/gen"
	"github.com/ownex/ownex/internal/store/neo4j"
	"github.com/ownex/ownex/internal/store/neo4j/neo4jtest"
)

// importPortVar overrides the Bolt port of the Neo4j that
// TestExportImportSameGraph starts on the imported data (default 7702).
const importPortVar = "OWNEX_TEST_IMPORT_PORT"

// importFixture is a store built from a variety of sources: RULES.md
// vector V07 (joint arrangement), bounds fixture B05 (open bounds), three versions of a UN list (closed
// designations, an earlier record version), generic CSV holdings, an
// OpenSanctions FtM file (identifiers, aliases, links to entities and to
// unresolved names, same-as links), an OFAC SDN sample (weak aliases,
// addresses, facts) and a generated graph of 2,000 entities (banded and
// unknown shares, open bounds, dated holdings, control edges, delisted
// designations). Every step is one load.
func importFixture(t *testing.T) [][2]string {
	t.Helper()
	root := "../../../testdata/"
	tmp := t.TempDir()
	v2, err := os.ReadFile(root + "versions/un-v2.xml")
	if err != nil {
		t.Fatal(err)
	}
	v3 := strings.Replace(strings.Replace(string(v2), `dateGenerated="2024-06-20`, `dateGenerated="2024-09-01`, 1),
		"NORTHERN STAR TRADING CORPORATION", "NORTHERN STAR TRADING CORP.", 1)
	if v3 == string(v2) {
		t.Fatal("un-v2.xml changed: the fixture's third list version is no different")
	}
	v3path := filepath.Join(tmp, "un-v3.xml")
	if err := os.WriteFile(v3path, []byte(v3), 0o644); err != nil {
		t.Fatal(err)
	}
	genDir := filepath.Join(tmp, "gen")
	if err := gen.WriteCSV(gen.Graph(2000, 7), genDir); err != nil {
		t.Fatal(err)
	}
	return [][2]string{
		{"csv", root + "vectors/V07"},
		{"csv", root + "bounds/B05-fifty-open-closed"},
		{"un", root + "versions/un-v1.xml"},
		{"un", root + "versions/un-v2.xml"},
		{"un", v3path},
		{"csv", root + "versions/ownership.csv"},
		{"ftm", root + "ftm/yente-zala"},
		{"ofac-csv", root + "ofac/watchman-ofactest"},
		{"csv", genDir},
	}
}

// TestExportImportSameGraph is issue 7's proof of `ownex export
// neo4j-import`: the fixture goes into a SQLite store and, through the
// batched writer, into the test Neo4j; the SQLite store is exported and
// imported with deploy/neo4j/import.sh into a separate, new Neo4j (its own
// cache folder and port), which is then started. The imported graph must
// equal the batched writer's node for node and relationship for
// relationship (labels, typed properties, types), load times aside, and
// `analyze --all --format jsonl` on it must print exactly what it prints
// on the SQLite store.
func TestExportImportSameGraph(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a second Neo4j: not in -short")
	}
	batched := neo4jtest.Open(t) // skips without a test Neo4j, fails in CI
	ncfg := neo4jtest.Config(t)
	for _, tool := range []string{"java", "bash"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed to run neo4j-admin import: %v", tool, err)
		}
	}
	ctx := context.Background()
	env := cli.Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}
	steps := importFixture(t)

	// The same loads into SQLite and, batched, into the test Neo4j. A list
	// without a publication date is published on the day of its load
	// (ingest/run.go): loads on both sides of midnight (UTC) would differ,
	// so they are done again, once, into new stores.
	neo := cli.Config{Store: "neo4j", Neo4jURI: ncfg.URI, Neo4jUser: ncfg.User, Neo4jPassword: ncfg.Password, BatchSize: 500, CacheDir: t.TempDir()}
	var lite cli.Config
	for attempt := 1; ; attempt++ {
		day := time.Now().UTC().Format(time.DateOnly)
		lite = cli.Config{Store: "sqlite", DB: filepath.Join(t.TempDir(), "ownex.db")}
		if err := batched.Wipe(ctx); err != nil {
			t.Fatal(err)
		}
		for _, cfg := range []cli.Config{lite, neo} {
			for _, st := range steps {
				if err := cli.Ingest(ctx, env, cfg, st[0], []string{st[1]}, cli.IngestOptions{}); err != nil {
					t.Fatalf("ingest %s %s into %s: %v", st[0], st[1], cfg.Store, err)
				}
			}
		}
		if time.Now().UTC().Format(time.DateOnly) == day || attempt == 2 {
			break
		}
		t.Logf("the loads crossed midnight (UTC, %s): loading again", day)
	}

	// Export, import into a new database, start a server on it.
	dir := filepath.Join(t.TempDir(), "export")
	var out bytes.Buffer
	if err := cli.Export(ctx, cli.Env{Stdout: &out}, lite, "neo4j-import", dir, cli.ExportOptions{}); err != nil {
		t.Fatalf("export: %v", err)
	}
	if !strings.Contains(out.String(), "neo4j-admin database import full neo4j ") {
		t.Fatalf("export did not print the neo4j-admin command:\n%s", out.String())
	}
	uri := importAndStart(t, dir)
	imported, err := neo4j.Open(ctx, neo4j.Config{URI: uri})
	if err != nil {
		t.Fatalf("open the imported Neo4j: %v", err)
	}
	t.Cleanup(func() { imported.Close() })

	// The same graph.
	skip := map[string]bool{"Load.started": true, "Load.finished": true}
	want, err := neo4j.DumpGraph(ctx, batched, skip)
	if err != nil {
		t.Fatal(err)
	}
	got, err := neo4j.DumpGraph(ctx, imported, skip)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 5000 {
		t.Fatalf("the batched writer's graph has only %d nodes and relationships: fixture too small", len(want))
	}
	// The fixture covers every part of the model.
	for _, part := range []string{"(EntityVersion {", "(Mention ", "(Identifier ", "(Counter ", "(Load ",
		"(Entity:Unknown {", "aliases=list0", "-[:LINKED ", "-[:SAME_AS ", "-[:CONTROLS ", "-[:HAS_IDENTIFIER ",
		"-[:PREVIOUS_VERSION ", "share_open=int64:\"3\"", "delisted=string", "since=string"} {
		if !slices.ContainsFunc(want, func(l string) bool { return strings.Contains(l, part) }) {
			t.Errorf("the batched writer's graph has no %q: the fixture no longer covers it", part)
		}
	}
	if d := diffLines(want, got); d != "" {
		t.Errorf("imported graph differs from the batched writer's (%d vs %d lines; - batched, + imported):\n%s",
			len(want), len(got), d)
	}
	wc, err := batched.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gc, err := imported.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if wc != gc {
		t.Errorf("counts: batched %+v, imported %+v", wc, gc)
	}
	t.Logf("batched and imported graphs: %d nodes and relationships; counts %+v", len(want), gc)

	// The same verdicts as the SQLite store, byte for byte.
	imp := cli.Config{Store: "neo4j", Neo4jURI: uri, CacheDir: t.TempDir()}
	for _, asOf := range []string{"2024-03-01", "2024-10-01", "2025-06-30"} {
		a := analyzeJSONL(t, lite, asOf)
		b := analyzeJSONL(t, imp, asOf)
		if !bytes.Equal(a, b) {
			t.Errorf("analyze --all --as-of %s: imported Neo4j differs from SQLite:\n%s", asOf,
				diffLines(strings.Split(string(a), "\n"), strings.Split(string(b), "\n")))
		}
		if bytes.Count(a, []byte("\n")) < 3*2000 {
			t.Errorf("analyze --as-of %s printed only %d lines", asOf, bytes.Count(a, []byte("\n")))
		}
	}
}

func analyzeJSONL(t *testing.T, cfg cli.Config, asOf string) []byte {
	t.Helper()
	var out bytes.Buffer
	err := cli.Analyze(context.Background(), cli.Env{Stdout: &out, Stderr: &bytes.Buffer{}}, cfg,
		cli.AnalyzeOptions{All: true, AsOf: asOf, Format: "jsonl"})
	if err != nil {
		t.Fatalf("analyze on %s: %v", cfg.Store, err)
	}
	return out.Bytes()
}

// importAndStart runs deploy/neo4j/import.sh on dir into a new database
// of a cache folder of its own, starts a server on it and returns its URI;
// the server is stopped when the test ends. The cache folder stays in the
// temporary directory so that the Neo4j jars are fetched only once.
func importAndStart(t *testing.T, dir string) string {
	t.Helper()
	deploy, err := filepath.Abs("../../../deploy/neo4j")
	if err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(os.TempDir(), "ownex-import-test")
	if err := os.MkdirAll(cache, 0o755); err != nil {
		t.Fatal(err)
	}
	lock, err := os.OpenFile(filepath.Join(cache, "test.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lock.Close() })
	port := os.Getenv(importPortVar)
	if port == "" {
		port = "7702"
	}
	run := func(what string, timeout time.Duration, extra []string, args ...string) string {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, "bash", args...)
		cmd.Env = append(os.Environ(), "OWNEX_CACHE_DIR="+cache, "NEO4J_BOLT_PORT="+port, "NEO4J_AUTH=none",
			"NEO4J_HEAP=768m", "NEO4J_PAGECACHE=128m", "NEO4J_IMPORT_OFFHEAP=512m", "NEO4J_IMPORT_HEAP=512m",
			"NEO4J_FRESH=0", "NEO4J_IMPORT_OVERWRITE=0", "NEO4J_CONF=")
		cmd.Env = append(cmd.Env, extra...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		t0 := time.Now()
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v\n%s%s", what, err, stdout.String(), stderr.String())
		}
		t.Logf("%s: %s", what, time.Since(t0).Round(time.Millisecond))
		return stdout.String()
	}
	stop := filepath.Join(deploy, "stop.sh")
	run("stop.sh (a server left by an earlier run)", 2*time.Minute, nil, stop)
	if c, err := net.DialTimeout("tcp", "127.0.0.1:"+port, time.Second); err == nil {
		c.Close()
		t.Fatalf("port %s is taken by another process: set %s to a free port", port, importPortVar)
	}
	run("import.sh", 10*time.Minute, []string{"NEO4J_FRESH=1"}, filepath.Join(deploy, "import.sh"), dir)
	t.Cleanup(func() { run("stop.sh", 2*time.Minute, nil, stop) })
	lines := strings.Split(strings.TrimSpace(run("start.sh", 5*time.Minute, nil, filepath.Join(deploy, "start.sh"))), "\n")
	uri := lines[len(lines)-1]
	if !strings.HasPrefix(uri, "bolt://") {
		t.Fatalf("start.sh printed %q, want the Bolt URI", uri)
	}
	return uri
}

// diffLines describes the lines only in a and only in b (a and b sorted
// or not), at most 30 of each.
func diffLines(a, b []string) string {
	count := map[string]int{}
	for _, l := range a {
		count[l]++
	}
	for _, l := range b {
		count[l]--
	}
	var sb strings.Builder
	n := 0
	for _, l := range a {
		if count[l] > 0 && n < 30 {
			fmt.Fprintf(&sb, "- %s\n", l)
			count[l]--
			n++
		}
	}
	n = 0
	for _, l := range b {
		if count[l] < 0 && n < 30 {
			fmt.Fprintf(&sb, "+ %s\n", l)
			count[l]++
			n++
		}
	}
	return sb.String()
}
