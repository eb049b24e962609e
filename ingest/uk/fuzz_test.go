package uk_test

import (
	"os"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/uk"
)

// fuzzParse parses data strictly and leniently: it must never panic, every
// error must be a *RowError naming the file, and every record be valid.
func fuzzParse(t *testing.T, name string, data []byte) {
	for _, lenient := range []bool{false, true} {
		opt := ingest.ParseOptions{Lenient: lenient, BatchSize: 3, Skip: func(e *ingest.RowError) {
			if e == nil || e.File != name {
				t.Fatalf("bad skip %+v", e)
			}
		}}
		err := uk.ParseBytes(name, data, opt, func(b *graph.Batch) error {
			for _, e := range b.Entities {
				if e.ID == "" || e.Name == "" || e.Kind == "" {
					t.Fatalf("invalid entity %+v", e)
				}
			}
			for _, d := range b.Designations {
				if d.Entity == "" || d.Regime != graph.RegimeUK {
					t.Fatalf("invalid designation %+v", d)
				}
				if _, err := graph.ParseDate(string(d.Listed)); err != nil {
					t.Fatalf("invalid listed date %+v", d)
				}
			}
			for _, h := range b.Holdings {
				if h.Owner == "" || h.Owned == "" || h.Owner == h.Owned || !h.Share.IsUnknown() || !h.Votes.IsUnknown() {
					t.Fatalf("invalid holding %+v", h)
				}
			}
			for _, s := range b.SameAs {
				if s.A == "" || len(s.B) <= len("un:") {
					t.Fatalf("invalid same-as %+v", s)
				}
			}
			for _, l := range b.Links {
				if l.From == "" || l.ToName == "" {
					t.Fatalf("invalid link %+v", l)
				}
			}
			return nil
		})
		if err != nil {
			re, ok := ingest.AsRowError(err)
			if !ok || re.File != name {
				t.Fatalf("error is not a *RowError for %s: %T %v", name, err, err)
			}
		}
	}
}

// The seeds include the whole fixtures (a few KB): run the targets with a
// short -fuzzminimizetime (e.g. 1s), or the default 60 s minimisation of
// each new interesting input stalls the run:
//
//	go test ./ingest/uk/ -run '^$' -fuzz FuzzUKCSV -fuzztime 20s -fuzzminimizetime 1s
func FuzzUKCSV(f *testing.F) {
	for _, p := range []string{"../../testdata/uk/UK-Sanctions-List.csv", "../../testdata/uk/ConList.csv"} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(fcdo(entity("RUS1", "ONE", "Parent company", "one|two;(1) a (2) b\nc", "Business registration number (s)", "INN 1; OGRN: 2 KPP-3 | x"))))
	f.Add([]byte("Last Updated,01/01/2026\nName 6,Group Type,Regime,Group ID,Listed On\nONE,Entity,Russia,1,00/00/2020\n"))
	f.Add([]byte("Report Date: x\nUnique ID\n\"a\n"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, "fuzz.csv", data) })
}

func FuzzUKXML(f *testing.F) {
	data, err := os.ReadFile("../../testdata/uk/UK-Sanctions-List.xml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(data[:len(data)/2])
	f.Add([]byte("<Designations><Designation><UniqueID>A1</UniqueID><IndividualEntityShip>Ship</IndividualEntityShip><Names><Name><Name6>S</Name6></Name></Names><CurrentOwnerOperator>S</CurrentOwnerOperator><IMONumber>IMO 1234567</IMONumber></Designation></Designations>"))
	f.Add([]byte("<Designations><DateGenerated>13/02/2026</DateGenerated><Foo><Bar/></Foo></Designations>"))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzParse(t, "fuzz.xml", data) })
}
