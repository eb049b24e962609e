package eu_test

import (
	"os"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/eu"
)

func fuzzParse(t *testing.T, data []byte) {
	for _, lenient := range []bool{false, true} {
		opt := ingest.ParseOptions{Lenient: lenient, BatchSize: 3, Skip: func(e *ingest.RowError) {
			if e == nil || e.File != "fuzz" {
				t.Fatalf("bad skip %+v", e)
			}
		}}
		err := eu.ParseBytes("fuzz", data, opt, func(b *graph.Batch) error {
			for _, e := range b.Entities {
				if len(e.ID) <= len("eu:") || e.Name == "" {
					t.Fatalf("invalid entity emitted: %+v", e)
				}
			}
			for _, d := range b.Designations {
				if _, err := graph.ParseDate(string(d.Listed)); err != nil || d.Regime != graph.RegimeEU || d.Entity == "" {
					t.Fatalf("invalid designation emitted: %+v", d)
				}
			}
			for _, s := range b.SameAs {
				if s.A == "" || len(s.B) <= len("un:") {
					t.Fatalf("invalid same-as emitted: %+v", s)
				}
			}
			return nil
		})
		if err != nil {
			if re, ok := ingest.AsRowError(err); !ok || re.File != "fuzz" {
				t.Fatalf("error is not a *RowError for the file: %T %v", err, err)
			}
		}
	}
}

func seeds(f *testing.F, file string, extra ...string) {
	data, err := os.ReadFile(file)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add(data[:len(data)/2])
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

// FuzzEUXML: any bytes, strict and lenient; no panic, only RowErrors,
// valid records.
func FuzzEUXML(f *testing.F) {
	seeds(f, xmlFixture,
		`<export><sanctionEntity logicalId="1"><nameAlias wholeName="A" strong="false"/><regulation programme="P" publicationDate="2020-01-01Z"/></sanctionEntity></export>`,
		`<export><sanctionEntity logicalId="1" designationDate="x"/></export>`,
		`<x/>`, "")
	f.Fuzz(fuzzParse)
}

// FuzzEUCSV: the same for the CSV variant.
func FuzzEUCSV(f *testing.F) {
	seeds(f, csvFixture,
		"Entity_LogicalId;NameAlias_WholeName;Entity_DesignationDate\n1;A;2020-01-01\n1;B;\n2;\"C;\n",
		"Entity_LogicalId\n\n1\n2\n1\n",
		"fileGenerationDate;Entity_LogicalId;NameAlias_WholeName;Entity_Regulation_PublicationDate\n99/99/9999;1;a;31/12/2020\n")
	f.Fuzz(fuzzParse)
}
