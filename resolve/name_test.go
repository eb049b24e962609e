package resolve

import (
	"bytes"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ownex/ownex/graph"
)

func TestNameKey(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Шереметьево", "sheremetevo"},
		{"Sheremetyevo", "sheremetyevo"},
		{"Общество с ограниченной ответственностью \"Аэроскан\"", "aeroskan"},
		{"OOO AEROSKAN", "aeroskan"},
		{"Aeroskan OOO", "aeroskan"},
		{"ООО «ЦСТ»", "tsst"},
		{"LLC “CST”", "cst"},
		{"Limited Liability Company CST", "cst"},
		{"Акционерное общество \"Зала Аэро\"", "aero zala"},
		{"JOINT-STOCK COMPANY ZALA AERO", "aero zala"},
		{"ZALA AERO JSC", "aero zala"},
		{"KHOROSHEV, Dmitry Yuryevich", "dmitry khoroshev yuryevich"},
		{"Ёлкин Щукин Юрий Хаждаев", "elkin khazhdaev shchukin yuriy"},
		{"SUEX OTC, S.R.O.", "otc suex"},
		{"AIRCRAFT, AVIONICS, PARTS & SUPPORT LTD.", "aircraft avionics parts support"},
		{"Société Générale S.A.", "generale societe"},
		{"Ｆｕｌｌｗｉｄｔｈ GmbH", "fullwidth"},
		{"LLC", "llc"}, // nothing but a legal form: kept
		{"", ""},
	}
	for _, c := range cases {
		if got := strings.Join(NameKey(c.in), " "); got != c.want {
			t.Errorf("NameKey(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if a, b := NameKey("IRAN AIRCRAFT INDUSTRIES"), NameKey("industries aircraft Iran"); !reflect.DeepEqual(a, b) {
		t.Errorf("order matters: %v vs %v", a, b)
	}
}

func ent(id string, k graph.Kind, name string, countries ...string) graph.Entity {
	return graph.Entity{ID: id, Kind: k, Name: name, Countries: countries}
}

func TestScore(t *testing.T) {
	high := [][2]graph.Entity{
		{ent("a", graph.KindPerson, "KHOROSHEV, Dmitry Yuryevich"), ent("b", graph.KindPerson, "KHOROSHEV, Dmitrii Yurevich")},
		{ent("a", graph.KindPerson, "Никита Александрович Захаров"), ent("b", graph.KindPerson, "ZAKHAROV, Nikita Aleksandrovich")},
		{ent("a", graph.KindCompany, "Общество с ограниченной ответственностью \"Аэроскан\"", "RU"), ent("b", graph.KindCompany, "Aeroscan LLC", "Russia")},
		{ent("a", graph.KindCompany, "ZALA AERO JSC"), ent("b", graph.KindUnknown, "Акционерное общество \"Зала Аэро\"")},
	}
	for _, p := range high {
		if s := Score(p[0], p[1]); s < DefaultThreshold {
			t.Errorf("Score(%q, %q) = %.3f, want >= %.2f", p[0].Name, p[1].Name, s, DefaultThreshold)
		}
	}
	low := [][2]graph.Entity{
		{ent("a", graph.KindPerson, "ZALA AERO"), ent("b", graph.KindCompany, "ZALA AERO")}, // kinds
		{ent("a", graph.KindPerson, "ZAKHAROV, Nikita"), ent("b", graph.KindPerson, "ZAKHAROVA, Svetlana")},
		{ent("a", graph.KindVessel, "SAM JONG 1"), ent("b", graph.KindVessel, "SAM JONG 2")},
	}
	for _, p := range low {
		if s := Score(p[0], p[1]); s >= DefaultThreshold {
			t.Errorf("Score(%q, %q) = %.3f, want < %.2f", p[0].Name, p[1].Name, s, DefaultThreshold)
		}
	}
	if s := Score(ent("a", graph.KindCompany, "ZALA AERO", "RU"), ent("b", graph.KindCompany, "ZALA AERO", "US")); s != CountryPenalty {
		t.Errorf("disjoint countries: %.3f, want %.2f", s, CountryPenalty)
	}
}

func TestResolveNames(t *testing.T) {
	ents := []graph.Entity{
		ent("ofac:1", graph.KindPerson, "KHOROSHEV, Dmitry Yuryevich", "Russia"),
		ent("os:2", graph.KindPerson, "Дмитрий Юрьевич Хорошев", "ru"),
		ent("ofac:3", graph.KindCompany, "ZALA AERO JSC", "RU"),
		ent("os:4", graph.KindCompany, "ZALA AERO", "US"),
		ent("os:5", graph.KindCompany, "TOTALLY DIFFERENT"),
	}
	res := Resolve(Input{Entities: ents}, Options{})
	links := res.Links
	// Disjoint countries lower a score (× CountryPenalty), never drop an
	// exact name: ZALA AERO stays a possible link.
	if len(links) != 2 || links[0].A != "ofac:1" || links[0].B != "os:2" || links[0].Method != "name" ||
		links[0].Strength != graph.StrengthPossible || links[1].A != "ofac:3" || links[1].Strength != graph.StrengthPossible ||
		links[1].Score != CountryPenalty {
		t.Errorf("links = %+v", links)
	}
	want := []Candidate{
		{A: "ofac:1", B: "os:2", NamesA: "KHOROSHEV, Dmitry Yuryevich", NamesB: "Дмитрий Юрьевич Хорошев", Score: links[0].Score,
			Strength: ReviewPossible, Evidence: fmt.Sprintf("names 'KHOROSHEV, Dmitry Yuryevich' ~ 'Дмитрий Юрьевич Хорошев' (%.2f); no corroborating attribute", links[0].Score)},
		{A: "ofac:3", B: "os:4", NamesA: "ZALA AERO JSC", NamesB: "ZALA AERO", Score: CountryPenalty, Strength: ReviewPossible,
			Evidence: "names 'ZALA AERO JSC' ~ 'ZALA AERO' (0.90); no corroborating attribute"},
	}
	if !reflect.DeepEqual(res.Review, want) {
		t.Errorf("review =\n%+v\nwant\n%+v", res.Review, want)
	}
	var buf bytes.Buffer
	if err := WriteReviewCSV(&buf, res.Review[1:]); err != nil {
		t.Fatal(err)
	}
	if want := "a,a_name,b,b_name,score,strength,evidence,accept\nofac:3,ZALA AERO JSC,os:4,ZALA AERO,0.900,possible,names 'ZALA AERO JSC' ~ 'ZALA AERO' (0.90); no corroborating attribute,\n"; buf.String() != want {
		t.Errorf("CSV = %q, want %q", buf.String(), want)
	}
	if c := res.Counts; c != (Counts{Entities: 5, Possible: 2}) {
		t.Errorf("counts = %+v", c)
	}
}

// synthetic returns n company names built from a vocabulary, so that
// tokens repeat as in real lists.
func synthetic(n int) []graph.Entity {
	r := rand.New(rand.NewSource(1))
	syl := []string{"ka", "ro", "mi", "ta", "zo", "ve", "lu", "shi", "an", "dre", "po", "nik", "sar", "el", "bu"}
	word := func() string {
		var b strings.Builder
		for k := 2 + r.Intn(3); k > 0; k-- {
			b.WriteString(syl[r.Intn(len(syl))])
		}
		return b.String()
	}
	common := []string{"TRADING", "INTERNATIONAL", "GROUP", "SHIPPING", "INDUSTRIES", "HOLDING"}
	out := make([]graph.Entity, n)
	for i := range out {
		name := strings.ToUpper(word() + " " + word() + " " + common[r.Intn(len(common))] + " LLC")
		out[i] = ent(fmt.Sprintf("s:%d", i), graph.KindCompany, name)
	}
	return out
}

func TestResolveNotQuadratic(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	ents := synthetic(5000)
	res := Resolve(Input{Entities: ents}, Options{})
	t.Logf("5000 synthetic names: %d links, %d for review", len(res.Links), len(res.Review))
}

func BenchmarkResolve100k(b *testing.B) {
	ents := synthetic(100000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Resolve(Input{Entities: ents}, Options{})
	}
}

func FuzzNameKey(f *testing.F) {
	for _, s := range []string{"Шереметьево", "OOO AEROSKAN", "SUEX OTC, S.R.O.", "Ｆｕｌｌ", "ザラ・アエロ", "AL-'ANIZI, 'Abdallah", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := NameKey(s)
		for i, tok := range k {
			if tok == "" || strings.ContainsAny(tok, " \t") || !utf8.ValidString(tok) {
				t.Fatalf("bad token %q in %q", tok, k)
			}
			if i > 0 && k[i-1] >= tok {
				t.Fatalf("not sorted/unique: %q", k)
			}
		}
		// idempotent on its own output
		if j := NameKey(strings.Join(k, " ")); len(k) > 0 && len(j) == 0 {
			t.Fatalf("NameKey(%q) empty", strings.Join(k, " "))
		}
	})
}
