package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// listVersionsScenario loads two versions of a list (testdata/versions,
// see its README) and checks the verdicts between and after them: the
// record removed by version 2 is delisted at version 2's date, and an
// analysis as of a date between the versions still treats it as
// designated (issue 4, acceptance 3).
func listVersionsScenario(t *testing.T, cfg Config) {
	t.Helper()
	dir := "../../testdata/versions"
	mustIngest(t, cfg, filepath.Join(dir, "ownership.csv"))
	ingestFormat(t, cfg, "un", filepath.Join(dir, "un-v1.xml"))
	ingestFormat(t, cfg, "un", filepath.Join(dir, "un-v2.xml"))
	between := analyzeLines(t, cfg, AnalyzeOptions{AsOf: "2024-03-01", Format: "jsonl"})
	want := []string{
		"acme eu owned",
		"pearl-holding eu owned", "pearl-holding uk owned",
		"un:KPe.901 eu designated", "un:KPe.901 uk designated",
		"un:KPe.902 eu designated", "un:KPe.902 uk designated",
	}
	if strings.Join(between, "\n") != strings.Join(want, "\n") {
		t.Errorf("as of 2024-03-01:\n got %q\nwant %q", between, want)
	}
	after := analyzeLines(t, cfg, AnalyzeOptions{AsOf: "2024-07-01", Format: "jsonl"})
	want = []string{
		"gate-holding eu owned", "gate-holding uk owned",
		"un:KPe.901 eu designated", "un:KPe.901 uk designated",
		"un:KPe.903 eu designated", "un:KPe.903 uk designated",
	}
	if strings.Join(after, "\n") != strings.Join(want, "\n") {
		t.Errorf("as of 2024-07-01:\n got %q\nwant %q", after, want)
	}
	var out bytes.Buffer
	if err := Show(context.Background(), Env{Stdout: &out}, cfg, "un:KPe.902", ShowOptions{AsOf: "2024-07-01"}); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, "delisted 2024-06-20") || !strings.Contains(s, "ended 2024-06-20") {
		t.Errorf("show of the delisted record:\n%s", s)
	}
	// An older version after a newer one is refused as bad input.
	err := Ingest(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, cfg, "un", []string{filepath.Join(dir, "un-v1.xml")}, IngestOptions{})
	if ExitCode(err) != 2 || !strings.Contains(err.Error(), "older") {
		t.Errorf("re-loading version 1 after version 2: %v (exit %d)", err, ExitCode(err))
	}
}

func ingestFormat(t *testing.T, cfg Config, format string, paths ...string) {
	t.Helper()
	var out, errb bytes.Buffer
	if err := Ingest(context.Background(), Env{Stdout: &out, Stderr: &errb}, cfg, format, paths, IngestOptions{}); err != nil {
		t.Fatalf("ingest %s %v: %v (stderr %s)", format, paths, err, errb.String())
	}
}

func TestListVersionsSQLite(t *testing.T) {
	listVersionsScenario(t, Config{DB: filepath.Join(t.TempDir(), "ownex.db")})
}

func TestListVersionsNeo4j(t *testing.T) {
	cfg, _ := neo4jConfig(t)
	listVersionsScenario(t, cfg)
}
