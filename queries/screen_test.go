package queries

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
	csvsrc "github.com/ownex/ownex/ingest/csv"
	"github.com/ownex/ownex/internal/store/sqlite"
)

const fixtureAsOf = graph.Date("2025-01-01")

// fixtureStore loads testdata/screen/graph into a new SQLite store.
func fixtureStore(t *testing.T) *sqlite.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "screen.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	files, err := filepath.Glob("../testdata/screen/graph/*.csv")
	if err != nil || len(files) == 0 {
		t.Fatalf("fixture files: %v %v", files, err)
	}
	if _, err := ingest.Run(ctx, st, csvsrc.New(), files, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	return st
}

func screenFixture(t *testing.T, input string) []ScreenRow {
	t.Helper()
	st := fixtureStore(t)
	var rows []ScreenRow
	stats, err := Screen(context.Background(), st, ReadCounterparties(strings.NewReader(input), "test.csv"),
		ScreenOptions{AsOf: fixtureAsOf}, func(r ScreenRow) error {
			rows = append(rows, r)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Rows != len(rows) || stats.Matched+stats.Ambiguous+stats.Unmatched != stats.Rows {
		t.Fatalf("stats %+v for %d rows", stats, len(rows))
	}
	return rows
}

func verdict(t *testing.T, r ScreenRow, regime graph.Regime) RowVerdict {
	t.Helper()
	for _, v := range r.Verdicts {
		if v.Regime == regime {
			return v
		}
	}
	t.Fatalf("row %s: no %s verdict", r.Input.Ref, regime)
	return RowVerdict{}
}

// fixtureBook is the counterparties of TestScreenFixture.
const fixtureBook = `ref,name,country,identifiers
C-001,Alpha Trading LLC,RU,
C-002,Sidorov Holdings Ltd,,lei:5493001KJTIIGC8Y1R12
C-003,Gamma Shiping S.A.,PA,
C-004,Some vessel operator,,imo:9074729
C-005,Delta Commodities,CH,
C-006,Ivan Sidorov,RU,
C-007,Orion Metals,GB,
C-008,Completely Unknown Widgets Inc,US,
C-009,,,badidentifier
`

func TestScreenFixture(t *testing.T) {
	rows := screenFixture(t, fixtureBook)
	want := []struct {
		ref, match, method, entity string
		ofac                       graph.Status
	}{
		{"C-001", "matched", "name", "x:alpha", graph.StatusBlocked},
		{"C-002", "matched", "identifier:lei", "x:holdco", graph.StatusBlocked},
		{"C-003", "matched", "name", "x:gamma", graph.StatusClear},
		{"C-004", "matched", "identifier:imo", "x:gamma", graph.StatusClear},
		{"C-005", "matched", "name", "x:delta", graph.StatusUndetermined},
		{"C-006", "matched", "name", "x:sidorov", graph.StatusDesignated},
		{"C-007", "ambiguous", "name", "", ""},
		{"C-008", "unmatched", "", "", ""},
		{"C-009", "unmatched", "", "", ""},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d", len(rows), len(want))
	}
	for i, w := range want {
		r := rows[i]
		if r.Input.Ref != w.ref || string(r.Match.Status) != w.match || r.Match.Method != w.method || r.Match.Entity != w.entity {
			t.Errorf("row %d: got %s %s %s %s, want %+v", i, r.Input.Ref, r.Match.Status, r.Match.Method, r.Match.Entity, w)
		}
		if w.ofac != "" {
			if v := verdict(t, r, graph.RegimeOFAC); v.Status != w.ofac {
				t.Errorf("%s: ofac %s, want %s", w.ref, v.Status, w.ofac)
			}
		} else if len(r.Verdicts) != 0 {
			t.Errorf("%s: %s row has verdicts", w.ref, r.Match.Status)
		}
	}
	// The reason of the example, built from the proof.
	v := verdict(t, rows[0], graph.RegimeOFAC)
	wantReason := "blocked: 30 % held by Ivan Petrovich Sidorov (OFAC SDN, RUSSIA-EO14024) + 25 % held by Sidorov Holdings Limited (blocked through Ivan Petrovich Sidorov)"
	if v.Reason != wantReason || v.Proof == nil {
		t.Errorf("reason %q (proof %v), want %q", v.Reason, v.Proof != nil, wantReason)
	}
	if v.Share.Lo != 55*graph.PctScale {
		t.Errorf("counted share %v, want 55", v.Share)
	}
	// Look-through: 30 % directly + 60 % × 25 % through the holding
	// company = 45 % held by the designated person.
	if lt := v.LookThrough; lt == nil || lt.Min != 45 || lt.Max != 45 {
		t.Errorf("look-through %+v, want 45", lt)
	}
	if lt := verdict(t, rows[4], graph.RegimeOFAC).LookThrough; lt == nil || lt.Min != 25 || lt.Max != 75 {
		t.Errorf("delta look-through %+v, want 25-75", lt)
	}
	if lt := verdict(t, rows[5], graph.RegimeOFAC).LookThrough; lt != nil {
		t.Errorf("designated entity has look-through %+v", lt)
	}
	if lt := verdict(t, rows[2], graph.RegimeUK).LookThrough; lt == nil || lt.Max != 0 {
		t.Errorf("control-only look-through %+v, want 0", lt)
	}
	if got := verdict(t, rows[2], graph.RegimeUK); got.Status != graph.StatusControlled ||
		!strings.Contains(got.Reason, "controlled: control (board-appointment) by Ivan Petrovich Sidorov") {
		t.Errorf("gamma uk: %s %q", got.Status, got.Reason)
	}
	if c := rows[6].Match.Candidates; len(c) != 2 || c[0].ID != "x:orion1" || c[1].ID != "x:orion2" {
		t.Errorf("ambiguous candidates %+v", c)
	}
	if p := rows[8].Input.Problems; len(p) != 2 {
		t.Errorf("problems %q, want empty name and bad identifier", p)
	}
	if c := verdict(t, rows[2], graph.RegimeOFAC); c.Proof != nil || c.Reason != "clear" {
		t.Errorf("clear verdict carries proof %v reason %q", c.Proof, c.Reason)
	}
}

func TestScreenMatchEdgeCases(t *testing.T) {
	rows := screenFixture(t, `name,identifiers,country
Sidorov Holdings Limited,lei:5493001KJTIIGC8Y1R13,
Delta Commodities AG,registration:01234567,GB
Alpha Tradng,,
Zzzz Qqqq,,
`)
	// An invalid LEI (bad check digits) does not link: the name decides.
	if r := rows[0]; r.Match.Status != MatchMatched || r.Match.Method != MethodName || r.Match.Entity != "x:holdco" {
		t.Errorf("row 1: %+v", r.Match)
	}
	// An identifier that links is decisive, and says so.
	if w := rows[1].Match.Why; w == nil || len(w.Evidence) == 0 || w.Evidence[len(w.Evidence)-1] != (Evidence{Kind: "identifier", Effect: "decisive", Factor: 1, Detail: "gb-coh:01234567"}) {
		t.Errorf("row 2: why %+v", w)
	}
	// A GB registration number with the row's country links as gb-coh.
	if r := rows[1]; r.Match.Method != "identifier:gb-coh" || r.Match.Entity != "x:delta" {
		t.Errorf("row 2: %+v", r.Match)
	}
	// A typo in the only distinctive token still finds the entity.
	if r := rows[2]; r.Match.Status != MatchMatched || r.Match.Entity != "x:alpha" || r.Match.Confidence >= 1 {
		t.Errorf("row 3: %+v", r.Match)
	}
	if r := rows[3]; r.Match.Status != MatchUnmatched || r.Input.Ref != "line 5" {
		t.Errorf("row 4: %+v %q", r.Match, r.Input.Ref)
	}
}

func TestReadCounterpartiesErrors(t *testing.T) {
	for _, in := range []string{"", "ref,country\nA,GB\n", "name\n\"unterminated\n"} {
		var err error
		for _, e := range ReadCounterparties(strings.NewReader(in), "bad.csv") {
			if e != nil {
				err = e
			}
		}
		if err == nil || !strings.Contains(err.Error(), "bad.csv") {
			t.Errorf("%q: error %v, want one naming bad.csv", in, err)
		}
	}
}

func TestSummarizeFixture(t *testing.T) {
	st := fixtureStore(t)
	s, err := Summarize(context.Background(), st, SummaryOptions{AsOf: fixtureAsOf})
	if err != nil {
		t.Fatal(err)
	}
	if s.Statuses[graph.RegimeOFAC][graph.StatusDesignated] != 1 || s.Statuses[graph.RegimeOFAC][graph.StatusBlocked] != 2 {
		t.Errorf("ofac statuses %v", s.Statuses[graph.RegimeOFAC])
	}
	if s.GroupsTotal != 1 || s.Groups[0].Size < 4 || len(s.Groups[0].Designated) != 1 {
		t.Errorf("groups %+v", s.Groups)
	}
	if s.CyclesTotal != 1 || s.Cycles[0].Size != 2 {
		t.Errorf("cycles %+v", s.Cycles)
	}
	if s.OverAllocatedTotal != 1 || s.OverAllocated[0].ID != "x:epsilon" {
		t.Errorf("over-allocated %+v", s.OverAllocated)
	}
	if s.UnknownSharesTotal != 1 || s.UnknownShares[0].Owner.ID != "x:holdco" {
		t.Errorf("unknown shares %+v", s.UnknownShares)
	}
	found := false
	for _, d := range s.Disagreements {
		if d.ID == "x:alpha" && d.Derived && d.Statuses[graph.RegimeEU] == graph.StatusClear {
			found = true
		}
	}
	if !found {
		t.Errorf("x:alpha (blocked, owned, EU clear) not among disagreements %+v", s.Disagreements)
	}
}

// TestScreenStatsPossible: a matched row counts once per flag, whatever
// the number of regimes that give it.
func TestScreenStatsPossible(t *testing.T) {
	link := graph.PossibleLink{Entity: "gb:p", Candidate: "ofac:1", Score: 1, Names: "A ~ A"}
	rows := []ScreenRow{
		{Match: Match{Status: MatchMatched}, Verdicts: []RowVerdict{
			{Regime: graph.RegimeOFAC, Status: graph.StatusClear, Flags: []graph.Flag{graph.FlagPossiblySameAs, graph.FlagPossiblyExposed},
				PossiblySameAs: []graph.PossibleLink{link}, PossiblyExposedVia: []graph.PossibleLink{link}, PossibleStatus: graph.StatusDesignated},
			{Regime: graph.RegimeUK, Status: graph.StatusClear, Flags: []graph.Flag{graph.FlagPossiblySameAs}, PossiblySameAs: []graph.PossibleLink{link}},
		}},
		{Match: Match{Status: MatchMatched}, Verdicts: []RowVerdict{
			{Regime: graph.RegimeOFAC, Status: graph.StatusClear, Flags: []graph.Flag{graph.FlagPossiblyExposed}, PossibleStatus: graph.StatusBlocked},
		}},
		{Match: Match{Status: MatchMatched}, Verdicts: []RowVerdict{
			{Regime: graph.RegimeOFAC, Status: graph.StatusBlocked, Flags: []graph.Flag{graph.FlagControlRisk}},
		}},
		{Match: Match{Status: MatchUnmatched}},
	}
	var s ScreenStats
	for i := range rows {
		s.Add(&rows[i])
	}
	if s.Rows != 4 || s.Matched != 3 || s.PossiblySameAs != 1 || s.PossiblyExposed != 2 || s.Statuses[graph.RegimeOFAC][graph.StatusClear] != 2 {
		t.Errorf("stats %+v", s)
	}
}

func TestHasPossible(t *testing.T) {
	link := graph.PossibleLink{Entity: "gb:p", Candidate: "ofac:1", Score: 1}
	for _, tt := range []struct {
		flags  []graph.Flag
		sameAs []graph.PossibleLink
		via    []graph.PossibleLink
		want   bool
	}{
		{nil, nil, nil, false},
		{[]graph.Flag{graph.FlagControlRisk, graph.FlagMinorityExposure}, nil, nil, false},
		{[]graph.Flag{graph.FlagPossiblySameAs}, nil, nil, true},
		{[]graph.Flag{graph.FlagPossiblyExposed}, nil, nil, true},
		{nil, []graph.PossibleLink{link}, nil, true},
		{nil, nil, []graph.PossibleLink{link}, true},
	} {
		if got := HasPossible(tt.flags, tt.sameAs, tt.via); got != tt.want {
			t.Errorf("HasPossible(%v, %d, %d) = %v", tt.flags, len(tt.sameAs), len(tt.via), got)
		}
	}
}

func TestRankPossible(t *testing.T) {
	link := graph.PossibleLink{Entity: "p", Candidate: "ofac:1", Score: 1}
	regimes := []graph.Regime{graph.RegimeOFAC, graph.RegimeUK, graph.RegimeEU}
	sameAs := func(id string, r graph.Regime) PossibleFinding {
		return PossibleFinding{EntityRef: EntityRef{ID: id}, Regime: r, Flags: []graph.Flag{graph.FlagPossiblySameAs}, PossiblySameAs: []graph.PossibleLink{link}}
	}
	exposed := func(id string, r graph.Regime) PossibleFinding {
		return PossibleFinding{EntityRef: EntityRef{ID: id}, Regime: r, Flags: []graph.Flag{graph.FlagPossiblyExposed}, PossibleStatus: graph.StatusBlocked}
	}
	fs := []PossibleFinding{sameAs("a", graph.RegimeOFAC), exposed("c", graph.RegimeOFAC), sameAs("a", graph.RegimeUK),
		exposed("b", graph.RegimeOFAC), exposed("c", graph.RegimeEU), exposed("c", graph.RegimeUK)}
	got, total := rankPossible(fs, regimes, 4)
	var keys []string
	for _, f := range got {
		keys = append(keys, f.ID+"/"+string(f.Regime))
	}
	if total != 3 || strings.Join(keys, " ") != "b/ofac c/ofac c/uk c/eu" {
		t.Errorf("rankPossible: %v, total %d", keys, total)
	}
}

// TestReadCounterpartiesDOB: the dob column (or birth_date), a date or a
// year; a malformed value is a problem of the row, kept as written and
// not used.
func TestReadCounterpartiesDOB(t *testing.T) {
	for _, c := range []struct {
		csv      string
		dobs     []string
		problems []int
	}{
		{"name,dob\nA,1971-05-05\nB,1971\nC,\nD,5 May 1971\nE,1971-02-30\nF,71\n",
			[]string{"1971-05-05", "1971", "", "5 May 1971", "1971-02-30", "71"}, []int{0, 0, 0, 1, 1, 1}},
		{"Name,Birth_Date\nA,1956-08-11\n", []string{"1956-08-11"}, []int{0}},
		{"name,dob,birth_date\nA,1956,1957\n", []string{"1956"}, []int{0}},
	} {
		var got []Counterparty
		for cp, err := range ReadCounterparties(strings.NewReader(c.csv), "dob.csv") {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, cp)
		}
		if len(got) != len(c.dobs) {
			t.Fatalf("%q: %d rows", c.csv, len(got))
		}
		for i, cp := range got {
			if cp.BirthDate != c.dobs[i] || len(cp.Problems) != c.problems[i] {
				t.Errorf("%q row %d: dob %q problems %q, want %q and %d problem(s)", c.csv, i, cp.BirthDate, cp.Problems, c.dobs[i], c.problems[i])
			}
		}
	}
}

// TestByCountry: among parties within the margin, those whose country
// agrees win only when every other one conflicts.
func TestByCountry(t *testing.T) {
	s := func(cs ...int) []scored {
		var out []scored
		for i, c := range cs {
			out = append(out, scored{i: int32(i), s: 1, country: c})
		}
		return out
	}
	for _, c := range []struct {
		in   []scored
		want int
	}{
		{s(1, -1, -1), 1},
		{s(-1, 1), 1},
		{s(1, 1, -1), 2},
		{s(1, 0), 2},   // a party without country stays
		{s(-1, -1), 2}, // none agrees
		{s(0, 0), 2},
	} {
		if got := byCountry(c.in); len(got) != c.want {
			t.Errorf("byCountry(%+v) = %+v, want %d", c.in, got, c.want)
		}
	}
}

// TestReadCounterpartiesNotUTF8: text that is not UTF-8 in a column the
// screening reads (a Windows-1252 or UTF-16 export) stops the reading
// with an error naming the file, the line, the field and the byte, before
// any row of it is screened; in a column it ignores, it does not.
func TestReadCounterpartiesNotUTF8(t *testing.T) {
	utf16 := "\xff\xfen\x00a\x00m\x00e\x00\n\x00"
	for _, tc := range []struct {
		name, in string
		want     []string // in the error; none: no error
		rows     int      // rows read before it
	}{
		{"windows-1252 name", "ref,name\nR1,Acme Ltd\nR2,M\xfcller GmbH\n",
			[]string{"bad.csv", "line 3, field 2 (name)", "byte 0xFC at byte 2", "save the file as UTF-8"}, 1},
		{"quoted, second line of its field", "name,country\n\"Acme\nS\xe3o Paulo Ltda\",BR\n",
			[]string{"line 2, field 1 (name)", "byte 0xE3 at byte 7"}, 0},
		{"identifiers", "name,identifiers\nAcme,lei:\x80\n", []string{"line 2, field 2 (identifiers)", "0x80"}, 0},
		{"header", "na\xefme,country\nAcme,GB\n", []string{"line 1, field 1", "0xEF"}, 0},
		{"utf-16", utf16, []string{"line 1, field 1", "0xFF", "the file is UTF-16"}, 0},
		{"xlsx", "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00name", []string{"bad.csv: the file is a ZIP archive (an .xlsx workbook?), not CSV"}, 0},
		{"xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", []string{"an OLE compound file (an .xls workbook?)"}, 0},
		{"ignored column", "name,notes\nAcme Ltd,caf\xe9\n", nil, 1},
		{"utf-8 kept", "\ufeffname,country\nM\u00fcller GmbH,DE\n", nil, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			rows := 0
			for c, e := range ReadCounterparties(strings.NewReader(tc.in), "bad.csv") {
				if e != nil {
					err = e
					break
				}
				rows++
				if !utf8.ValidString(c.Name) {
					t.Errorf("row %d: name %q is not UTF-8", rows, c.Name)
				}
			}
			if rows != tc.rows {
				t.Errorf("%d rows read, want %d", rows, tc.rows)
			}
			if tc.want == nil {
				if err != nil {
					t.Fatalf("error %v, want none", err)
				}
				return
			}
			if err == nil || !errors.Is(err, ErrScreenInput) {
				t.Fatalf("error %v, want one wrapping ErrScreenInput", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if _, scanErr := ScanCounterparties(strings.NewReader(tc.in), "bad.csv"); scanErr == nil || scanErr.Error() != err.Error() {
				t.Errorf("ScanCounterparties: %v, want the same error", scanErr)
			}
		})
	}
}

// TestReadCounterpartiesSeparators: a book separated by semicolons (what
// Excel saves as "CSV" where the comma is the decimal mark) or tabs is
// read as one separated by commas is, when its header has a name column
// that way; commas win when the header has one with them.
func TestReadCounterpartiesSeparators(t *testing.T) {
	want := []Counterparty{
		{Line: 2, Ref: "R1", Name: "Müller, Schmidt & Co GmbH", Country: "DE",
			Identifiers: []graph.Identifier{{Scheme: "lei", Value: "5493001KJTIIGC8Y1R12"}, {Scheme: "de-hrb", Value: "12345"}}},
		{Line: 3, Ref: "R2", Name: "Acme Ltd", Country: "GB"},
	}
	for _, tc := range []struct{ name, in string }{
		{"comma", "ref,name,country,identifiers\nR1,\"Müller, Schmidt & Co GmbH\",DE,lei:5493001KJTIIGC8Y1R12;de-hrb:12345\nR2,Acme Ltd,GB,\n"},
		{"semicolon", "\ufeffRef;Name;Country;Identifiers\r\nR1;Müller, Schmidt & Co GmbH;DE;\"lei:5493001KJTIIGC8Y1R12;de-hrb:12345\"\r\nR2;Acme Ltd;GB;\r\n"},
		{"tab", "ref\tname\tcountry\tidentifiers\nR1\tMüller, Schmidt & Co GmbH\tDE\tlei:5493001KJTIIGC8Y1R12;de-hrb:12345\nR2\tAcme Ltd\tGB\t\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []Counterparty
			for c, err := range ReadCounterparties(strings.NewReader(tc.in), "book.csv") {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, c)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("read\n%+v\nwant\n%+v", got, want)
			}
		})
	}
	// No name column either way: the error says which separators were tried.
	for _, e := range ReadCounterparties(strings.NewReader("ref|nom\nR1|Acme\n"), "book.csv") {
		if e == nil || !strings.Contains(e.Error(), "no name column") || !strings.Contains(e.Error(), "commas, semicolons or tabs") {
			t.Errorf("error %v", e)
		}
		break
	}
}

// TestReadCounterpartiesCutLastRow: a book whose last row has no line
// break after it may have been cut short in that row: the row is read and
// screened, with a problem that says to check it; a row with its line
// break has none.
func TestReadCounterpartiesCutLastRow(t *testing.T) {
	for in, want := range map[string][]bool{
		"name,country\nAcme Ltd,GB\nBeta Hol":        {false, true},
		"name,country\r\nAcme Ltd,GB\r\nBeta,DE\r\n": {false, false},
		"name\n\"Beta Holdings\"":                    {true},
	} {
		var got []bool
		for c, err := range ReadCounterparties(strings.NewReader(in), "book.csv") {
			if err != nil {
				t.Fatalf("%q: %v", in, err)
			}
			got = append(got, slices.Contains(c.Problems, cutProblem))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q: rows flagged as cut %v, want %v", in, got, want)
		}
	}
}

// TestReadCounterpartiesBrokenCSV: a book encoding/csv cannot read stops
// the screening with an error at the line to fix: a quote never closed is
// named at the line it opens on, not where encoding/csv noticed; a line
// longer than 4 MiB is refused once that much is read.
func TestReadCounterpartiesBrokenCSV(t *testing.T) {
	for in, want := range map[string]string{
		"name,country\nAcme,GB\n\"Beta Holdings,GB\nGamma,DE\nDelta,FR\n": "book.csv: line 3: malformed CSV: the record that starts on this line runs on to line 5",
		"name;country\nAcme;GB\nBe\"ta;DE\n":                              "book.csv: line 3: malformed CSV: bare \" in non-quoted-field",
		"name\nAcme\n" + strings.Repeat("x", 5<<20) + "\n":                "book.csv: line 3: malformed CSV: this line is longer than 4 MiB",
		"": "book.csv: header: empty file",
	} {
		var err error
		for _, e := range ReadCounterparties(strings.NewReader(in), "book.csv") {
			if e != nil {
				err = e
				break
			}
		}
		if !errors.Is(err, ErrScreenInput) || !strings.Contains(err.Error(), want) {
			t.Errorf("%.40q: %v, want %q", in, err, want)
		}
	}
}
