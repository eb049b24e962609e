package bods_test

import (
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/bods"
)

// FuzzBODS feeds any bytes to the parser in strict and lenient mode: it
// must never panic, every error must be a *RowError, and every emitted
// record must be valid.
func FuzzBODS(f *testing.F) {
	f.Add([]byte(legacyDoc))
	f.Add([]byte("[" + st04("s1", "c", "entity", "new", "2019-01-01", entC) + "," +
		st04("s3", "r", "relationship", "new", "2019-01-01", rel40) + "]"))
	f.Add([]byte(st04("s3", "r", "relationship", "closed", "2019-01-02", rel60) + "\n" + st04("s4", "r", "relationship", "closed", "2019-01-01", relEnd)))
	f.Add([]byte(`[{"statementID":"o","statementType":"ownershipOrControlStatement","subject":{"describedByEntityStatement":"e"},"interestedParty":{"unspecified":{"reason":"x"}},"interests":[{"share":{"minimum":1e1,"exclusiveMaximum":true}}]}]`))
	f.Add([]byte("[1, {}, []]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lenient := range []bool{false, true} {
			opt := ingest.ParseOptions{Lenient: lenient, BatchSize: 3, Skip: func(e *ingest.RowError) {
				if e == nil || e.File != "fuzz.json" {
					t.Fatalf("bad skip %+v", e)
				}
			}}
			err := bods.ParseBytes("fuzz.json", data, opt, func(b *graph.Batch) error {
				for _, h := range b.Holdings {
					if h.Owner == "" || h.Owned == "" || !h.Share.Valid() || !h.Votes.Valid() ||
						(h.Start != "" && h.End != "" && h.End <= h.Start) {
						t.Fatalf("invalid holding emitted: %+v", h)
					}
				}
				for _, e := range b.Entities {
					if e.ID == "" || e.Name == "" {
						t.Fatalf("invalid entity emitted: %+v", e)
					}
					if _, ok := graph.ParseKind(string(e.Kind)); !ok || e.Kind == "" {
						t.Fatalf("bad kind: %+v", e)
					}
				}
				for _, c := range b.Controls {
					if _, ok := graph.ParseBasis(string(c.Basis)); !ok || c.Controller == "" || c.Controlled == "" ||
						(c.Start != "" && c.End != "" && c.End <= c.Start) {
						t.Fatalf("invalid control emitted: %+v", c)
					}
				}
				for _, l := range b.Links {
					if l.From == "" || l.To == "" || l.Type != graph.LinkOther {
						t.Fatalf("invalid link emitted: %+v", l)
					}
				}
				return nil
			})
			if err != nil {
				if _, ok := ingest.AsRowError(err); !ok {
					t.Fatalf("error is not a *RowError: %T %v", err, err)
				}
			}
		}
	})
}
