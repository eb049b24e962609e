package csv_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	ocsv "github.com/ownex/ownex/ingest/csv"
)

func pct(n int64) graph.Pct { return graph.Pct(n) * graph.PctScale }

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// parse reads files strictly and returns everything emitted.
func parse(t *testing.T, opt ingest.ParseOptions, files ...string) (*graph.Batch, error) {
	t.Helper()
	all := new(graph.Batch)
	err := ocsv.New().Parse(context.Background(), files, opt, func(b *graph.Batch) error {
		all.Entities = append(all.Entities, b.Entities...)
		all.Designations = append(all.Designations, b.Designations...)
		all.Holdings = append(all.Holdings, b.Holdings...)
		all.Controls = append(all.Controls, b.Controls...)
		all.SameAs = append(all.SameAs, b.SameAs...)
		return nil
	})
	return all, err
}

func parseOne(t *testing.T, name, content string) (*graph.Batch, error) {
	t.Helper()
	return parse(t, ingest.ParseOptions{}, write(t, t.TempDir(), name, content))
}

func TestRows(t *testing.T) {
	prov := func(rec string) graph.Provenance { return graph.Provenance{Source: "csv", Record: rec} }
	tests := []struct {
		name, file, content string
		want                *graph.Batch
	}{
		{"entity minimal", "e.csv", "id,name\nx:1,One\n", &graph.Batch{Entities: []graph.Entity{
			{ID: "x:1", Name: "One", Kind: graph.KindUnknown, Provenance: prov("e.csv:2")}}}},
		{"entity full", "e.csv",
			"ID , Name,kind,country,identifiers,aliases,extra\n" +
				"x:1, One ,Company,RU; CY ,LEI: 5493 ; gb-coh:0123,One Ltd; ;Uno,ignored\n",
			&graph.Batch{Entities: []graph.Entity{{ID: "x:1", Name: "One", Kind: graph.KindCompany,
				Countries: []string{"RU", "CY"}, Aliases: []string{"One Ltd", "Uno"},
				Identifiers: []graph.Identifier{{Scheme: "lei", Value: "5493"}, {Scheme: "gb-coh", Value: "0123"}},
				Provenance:  prov("e.csv:2")}}}},
		{"entity country names", "e.csv", "id,name,country\nx,X,Russia; ru ;RU;Atlantis\n", &graph.Batch{Entities: []graph.Entity{
			{ID: "x", Name: "X", Kind: graph.KindUnknown, Countries: []string{"RU"},
				Facts: []graph.Fact{{Type: ingest.FactCountryName, Value: "Russia"}, {Type: ingest.FactCountryName, Value: "ru"},
					{Type: ingest.FactCountryName, Value: "Atlantis"}}, // codes (in capitals) in Countries, other text kept
				Provenance: prov("e.csv:2")}}}},
		{"entity birth dates and source", "e.csv", "id,name,kind,birth_date,source\np,P,person,1977; 1970-03 ;1969-12-31,ofac-sdn\n",
			&graph.Batch{Entities: []graph.Entity{{ID: "p", Name: "P", Kind: graph.KindPerson,
				Facts: []graph.Fact{{Type: graph.FactBirthDate, Value: "1977"}, {Type: graph.FactBirthDate, Value: "1970-03"},
					{Type: graph.FactBirthDate, Value: "1969-12-31"}},
				Provenance: graph.Provenance{Source: "ofac-sdn", Record: "e.csv:2"}}}}},
		{"entity kind individual", "e.csv", "id,name,kind\np,P,individual\n", &graph.Batch{Entities: []graph.Entity{
			{ID: "p", Name: "P", Kind: graph.KindPerson, Provenance: prov("e.csv:2")}}}},
		{"bom and blank line", "e.csv", "\ufeffid,name\n\nx,X\n", &graph.Batch{Entities: []graph.Entity{
			{ID: "x", Name: "X", Kind: graph.KindUnknown, Provenance: prov("e.csv:3")}}}},
		{"ownership exact, votes default", "o.csv", "owner,owned,share\na,b,50%\n", &graph.Batch{Holdings: []graph.Holding{
			{Owner: "a", Owned: "b", Share: graph.Exact(pct(50)), Votes: graph.Exact(pct(50)), Provenance: prov("o.csv:2")}}}},
		{"ownership band, votes, dates, source", "o.csv",
			"owner,owned,share,votes,arrangement,start,end,source\na,b,25-50,49.99,j1,2020-01-01,2021-01-01,psc\n",
			&graph.Batch{Holdings: []graph.Holding{{Owner: "a", Owned: "b", Share: graph.Range{Lo: pct(25), Hi: pct(50)},
				Votes: graph.Exact(49_990_000), Arrangement: "j1", Span: graph.Span{Start: "2020-01-01", End: "2021-01-01"},
				Provenance: graph.Provenance{Source: "psc", Record: "o.csv:2"}}}}},
		{"ownership open bounds", "o.csv",
			"owner,owned,share,votes\na,b,\"(25,50]\",>50\nc,b,\"[25, 50) %\",\nd,b,>=75,<=25\ne,b,<25,unknown\n",
			&graph.Batch{Holdings: []graph.Holding{
				{Owner: "a", Owned: "b", Share: graph.Interval(pct(25), true, pct(50), false), Votes: graph.Interval(pct(50), true, pct(100), false), Provenance: prov("o.csv:2")},
				{Owner: "c", Owned: "b", Share: graph.Interval(pct(25), false, pct(50), true), Votes: graph.Interval(pct(25), false, pct(50), true), Provenance: prov("o.csv:3")},
				{Owner: "d", Owned: "b", Share: graph.Interval(pct(75), false, pct(100), false), Votes: graph.Interval(0, false, pct(25), false), Provenance: prov("o.csv:4")},
				{Owner: "e", Owned: "b", Share: graph.Interval(0, false, pct(25), true), Votes: graph.Interval(0, false, pct(25), true), Provenance: prov("o.csv:5")}}}},
		{"ownership unknown share", "o.csv", "owner,owned,share,votes\na,b,,\n", &graph.Batch{Holdings: []graph.Holding{
			{Owner: "a", Owned: "b", Share: graph.Unknown(), Votes: graph.Unknown(), Provenance: prov("o.csv:2")}}}},
		{"ownership empty source column", "o.csv", "owner,owned,source\na,b,\n", &graph.Batch{Holdings: []graph.Holding{
			{Owner: "a", Owned: "b", Share: graph.Unknown(), Votes: graph.Unknown(), Provenance: prov("o.csv:2")}}}},
		{"control", "c.csv", "controller,controlled,basis,start\nk,c,Board-Appointment,2020-02-02\n",
			&graph.Batch{Controls: []graph.Control{{Controller: "k", Controlled: "c", Basis: graph.BasisBoardAppointment,
				Span: graph.Span{Start: "2020-02-02"}, Provenance: prov("c.csv:2")}}}},
		{"designation", "d.csv", "entity,regime,program,listed,delisted,source\np,OFAC,SDGT,2020-01-01,,ofac-sdn\n",
			&graph.Batch{Designations: []graph.Designation{{Entity: "p", Regime: graph.RegimeOFAC, Program: "SDGT",
				Listed: "2020-01-01", Provenance: graph.Provenance{Source: "ofac-sdn", Record: "d.csv:2"}}}}},
		{"quoted multi-line field keeps physical lines", "e.csv", "id,name\n\"x\",\"two\nlines\"\ny,Y\n",
			&graph.Batch{Entities: []graph.Entity{
				{ID: "x", Name: "two\nlines", Kind: graph.KindUnknown, Provenance: prov("e.csv:2")},
				{ID: "y", Name: "Y", Kind: graph.KindUnknown, Provenance: prov("e.csv:4")}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseOne(t, tc.file, tc.content)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestRowErrors(t *testing.T) {
	tests := []struct {
		name, file, content string
		line                int
		column, reason      string
	}{
		{"share abc", "ownership.csv", "owner,owned,share\na,b,10\na,b,abc\n", 3, "share", "bad percentage"},
		{"share 150", "ownership.csv", "owner,owned,share\na,b,150\n", 2, "share", "above 100"},
		{"share band min above max", "ownership.csv", "owner,owned,share\na,b,50-25\n", 2, "share", "minimum above its maximum"},
		{"share empty interval", "ownership.csv", "owner,owned,share\na,b,\"(50,50]\"\n", 2, "share", "empty range"},
		{"share above 100", "ownership.csv", "owner,owned,share\na,b,>100\n", 2, "share", "empty range"},
		{"share malformed interval", "ownership.csv", "owner,owned,share\na,b,(25;50]\n", 2, "share", "bad percentage"},
		{"votes below 0", "ownership.csv", "owner,owned,share,votes\na,b,10,<0\n", 2, "votes", "empty range"},
		{"votes bad", "ownership.csv", "owner,owned,share,votes\na,b,10,x\n", 2, "votes", "bad percentage"},
		{"missing owner", "ownership.csv", "owner,owned\n,b\n", 2, "owner", "empty"},
		{"missing owned", "ownership.csv", "owner,owned\na,  \n", 2, "owned", "empty"},
		{"bad date", "ownership.csv", "owner,owned,start\na,b,2020-13-01\n", 2, "start", "bad date"},
		{"bad date format", "designations.csv", "entity,regime,listed\np,uk,01/02/2020\n", 2, "listed", "bad date"},
		{"end not after start", "ownership.csv", "owner,owned,start,end\na,b,2020-01-01,2020-01-01\n", 2, "end", "not after"},
		{"delisted before listed", "designations.csv", "entity,regime,listed,delisted\np,uk,2021-01-01,2020-01-01\n", 2, "delisted", "not after"},
		{"missing regime", "designations.csv", "entity,regime\np,\n", 2, "regime", "empty"},
		{"missing basis", "control.csv", "controller,controlled,basis\nk,c,\n", 2, "basis", "empty"},
		{"bad basis", "control.csv", "controller,controlled,basis\nk,c,friendship\n", 2, "basis", "unknown basis"},
		{"bad kind", "entities.csv", "id,name,kind\nx,X,robot\n", 2, "kind", "unknown kind"},
		{"missing name", "entities.csv", "id,name\nx,\n", 2, "name", "empty"},
		{"identifier without colon", "entities.csv", "id,name,identifiers\nx,X,lei:1;nocolon\n", 2, "identifiers", "scheme:value"},
		{"bad birth date", "entities.csv", "id,name,birth_date\nx,X,1977;circa 1970\n", 2, "birth_date", "want YYYY"},
		{"impossible birth date", "entities.csv", "id,name,birth_date\nx,X,1977-02-30\n", 2, "birth_date", "bad birth date"},
		{"identifier empty value", "entities.csv", "id,name,identifiers\nx,X,lei:\n", 2, "identifiers", "scheme:value"},
		{"too few fields", "ownership.csv", "owner,owned,share\na,b\n", 2, "", "2 fields, the header has 3"},
		{"too many fields", "ownership.csv", "owner,owned\na,b,c\n", 2, "", "3 fields, the header has 2"},
		{"malformed quote", "ownership.csv", "owner,owned\na,\"b\n", 2, "", "malformed CSV"},
		{"quote never closed, to the end", "ownership.csv", "owner,owned\na,\"b\nc,d\ne,f\n", 2, "", "runs on to line 4"},
		{"quote never closed, rows later", "ownership.csv", "owner,owned\na,\"b\nc,d\ne,\"f\"g\nh,i\n", 2, "", "runs on to line 4, where: extraneous"},
		{"line longer than 4 MiB", "entities.csv", "id,name\nx," + strings.Repeat("y", ingest.MaxRecordBytes) + "\n", 2, "", "this line is longer than 4 MiB"},
		{"unknown header", "people.csv", "who,what\na,b\n", 1, "", "no known file kind"},
		{"ambiguous header", "mixed.csv", "id,name,owner,owned\n", 1, "", "several file kinds"},
		{"duplicate column", "ownership.csv", "owner,owned,share,Share\na,b,1,2\n", 1, "share", "more than once"},
		{"empty file", "empty.csv", "", 1, "", "empty file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseOne(t, tc.file, tc.content)
			re, ok := ingest.AsRowError(err)
			if !ok {
				t.Fatalf("err = %v (%T), want a *RowError", err, err)
			}
			if filepath.Base(re.File) != tc.file || re.Line != tc.line || re.Column != tc.column ||
				!strings.Contains(re.Reason, tc.reason) {
				t.Errorf("got %+v, want %s:%d column %q reason containing %q", re, tc.file, tc.line, tc.column, tc.reason)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.file) || (tc.column != "" && !strings.Contains(msg, `column "`+tc.column+`"`)) {
				t.Errorf("message %q does not name file and column", msg)
			}
		})
	}
}

func TestRowErrorMessage(t *testing.T) {
	_, err := parseOne(t, "ownership.csv", "owner,owned,share\n"+strings.Repeat("a,b,1\n", 10)+"a,b,abc\n")
	want := `ownership.csv:12: column "share": bad percentage`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want it to contain %q", err, want)
	}
}

func TestLenientSkipsAndReports(t *testing.T) {
	var skipped []*ingest.RowError
	f := write(t, t.TempDir(), "o.csv", "owner,owned,share\na,b,10\nc,d,abc\n,e,5\nf,g,\nh,\"i\n")
	got, err := parse(t, ingest.ParseOptions{Lenient: true, Skip: func(e *ingest.RowError) { skipped = append(skipped, e) }}, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Holdings) != 2 {
		t.Errorf("holdings = %+v, want 2 good rows", got.Holdings)
	}
	lines := []int{}
	for _, e := range skipped {
		lines = append(lines, e.Line)
	}
	if !reflect.DeepEqual(lines, []int{3, 4, 6}) {
		t.Errorf("skipped lines = %v (%v), want [3 4 6]", lines, skipped)
	}
}

// TestLenientResyncsAfterOpenQuote: a quote that opens a field and never
// closes costs a lenient load the line it is on, not every line up to
// where encoding/csv notices (the next quote, or the end of the file, or
// 4 MiB later): the rows after it load, with their own line numbers.
func TestLenientResyncsAfterOpenQuote(t *testing.T) {
	long := strings.Repeat("z", ingest.MaxRecordBytes+1)
	for _, tc := range []struct {
		name, content string
		skipped       []int
		records       []string // the holdings' records, in order
	}{
		{"closes at a later quote", "owner,owned,share\na,b,10\nc,\"d,20\ne,f,30\ng,\"h\",40\ni,j,50\n",
			[]int{3}, []string{"o.csv:2", "o.csv:4", "o.csv:5", "o.csv:6"}},
		{"runs to the end", "owner,owned,share\na,b,10\nc,\"d,20\ne,f,30\ni,j,50\n",
			[]int{3}, []string{"o.csv:2", "o.csv:4", "o.csv:5"}},
		{"two of them", "owner,owned,share\nc,\"d,20\ne,f,30\nk,\"l,1\ni,j,50\n",
			[]int{2, 4}, []string{"o.csv:3", "o.csv:5"}},
		{"longer than 4 MiB", "owner,owned,share\na,b,10\nc,\"" + long + ",20\ne,f,30\n",
			[]int{3}, []string{"o.csv:2", "o.csv:4"}},
		{"a legal multi-line field stays one", "owner,owned,share,source\na,b,10,\"two\nlines\"\ne,f,30,\n",
			nil, []string{"o.csv:2", "o.csv:4"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var skipped []int
			f := write(t, t.TempDir(), "o.csv", tc.content)
			got, err := parse(t, ingest.ParseOptions{Lenient: true, Skip: func(e *ingest.RowError) { skipped = append(skipped, e.Line) }}, f)
			if err != nil {
				t.Fatal(err)
			}
			var records []string
			for _, h := range got.Holdings {
				records = append(records, h.Record)
			}
			if !reflect.DeepEqual(skipped, tc.skipped) || !reflect.DeepEqual(records, tc.records) {
				t.Errorf("skipped lines %v, records %v; want %v, %v", skipped, records, tc.skipped, tc.records)
			}
		})
	}
}

func TestFileOrderAndBatches(t *testing.T) {
	dir := t.TempDir()
	files := []string{
		write(t, dir, "b_own.csv", "owner,owned\na,b\n"),
		write(t, dir, "ctl.csv", "controller,controlled,basis\na,b,other\n"),
		write(t, dir, "a_own.csv", "owner,owned\nc,d\ne,f\n"),
		write(t, dir, "z_ent.csv", "id,name\na,A\n"),
		write(t, dir, "des.csv", "entity,regime\na,uk\n"),
	}
	var order []string
	err := ocsv.New().Parse(context.Background(), files, ingest.ParseOptions{BatchSize: 1}, func(b *graph.Batch) error {
		if b.Len() != 1 {
			t.Errorf("batch of %d records, want 1", b.Len())
		}
		for _, e := range b.Entities {
			order = append(order, e.Record)
		}
		for _, d := range b.Designations {
			order = append(order, d.Record)
		}
		for _, h := range b.Holdings {
			order = append(order, h.Record)
		}
		for _, c := range b.Controls {
			order = append(order, c.Record)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"z_ent.csv:2", "des.csv:2", "a_own.csv:2", "a_own.csv:3", "b_own.csv:2", "ctl.csv:2"}
	if !reflect.DeepEqual(order, want) {
		t.Errorf("order = %v, want %v", order, want)
	}
}

func TestEmitErrorStops(t *testing.T) {
	f := write(t, t.TempDir(), "o.csv", "owner,owned\na,b\nc,d\n")
	stop := errors.New("stop")
	err := ocsv.New().Parse(context.Background(), []string{f}, ingest.ParseOptions{BatchSize: 1},
		func(*graph.Batch) error { return stop })
	if !errors.Is(err, stop) {
		t.Fatalf("err = %v, want the emit error", err)
	}
}

func TestMissingFile(t *testing.T) {
	_, err := parse(t, ingest.ParseOptions{}, filepath.Join(t.TempDir(), "nope.csv"))
	if err == nil || !strings.Contains(err.Error(), "nope.csv") {
		t.Fatalf("err = %v, want one naming the file", err)
	}
}

// TestRowsOfOneStakeKeepTheirIdentity checks graph.Holding.Nth and Ref:
// rows of one source stating the same owner, owned entity, arrangement
// and start are numbered 2, 3... after the first (which keeps Nth 0 and so
// the key it always had), so that each is its own record in the store; a
// record column is the row's Ref; another source or start is another
// stake and is not numbered.
func TestRowsOfOneStakeKeepTheirIdentity(t *testing.T) {
	b, err := parseOne(t, "o.csv", "owner,owned,share,source,start,record\n"+
		"X,A,30,a,,\nX,A,30,a,,\nX,A,20,a,,\nX,A,30,b,,\nX,A,30,a,2020-01-01,\nX,A,30,a,,r-7\n")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	keys := map[string]bool{}
	for _, h := range b.Holdings {
		got = append(got, fmt.Sprintf("%s/%d/%s", h.Source, h.Nth, h.Ref))
		keys[h.Key()] = true
	}
	want := []string{"a/0/", "a/2/", "a/3/", "b/0/", "a/0/", "a/0/r-7"}
	if !slices.Equal(got, want) {
		t.Errorf("source/nth/ref %v, want %v", got, want)
	}
	if len(keys) != len(b.Holdings) {
		t.Errorf("%d distinct keys for %d rows: every row must be a record of its own", len(keys), len(b.Holdings))
	}
}

// TestLastLineWithoutLineBreak: a file whose last row has no line break
// after it may have been cut short mid-row, and what is left of the last
// field can still read as a value (a share "2" of "25", a name "Beta
// Holdi"): strict mode refuses the file at that row, lenient mode skips
// the row and reports it. A line break of either kind ends a file well,
// and a file of a header alone is an empty file of its kind.
func TestLastLineWithoutLineBreak(t *testing.T) {
	for _, tc := range []struct {
		name, content string
		holdings      int // strict; -1: refused
		cutLine       int // the row refused or skipped
	}{
		{"cut in a share", "owner,owned,share\nX,A,30\nY,A,2", -1, 3},
		{"quoted last field", "owner,owned,share,source\nX,A,30,\"reg\"", -1, 2}, // whole, but cannot be told from a cut
		{"cut in the only row", "\ufeffowner,owned,share\nX,A,3", -1, 2},
		{"newline", "owner,owned,share\nX,A,30\nY,A,25\n", 2, 0},
		{"crlf", "owner,owned,share\r\nX,A,30\r\nY,A,25\r\n", 2, 0},
		{"header alone", "owner,owned,share", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := write(t, t.TempDir(), "o.csv", tc.content)
			got, err := parse(t, ingest.ParseOptions{}, f)
			if tc.holdings >= 0 {
				if err != nil || len(got.Holdings) != tc.holdings {
					t.Fatalf("strict: %d holdings, %v; want %d and no error", len(got.Holdings), err, tc.holdings)
				}
				return
			}
			var re *ingest.RowError
			if !errors.As(err, &re) || re.Line != tc.cutLine || !strings.Contains(re.Error(), "without a line break: it may have been cut short") {
				t.Fatalf("strict: error %v, want a row error at line %d saying the file may be cut", err, tc.cutLine)
			}
			var skipped []*ingest.RowError
			got, err = parse(t, ingest.ParseOptions{Lenient: true, Skip: func(e *ingest.RowError) { skipped = append(skipped, e) }}, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(skipped) != 1 || skipped[0].Line != tc.cutLine {
				t.Errorf("lenient: skipped %v, want line %d", skipped, tc.cutLine)
			}
			if want := strings.Count(tc.content, "\n") - 1; len(got.Holdings) != want {
				t.Errorf("lenient: %d holdings, want the %d whole rows", len(got.Holdings), want)
			}
		})
	}
}
