package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInvalidUTF8EveryFormat puts one byte that is not UTF-8 (0xFF) into a
// name of a real file of every format: strict mode refuses with the file
// and line and exit status 2, and writes nothing; lenient mode loads what
// a clean file loads, with the name read as U+FFFD, and reports the line.
func TestInvalidUTF8EveryFormat(t *testing.T) {
	td := "../../testdata/"
	cases := map[string]struct {
		files  []string // the first is the one damaged
		needle string   // a name in it: 0xFF goes after its first byte
	}{
		"csv":               {[]string{"catalog/entities.csv"}, "Alpha Ltd"},
		"ofac-csv":          {[]string{"ofac/watchman-test-testdata/sdn.csv", "ofac/watchman-test-testdata/add.csv", "ofac/watchman-test-testdata/alt.csv", "ofac/watchman-test-testdata/sdn_comments.csv"}, "AEROCARIBBEAN"},
		"ofac-consolidated": {[]string{"ofac/consolidated-watchman-test-testdata/cons_prim.csv", "ofac/consolidated-watchman-test-testdata/cons_add.csv", "ofac/consolidated-watchman-test-testdata/cons_alt.csv", "ofac/consolidated-watchman-test-testdata/cons_comments.csv"}, "HANIYA"},
		"ofac-xml":          {[]string{"ofacxml/SDN.XML"}, "ROSTOV"},
		"un":                {[]string{"un/UN_consolidated.xml"}, "<FIRST_NAME>ERIC"},
		"eu":                {[]string{"eu/fsf.xml"}, `wholeName="Ivan`},
		"uk":                {[]string{"uk/UK-Sanctions-List.xml"}, "<Name6>IVANOV"},
		"gleif":             {[]string{"gleif/lei-data.xml"}, "Fidelity Advisor"},
		"psc":               {[]string{"psc/psc-data-1.json"}, "Mr Marc Anthony"},
		"bods":              {[]string{"bods/examples-0.4/bods-package-entity-owning-entity.json"}, `"name": "JENEX LIMITED",`},
		"ftm":               {[]string{"ftm/yente-t1/entities.ftm.json"}, `"name":["LLC`},
	}
	for _, f := range Formats() {
		c, ok := cases[f.Name]
		if !ok {
			t.Errorf("%s: no case", f.Name)
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			clean, bad := t.TempDir(), t.TempDir()
			var cleanFiles, badFiles []string
			line := 0
			for i, rel := range c.files {
				data, err := os.ReadFile(td + rel)
				if err != nil {
					t.Fatal(err)
				}
				base := filepath.Base(rel)
				writeFile(t, clean, base, string(data))
				cleanFiles = append(cleanFiles, filepath.Join(clean, base))
				if i == 0 {
					at := bytes.Index(data, []byte(c.needle))
					if at < 0 {
						t.Fatalf("%s: no %q", rel, c.needle)
					}
					line = bytes.Count(data[:at], []byte("\n")) + 1
					at += len(c.needle) - 2 // inside the name, before its last but one byte
					data = append(data[:at:at], append([]byte{0xFF}, data[at:]...)...)
				}
				writeFile(t, bad, base, string(data))
				badFiles = append(badFiles, filepath.Join(bad, base))
			}
			where := fmt.Sprintf("%s:%d: ", filepath.Base(c.files[0]), line)
			ctx := context.Background()

			// Strict: refused at file:line, exit 2, nothing written.
			cfg := Config{DB: filepath.Join(bad, "strict.db")}
			var out, errb bytes.Buffer
			err := Ingest(ctx, Env{Stdout: &out, Stderr: &errb}, cfg, f.Name, badFiles, IngestOptions{})
			if ExitCode(err) != 2 || !strings.Contains(fmt.Sprint(err), where+"text is not UTF-8: byte 0xFF") {
				t.Fatalf("strict: exit %d, err %v; want 2 and %stext is not UTF-8", ExitCode(err), err, where)
			}
			if n := storeCounts(t, cfg); n.Entities != 0 {
				t.Errorf("strict: store changed: %+v", n)
			}

			// Lenient: the same counts as the clean file, the line reported.
			cleanCfg := Config{DB: filepath.Join(clean, "clean.db")}
			if err := Ingest(ctx, Env{Stdout: &out, Stderr: &errb}, cleanCfg, f.Name, cleanFiles, IngestOptions{Lenient: true}); err != nil {
				t.Fatalf("clean: %v", err)
			}
			cfg = Config{DB: filepath.Join(bad, "lenient.db")}
			errb.Reset()
			if err := Ingest(ctx, Env{Stdout: &out, Stderr: &errb}, cfg, f.Name, badFiles, IngestOptions{Lenient: true}); err != nil {
				t.Fatalf("lenient: %v", err)
			}
			if got := strings.Count(errb.String(), "replaced with U+FFFD: "); got != 1 || !strings.Contains(errb.String(), string(filepath.Separator)+where) {
				t.Errorf("lenient report (want one line at %s):\n%s", where, errb.String())
			}
			if got, want := storeCounts(t, cfg), storeCounts(t, cleanCfg); got != want {
				t.Errorf("lenient: counts %+v, clean file %+v", got, want)
			}
			if !storeHolds(t, cfg.DB, "\uFFFD") {
				t.Errorf("lenient: no U+FFFD in the store")
			}
		})
	}
}

// storeHolds reports whether the bytes of the SQLite store at db (and its
// write-ahead log) hold s.
func storeHolds(t *testing.T, db, s string) bool {
	t.Helper()
	for _, p := range []string{db, db + "-wal"} {
		data, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte(s)) {
			return true
		}
	}
	return false
}
