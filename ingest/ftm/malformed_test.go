package ftm_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	"github.com/ownex/ownex/ingest/ftm"
)

// bad holds one good record, then bad records of each kind, then good
// ones; an ignored schema and blank lines are not errors.
var bad = strings.Join([]string{
	`{"id": "c1", "schema": "Company", "properties": {"name": ["Good Co"]}}`, // 1
	`{"id": "c2", "schema": "Company", "properties": {"name": ["Broken"]`,    // 2 invalid JSON
	`{"schema": "Company", "properties": {"name": ["No Id"]}}`,               // 3 no id
	`{"id": "c3", "properties": {"name": ["No Schema"]}}`,                    // 4 no schema
	`{"id": "w1", "schema": "CryptoWallet", "properties": {}}`,               // 5 ignored
	``, // 6 blank
	`{"id": "s1", "schema": "Sanction", "properties": {"entity": ["c1"], "startDate": ["2020-13-01"]}}`,                                                                    // 7 bad date
	`{"id": "o1", "schema": "Ownership", "properties": {"owner": ["p1"], "asset": ["c1"], "endDate": ["20x0"]}}`,                                                           // 8 bad date
	`{"id": "o2", "schema": "Ownership", "properties": {"asset": ["c1"]}}`,                                                                                                 // 9 no owner
	`{"id": "c4", "schema": "Company", "properties": {"name": [12]}}`,                                                                                                      // 10 not strings
	`{"id": "o3", "schema": "Ownership", "properties": {"owner": ["p1"], "asset": ["c1"], "percentage": ["roughly half"], "startDate": ["2019"], "endDate": ["2020-06"]}}`, // 11 good, unparsed percentage
	`{"id": "s2", "schema": "Sanction", "datasets": ["us_ofac_sdn"], "properties": {"entity": ["c1"], "listingDate": ["2021-05"], "startDate": ["2021-06-02T00:00:00"]}}`,  // 12 good
	`{"id": "p1", "schema": "Person", "properties": {}}`,                                                                                                                   // 13 no name
	`{"id": "c5", "schema": "Company", "properties": {"name": ["Last"]}}`,
}, "\n")

func TestMalformedStrict(t *testing.T) {
	var n int
	_, err := ftm.ParseBytes("bad.ftm.json", []byte(bad), ingest.ParseOptions{}, func(b *graph.Batch) error { n += b.Len(); return nil })
	re, ok := ingest.AsRowError(err)
	if !ok {
		t.Fatalf("strict: error %v is not a RowError", err)
	}
	if re.File != "bad.ftm.json" || re.Line != 2 || !strings.Contains(re.Reason, "invalid JSON") {
		t.Errorf("strict: %+v", re)
	}
	if n > 1 {
		t.Errorf("strict: %d records emitted before the error", n)
	}
}

func TestMalformedLenient(t *testing.T) {
	var r result
	var skipped []*ingest.RowError
	opt := ingest.ParseOptions{Lenient: true, BatchSize: 2, Skip: func(e *ingest.RowError) { skipped = append(skipped, e) }}
	st, err := ftm.ParseBytes("bad.ftm.json", []byte(bad), opt, collect(t, &r, 2))
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		line        int
		column, rec string
	}
	want := []key{{2, "", ""}, {3, "id", ""}, {4, "schema", "c3"}, {7, "startDate", "s1"}, {8, "endDate", "o1"},
		{9, "owner", "o2"}, {10, "", ""}, {13, "name", "p1"}}
	if len(skipped) != len(want) {
		for _, s := range skipped {
			t.Log(s)
		}
		t.Fatalf("%d skipped, want %d", len(skipped), len(want))
	}
	for i, w := range want {
		s := skipped[i]
		if s.Line != w.line || s.Column != w.column || (w.rec != "" && s.Record != w.rec) || s.File != "bad.ftm.json" || s.Reason == "" {
			t.Errorf("skip %d: %+v, want %+v", i, s, w)
		}
	}
	if !strings.Contains(skipped[0].Error(), "bad.ftm.json:2: invalid JSON") || !strings.Contains(skipped[3].Error(), `column "startDate"`) {
		t.Errorf("messages: %v / %v", skipped[0], skipped[3])
	}
	if st.Bad != 8 || st.Ignored["CryptoWallet"] != 1 || len(st.UnparsedPercentages) != 1 || st.UnparsedPercentages[0] != "o3" {
		t.Errorf("stats %+v", st)
	}
	if len(r.all.Entities) != 2 || len(r.all.Holdings) != 1 || len(r.all.Designations) != 1 {
		t.Fatalf("records %+v", r.all)
	}
	h := r.all.Holdings[0]
	if !h.Share.IsUnknown() || h.Record != "o3" || h.Span != (graph.Span{Start: "2019-01-01", End: "2020-07-01"}) {
		t.Errorf("holding %+v", h)
	}
	d := r.all.Designations[0]
	if d.Regime != graph.RegimeOFAC || d.Listed != "2021-05-01" || d.Entity != "os:c1" || d.Source != "os:us_ofac_sdn" {
		t.Errorf("designation %+v", d)
	}
}

