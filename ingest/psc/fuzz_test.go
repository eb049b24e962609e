package psc_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/psc"
)

// FuzzPSC feeds any bytes to the parser in strict and lenient mode: it
// must never panic, every error must be a *RowError naming the file, and
// every emitted record must be valid.
func FuzzPSC(f *testing.F) {
	for _, name := range []string{"psc-data-1.json", "psc-data-6.json", "psc-data-7.json", "company-data-1.json"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		line("1", "individual-person-with-significant-control", "/x/p1", `,"name":"A","natures_of_control":["ownership-of-shares-25-to-50-percent","significant-influence-or-control"],"notified_on":"2016-04-06","ceased_on":"2016-04-06"`),
		line("sc1", "corporate-entity-person-with-significant-control", "/x/p2", `,"name":"B","identification":{"country_registered":"UK","registration_number":"1"},"natures_of_control":["voting-rights-more-than-25-percent-registered-overseas-entity"]`),
		line("1", "corporate-entity-person-with-significant-control", "/x/p2", `,"name":"B","identification":{"country_registered":"UK","registration_number":"00000001"}`),
		line("2", "exemptions", "/x/e", `,"exemptions":{"psc-exempt-as-trading-on-regulated-market":{}}`),
		`{"company_number":"1","data":{"kind":"super-secure-person-with-significant-control","etag":"e","ceased":true}}`,
		"[\n{\"a\":1},\n]",
		"\ufeff[]",
		`{"CompanyNumber":" 1","CompanyName":"X","IncorporationDate":"01/02/2003","PreviousName_1.CompanyName":"Y"}`,
		"{\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lenient := range []bool{false, true} {
			opt := ingest.ParseOptions{Lenient: lenient, BatchSize: 3, Skip: func(e *ingest.RowError) {
				if e == nil || e.File != "fuzz.json" {
					t.Fatalf("bad skip %+v", e)
				}
			}}
			err := psc.ParseBytes("fuzz.json", data, opt, func(b *graph.Batch) error {
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
					if _, ok := graph.ParseBasis(string(c.Basis)); !ok || c.Controller == "" || c.Controlled == "" ||
						(c.Start != "" && c.End != "" && c.End <= c.Start) {
						t.Fatalf("invalid control %+v", c)
					}
				}
				for _, l := range b.Links {
					if l.From == "" || l.To == "" || l.Type == "" {
						t.Fatalf("invalid link %+v", l)
					}
				}
				return nil
			})
			if err != nil {
				if re, ok := ingest.AsRowError(err); !ok || re.File != "fuzz.json" {
					t.Fatalf("error is not a *RowError for the file: %T %v", err, err)
				}
			}
		}
	})
}
