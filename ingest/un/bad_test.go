package un_test

import (
	"os"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/un"
)

const goodRecord = `
    <INDIVIDUAL>
      <DATAID>1</DATAID>
      <FIRST_NAME>GOOD</FIRST_NAME>
      <SECOND_NAME>ONE</SECOND_NAME>
      <UN_LIST_TYPE>DRC</UN_LIST_TYPE>
      <REFERENCE_NUMBER>CDi.901</REFERENCE_NUMBER>
      <LISTED_ON>2012-12-31</LISTED_ON>
    </INDIVIDUAL>`

// otherRecord is goodRecord with another REFERENCE_NUMBER: a record id
// is given once in a file.
var otherRecord = strings.Replace(goodRecord, "CDi.901", "CDi.902", 1)

func doc(records ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
  <INDIVIDUALS>` + strings.Join(records, "") + `
  </INDIVIDUALS>
  <ENTITIES/>
</CONSOLIDATED_LIST>
`
}

func TestMalformed(t *testing.T) {
	sampleData, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	// Cut the sample in the middle of the 501st record.
	cut := 0
	for i := 0; i < 501; i++ {
		cut += strings.Index(string(sampleData[cut:]), "<INDIVIDUAL>") + 1
	}
	truncated := string(sampleData[:cut+200])

	for _, tc := range []struct {
		name     string
		data     string
		line     int
		column   string
		contains []string
		lenient  int // records kept in lenient mode
	}{
		{
			name: "no reference number",
			data: doc(goodRecord, `
    <INDIVIDUAL>
      <DATAID>6907999</DATAID>
      <FIRST_NAME>NO</FIRST_NAME>
      <REFERENCE_NUMBER> </REFERENCE_NUMBER>
      <LISTED_ON>2012-12-31</LISTED_ON>
    </INDIVIDUAL>`, otherRecord),
			line: 12, column: "REFERENCE_NUMBER", contains: []string{"DATAID 6907999", "no REFERENCE_NUMBER"}, lenient: 2,
		},
		{
			name: "repeated reference number", data: doc(goodRecord, goodRecord),
			line: 12, column: "REFERENCE_NUMBER", contains: []string{`id "CDi.901" repeated: first given at line 4`}, lenient: 1,
		},
		{
			name: "bad listed on",
			data: doc(goodRecord, `
    <INDIVIDUAL>
      <DATAID>6907998</DATAID>
      <FIRST_NAME>BAD</FIRST_NAME>
      <REFERENCE_NUMBER>CDi.999</REFERENCE_NUMBER>
      <LISTED_ON>2012-13-31</LISTED_ON>
    </INDIVIDUAL>`),
			line: 12, column: "LISTED_ON", contains: []string{"CDi.999", "DATAID 6907998", `"2012-13-31"`}, lenient: 1,
		},
		{
			name: "bad time zone",
			data: doc(`
    <INDIVIDUAL>
      <FIRST_NAME>BAD</FIRST_NAME>
      <REFERENCE_NUMBER>CDi.998</REFERENCE_NUMBER>
      <LISTED_ON>2012-12-31+25:00</LISTED_ON>
    </INDIVIDUAL>`),
			line: 4, column: "LISTED_ON", contains: []string{"INDIVIDUAL CDi.998:", "time zone"},
		},
		{
			name: "no name",
			data: doc(`
    <ENTITY>
      <FIRST_NAME/>
      <REFERENCE_NUMBER>CDe.998</REFERENCE_NUMBER>
    </ENTITY>`, goodRecord),
			line: 4, column: "FIRST_NAME", contains: []string{"ENTITY CDe.998", "no name"}, lenient: 1,
		},
		{
			name: "truncated sample", data: truncated, line: 28272,
			contains: []string{"malformed XML", "unexpected EOF", "<INDIVIDUAL> starting at line 28266"}, lenient: 500,
		},
		{
			name: "broken tag", data: doc(goodRecord, "\n    <INDIVIDUAL><DATAID>1</DATA>\n    </INDIVIDUAL>", goodRecord),
			line: 12, contains: []string{"malformed XML", "DATA"}, lenient: 1,
		},
		{
			name: "unclosed root", data: doc(goodRecord)[:len(doc(goodRecord))-20], line: 14,
			contains: []string{"malformed XML"}, lenient: 1,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := parseBytes(t, tc.data, false)
			re, ok := ingest.AsRowError(err)
			if !ok {
				t.Fatalf("strict: error %v, want a RowError", err)
			}
			if re.File != "bad.xml" || re.Line != tc.line || re.Column != tc.column {
				t.Errorf("strict: %q at line %d column %q, want line %d column %q", re.Error(), re.Line, re.Column, tc.line, tc.column)
			}
			msg := re.Error()
			for _, s := range tc.contains {
				if !strings.Contains(msg, s) {
					t.Errorf("strict: %q does not contain %q", msg, s)
				}
			}
			if !strings.HasPrefix(msg, "bad.xml:") {
				t.Errorf("strict: %q does not name the file", msg)
			}
			if len(r.skipped) != 0 {
				t.Errorf("strict mode skipped %d records", len(r.skipped))
			}

			r, err = parseBytes(t, tc.data, true)
			if err != nil {
				t.Fatalf("lenient: %v", err)
			}
			if len(r.skipped) != 1 || r.skipped[0].Error() != msg {
				t.Errorf("lenient: skipped %v, want the strict error once", r.skipped)
			}
			if len(r.entities) != tc.lenient || len(r.designations) != tc.lenient {
				t.Errorf("lenient: kept %d entities, %d designations; want %d", len(r.entities), len(r.designations), tc.lenient)
			}
		})
	}
}

func TestNotAList(t *testing.T) {
	for _, data := range []string{"", "   ", `<?xml version="1.0"?><sdnList/>`, "not xml", "<CONSOLIDATED_LIST"} {
		for _, lenient := range []bool{false, true} {
			_, err := parseBytes(t, data, lenient)
			if !ingest.IsRowError(err) && !(lenient && err == nil) {
				t.Errorf("%q lenient=%v: error %v, want a RowError", data, lenient, err)
			}
		}
		if _, err := parseBytes(t, data, false); !ingest.IsRowError(err) {
			t.Errorf("%q: strict error %v", data, err)
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]graph.Date{
		"":                 "",
		"2015-04-07":       "2015-04-07",
		"2015-04-07-04:00": "2015-04-07",
		"2015-04-07+05:30": "2015-04-07",
		"2015-04-07Z":      "2015-04-07",
		" 2015-04-07 ":     "2015-04-07",
		"2015-04-07+14:00": "2015-04-07",
	} {
		if got, err := un.ParseDate(in); err != nil || got != want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"2015-4-7", "07/04/2015", "2015-04-07T10:00:00", "2015-04-07-4:00", "2015-04-07+15:00",
		"2015-02-30", "2015-04-07-04:60", "2015", "2015-04-07 04:00"} {
		if got, err := un.ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) = %q, want an error", in, got)
		}
	}
}

func TestDocuments(t *testing.T) {
	rec := func(docs string) string {
		return doc(`
    <INDIVIDUAL>
      <FIRST_NAME>X</FIRST_NAME>
      <REFERENCE_NUMBER>QDi.900</REFERENCE_NUMBER>` + docs + `
    </INDIVIDUAL>`)
	}
	for _, tc := range []struct {
		doc  string
		want []graph.Identifier
		fact string
	}{
		{"<TYPE_OF_DOCUMENT>Numéro de passeport </TYPE_OF_DOCUMENT><NUMBER> A1 </NUMBER><ISSUING_COUNTRY>France</ISSUING_COUNTRY>",
			[]graph.Identifier{{Scheme: "passport", Value: "A1", Country: "FR"}}, "Numéro de passeport: A1, issued by France"},
		{"<TYPE_OF_DOCUMENT>National Identification\n        Number</TYPE_OF_DOCUMENT><NUMBER>7</NUMBER><COUNTRY_OF_ISSUE>Iraq</COUNTRY_OF_ISSUE>",
			[]graph.Identifier{{Scheme: "national-id", Value: "7", Country: "IQ"}}, "National Identification Number: 7, issued by Iraq"},
		{"<TYPE_OF_DOCUMENT>National Identification Number</TYPE_OF_DOCUMENT><TYPE_OF_DOCUMENT2>national passport</TYPE_OF_DOCUMENT2><NUMBER>P9</NUMBER>",
			[]graph.Identifier{{Scheme: "passport", Value: "P9"}}, "National Identification Number / national passport: P9"},
		{"<TYPE_OF_DOCUMENT>National Identification Number</TYPE_OF_DOCUMENT><TYPE_OF_DOCUMENT2>Ration card number:</TYPE_OF_DOCUMENT2><NUMBER>R1</NUMBER>",
			[]graph.Identifier{{Scheme: "document", Value: "R1"}}, "National Identification Number / Ration card number:: R1"},
		{"<TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><TYPE_OF_DOCUMENT2>number:</TYPE_OF_DOCUMENT2><NUMBER>P2</NUMBER><DATE_OF_ISSUE>2001-02-03</DATE_OF_ISSUE><CITY_OF_ISSUE>Kabul</CITY_OF_ISSUE><NOTE>expired</NOTE>",
			[]graph.Identifier{{Scheme: "passport", Value: "P2"}}, "Passport / number:: P2, issued 2001-02-03, Kabul (expired)"},
		{"<TYPE_OF_DOCUMENT>Pasaporte</TYPE_OF_DOCUMENT><NOTE>number unknown</NOTE>", nil, "Pasaporte (number unknown)"},
		{"<TYPE_OF_DOCUMENT>Driving licence</TYPE_OF_DOCUMENT><NUMBER>D1</NUMBER><ISSUING_COUNTRY>Tunisia</ISSUING_COUNTRY><COUNTRY_OF_ISSUE>Italy</COUNTRY_OF_ISSUE>",
			[]graph.Identifier{{Scheme: "document", Value: "D1", Country: "TN"}}, "Driving licence: D1, issued by Tunisia, country of issue Italy"},
		{"", nil, ""},
	} {
		r, err := parseBytes(t, rec("<INDIVIDUAL_DOCUMENT>"+tc.doc+"</INDIVIDUAL_DOCUMENT>"), false)
		if err != nil || len(r.entities) != 1 {
			t.Fatalf("%s: %v", tc.doc, err)
		}
		e := r.entities[0]
		if len(e.Identifiers) != len(tc.want) || (len(tc.want) > 0 && e.Identifiers[0] != tc.want[0]) {
			t.Errorf("%s: identifiers %+v, want %+v", tc.doc, e.Identifiers, tc.want)
		}
		var fact string
		for _, f := range e.Facts {
			if f.Type == "document" {
				fact = f.Value
			}
		}
		if fact != tc.fact {
			t.Errorf("%s: document fact %q, want %q", tc.doc, fact, tc.fact)
		}
	}
}

func TestBirthDates(t *testing.T) {
	for in, want := range map[string]string{
		"<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1978-04-28</DATE>":                                                        "1978-04-28",
		"<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1971</YEAR>":                                                              "1971",
		"<TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1955</YEAR>":                                                      "circa 1955",
		"<TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1970</FROM_YEAR><TO_YEAR>1975</TO_YEAR>":                           "1970 to 1975",
		"<TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1955</FROM_YEAR><TO_YEAR>1958</TO_YEAR><NOTE>Approximately</NOTE>": "1955 to 1958 (Approximately)",
		"<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>Nov. 1973 </NOTE>":                                                        "Nov. 1973",
		"<TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><NOTE>30-35 years old</NOTE>":                                           "30-35 years old",
		"<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1979-03-03-05:00</DATE><NOTE>from false passport</NOTE>":                  "1979-03-03 (from false passport)",
		"<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1979-3-3</DATE>":                                                          "1979-3-3",
		"<TYPE_OF_DATE/>": "",
	} {
		r, err := parseBytes(t, doc(`
    <INDIVIDUAL>
      <FIRST_NAME>X</FIRST_NAME>
      <REFERENCE_NUMBER>QDi.900</REFERENCE_NUMBER>
      <INDIVIDUAL_DATE_OF_BIRTH>`+in+`</INDIVIDUAL_DATE_OF_BIRTH>
    </INDIVIDUAL>`), false)
		if err != nil || len(r.entities) != 1 {
			t.Fatalf("%s: %v", in, err)
		}
		var got string
		for _, f := range r.entities[0].Facts {
			if f.Type == graph.FactBirthDate {
				got = f.Value
			}
		}
		if got != want {
			t.Errorf("%s: birth date %q, want %q", in, got, want)
		}
	}
}