func TestDates(t *testing.T) {
	for _, c := range []struct {
		in       string
		end      bool
		want     graph.Date
		wantFail bool
	}{
		{"2020-02-29", false, "2020-02-29", false},
		{"2020-02-29T10:00:00", true, "2020-02-29", false},
		{"2020", false, "2020-01-01", false},
		{"2020", true, "2021-01-01", false},
		{"2020-12", true, "2021-01-01", false},
		{"2020-02", false, "2020-02-01", false},
		{"2021-02-29", false, "", true},
		{"20", false, "", true},
		{"0999", false, "", true},
		{"2020/01/01", false, "", true},
	} {
		got, err := ftm.ParseDate(c.in, c.end)
		if got != c.want || (err != nil) != c.wantFail {
			t.Errorf("date(%q, end %v) = %q, %v; want %q", c.in, c.end, got, err, c.want)
		}
	}
}

// TestAddressesAndDocumentsAfterEntity checks the first pass: Address and
// Passport entities stated after the entity that references them, in a
// second file, still reach it.
func TestAddressesAndDocumentsAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.ftm.json")
	b := filepath.Join(dir, "b.ftm.json")
	os.WriteFile(a, []byte(`{"id":"p1","schema":"Person","properties":{"name":["P One"],"addressEntity":["addr-x","addr-missing"],"address":["1 Main St, Town"]}}`+"\r\n"), 0o600)
	os.WriteFile(b, []byte(`{"id":"NK-a","schema":"Address","referents":["addr-x"],"properties":{"full":["1 main st,  town"],"city":["Town"],"country":["gb"]}}
{"id":"pp","schema":"Passport","properties":{"holder":["p1"],"number":["X123"],"country":["gb"]}}`), 0o600)
	var r result
	st, err := ftm.Parse(t.Context(), []string{a, b}, ingest.ParseOptions{}, collect(t, &r, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.all.Entities) != 1 {
		t.Fatalf("entities %+v", r.all.Entities)
	}
	e := r.all.Entities[0]
	if len(e.Addresses) != 1 || e.Addresses[0] != (graph.Address{Text: "1 main st,  town", City: "Town", Country: "GB"}) {
		t.Errorf("addresses %+v", e.Addresses)
	}
	if len(e.Identifiers) != 1 || e.Identifiers[0] != (graph.Identifier{Scheme: "passport", Value: "X123", Country: "GB"}) {
		t.Errorf("identifiers %+v", e.Identifiers)
	}
	if st.UnresolvedAddresses != 1 {
		t.Errorf("unresolved %d", st.UnresolvedAddresses)
	}
}

