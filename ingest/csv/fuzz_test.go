package csv_test

import (
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	ocsv "github.com/ownex/ownex/ingest/csv"
)

// headers are prepended to fuzz input so that every kind of file is
// exercised; the empty header lets the input choose its own.
var headers = []string{
	"",
	"id,name,kind,country,identifiers,aliases\n",
	"owner,owned,share,votes,arrangement,start,end,source\n",
	"controller,controlled,basis,start,end,source\n",
	"entity,regime,program,listed,delisted,source\n",
}

// FuzzCSVReader feeds any bytes to the reader as a file of each kind, in
// strict and lenient mode: it must never panic, every error must be a
// *RowError, and every emitted record must be valid.
func FuzzCSVReader(f *testing.F) {
	for _, s := range []string{
		"a,b,50,,j,2020-01-01,2021-01-01,src\n",
		"x,X,company,GB,lei:1;tax:2,X Ltd;Ex\n",
		"k,c,director,,,\n",
		"p,ofac,SDGT,2020-01-01,,\n",
		"a,b,25-50\n\"q\nq\",b,abc\n",
		"a,b,\"(25,50]\",>50\nc,b,\"[25,50)\",<=25\nd,b,>=75,\"(50,50]\"\n",
		"\ufeffowner,owned\na,b\n",
		"a,\"b\n",
		",,,,,,,,\n",
		"a,b,50-25,150,,2020-02-30,,\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, h := range headers {
			input := append([]byte(h), data...)
			for _, lenient := range []bool{false, true} {
				opt := ingest.ParseOptions{Lenient: lenient, BatchSize: 3, Skip: func(e *ingest.RowError) {
					if e == nil || e.File != "fuzz.csv" {
						t.Fatalf("bad skip %+v", e)
					}
				}}
				err := ocsv.ParseBytes("fuzz.csv", input, opt, func(b *graph.Batch) error {
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
					}
					for _, c := range b.Controls {
						if _, ok := graph.ParseBasis(string(c.Basis)); !ok || c.Controller == "" || c.Controlled == "" {
							t.Fatalf("invalid control emitted: %+v", c)
						}
					}
					for _, d := range b.Designations {
						if d.Entity == "" || d.Regime == "" {
							t.Fatalf("invalid designation emitted: %+v", d)
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
		}
	})
}
