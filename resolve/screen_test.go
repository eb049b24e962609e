package resolve

import (
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

// TestScreenTokens: the screening token rules on the transliteration
// families of issue 14 and on the pairs that only looked alike.
func TestScreenTokens(t *testing.T) {
	sim := func(x, y string, screen bool) (float64, how) {
		a, b := prepareName(x, true, prep{multi: true}), prepareName(y, true, prep{multi: true})
		return tokenSim(&a, 0, &b, 0, screen)
	}
	for _, c := range []struct {
		a, b string
		min  float64 // the screening similarity is at least min (0: is 0)
		how  how
	}{
		// Arabic
		{"Mohammed", "Muhammad", 0.9, howVowels},
		{"Mohamad", "Mohammed", 0.9, howVowels},
		{"Ahmed", "Ahmad", 0.9, howVowels},
		{"Omar", "Umar", 0.9, howVowels},
		{"Osama", "Usama", 0.9, howVowels},
		{"Ebrahim", "Ibrahim", 0.9, howVowels},
		// Cyrillic
		{"Khaled", "Haled", 0.95, howSpelling},
		{"Lavrentiy", "Lavrentii", 0.95, howSpelling},
		{"Lavrentiy", "Lavrenty", 0.95, howSpelling},
		{"Yermolayev", "Ermolaev", 0.9, howConsonants},
		{"Sergei", "Sergey", 1, howExact},
		{"Derakhshandeh", "Derahshandeh", 0.95, howSpelling},
		// Korean
		{"Song", "Sung", 0.9, howVowels},
		{"Chong", "Jong", 0.9, howSpelling},
		{"Lee", "Ri", 0.95, howSpelling},
		{"el", "al", 0.95, howSpelling},
		// typos within the allowance
		{"Derakhshandeh", "Derakshnadeh", 0.85, howTypo},
		{"Gonzalez", "Gonzales", 0.9, howPhonetic},
		{"Hernandez", "Hernadnez", 0.85, howTypo},
		{"Bariros", "Barrios", 0.9, howPhonetic},
		{"Mercedes", "Mecredes", 0.85, howTypo},
		// not the same name
		{"Smirnov", "Zamorano", 0, howNone},
		{"Yang", "Zhang", 0, howNone},
		{"Amir", "Omar", 0, howNone},
		{"Omar", "Amar", 0, howNone},
		{"Jamal", "Kamal", 0, howNone},
		{"Jamal", "Jamil", 0, howNone},
		{"Saeed", "Shahid", 0, howNone},
		{"Ahmad", "Ahmadi", 0, howNone},
	} {
		got, h := sim(c.a, c.b, true)
		if c.min == 0 && got != 0 || c.min > 0 && (got < c.min || h != c.how) {
			t.Errorf("screening %s ~ %s = %.3f %s, want >= %.2f %s", c.a, c.b, got, h, c.min, c.how)
		}
	}
	// Resolve keeps its rules: YANG and ZHANG share a skeleton there.
	if s, _ := sim("Yang", "Zhang", false); s != 0.95 {
		t.Errorf("resolve Yang ~ Zhang = %.3f, want 0.95", s)
	}
}

// TestFuzzyRow: a row's misspelt legal-form words, titles and given names
// are read as such; a surname built on a given name is not one.
func TestFuzzyRow(t *testing.T) {
	for in, want := range map[string]string{
		"Anhui Land Group Co., Limiited":    "anhui land group",
		"UNTIED COMPNAY RUSAL PLC":          "untied rusal",
		"Hollebrand, Alevander":             "hollebrand aleksandr",
		"PETROV, Ivan":                      "petrov ivan",
		"ISLAMIC REGIONAL COOPERATION BANK": "islamic regional cooperation bank",
	} {
		if got := strings.Join(canonTokens(fuzzyOrderedKey(in)), " "); got != want {
			t.Errorf("%q read %q, want %q", in, got, want)
		}
	}
	n := prepareName("Shiekh Ahmed Iman Ali", true, prep{multi: true, fuzzy: true})
	if got := strings.Join(n.toks, " "); got != "ahmed ali iman" {
		t.Errorf("title kept: %q", got)
	}
}

func TestOSA(t *testing.T) {
	for _, c := range []struct {
		a, b string
		max  int
		want int
	}{
		{"barrios", "bariros", 2, 1},
		{"barrios", "barrios", 2, 0},
		{"abc", "abcd", 2, 1},
		{"abcdef", "badcfe", 3, 3},
		{"abcdef", "zzzzzz", 2, 3},
		{"", "ab", 2, 2},
	} {
		if got := osa(c.a, c.b, c.max); got != c.want {
			t.Errorf("osa(%q, %q, %d) = %d, want %d", c.a, c.b, c.max, got, c.want)
		}
	}
}

func person(id, name string, facts ...graph.Fact) graph.Entity {
	return graph.Entity{ID: id, Kind: graph.KindPerson, Name: name, Facts: facts}
}

// TestScreenScorer: the name-part, short-form and evidence rules of
// screening on the examples of issue 14 (records as in the 2019 SDN and
// UN samples).
func TestScreenScorer(t *testing.T) {
	recs := []graph.Entity{
		person("ofac:18229", "GONZALEZ ZAMORANO, Ivan"),
		{ID: "ofac:23647", Kind: graph.KindPerson, Name: "WEI, Zhao", Aliases: []string{"WEI, Zhang", "WAI, Chio", "CHIO, Wai", "WEI, Chao"}},
		{ID: "ofac:19138", Kind: graph.KindPerson, Name: "BARRIOS HERNANDEZ, Mercedes", Countries: []string{"Mexico"},
			Facts: []graph.Fact{{Type: graph.FactBirthDate, Value: "05 May 1971"}}},
		person("un:IRi.013", "AHMAD DERAKHSHANDEH", graph.Fact{Type: graph.FactBirthDate, Value: "1956-08-11"}),
		{ID: "ofac:20160", Kind: graph.KindPerson, Name: "UMAR, Asim", Aliases: []string{"UMER, Asim"}},
		{ID: "x:lei", Kind: graph.KindOrganization, Name: "LEBANESE ENERGY INSTITUTE", Aliases: []string{"LEI"}},
	}
	rs := make([]*Record, len(recs))
	for i := range recs {
		rs[i] = PrepareRecord(&recs[i])
	}
	sc := NewScreenScorer(rs, DefaultThreshold)
	row := func(name, country, dob string) *Record {
		e := graph.Entity{Name: name}
		if country != "" {
			e.Countries = []string{country}
		}
		if dob != "" {
			e.Facts = []graph.Fact{{Type: graph.FactBirthDate, Value: dob}}
		}
		return sc.Row(e)
	}
	for _, c := range []struct {
		row, country, dob string
		rec               int
		match             bool
	}{
		{"SMIRNOV, Ivan", "", "", 0, false},
		{"YANG, Wei", "", "", 1, false},
		{"WEI, Zhao", "", "", 1, true},
		{"BARRIOS HERNANDEZ, Mercedes", "Canada", "", 2, true},
		{"BARRIOS HERNANDEZ, Mercedes", "", "1971-05-05", 2, true},
		{"AHMED DERAHSHANDEH", "", "", 3, true},
		{"OMAR, Asim", "", "", 4, true},
		{"LI, Lei", "", "", 5, false},
		{"Ivan", "", "", 0, false},
		{"Mercedes", "", "", 2, false},
	} {
		ex, _ := sc.Explain(row(c.row, c.country, c.dob), rs[c.rec])
		s := sc.Score(row(c.row, c.country, c.dob), rs[c.rec]).Score
		if s != ex.Score {
			t.Errorf("%s ~ %s: Score %.3f, Explain %.3f", c.row, recs[c.rec].Name, s, ex.Score)
		}
		if got := s >= DefaultThreshold; got != c.match {
			t.Errorf("%s ~ %s: %.3f (%+v), want match %v", c.row, recs[c.rec].Name, s, ex, c.match)
		}
	}
}

// TestScreenEvidence: a country never drops a name that matches on its
// own below the floor; a date of birth raises or lowers.
func TestScreenEvidence(t *testing.T) {
	rec := graph.Entity{ID: "ofac:19138", Kind: graph.KindPerson, Name: "BARRIOS HERNANDEZ, Mercedes", Countries: []string{"Mexico"},
		Facts: []graph.Fact{{Type: graph.FactBirthDate, Value: "05 May 1971"}}}
	r := PrepareRecord(&rec)
	sc := NewScreenScorer([]*Record{r}, DefaultThreshold)
	for _, c := range []struct {
		name, country, dob string
		want               float64
		kinds              string
	}{
		{"BARRIOS HERNANDEZ, Mercedes", "", "", 1, ""},
		{"BARRIOS HERNANDEZ, Mercedes", "MX", "", 1, "country agrees"},
		{"BARRIOS HERNANDEZ, Mercedes", "CA", "", 1, "country conflicts"},
		{"BARRIOS HERNANDEZ, Maria", "CA", "", 0.6, "country conflicts"}, // 0.667 × 0.9
		{"BARRIOS HERNANDEZ, Mercedes", "", "1971-05-05", 1, "birth-date agrees"},
		{"BARRIOS HERNANDEZ, Mercedes", "", "1980", 0.8, "birth-date conflicts"},
	} {
		e := graph.Entity{Name: c.name}
		if c.country != "" {
			e.Countries = []string{c.country}
		}
		if c.dob != "" {
			e.Facts = []graph.Fact{{Type: graph.FactBirthDate, Value: c.dob}}
		}
		ex, ok := sc.Explain(sc.Row(e), r)
		kinds := ""
		for _, ev := range ex.Evidence {
			kinds += ev.Kind + " " + ev.Effect
		}
		if !ok || round3(ex.Score) != c.want || kinds != c.kinds {
			t.Errorf("%s %s %s: %.3f %q, want %.3f %q", c.name, c.country, c.dob, ex.Score, kinds, c.want, c.kinds)
		}
	}
}

// TestScreenIdentifierConflict: a unique identifier of the row that the
// record has with another value halves the score.
func TestScreenIdentifierConflict(t *testing.T) {
	rec := graph.Entity{ID: "x:holdco", Kind: graph.KindCompany, Name: "Sidorov Holdings Limited",
		Identifiers: []graph.Identifier{{Scheme: "lei", Value: "5493001KJTIIGC8Y1R12"}}}
	r := PrepareRecord(&rec)
	sc := NewScreenScorer([]*Record{r}, DefaultThreshold)
	for _, c := range []struct {
		lei  string
		want float64
	}{
		{"", 1},
		{"5493001KJTIIGC8Y1R12", 1},
		{"529900T8BM49AURSDO55", IdentifierConflictFactor},
	} {
		e := graph.Entity{Name: "Sidorov Holdings Ltd"}
		if c.lei != "" {
			e.Identifiers = []graph.Identifier{{Scheme: "lei", Value: c.lei}}
		}
		if got := sc.Score(sc.Row(e), r).Score; got != c.want {
			t.Errorf("lei %q: %.3f, want %.3f", c.lei, got, c.want)
		}
	}
}

// TestScreenExplainAlias: the explanation names the alias that matched
// and says whether it is weak.
func TestScreenExplainAlias(t *testing.T) {
	rec := graph.Entity{ID: "ofac:1", Kind: graph.KindPerson, Name: "ZAHEDI, Mostafa", Aliases: []string{"OMAR, Asem"},
		WeakAliases: []string{"KHAZE, Karim"}}
	r := PrepareRecord(&rec)
	sc := NewScreenScorer([]*Record{r}, DefaultThreshold)
	for _, c := range []struct {
		row, matched string
		alias, weak  bool
		score        float64
	}{
		{"ZAHEDI, Mostafa", "ZAHEDI, Mostafa", false, false, 1},
		{"OMAR, Asem", "OMAR, Asem", true, false, 1},
		{"KHAZE, Karim", "KHAZE, Karim", true, true, WeakAliasFactor},
	} {
		ex, ok := sc.Explain(sc.Row(graph.Entity{Name: c.row}), r)
		if !ok || ex.Matched != c.matched || ex.Alias != c.alias || ex.Weak != c.weak || ex.Score != c.score || len(ex.Tokens) != 2 {
			t.Errorf("%s: %+v", c.row, ex)
		}
	}
}
