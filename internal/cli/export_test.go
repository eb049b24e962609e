package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportNeo4jImport checks the files of `ownex export neo4j-import`
// on a small store (no Neo4j needed; internal/store/neo4j's
// TestExportImportSameGraph imports them into a real one).
func TestExportNeo4jImport(t *testing.T) {
	ctx := context.Background()
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, "../../testdata/vectors/V07")
	var errb bytes.Buffer
	if err := Ingest(ctx, Env{Stdout: &bytes.Buffer{}, Stderr: &errb}, cfg, "ofac-csv",
		[]string{"../../testdata/ofac/watchman-ofactest"}, IngestOptions{}); err != nil {
		t.Fatalf("ingest: %v %s", err, errb.String())
	}
	dir := filepath.Join(t.TempDir(), "out")
	var out bytes.Buffer
	if err := Export(ctx, Env{Stdout: &out}, cfg, "neo4j-import", dir, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	for _, want := range []string{"neo4j-admin database import full neo4j --id-type=string --array-delimiter=U+001E",
		"--nodes=" + filepath.Join(abs, "entities.header.csv") + "," + filepath.Join(abs, "entities.csv"),
		"--relationships=OWNS=" + filepath.Join(abs, "owns.header.csv") + "," + filepath.Join(abs, "owns.csv"),
		"bash deploy/neo4j/import.sh " + dir, "finish.cypher"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if h := read("entities.header.csv"); !strings.HasPrefix(h, "id:ID(Entity),:LABEL,name,kind,aliases:string[],") {
		t.Errorf("entities header: %q", h)
	}
	ents := read("entities.csv")
	// V07's entities are stubs: null properties are empty, strings quoted.
	if !strings.Contains(ents, "\"A\",\"Entity\x1eUnknown\",\"A\",\"unknown\",,,,,,,,true,1,\n") {
		t.Errorf("no stub row for A in entities.csv:\n%.600s", ents)
	}
	// The OFAC sample: a person with weak aliases, its content JSON quoted
	// with doubled quotes, empty lists marked for finish.cypher.
	if !strings.Contains(ents, `"ofac:10278","Entity`+"\x1e"+`Person`+"\x1e"+`OwnexImportFixArrays","LOGAN MOREY, Elvis Angus","person",,"BURTON BURGESS","BURTON BURGESS",`) ||
		!strings.Contains(ents, `{""id"":""ofac:10278"",""kind"":""person""`) {
		t.Errorf("entities.csv lacks the expected row of ofac:10278")
	}
	owns := read("owns.csv")
	if n := strings.Count(owns, "\n"); n != 2 {
		t.Errorf("owns.csv has %d rows, want V07's 2", n)
	}
	if !strings.Contains(owns, `"X","A","csv`+"\x1f") || !strings.Contains(owns, ",30000000,30000000,30000000,30000000,0,0,\"J1\",,,\"csv\",") {
		t.Errorf("owns.csv:\n%s", owns)
	}
	if loads := read("loads.csv"); strings.Count(loads, "\n") != 2 || !strings.Contains(loads, `"committed"`) {
		t.Errorf("loads.csv:\n%s", loads)
	}
	if c := read("counter.csv"); c != "\"load\",\"load\",2\n" {
		t.Errorf("counter.csv = %q", c)
	}
	args := strings.Split(strings.TrimSpace(read("neo4j-admin.args")), "\n")
	if len(args) != 3+7+8 || args[3] != "--nodes=entities.header.csv,entities.csv" {
		t.Errorf("neo4j-admin.args: %q", args)
	}
	if f := read("finish.cypher"); !strings.Contains(f, "CREATE CONSTRAINT entity_id") || !strings.Contains(f, "SET e.aliases = coalesce(e.aliases, [])") {
		t.Errorf("finish.cypher:\n%s", f)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".out.tmp-*")); len(left) > 0 {
		t.Errorf("temporary folder left: %v", left)
	}

	// Refusals: a folder that is not empty, another store, no store, another target.
	for _, c := range []struct {
		name   string
		cfg    Config
		target string
		dir    string
		want   string
	}{
		{"not empty", cfg, "neo4j-import", dir, "is not empty"},
		{"neo4j store", Config{Store: "neo4j"}, "neo4j-import", t.TempDir() + "/x", "reads the SQLite store"},
		{"no store", Config{DB: filepath.Join(t.TempDir(), "none.db")}, "neo4j-import", t.TempDir() + "/x", "no SQLite store"},
		{"target", cfg, "csv", t.TempDir() + "/x", "unknown export"},
		{"parquet not empty", cfg, "parquet", dir, "is not empty"},
	} {
		err := Export(ctx, Env{Stdout: &bytes.Buffer{}}, c.cfg, c.target, c.dir, ExportOptions{})
		var ue *UsageError
		if err == nil || !errors.As(err, &ue) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want a usage error with %q", c.name, err, c.want)
		}
	}
}
