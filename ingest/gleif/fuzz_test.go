package gleif_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/gleif"
)

// FuzzGLEIF feeds any bytes to the parser in strict and lenient mode: it
// must never panic, every error must be a *RowError naming the file, and
// every emitted record must be valid.
func FuzzGLEIF(f *testing.F) {
	for _, name := range []string{"rr-updates-data2.xml", "repex-data.xml"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		rrHead + rel(leiA, leiB, "IS_DIRECTLY_CONSOLIDATED_BY", per, "INACTIVE", `<rr:RelationshipQuantifiers><rr:RelationshipQuantifier><rr:QuantifierAmount>49.5</rr:QuantifierAmount><rr:QuantifierUnits>PERCENTAGE</rr:QuantifierUnits></rr:RelationshipQuantifier></rr:RelationshipQuantifiers>`),
		rrHead + rel(leiA, leiA, "IS_SUBFUND_OF", "", "ACTIVE", ""),
		`<lei:LEIData xmlns:lei="http://www.gleif.org/data/schema/leidata/2016"><lei:LEIRecords><lei:LEIRecord><lei:LEI>` + leiA + `</lei:LEI><lei:Entity><lei:LegalName>A</lei:LegalName><lei:LegalJurisdiction>US-DE</lei:LegalJurisdiction><lei:EntityCreationDate>2001-02-03T00:00:00Z</lei:EntityCreationDate></lei:Entity></lei:LEIRecord></lei:LEIRecords></lei:LEIData>`,
		`<repex:ReportingExceptionData xmlns:repex="http://www.gleif.org/data/schema/repex/2016"><repex:Exception><repex:LEI>` + leiA + `</repex:LEI><repex:ExceptionCategory>ULTIMATE_ACCOUNTING_CONSOLIDATION_PARENT</repex:ExceptionCategory><repex:ExceptionReason>NATURAL_PERSONS</repex:ExceptionReason></repex:Exception></repex:ReportingExceptionData>`,
		`<RelationshipData><RelationshipRecord><Relationship><StartNode><NodeID>x</NodeID><NodeIDType>OTHER</NodeIDType></StartNode></Relationship></RelationshipRecord></RelationshipData>`,
		`<x/>`,
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lenient := range []bool{false, true} {
			opt := ingest.ParseOptions{Lenient: lenient, BatchSize: 3, Skip: func(e *ingest.RowError) {
				if e == nil || e.File != "fuzz.xml" {
					t.Fatalf("bad skip %+v", e)
				}
			}}
			err := gleif.ParseBytes("fuzz.xml", data, opt, func(b *graph.Batch) error {
				for _, e := range b.Entities {
					if e.ID == "" || e.Name == "" {
						t.Fatalf("invalid entity %+v", e)
					}
				}
				for _, h := range b.Holdings {
					if h.Owner == "" || h.Owned == "" || h.Owner == h.Owned || !h.Share.Valid() || !h.Votes.Valid() ||
						(h.Start != "" && h.End != "" && h.End <= h.Start) {
						t.Fatalf("invalid holding %+v", h)
					}
				}
				for _, c := range b.Controls {
					if _, ok := graph.ParseBasis(string(c.Basis)); !ok || c.Controller == "" || c.Controlled == "" || c.Controller == c.Controlled ||
						(c.Start != "" && c.End != "" && c.End <= c.Start) {
						t.Fatalf("invalid control %+v", c)
					}
				}
				for _, l := range b.Links {
					if l.From == "" || l.To == "" || l.Type == "" || (l.Start != "" && l.End != "" && l.End <= l.Start) {
						t.Fatalf("invalid link %+v", l)
					}
				}
				return nil
			})
			if err != nil {
				if re, ok := ingest.AsRowError(err); !ok || re.File != "fuzz.xml" {
					t.Fatalf("error is not a *RowError for the file: %T %v", err, err)
				}
			}
		}
	})
}
