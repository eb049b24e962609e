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

// unFile is the real UN consolidated list of testdata/un; unCut is the
// byte offset at which issue 15 cut it (inside a record, line 26439).
const (
	unFile = "../../testdata/un/UN_consolidated.xml"
	unCut  = 1015314
)

// openDesignations counts the designations in force on asOf.
func openDesignations(t *testing.T, cfg Config, asOf graph.Date) int {
	t.Helper()
	st, err := OpenStore(context.Background(), Env{Stderr: &bytes.Buffer{}}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	snap, err := st.Snapshot(context.Background(), asOf)
	if err != nil {
		t.Fatal(err)
	}
	return len(snap.Designations)
}

// partialListScenario is issue 15's reproduction (item 1): the UN list
// loaded whole, then a truncated copy of it loaded with --lenient. The
// truncated load is a partial version: exit status 3, a plain message,
// and every designation still in force; the good file loads afterwards.
func partialListScenario(t *testing.T, cfg Config) {
	t.Helper()
	data, err := os.ReadFile(unFile)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "t.xml")
	if err := os.WriteFile(cut, data[:unCut], 0o644); err != nil {
		t.Fatal(err)
	}
	const asOf = "2100-01-01"
	ingestFormat(t, cfg, "un", unFile)
	whole := openDesignations(t, cfg, asOf)
	if whole != 1003 {
		t.Fatalf("designations in force after the whole list: %d, want 1003", whole)
	}

	var out, errb bytes.Buffer
	err = Ingest(context.Background(), Env{Stdout: &out, Stderr: &errb}, cfg, "un", []string{cut}, IngestOptions{Lenient: true})
	if code := ExitCode(err); code != 3 {
		t.Errorf("lenient load of the truncated list: exit %d (%v), want 3", code, err)
	}
	if err == nil || !strings.Contains(err.Error(), "partial version: 533 designations not confirmed, none closed") {
		t.Errorf("lenient load of the truncated list: error %v, want the partial-version message with 533 unconfirmed", err)
	}
	if !strings.Contains(errb.String(), "skipped ") || !strings.Contains(out.String(), "470 designations") {
		t.Errorf("lenient load report:\nstdout %s\nstderr %s", out.String(), errb.String())
	}
	if n := openDesignations(t, cfg, asOf); n != whole {
		t.Errorf("designations in force after the partial version: %d, want %d (none closed)", n, whole)
	}
	// The load log says so: the second load skipped one record and is a
	// partial version.
	out.Reset()
	if err := Loads(context.Background(), Env{Stdout: &out}, cfg, LoadsOptions{}); err != nil {
		t.Fatal(err)
	}
	if rows := strings.Split(strings.TrimSpace(out.String()), "\n"); len(strings.Fields(rows[len(rows)-1])) < 8 ||
		strings.Fields(rows[len(rows)-1])[7] != "1,partial" {
		t.Errorf("ownex loads after the partial version:\n%s\nwant its last row with 1,partial skipped", out.String())
	}

	// The good file loads afterwards, though the truncated copy carries
	// the same date, and closes nothing that it states.
	out.Reset()
	if err := Ingest(context.Background(), Env{Stdout: &out, Stderr: &bytes.Buffer{}}, cfg, "un", []string{unFile}, IngestOptions{}); err != nil {
		t.Fatalf("re-loading the whole list after the partial version: %v (exit %d)", err, ExitCode(err))
	}
	if n := openDesignations(t, cfg, asOf); n != whole {
		t.Errorf("designations in force after re-loading the whole list: %d, want %d", n, whole)
	}
}

// partialNewerScenario: a damaged copy of a newer version (un-v2 of
// testdata/versions, 2024-06-20, cut inside its second record) loaded
// with --lenient closes nothing of the older version, and the older
// complete version (un-v1, 2024-01-15) still loads after it.
func partialNewerScenario(t *testing.T, cfg Config) {
	t.Helper()
	dir := "../../testdata/versions"
	data, err := os.ReadFile(filepath.Join(dir, "un-v2.xml"))
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "v2cut.xml")
	if err := os.WriteFile(cut, data[:1200], 0o644); err != nil {
		t.Fatal(err)
	}
	ingestFormat(t, cfg, "un", filepath.Join(dir, "un-v1.xml"))
	err = Ingest(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, cfg, "un", []string{cut}, IngestOptions{Lenient: true})
	if code := ExitCode(err); code != 3 || !strings.Contains(err.Error(), "partial version: 1 designations not confirmed, none closed") {
		t.Errorf("lenient load of the damaged newer version: %v (exit %d), want exit 3 and the partial-version message", err, code)
	}
	if n := openDesignations(t, cfg, "2024-07-01"); n != 2 {
		t.Errorf("designations in force after the damaged newer version: %d, want the 2 of version 1", n)
	}
	err = Ingest(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, cfg, "un", []string{filepath.Join(dir, "un-v1.xml")}, IngestOptions{})
	if err != nil {
		t.Errorf("the older complete version after a damaged newer one: %v (exit %d), want it loaded", err, ExitCode(err))
	}
}

