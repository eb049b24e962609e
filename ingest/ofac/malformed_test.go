package ofac_test

import (
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/ofac"
)

const goodSDN = "1,\"ALPHA LTD.\",-0- ,\"SDGT] [IFSR\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Linked To: BETA.\"\r\n" +
	"2,\"BETA\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"

// parseStrings parses in-memory SDN, ADD, ALT and COMMENTS files ("" =
// absent) strictly and leniently.
func parseStrings(files [4]string, lenient bool) (*graph.Batch, []*ingest.RowError, ofac.Stats, error) {
	var names [4]string
	var data [4][]byte
	for i, n := range []string{"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"} {
		if files[i] != "" {
			names[i], data[i] = n, []byte(files[i])
		}
	}
	all := new(graph.Batch)
	var skipped []*ingest.RowError
	opt := ingest.ParseOptions{Lenient: lenient, BatchSize: 2, Skip: func(e *ingest.RowError) { skipped = append(skipped, e) }}
	st, err := ofac.ParseData(false, names, data, opt, func(b *graph.Batch) error {
		all.Entities = append(all.Entities, b.Entities...)
		all.Designations = append(all.Designations, b.Designations...)
		all.Links = append(all.Links, b.Links...)
		return nil
	})
	return all, skipped, st, err
}

func TestMalformed(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files [4]string
		// the strict error
		file, record, column, reason string
		line                         int
		// entities left in lenient mode
		entities int
	}{
		{"wrong column count", [4]string{goodSDN + "3,\"GAMMA\",-0- ,\"SDGT\"\r\n"}, "sdn.csv", "3", "", "record has 4 fields, want 12", 3, 2},
		{"bad ent_num", [4]string{goodSDN + "x7,\"GAMMA\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"}, "sdn.csv", "x7", "ent_num", "not a positive integer", 3, 2},
		{"truncated quote", [4]string{"3,\"GAMMA,-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n" + goodSDN}, "sdn.csv", "3", "", "malformed CSV", 1, 2},
		// The quote of GAMMA never closes: encoding/csv reads on to DELTA's
		// and stops there; the record is reported at its own line, and a
		// lenient load reads DELTA and EPSILON (ingest.CSVReader; before,
		// DELTA was lost with it).
		{"quote never closed", [4]string{goodSDN + "3,\"GAMMA,-0- ,SDGT,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n" +
			"4,\"DELTA\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n5,\"EPSILON\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"},
			"sdn.csv", "3", "", "runs on to line 4", 3, 4},
		{"bad program", [4]string{goodSDN + "3,\"GAMMA\",-0- ,\"SDGT] [[X]\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"}, "sdn.csv", "3", "Program", "bad program", 3, 2},
		{"no program", [4]string{goodSDN + "3,\"GAMMA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"}, "sdn.csv", "3", "Program", "bad program", 3, 2},
		{"bad type", [4]string{goodSDN + "3,\"GAMMA\",\"ship\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"}, "sdn.csv", "3", "SDN_Type", "unknown SDN_Type", 3, 2},
		{"duplicate", [4]string{goodSDN + goodSDN[:strings.Index(goodSDN, "\n")+1]}, "sdn.csv", "1", "ent_num", "appears twice (first on line 1)", 3, 2},
		{"add columns", [4]string{goodSDN, "1,5,\"Street\",\"City\"\r\n"}, "add.csv", "1", "", "record has 4 fields, want 6", 1, 2},
		{"alt type", [4]string{goodSDN, "", "1,5,\"xyz\",\"A\",-0- \r\n2,6,\"aka\",\"B\",-0- \r\n"}, "alt.csv", "1", "alt_type", "unknown alt_type", 1, 2},
		{"alt_num", [4]string{goodSDN, "", "1,5,\"aka\",\"A\",-0- \r\n2,x,\"aka\",\"B\",-0- \r\n"}, "alt.csv", "2", "alt_num", "not an integer", 2, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, _, err := parseStrings(tc.files, false)
			re, ok := ingest.AsRowError(err)
			if !ok {
				t.Fatalf("strict: err %v, want a RowError", err)
			}
			if re.File != tc.file || re.Line != tc.line || re.Record != tc.record || re.Column != tc.column || !strings.Contains(re.Reason, tc.reason) {
				t.Errorf("strict: %+v, want %s:%d record %q column %q %q", re, tc.file, tc.line, tc.record, tc.column, tc.reason)
			}
			b, skipped, _, err := parseStrings(tc.files, true)
			if err != nil {
				t.Fatalf("lenient: %v", err)
			}
			if len(skipped) == 0 || skipped[0].File != tc.file || skipped[0].Line != tc.line {
				t.Errorf("lenient: skipped %+v", skipped)
			}
			if len(b.Entities) != tc.entities {
				t.Errorf("lenient: %d entities, want %d", len(b.Entities), tc.entities)
			}
		})
	}
}

func TestQuirks(t *testing.T) {
	sdn := goodSDN + "\x1a"
	add := "1,10,\"1 Main St\",\"Town\",\"Russia\",-0- \n2,11,-0- ,-0- ,-0- ,-0- \n9,12,-0- ,-0- ,\"Peru\",-0"
	alt := "1,20,\"fka\",\"ALPHA OLD\",-0- \n1,21,\"aka\",\"ALPHA LTD.\",-0- \n"
	com := "2,\"a.k.a. \"blackjack1987\"; Tax ID No. 12 (Peru).\"\r\n\x1a"
	b, _, st, err := parseStrings([4]string{sdn, add, alt, com}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Entities) != 2 || st.Orphans["add"] != 1 || len(b.Designations) != 3 || len(b.Links) != 1 {
		t.Fatalf("batch %+v stats %+v", b, st)
	}
	a, beta := b.Entities[0], b.Entities[1]
	if len(a.Aliases) != 1 || a.Aliases[0] != "ALPHA OLD" || len(a.Addresses) != 1 || a.Countries[0] != "RU" || a.Addresses[0].Country != "RU" {
		t.Errorf("alpha %+v", a)
	}
	if len(beta.WeakAliases) != 1 || beta.WeakAliases[0] != "blackjack1987" || len(beta.Identifiers) != 1 ||
		beta.Identifiers[0] != (graph.Identifier{Scheme: "tax", Value: "12", Country: "PE"}) || beta.Kind != graph.KindCompany {
		t.Errorf("beta %+v", beta)
	}
	if l := b.Links[0]; l.From != "ofac:1" || l.To != "ofac:2" || l.ToName != "BETA" {
		t.Errorf("link %+v", l)
	}
	// a truncated -0 anywhere but at the end of the file is data
	if _, _, _, err := parseStrings([4]string{goodSDN, "1,10,-0,-0- ,-0- ,-0- \n"}, false); err != nil {
		t.Fatal(err)
	}
}
