package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

// TestListsEndToEnd loads the real list samples through `ownex ingest` into
// a real SQLite file and checks what the store then holds (issue 4,
// acceptance 1 and 2; the parsers' own tests check every field).
func TestListsEndToEnd(t *testing.T) {
	tests := []struct {
		format string
		path   string
		want   graph.Counts
	}{
		{"ofac-csv", "../../testdata/ofac/watchman-test-testdata", graph.Counts{Entities: 7379, Designations: 8314, Links: 2427}},
		{"ofac-csv", "../../testdata/ofac/watchman-ofactest", graph.Counts{Entities: 17, Designations: 26, Links: 11}},
		{"ofac-consolidated", "../../testdata/ofac/consolidated-watchman-test-testdata", graph.Counts{Entities: 442, Designations: 534, Links: 283}},
		{"un", "../../testdata/un/UN_consolidated.xml", graph.Counts{Entities: 1003, Designations: 1003}},
	}
	for _, tt := range tests {
		t.Run(tt.format+"/"+filepath.Base(tt.path), func(t *testing.T) {
			cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
			ingestFormat(t, cfg, tt.format, tt.path)
			got := storeCounts(t, cfg)
			if got != tt.want {
				t.Errorf("store counts %+v, want %+v", got, tt.want)
			}
			ingestFormat(t, cfg, tt.format, tt.path)
			if again := storeCounts(t, cfg); again != got {
				t.Errorf("re-ingest changed counts: %+v -> %+v", got, again)
			}
		})
	}
}

// TestShowOFACRecord shows a real OFAC record with its identifiers, its
// program and its linked-to relation.
func TestShowOFACRecord(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	ingestFormat(t, cfg, "ofac-csv", "../../testdata/ofac/watchman-ofactest")
	var out bytes.Buffer
	if err := Show(context.Background(), Env{Stdout: &out}, cfg, "ofac:33151", ShowOptions{}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{"ofac:33151", "crypto-xbt:1B64QRxfaa35MVkf7sDjuGUYAP5izQt7Qi", "designations:", "ofac program", "source ofac-sdn, record 33151"} {
		if !strings.Contains(s, want) {
			t.Errorf("show lacks %q:\n%s", want, s)
		}
	}
	var js bytes.Buffer
	if err := Show(context.Background(), Env{Stdout: &js}, cfg, "ofac:33151", ShowOptions{Format: "json"}); err != nil || !strings.Contains(js.String(), `"designations"`) {
		t.Fatalf("show json: %v\n%s", err, js.String())
	}
	if err := Show(context.Background(), Env{Stdout: &bytes.Buffer{}}, cfg, "ofac:0", ShowOptions{}); ExitCode(err) != 2 {
		t.Errorf("show of an unknown id: %v", err)
	}
}

// TestMalformedListWritesNothing: a truncated list file fails the load in
// strict mode with the file and the record named, exit status 2, and the
// store keeps what it had; --lenient loads the records before the break,
// reports the skip and, the file not being read whole, says it loaded a
// partial version (exit status 3; issue 4, acceptance 4, and issue 15,
// item 1, end to end).
func TestMalformedListWritesNothing(t *testing.T) {
	full, err := os.ReadFile("../../testdata/versions/un-v1.xml")
	if err != nil {
		t.Fatal(err)
	}
	cut := strings.Index(string(full), "<REFERENCE_NUMBER>KPe.902")
	dir := t.TempDir()
	writeFile(t, dir, "un-truncated.xml", string(full[:cut]))
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	mustIngest(t, cfg, "../../testdata/vectors/V01")
	before := storeCounts(t, cfg)
	var errb bytes.Buffer
	err = Ingest(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &errb}, cfg, "un", []string{filepath.Join(dir, "un-truncated.xml")}, IngestOptions{})
	if ExitCode(err) != 2 || !strings.Contains(err.Error(), "un-truncated.xml") {
		t.Fatalf("strict load of a truncated file: %v (exit %d)", err, ExitCode(err))
	}
	if after := storeCounts(t, cfg); after != before {
		t.Errorf("strict failure changed the store: %+v -> %+v", before, after)
	}
	errb.Reset()
	err = Ingest(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &errb}, cfg, "un", []string{filepath.Join(dir, "un-truncated.xml")}, IngestOptions{Lenient: true})
	if ExitCode(err) != 3 || !strings.Contains(err.Error(), "partial version: 0 designations not confirmed, none closed") {
		t.Fatalf("lenient load: %v (exit %d), want a partial version, exit 3", err, ExitCode(err))
	}
	if after := storeCounts(t, cfg); after.Designations != before.Designations+1 || !strings.Contains(errb.String(), "skipped") {
		t.Errorf("lenient load: counts %+v (before %+v), report %q", after, before, errb.String())
	}
}
