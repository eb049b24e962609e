package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/internal/store/sqlite"
	"github.com/ownex/ownex/queries"
)

// screenLists screens rows (a counterparties CSV) against the real 2019
// SDN and UN samples after `ownex resolve`, the flow of a risk team
// (issue 14), and returns the rows by ref.
func screenLists(t *testing.T, csv string) map[string]queries.ScreenRow {
	t.Helper()
	ctx := context.Background()
	cfg := Config{DB: filepath.Join(t.TempDir(), "lists.db")}
	env := Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}
	if err := Ingest(ctx, env, cfg, "ofac-csv", []string{"../../testdata/ofac/watchman-test-testdata"}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := Ingest(ctx, env, cfg, "un", []string{"../../testdata/un/UN_consolidated.xml"}, IngestOptions{}); err != nil {
		t.Fatal(err)
	}
	mustResolve(t, cfg, ResolveOptions{})
	st, err := OpenStore(ctx, env, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	out := map[string]queries.ScreenRow{}
	if _, err := queries.Screen(ctx, st, queries.ReadCounterparties(strings.NewReader(csv), "rows.csv"),
		queries.ScreenOptions{AsOf: screenAsOf}, func(r queries.ScreenRow) error {
			out[r.Input.Ref] = r
			return nil
		}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestScreenListsIssue14 is acceptance 1 of issue 14: its named examples,
// on the samples they come from.
func TestScreenListsIssue14(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the SDN and UN samples and resolves them")
	}
	rows := screenLists(t, `ref,name,country,dob
country,"BARRIOS HERNANDEZ, Mercedes",Canada,
given,"SMIRNOV, Ivan",,
swap,"YANG, Wei",,
short,"LI, Lei",,
translit,AHMED DERAHSHANDEH,,
vowel,"OMAR, Asim",,
party,"NKUNDA, Laurent",,
possible,KOREA HYOKSIN TRADING CORPORATION,,
dobok,"BARRIOS HERNANDEZ, Mercedes",,1971-05-05
dobbad,"BARRIOS HERNANDEZ, Mercedes",,1990
dobyear,"BARRIOS HERNANDEZ, Mercedes",,1971
typo,"BARRIOS HERNADNEZ, Mercedes",,
malformed,"BARRIOS HERNANDEZ, Mercedes",,5 May 1971
`)
	type want struct {
		status  queries.MatchStatus
		entity  string   // matched: the record; ambiguous: one of the candidates
		not     string   // a record neither matched nor among the candidates
		party   []string // matched: Match.Party
		same    []string // matched: Match.PossiblySame
		kinds   string   // the evidence of Why, "kind effect" joined by ", "
		problem bool
	}
	for ref, w := range map[string]want{
		// a conflicting country adds a note, never hides an exact name
		"country": {status: queries.MatchMatched, entity: "ofac:19138", party: []string{"ofac:19138"}, kinds: "country conflicts"},
		// a shared given name is not a match
		"given": {status: queries.MatchUnmatched, not: "ofac:18229"},
		// YANG is not ZHANG (an alias of WEI, Zhao)
		"swap": {status: queries.MatchUnmatched, not: "ofac:23647"},
		// no organisation through a short alias
		"short": {status: queries.MatchUnmatched},
		// Ahmed/Ahmad, kh/h
		"translit": {status: queries.MatchMatched, entity: "un:IRi.013", party: []string{"un:IRi.013"}},
		// Omar/Umar: UMAR, Asim, and the alias OMAR, Asem of ZAHEDI, Mostafa
		"vowel": {status: queries.MatchAmbiguous, entity: "ofac:20160"},
		// an OFAC record and its UN copy, linked strongly: one match
		"party": {status: queries.MatchMatched, entity: "ofac:10035", party: []string{"ofac:10035", "un:CDi.022"}},
		// an OFAC record and a UN record only possibly linked
		"possible": {status: queries.MatchMatched, entity: "ofac:10012", party: []string{"ofac:10012"}, same: []string{"un:KPe.006"}},
		"dobok":    {status: queries.MatchMatched, entity: "ofac:19138", kinds: "birth-date agrees"},
		"dobbad":   {status: queries.MatchUnmatched, entity: "ofac:19138", kinds: "birth-date conflicts"},
		"dobyear":  {status: queries.MatchMatched, entity: "ofac:19138", kinds: "birth-date agrees"},
		"typo":     {status: queries.MatchMatched, entity: "ofac:19138"},
		// a malformed dob is a problem of the row, and not used
		"malformed": {status: queries.MatchMatched, entity: "ofac:19138", problem: true},
	} {
		r, ok := rows[ref]
		if !ok {
			t.Errorf("%s: no row", ref)
			continue
		}
		m := r.Match
		if m.Status != w.status {
			t.Errorf("%s %q: %s (%s %s %.3f; candidates %+v), want %s", ref, r.Input.Name, m.Status, m.Entity, m.Name, m.Confidence, m.Candidates, w.status)
			continue
		}
		var ids []string
		whys := []*queries.MatchExplanation{m.Why}
		for _, c := range m.Candidates {
			ids = append(ids, c.ID)
			whys = append(whys, c.Why)
			if c.Why == nil || len(c.Party) == 0 || !slices.Contains(c.Party, c.ID) {
				t.Errorf("%s: candidate %s without why or party: %+v", ref, c.ID, c)
			}
		}
		switch {
		case m.Status == queries.MatchMatched && m.Entity != w.entity:
			t.Errorf("%s: matched %s %q, want %s", ref, m.Entity, m.Name, w.entity)
		case m.Status != queries.MatchMatched && w.entity != "" && !slices.Contains(ids, w.entity):
			t.Errorf("%s: candidates %v, want %s among them", ref, ids, w.entity)
		case slices.Contains(ids, w.not) || m.Entity == w.not && w.not != "":
			t.Errorf("%s: %s matched or among the candidates %v", ref, w.not, ids)
		}
		if m.Status == queries.MatchMatched {
			if m.Why == nil || m.Why.Matched == "" || len(m.Why.Tokens) == 0 {
				t.Errorf("%s: no explanation: %+v", ref, m.Why)
			}
			if w.party != nil && !slices.Equal(m.Party, w.party) {
				t.Errorf("%s: party %v, want %v", ref, m.Party, w.party)
			}
			if !slices.Equal(m.PossiblySame, w.same) {
				t.Errorf("%s: possibly same %v, want %v", ref, m.PossiblySame, w.same)
			}
		}
		if w.kinds != "" {
			found := false
			for _, why := range whys {
				if why == nil {
					continue
				}
				var ks []string
				for _, e := range why.Evidence {
					ks = append(ks, e.Kind+" "+e.Effect)
				}
				found = found || strings.Join(ks, ", ") == w.kinds
			}
			if !found {
				t.Errorf("%s: evidence, want %q: %+v %+v", ref, w.kinds, m.Why, m.Candidates)
			}
		}
		if got := len(r.Input.Problems) > 0; got != w.problem {
			t.Errorf("%s: problems %q", ref, r.Input.Problems)
		}
	}
	// Why: the token pairs of the transliteration, with how they matched
	if why := rows["translit"].Match.Why; why != nil {
		var pairs []string
		for _, p := range why.Tokens {
			pairs = append(pairs, p.Input+"~"+p.Matched+":"+p.How)
		}
		if got := strings.Join(pairs, " "); got != "ahmed~ahmad:vowels derahshandeh~derakhshandeh:transliteration" {
			t.Errorf("translit tokens %s", got)
		}
	}
}

// TestScreenDemoCountry: issue 14's demo row. Nordvik Holdings is
// registered in CY and OFAC-blocked; a row giving it another country is
// still matched, with the country as a note.
func TestScreenDemoCountry(t *testing.T) {
	ctx := context.Background()
	keep := filepath.Join(t.TempDir(), "demo.db")
	if err := Demo(ctx, Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, DemoOptions{AsOf: screenAsOf, Keep: keep}); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, keep)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var rows []queries.ScreenRow
	if _, err := queries.Screen(ctx, st, queries.ReadCounterparties(strings.NewReader("name,country\nNordvik Holdings Ltd,LV\nNordvik Holdings Ltd,\n"), "demo.csv"),
		queries.ScreenOptions{AsOf: screenAsOf}, func(r queries.ScreenRow) error {
			rows = append(rows, r)
			return nil
		}); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		m := r.Match
		if m.Status != queries.MatchMatched || m.Entity != "demo:nordvik" || m.Confidence != 1 {
			t.Errorf("row %d: %+v", i, m)
			continue
		}
		if v := r.Verdicts[0]; v.Regime != "ofac" || v.Status != "blocked" {
			t.Errorf("row %d: %s %s", i, v.Regime, v.Status)
		}
		if i == 0 && (len(m.Why.Evidence) != 1 || m.Why.Evidence[0].Kind != "country" || m.Why.Evidence[0].Effect != "conflicts" || m.Why.Evidence[0].Factor != 1) {
			t.Errorf("row %d: evidence %+v, want the conflicting country as a note", i, m.Why.Evidence)
		}
	}
}