// unSubset returns the real UN list of unFile with only its first
// individuals entries and its first entities entries, each section closed
// properly: a file that parses whole, as an export cut at a record's end,
// filtered or emptied would.
func unSubset(t *testing.T, individuals, entities int) string {
	t.Helper()
	data, err := os.ReadFile(unFile)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	keep := func(s, open, item, close string, n int) string {
		start := strings.Index(s, open) + len(open)
		end := strings.Index(s, close)
		body := s[start:end]
		cut, from := len(body), 0
		for i := 0; i <= n; i++ {
			j := strings.Index(body[from:], item)
			if j < 0 {
				break
			}
			if i == n {
				cut = from + j // the start of entry n+1
				break
			}
			from += j + len(item)
		}
		return s[:start] + body[:cut] + "\n  " + s[end:]
	}
	s = keep(s, "<INDIVIDUALS>", "<INDIVIDUAL>", "</INDIVIDUALS>", individuals)
	s = keep(s, "<ENTITIES>", "<ENTITY>", "</ENTITIES>", entities)
	path := filepath.Join(t.TempDir(), "un-subset.xml")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// massDelistingScenario: after the whole UN list (1,003 designations), a
// complete version of it that holds none, or 100 while it would close
// 903, is refused (exit 2, the load logged as failed) and closes
// nothing; --allow-mass-delisting loads it; an ordinary delisting of 23
// entries loads without it.
func massDelistingScenario(t *testing.T, cfg Config) {
	t.Helper()
	const asOf = "2100-01-01"
	ingestFormat(t, cfg, "un", unFile)
	if n := openDesignations(t, cfg, asOf); n != 1003 {
		t.Fatalf("designations in force after the whole list: %d, want 1003", n)
	}
	for _, c := range []struct {
		name, file, want string
	}{
		{"empty", unSubset(t, 0, 0), "un-subset.xml: list version refused: this version of the list un holds no designation and would close all 1003 in force"},
		{"100 individuals", unSubset(t, 100, 0), "un-subset.xml: list version refused: this version of the list un would close 903 designations in force, more than the 100 it holds"},
	} {
		var out, errb bytes.Buffer
		err := Ingest(context.Background(), Env{Stdout: &out, Stderr: &errb}, cfg, "un", []string{c.file}, IngestOptions{})
		if code := ExitCode(err); code != 2 || err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: exit %d, err %v; want 2 and %q", c.name, code, err, c.want)
		}
		if n := openDesignations(t, cfg, asOf); n != 1003 {
			t.Errorf("%s: designations in force after the refused version: %d, want 1003", c.name, n)
		}
	}
	// An ordinary delisting (the last 23 entities) loads as it did.
	if err := Ingest(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, cfg, "un", []string{unSubset(t, 730, 250)}, IngestOptions{}); err != nil {
		t.Fatalf("a version without 23 entries: %v (exit %d)", err, ExitCode(err))
	}
	if n := openDesignations(t, cfg, asOf); n != 980 {
		t.Errorf("designations in force after delisting 23 entries: %d, want 980", n)
	}
	// The flag loads what would be refused.
	if err := Ingest(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, cfg, "un", []string{unSubset(t, 100, 0)}, IngestOptions{AllowMassDelisting: true}); err != nil {
		t.Fatalf("--allow-mass-delisting: %v (exit %d)", err, ExitCode(err))
	}
	if n := openDesignations(t, cfg, asOf); n != 100 {
		t.Errorf("designations in force after the allowed version: %d, want 100", n)
	}
}

var partialScenarios = []struct {
	name string
	run  func(*testing.T, Config)
}{{"TruncatedUN", partialListScenario}, {"DamagedNewer", partialNewerScenario}, {"MassDelisting", massDelistingScenario}}

func TestPartialListSQLite(t *testing.T) {
	for _, sc := range partialScenarios {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, Config{DB: filepath.Join(t.TempDir(), "ownex.db")}) })
	}
}

// TestPartialListNeo4j runs each scenario in a subtest: neo4jtest.Open
// holds the test server until the end of the (sub)test that opened it.
func TestPartialListNeo4j(t *testing.T) {
	for _, sc := range partialScenarios {
		t.Run(sc.name, func(t *testing.T) {
			cfg, _ := neo4jConfig(t)
			sc.run(t, cfg)
		})
	}
}

// TestFutureListVersion: a list file dated in the future (here the real
// EU excerpt with its year changed to 2099) is refused with exit 2 and
// logged as a failed load; it does not become the list's newest version,
// so the real file still loads after it. Before, it loaded, and every
// real version after it was refused as older.
func TestFutureListVersion(t *testing.T) {
	cfg := Config{DB: filepath.Join(t.TempDir(), "ownex.db")}
	real := "../../testdata/real-lists/eu-fsf-xml/sample_eu_fsf.xml"
	data, err := os.ReadFile(real)
	if err != nil {
		t.Fatal(err)
	}
	future := strings.Replace(string(data), `generationDate="2026-`, `generationDate="2099-`, 1)
	if future == string(data) {
		t.Fatal("the sample's generationDate is not of 2026")
	}
	path := filepath.Join(t.TempDir(), "eu-2099.xml")
	if err := os.WriteFile(path, []byte(future), 0o644); err != nil {
		t.Fatal(err)
	}
	err = Ingest(context.Background(), Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, cfg, "eu", []string{path}, IngestOptions{})
	if code := ExitCode(err); code != 2 || err == nil || !strings.Contains(err.Error(), "eu-2099.xml: list version dated in the future: the file says the list eu was published on 2099-") {
		t.Fatalf("the 2099 file: exit %d, err %v; want 2 and the date", code, err)
	}
	if n := openDesignations(t, cfg, "2100-01-01"); n != 0 {
		t.Errorf("designations in force after the refused file: %d, want 0", n)
	}
	ingestFormat(t, cfg, "eu", real)
	if n := openDesignations(t, cfg, "2100-01-01"); n == 0 {
		t.Error("the real file loaded nothing after the refused one")
	}
}
