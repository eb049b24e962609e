package un_test

import (
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/un"
)

// FuzzUNXML feeds any bytes to the parser in strict and lenient mode: it
// must never panic, every error must be a *RowError naming the file, and
// every emitted record must be valid.
func FuzzUNXML(f *testing.F) {
	for _, s := range []string{
		doc(goodRecord),
		doc(goodRecord)[:200],
		doc(`<INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>X</REFERENCE_NUMBER><LISTED_ON>2015-04-07-04:00</LISTED_ON>
<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>B</ALIAS_NAME></INDIVIDUAL_ALIAS>
<INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>1</NUMBER></INDIVIDUAL_DOCUMENT>
<INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1</FROM_YEAR><TO_YEAR>2</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>`),
		`<CONSOLIDATED_LIST><ENTITIES><ENTITY><FIRST_NAME>E</FIRST_NAME><REFERENCE_NUMBER>e</REFERENCE_NUMBER><ENTITY_ADDRESS><NOTE>n</NOTE></ENTITY_ADDRESS></ENTITY></ENTITIES></CONSOLIDATED_LIST>`,
		`<CONSOLIDATED_LIST><INDIVIDUAL><REFERENCE_NUMBER/></INDIVIDUAL></CONSOLIDATED_LIST>`,
		`<CONSOLIDATED_LIST><INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>r</REFERENCE_NUMBER><LISTED_ON>2015-02-30</LISTED_ON></INDIVIDUAL></CONSOLIDATED_LIST>`,
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
			err := un.ParseBytes("fuzz.xml", data, opt, func(b *graph.Batch) error {
				if len(b.Entities) != len(b.Designations) {
					t.Fatalf("%d entities, %d designations", len(b.Entities), len(b.Designations))
				}
				for i, e := range b.Entities {
					if len(e.ID) <= len("un:") || e.Name == "" || (e.Kind != graph.KindPerson && e.Kind != graph.KindOrganization) {
						t.Fatalf("invalid entity emitted: %+v", e)
					}
					d := b.Designations[i]
					if d.Entity != e.ID || d.Regime != graph.RegimeUN {
						t.Fatalf("invalid designation emitted: %+v", d)
					}
					if _, err := graph.ParseDate(string(d.Listed)); err != nil {
						t.Fatalf("invalid listing date: %+v", d)
					}
					for _, id := range e.Identifiers {
						if id.Value == "" || id.Scheme == "" {
							t.Fatalf("invalid identifier: %+v", id)
						}
					}
				}
				return nil
			})
			if err != nil {
				re, ok := ingest.AsRowError(err)
				if !ok || re.File != "fuzz.xml" {
					t.Fatalf("error is not a *RowError for the file: %T %v", err, err)
				}
			}
		}
	})
}
