package ofac_test

import (
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/ofac"
)

// FuzzSDNCSV feeds any bytes as sdn.csv, and as add.csv, alt.csv and
// sdn_comments.csv beside a fixed sdn.csv, strictly and leniently: no
// panic, every error a *RowError, every record well formed.
func FuzzSDNCSV(f *testing.F) {
	for _, s := range []string{
		goodSDN,
		goodSDN + "\x1a",
		"1,10,\"1 Main St\",\"Town\",\"Russia\",-0",
		"1,20,\"aka\",\"X\",-0- \n",
		"1,\"a.k.a. \"q\"; Linked To: BETA.\"\r\n",
		"3,\"GAMMA,-0- ,\"SDGT\"",
		"\xef\xbb\xbf1,\"\xe9\",-0- ,\"A; B\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0-",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for slot := 0; slot < 4; slot++ {
			var files [4]string
			files[0] = goodSDN
			files[slot] = string(data)
			for _, lenient := range []bool{false, true} {
				checkParse(t, files, lenient)
			}
		}
	})
}

func checkParse(t *testing.T, files [4]string, lenient bool) {
	b, skipped, _, err := parseStrings(files, lenient)
	if err != nil {
		if _, ok := ingest.AsRowError(err); !ok {
			t.Fatalf("error is not a *RowError: %T %v", err, err)
		}
		return
	}
	for _, e := range skipped {
		if e == nil || e.File == "" || e.Reason == "" {
			t.Fatalf("bad skip %+v", e)
		}
	}
	ids := map[string]bool{}
	for _, e := range b.Entities {
		if !strings.HasPrefix(e.ID, "ofac:") || e.Name == "" || ids[e.ID] || e.Source != ofac.SDNList {
			t.Fatalf("bad entity %+v", e)
		}
		ids[e.ID] = true
		for _, id := range e.Identifiers {
			if id.Scheme == "" || id.Value == "" {
				t.Fatalf("bad identifier %+v", id)
			}
		}
	}
	for _, d := range b.Designations {
		if !ids[d.Entity] || d.Program == "" || d.Regime != graph.RegimeOFAC {
			t.Fatalf("bad designation %+v", d)
		}
	}
	for _, l := range b.Links {
		if !ids[l.From] || (l.To != "" && !ids[l.To]) || l.ToName == "" {
			t.Fatalf("bad link %+v", l)
		}
	}
}

// FuzzRemarks checks that the remarks parser never panics and yields
// no empty identifier, alias or link.
func FuzzRemarks(f *testing.F) {
	for _, s := range []string{
		"DOB 12 Oct 1972; POB Corozal, Belize; Passport 0291622 (Belize); Linked To: D'S SUPERMARKET COMPANY LTD.",
		"Business Registration Number 0582030 (Connecticut) (United States); alt. Business Registration Number M99000000961 (Florida) (United States).",
		"Vessel Registration Identification IMO 9486910; MMSI 636013272; a.k.a. 'MAKRAN'.",
		"Digital Currency Address - XBT 1B64QRxfaa35MVkf7sDjuGUYAP5izQt7Qi; Legal Entity Number 5299007NTWCC3U23WM81 (Czech Republic).",
		"C.U.R.P. AIMM67125HCHRRG06 (Mexico) issued 1968; Passport G025057 issued 23 Jun 1999 expires 05 Feb 2004",
		"alt. ; ; a.k.a. '; Linked To: .; Telephone (98)(21)(66153220); IMO ()",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := ofac.ParseRemarks(s)
		for _, id := range r.Identifiers {
			if id.Scheme == "" || id.Value == "" {
				t.Fatalf("bad identifier %+v from %q", id, s)
			}
		}
		for _, a := range append(r.WeakAliases, r.Links...) {
			if strings.TrimSpace(a) == "" {
				t.Fatalf("empty name from %q", s)
			}
		}
		for _, f := range r.Facts {
			if f.Type == "" || f.Value == "" {
				t.Fatalf("bad fact %+v from %q", f, s)
			}
		}
	})
}
