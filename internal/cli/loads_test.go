package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

// TestLoadsCommand: `ownex loads` lists the load log, a committed load
// with its records and a failed strict load with its error, as a table
// and as JSON lines.
func TestLoadsCommand(t *testing.T) {
	ctx := context.Background()
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	good := t.TempDir()
	writeFile(t, good, "ownership.csv", "owner,owned,share\nA,B,10\n")
	mustIngest(t, cfg, good)
	bad := t.TempDir()
	writeFile(t, bad, "ownership.csv", "owner,owned,share\nA,B,10\nA,C,150\n")
	if err := Ingest(ctx, Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, cfg, "csv", []string{bad}, IngestOptions{}); ExitCode(err) != 2 {
		t.Fatalf("bad ingest: %v, want exit 2", err)
	}

	var out bytes.Buffer
	if err := Loads(ctx, Env{Stdout: &out}, cfg, LoadsOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") {
		t.Fatalf("table:\n%s\nwant a header and two loads", out.String())
	}
	if f := strings.Fields(lines[1]); f[0] != "1" || f[1] != "committed" || f[4] != "csv" || f[5] != "1" || f[6] != "1" {
		t.Errorf("load 1: %q, want committed, csv, 1 file, 1 record (the holding; stubs are not input records)", lines[1])
	}
	if f := strings.Fields(lines[2]); f[0] != "2" || f[1] != "failed" || f[6] != "-" ||
		!strings.Contains(lines[2], `ownership.csv:3: column "share": bad percentage: "150" is above 100`) {
		t.Errorf("load 2: %q, want failed with the error at ownership.csv:3", lines[2])
	}

	out.Reset()
	if err := Loads(ctx, Env{Stdout: &out}, cfg, LoadsOptions{Format: "jsonl"}); err != nil {
		t.Fatal(err)
	}
	var recs []graph.LoadRecord
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var r graph.LoadRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("jsonl line %q: %v", sc.Text(), err)
		}
		recs = append(recs, r)
	}
	if len(recs) != 2 || recs[0].Status != graph.LoadCommitted || recs[1].Status != graph.LoadFailed || recs[1].Owner == "" {
		t.Errorf("jsonl = %+v, want committed then failed, with owners", recs)
	}
	if err := Loads(ctx, Env{Stdout: &out}, cfg, LoadsOptions{Format: "xml"}); ExitCode(err) != 2 {
		t.Errorf("--format xml: %v, want a usage error", err)
	}
}
