package cli

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestRepeatedIDInOneFile: a record id given twice in one file is refused
// in strict mode naming both lines (exit 2, nothing written); in lenient
// mode the first record is kept and the skip report names both lines.
func TestRepeatedIDInOneFile(t *testing.T) {
	psc := func(self, name string) string {
		return `{"company_number":"1","data":{"kind":"individual-person-with-significant-control","name":"` + name +
			`","links":{"self":"` + self + `"},"natures_of_control":["ownership-of-shares-25-to-50-percent"]}}` + "\n"
	}
	cases := []struct {
		format, file, body, id string
		entities               int // in the lenient load
	}{
		{"csv", "entities.csv", "id,name,kind\nA,Firstname Ltd,company\nB,Other Ltd,company\nA,Secondname Ltd,company\n", "A", 2},
		{"ftm", "e.ftm.json", `{"id": "A", "schema": "Company", "properties": {"name": ["Firstname Ltd"]}}` + "\n" +
			`{"id": "B", "schema": "Company", "properties": {"name": ["Other Ltd"]}}` + "\n" +
			`{"id": "A", "schema": "Company", "properties": {"name": ["Secondname Ltd"]}}` + "\n", "A", 2},
		{"psc", "psc.json", psc("/c/1/psc/A", "Firstname Person") + psc("/c/1/psc/B", "Other Person") + psc("/c/1/psc/A", "Secondname Person"), "/c/1/psc/A", 3},
	}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, c.file, c.body)
			path := filepath.Join(dir, c.file)
			line := strings.Count(c.body, "\n")
			col := map[string]string{"psc": "links.self"}
			if col[c.format] == "" {
				col[c.format] = "id"
			}
			want := fmt.Sprintf(`%s:%d: column %q: id %q repeated: first given at line %d`, c.file, line, col[c.format], c.id, line-2)
			ctx := context.Background()

			cfg := Config{DB: filepath.Join(dir, "strict.db")}
			var out, errb bytes.Buffer
			err := Ingest(ctx, Env{Stdout: &out, Stderr: &errb}, cfg, c.format, []string{path}, IngestOptions{})
			if ExitCode(err) != 2 || !strings.Contains(fmt.Sprint(err), want) {
				t.Fatalf("strict: exit %d, err %v; want 2 and %s", ExitCode(err), err, want)
			}
			if n := storeCounts(t, cfg); n.Entities != 0 {
				t.Errorf("strict: store changed: %+v", n)
			}

			cfg = Config{DB: filepath.Join(dir, "lenient.db")}
			errb.Reset()
			if err := Ingest(ctx, Env{Stdout: &out, Stderr: &errb}, cfg, c.format, []string{path}, IngestOptions{Lenient: true}); err != nil {
				t.Fatalf("lenient: %v", err)
			}
			if !strings.Contains(errb.String(), "skipped "+path[:len(path)-len(c.file)]+want) {
				t.Errorf("lenient report (want skipped %s):\n%s", want, errb.String())
			}
			if n := storeCounts(t, cfg); n.Entities != c.entities {
				t.Errorf("lenient: %d entities, want %d", n.Entities, c.entities)
			}
			if !storeHolds(t, cfg.DB, "Firstname") || storeHolds(t, cfg.DB, "Secondname") {
				t.Errorf("lenient: the first record is not the one kept")
			}
		})
	}
}
