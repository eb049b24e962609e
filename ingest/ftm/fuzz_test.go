package ftm_test

import (
	"os"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/ftm"
)

// FuzzFTMLine feeds any bytes as a file, in strict and lenient mode: no
// panic, every error a *RowError, every record valid.
func FuzzFTMLine(f *testing.F) {
	for _, s := range []string{
		`{"id":"c1","schema":"Company","properties":{"name":["A"],"addressEntity":["a1"]},"referents":["ofac-1","gb-hmt-2"]}`,
		`{"id":"a1","schema":"Address","properties":{"full":["x"]}}`,
		`{"id":"o1","schema":"Ownership","properties":{"owner":["p"],"asset":["c1"],"percentage":[">50"],"startDate":["2020"],"endDate":["2020"]}}`,
		`{"id":"s1","schema":"Sanction","datasets":["eu_fsf"],"properties":{"entity":["c1"],"listingDate":["2020-02-30"]}}`,
		`{"id":"d1","schema":"Directorship","properties":{"director":["p"],"organization":["c1"]}}`,
		`{"id":"x","schema":"Family","properties":{"person":["p"]}}`,
		`{"id":"y","schema":"Person","properties":{"name":[1]}}`,
		"{\"id\":\"z\",\"schema\":\"Vessel\",\"properties\":{\"name\":[\"V\"],\"imoNumber\":[\"IMO 1\"]}}\r\n\n",
		`{"id"`,
		"\ufeff[]",
	} {
		f.Add([]byte(s))
	}
	if b, err := os.ReadFile("../../testdata/ftm/yente-t1/entities.ftm.json"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lenient := range []bool{false, true} {
			opt := ingest.ParseOptions{Lenient: lenient, BatchSize: 3, Skip: func(e *ingest.RowError) {
				if e == nil || e.File != "fuzz.json" || e.Reason == "" {
					t.Fatalf("bad skip %+v", e)
				}
			}}
			_, err := ftm.ParseBytes("fuzz.json", data, opt, func(b *graph.Batch) error {
				if b.Len() == 0 || b.Len() > 3 {
					t.Fatalf("batch of %d", b.Len())
				}
				for _, e := range b.Entities {
					if !strings.HasPrefix(e.ID, "os:") || e.Name == "" {
						t.Fatalf("invalid entity %+v", e)
					}
				}
				for _, h := range b.Holdings {
					if h.Owner == "" || h.Owned == "" || h.Owner == h.Owned || !h.Share.Valid() || h.Votes != h.Share ||
						(h.Start != "" && h.End != "" && h.End <= h.Start) {
						t.Fatalf("invalid holding %+v", h)
					}
				}
				for _, c := range b.Controls {
					if _, ok := graph.ParseBasis(string(c.Basis)); !ok || c.Controller == "" || c.Controlled == "" {
						t.Fatalf("invalid control %+v", c)
					}
				}
				for _, d := range b.Designations {
					if d.Entity == "" || d.Regime == "" || (d.Listed != "" && d.Delisted != "" && d.Delisted <= d.Listed) {
						t.Fatalf("invalid designation %+v", d)
					}
					for _, x := range []graph.Date{d.Listed, d.Delisted} {
						if _, err := graph.ParseDate(string(x)); err != nil {
							t.Fatalf("designation date %v", err)
						}
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
				if _, ok := ingest.AsRowError(err); !ok {
					t.Fatalf("error is not a *RowError: %T %v", err, err)
				}
			}
		}
	})
}

// FuzzPercentage: never panics; a read range is valid and the same with a
// "%" sign; an unread one is unknown.
func FuzzPercentage(f *testing.F) {
	for _, s := range []string{"50", "50%", "50.5", "25-50", "25–50", ">50", "more than 50", "<10", "100.00",
		"between 1 and 2", "33.3333333", "50+", "≤ 5", "", "abc", "-1", "1e2", "0.0000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, ok := ftm.ParsePercentage(s)
		if !ok {
			if !r.IsUnknown() {
				t.Fatalf("%q: not read but %v", s, r)
			}
			return
		}
		if !r.Valid() {
			t.Fatalf("%q: invalid range %v", s, r)
		}
		if !strings.ContainsAny(s, "%") && !strings.Contains(strings.ToLower(s), "per") {
			if r2, ok2 := ftm.ParsePercentage(s + "%"); ok2 && r2 != r {
				t.Fatalf("%q: %v, with %%: %v", s, r, r2)
			}
		}
	})
}
