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
// with its records, a failed strict load with its error and a lenient load
// with the records it skipped, as a table and as JSON lines.
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
	if err := Ingest(ctx, Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, cfg, "csv", []string{bad}, IngestOptions{Lenient: true}); err != nil {
		t.Fatalf("lenient ingest: %v", err)
	}

	var out bytes.Buffer
	if err := Loads(ctx, Env{Stdout: &out}, cfg, LoadsOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "ID") {
		t.Fatalf("table:\n%s\nwant a header and three loads", out.String())
	}
	if f := strings.Fields(lines[1]); f[0] != "1" || f[1] != "committed" || f[4] != "csv" || f[5] != "1" || f[6] != "1" || f[7] != "0" {
		t.Errorf("load 1: %q, want committed, csv, 1 file, 1 record (the holding; stubs are not input records), 0 skipped", lines[1])
	}
	if f := strings.Fields(lines[3]); f[0] != "3" || f[1] != "committed" || f[6] != "1" || f[7] != "1" {
		t.Errorf("load 3: %q, want committed, 1 record, 1 skipped", lines[3])
	}
	if f := strings.Fields(lines[2]); f[0] != "2" || f[1] != "failed" || f[6] != "-" || f[7] != "-" ||
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
	if len(recs) != 3 || recs[0].Status != graph.LoadCommitted || recs[1].Status != graph.LoadFailed || recs[1].Owner == "" || recs[2].Skipped != 1 {
		t.Errorf("jsonl = %+v, want committed then failed, with owners", recs)
	}
	if err := Loads(ctx, Env{Stdout: &out}, cfg, LoadsOptions{Format: "xml"}); ExitCode(err) != 2 {
		t.Errorf("--format xml: %v, want a usage error", err)
	}
}