func TestRelations(t *testing.T) {
	data := strings.Join([]string{
		`{"id":"ofac-123","schema":"Company","properties":{"name":["X"]},"referents":["gb-fcdo-rus0001","eu-fsf-eu-1-2"]}`,
		`{"id":"k1","schema":"Control","properties":{"controller":["a"],"controlled":["b"],"controlType":["appointment"],"startDate":["2020-01-01"],"endDate":["2020-01-01"]}}`,
		`{"id":"l1","schema":"UnknownLink","properties":{"subject":["a"],"object":["b"]}}`,
		`{"id":"l2","schema":"Associate","properties":{"person":["a"],"associate":["b"]}}`,
		`{"id":"l3","schema":"Representation","properties":{"agent":["a"],"client":["b"]}}`,
		`{"id":"l4","schema":"Membership","properties":{"member":["a"],"organization":["b"]}}`,
		`{"id":"o1","schema":"Ownership","properties":{"owner":["a"],"asset":["a"],"percentage":["100"]}}`,
		`{"id":"s1","schema":"Sanction","datasets":["un_sc_sanctions"],"properties":{"entity":["a"],"unscId":["QDe.001"],"program":["Al-Qaida"]}}`,
		`{"id":"o2","schema":"Ownership","properties":{"owner":["a"],"asset":["b"],"startDate":["2020-02-01"],"endDate":["2020-01-01"]}}`,
	}, "\n")
	var r result
	var skipped []*ingest.RowError
	st, err := ftm.ParseBytes("r.json", []byte(data), ingest.ParseOptions{Lenient: true, Skip: func(e *ingest.RowError) { skipped = append(skipped, e) }}, collect(t, &r, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 1 || skipped[0].Line != 9 || skipped[0].Column != "endDate" {
		t.Errorf("skipped %v", skipped)
	}
	if st.SelfOwnership != 1 || len(r.all.Holdings) != 0 {
		t.Errorf("self-ownership %d, holdings %+v", st.SelfOwnership, r.all.Holdings)
	}
	if len(r.all.Controls) != 1 || r.all.Controls[0].Basis != graph.BasisBoardAppointment ||
		r.all.Controls[0].Span != (graph.Span{Start: "2020-01-01", End: "2020-01-02"}) {
		t.Errorf("controls %+v", r.all.Controls)
	}
	types := []graph.LinkType{}
	for _, l := range r.all.Links {
		types = append(types, l.Type)
	}
	if len(types) != 4 || types[0] != graph.LinkLinkedTo || types[1] != graph.LinkAssociateOf || types[2] != graph.LinkActingFor || types[3] != graph.LinkMemberOf {
		t.Errorf("links %v", types)
	}
	same := map[string]string{}
	for _, s := range r.all.SameAs {
		same[s.A+" "+s.B] = s.Method
	}
	want := map[string]string{"os:ofac-123 ofac:123": "referent", "os:ofac-123 uk:RUS0001": "referent", "os:a un:QDe.001": "unsc-id"}
	if len(same) != len(want) {
		t.Errorf("same-as %v", same)
	}
	for k, m := range want {
		if same[k] != m {
			t.Errorf("same-as %s: %q, want %q", k, same[k], m)
		}
	}
	if d := r.all.Designations; len(d) != 1 || d[0].Regime != graph.RegimeUN || d[0].Program != "Al-Qaida" {
		t.Errorf("designations %+v", d)
	}
}

func TestLongLine(t *testing.T) {
	if testing.Short() {
		t.Skip("long line")
	}
	long := `{"id":"c1","schema":"Company","properties":{"name":["` + strings.Repeat("x", ftm.MaxLineBytes) + `"]}}`
	data := long + "\n" + `{"id":"c2","schema":"Company","properties":{"name":["ok"]}}`
	var r result
	var skipped []*ingest.RowError
	_, err := ftm.ParseBytes("long.json", []byte(data), ingest.ParseOptions{Lenient: true, Skip: func(e *ingest.RowError) { skipped = append(skipped, e) }}, collect(t, &r, 0))
	if err != nil || len(skipped) != 1 || skipped[0].Line != 1 || len(r.all.Entities) != 1 || r.all.Entities[0].ID != "os:c2" {
		t.Fatalf("err %v skipped %v entities %d", err, skipped, len(r.all.Entities))
	}
}

// TestPercentageOutOfRange: an Ownership percentage that no share can be
// is refused at file:line in strict mode and skipped (reported) in
// lenient mode; before, it was stored as an unknown share. Text that is
// merely unreadable ("about 50") stays an unknown share.
func TestPercentageOutOfRange(t *testing.T) {
	for _, c := range []struct{ pct, why string }{
		{"-5", "negative"}, {"-0.5%", "negative"}, {"− 5 %", "negative"}, {"150", "above 100"},
		{"100.5 %", "above 100"}, {"1e3", "above 100"}, {"more than 150", "above 100"}, {"25-150", "above 100"},
		{"NaN", "not a number"}, {"nan%", "not a number"}, {"Infinity", "infinite"}, {"-inf", "infinite"},
		{"1e400", "infinite"},
		{"50", ""}, {"0", ""}, {"100", ""}, {"about 50", ""}, {"25-50", ""}, {"", ""},
	} {
		in := `{"id": "c1", "schema": "Company", "properties": {"name": ["C"]}}` + "\n" +
			`{"id": "o1", "schema": "Ownership", "properties": {"owner": ["c1"], "asset": ["c2"], "percentage": [` +
			strconv.Quote(c.pct) + `]}}` + "\n"
		var holdings int
		_, err := ftm.ParseBytes("p.ftm.json", []byte(in), ingest.ParseOptions{}, func(b *graph.Batch) error {
			holdings += len(b.Holdings)
			return nil
		})
		if c.why == "" {
			if err != nil || holdings != 1 {
				t.Errorf("%q: err %v, %d holdings; want it read", c.pct, err, holdings)
			}
			continue
		}
		re, ok := ingest.AsRowError(err)
		if !ok || re.File != "p.ftm.json" || re.Line != 2 || re.Column != "percentage" || !strings.Contains(re.Reason, c.why) {
			t.Errorf("%q strict: err = %v, want p.ftm.json:2 percentage %s", c.pct, err, c.why)
		}
		var skipped []*ingest.RowError
		opt := ingest.ParseOptions{Lenient: true, Skip: func(e *ingest.RowError) { skipped = append(skipped, e) }}
		holdings = 0
		_, err = ftm.ParseBytes("p.ftm.json", []byte(in), opt, func(b *graph.Batch) error { holdings += len(b.Holdings); return nil })
		if err != nil || holdings != 0 || len(skipped) != 1 || !strings.Contains(skipped[0].Error(), c.why) {
			t.Errorf("%q lenient: err %v, %d holdings, skipped %v; want the record skipped and reported", c.pct, err, holdings, skipped)
		}
	}
}
