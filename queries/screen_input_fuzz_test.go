package queries

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"github.com/ownex/ownex/graph"
)

// FuzzCounterparties: a counterparties file is user input (the command
// line and the server's uploads). Whatever its bytes, reading it does not
// panic; every row it yields has a line after the header, UTF-8 text in
// the columns read and a date that parses; ScanCounterparties counts the
// same rows and stops at the same error.
func FuzzCounterparties(f *testing.F) {
	for _, s := range []string{
		"name,country,identifiers,dob,date,ref\nAcme Ltd,GB,lei:5493001KJTIIGC8Y1R12,,2024-01-31,R1\n",
		"\ufeffName;Country\nM\u00fcller GmbH;DE\n",
		"ref,name\nR2,M\xfcller GmbH\n",
		"\xff\xfen\x00a\x00m\x00e\x00\n\x00",
		"name,dob,birth_date\n\"Ivan\nPetrov\",1970-02-30,1970\n",
		"name,date\nA,2024-13-01\n",
		"name\n\"unterminated\n",
		"name,identifiers\nA,lei:;:x; ;scheme:\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var readErr error
		rows := 0
		for c, err := range ReadCounterparties(bytes.NewReader(data), "f.csv") {
			if err != nil {
				readErr = err
				break
			}
			rows++
			if c.Line < 2 {
				t.Fatalf("row %d at line %d", rows, c.Line)
			}
			for _, s := range []string{c.Name, c.Ref, c.Country, c.BirthDate} {
				if !utf8.ValidString(s) {
					t.Fatalf("row %d: %q is not UTF-8", rows, s)
				}
			}
			for _, id := range c.Identifiers {
				if !utf8.ValidString(id.Scheme) || !utf8.ValidString(id.Value) || id.Scheme == "" || id.Value == "" {
					t.Fatalf("row %d: identifier %+v", rows, id)
				}
			}
			if c.Date != "" {
				if _, err := graph.ParseDate(string(c.Date)); err != nil {
					t.Fatalf("row %d: date %q: %v", rows, c.Date, err)
				}
			}
		}
		scan, scanErr := ScanCounterparties(bytes.NewReader(data), "f.csv")
		switch {
		case (readErr == nil) != (scanErr == nil):
			t.Fatalf("read error %v, scan error %v", readErr, scanErr)
		case readErr != nil && readErr.Error() != scanErr.Error():
			t.Fatalf("read error %v, scan error %v", readErr, scanErr)
		case readErr == nil && scan.Rows != rows:
			t.Fatalf("scan counted %d rows, read %d", scan.Rows, rows)
		}
	})
}
