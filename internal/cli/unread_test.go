package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUnreadFileExit3: a lenient load of a file whose reading a syntax
// error stops (XML, a JSON array) loads what came before it and says that
// nothing after it was read: in the skip line, in the summary, and with
// exit status 3 (a partial load), list or not. Before, it exited 0 with
// "1 record(s) skipped" while the rest of the file was lost (the GLEIF
// file below: 2 of its 9 relationships loaded). A bad row of a CSV file
// is skipped alone, and the load exits 0 as before.
func TestUnreadFileExit3(t *testing.T) {
	read := func(path string) string {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	gleif := read("../../testdata/gleif/rr-data.xml")
	lines := strings.SplitAfter(gleif, "\n")
	lines[92] = strings.Replace(lines[92], "</", "<", 1) // line 93, in the third relationship; seen on line 95
	psc := read("../../testdata/psc/psc-data-1.json")
	un := read("../../testdata/un/UN_consolidated.xml")
	for _, tc := range []struct {
		format, name, body string
		exit               int
		want               []string // in stdout, stderr or the error
	}{
		{"gleif", "rr.xml", strings.Join(lines, ""), 3, []string{
			"0 holdings, 2 control edges from 1 file(s); 1 record(s) skipped; 1 file(s) not read to the end",
			"rr.xml:95: malformed XML: XML syntax error on line 95", "; nothing after it in the file was read",
			"not read to the end: ", "rr.xml (a syntax error stopped the reading"}},
		{"psc", "psc.json", psc[:strings.LastIndex(psc, "},")+2] + "{\"company_number\": tru\n]\n", 3, []string{
			"1 file(s) not read to the end", "psc.json:3: malformed JSON", "nothing after it in the file was read"}},
		{"un", "un.xml", un[:len(un)/2], 3, []string{
			"1 file(s) not read to the end", "unexpected EOF (in <INDIVIDUAL> starting at line 26428); nothing after it in the file was read",
			"list un: partial version: ", "; not read to the end: "}},
		{"csv", "ownership.csv", "owner,owned,share\nA,B,60\nC,D,abc\nE,F,10\n", 0, []string{
			"2 holdings, 0 control edges from 1 file(s); 1 record(s) skipped; "}},
	} {
		t.Run(tc.format, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tc.name)
			if err := os.WriteFile(path, []byte(tc.body), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg := Config{DB: filepath.Join(dir, "ownex.db")}
			var out, errOut bytes.Buffer
			err := Ingest(context.Background(), Env{Stdout: &out, Stderr: &errOut}, cfg, tc.format, []string{path}, IngestOptions{Lenient: true})
			all := out.String() + errOut.String() + "\n" + strings.ReplaceAll(errString(err), dir+"/", "")
			if ExitCode(err) != tc.exit {
				t.Errorf("exit %d (%v), want %d", ExitCode(err), err, tc.exit)
			}
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q:\n%s", w, all)
				}
			}
			if tc.exit == 0 && strings.Contains(all, "not read to the end") {
				t.Errorf("a skipped row reads as a file not read to the end:\n%s", all)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
