package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

// TestStrictFailureLoggedNeo4j: on the real Neo4j server, a strict load
// refused for bad input (a bad row found by the validation pass, an empty
// file, text that is not UTF-8) exits 2, writes nothing, and is in the
// load log as one failed load with the error at file:line (issue 15 item
// 6; ingest/csv's TestStrictBadRowWritesNothing is the SQLite one).
func TestStrictFailureLoggedNeo4j(t *testing.T) {
	cfg, st := neo4jConfig(t)
	ctx := context.Background()
	base := t.TempDir()
	writeFile(t, base, "entities.csv", "id,name,kind\nt:a,Alpha,company\nt:b,Beta,company\n")
	writeFile(t, base, "ownership.csv", "owner,owned,share\nt:a,t:b,60\n")
	mustIngest(t, cfg, base)

	cases := []struct {
		name, file, text, where string
	}{
		{"share above 100", "ownership.csv", "owner,owned,share\nt:new,t:x,10\nt:new,t:y,150\n", "ownership.csv:3"},
		{"empty file", "entities.csv", "", "entities.csv:1"},
		{"not UTF-8", "entities.csv", "id,name,kind\nt:new,New,company\nt:new2,B\xe9ta,company\n", "entities.csv:3"},
	}
	for _, tc := range cases {
		before, err := st.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		logBefore, err := st.Loads(ctx)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		writeFile(t, dir, tc.file, tc.text)
		err = Ingest(ctx, Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, cfg, "csv", []string{filepath.Join(dir, tc.file)}, IngestOptions{})
		if ExitCode(err) != 2 || err == nil || !strings.Contains(err.Error(), tc.where) {
			t.Errorf("%s: err = %v (exit %d), want exit 2 at %s", tc.name, err, ExitCode(err), tc.where)
		}
		if after, err := st.Counts(ctx); err != nil || after != before {
			t.Errorf("%s: counts = %+v, %v; want unchanged %+v", tc.name, after, err, before)
		}
		log, err := st.Loads(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != len(logBefore)+1 {
			t.Fatalf("%s: load log has %d loads, want %d (the failed one added)", tc.name, len(log), len(logBefore)+1)
		}
		if r := log[len(log)-1]; r.Status != graph.LoadFailed || !strings.Contains(r.Error, tc.where) || r.Finished.IsZero() {
			t.Errorf("%s: last load %+v, want failed with the error at %s", tc.name, r, tc.where)
		}
	}
}
