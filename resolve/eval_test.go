package resolve

import (
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

type labelled struct {
	a, b   graph.Entity
	match  bool
	origin string
}

func loadPairs(t testing.TB) []labelled {
	f, err := os.Open("../testdata/resolve/pairs.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ent := func(id, n, k, c string) graph.Entity {
		e := graph.Entity{ID: id, Name: n, Kind: graph.Kind(k)}
		if c != "" {
			e.Countries = strings.Split(c, ";")
		}
		return e
	}
	var out []labelled
	for _, r := range rows[1:] {
		out = append(out, labelled{a: ent("a", r[0], r[1], r[2]), b: ent("b", r[3], r[4], r[5]), match: r[6] == "1", origin: r[7]})
	}
	return out
}

// precisionRecall returns precision and recall of Score >= t on pairs.
func precisionRecall(pairs []labelled, scores []float64, t float64) (p, r float64, tp, fp, fn int) {
	for i, x := range pairs {
		hit := scores[i] >= t
		switch {
		case hit && x.match:
			tp++
		case hit && !x.match:
			fp++
		case !hit && x.match:
			fn++
		}
	}
	p, r = 1, 0
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	return
}

func TestPrecisionRecall(t *testing.T) {
	pairs := loadPairs(t)
	pos := 0
	for _, p := range pairs {
		if p.match {
			pos++
		}
	}
	if len(pairs) < 200 || pos < 100 || len(pairs)-pos < 100 {
		t.Fatalf("labelled set too small: %d pairs, %d positive", len(pairs), pos)
	}
	// the population being matched: every name of the set (ScoreWith
	// weighs tokens by their rarity in it, as Resolve does with all the entities)
	var all []graph.Entity
	for _, p := range pairs {
		all = append(all, p.a, p.b)
	}
	st := NewStats(all)
	scores := make([]float64, len(pairs))
	for i, p := range pairs {
		scores[i] = ScoreWith(p.a, p.b, st)
	}
	t.Logf("%d pairs: %d positive, %d negative", len(pairs), pos, len(pairs)-pos)
	t.Logf("threshold  precision  recall   tp  fp  fn")
	for _, th := range []float64{0.70, 0.75, 0.80, 0.85, 0.90, 0.95, DefaultThreshold} {
		p, r, tp, fp, fn := precisionRecall(pairs, scores, th)
		t.Logf("%9.2f  %9.3f  %6.3f  %3d %3d %3d", th, p, r, tp, fp, fn)
	}
	// held-out check: the rules were written while reading the misses of
	// the whole set; the halves (even and odd rows) show how much the
	// figures depend on particular pairs (docs/RESOLVE.md)
	for h, half := range []string{"even", "odd"} {
		var hp []labelled
		var hs []float64
		for i := h; i < len(pairs); i += 2 {
			hp, hs = append(hp, pairs[i]), append(hs, scores[i])
		}
		p, r, tp, fp, fn := precisionRecall(hp, hs, DefaultThreshold)
		t.Logf("%s rows at %.2f: precision %.3f recall %.3f (tp %d fp %d fn %d)", half, DefaultThreshold, p, r, tp, fp, fn)
	}
	if testing.Verbose() {
		for i, p := range pairs {
			hit := scores[i] >= DefaultThreshold
			if hit != p.match {
				t.Logf("miss %s match=%v score=%.3f %q (%s %s) vs %q (%s %s)", p.origin, p.match, scores[i],
					p.a.Name, p.a.Kind, strings.Join(p.a.Countries, ";"), p.b.Name, p.b.Kind, strings.Join(p.b.Countries, ";"))
			}
		}
	}
	p, r, _, _, _ := precisionRecall(pairs, scores, DefaultThreshold)
	if p < 0.98 || r < 0.90 { // the goal, reached: 0.990 / 0.910 (docs/RESOLVE.md)
		t.Errorf("at DefaultThreshold %.2f: precision %.3f (asserted >= 0.98), recall %.3f (asserted >= 0.90)", DefaultThreshold, p, r)
	}
}

// TestRarity: a token held by many entities of a large population weighs
// less than a rare one; a small population changes nothing.
func TestRarity(t *testing.T) {
	ents := make([]graph.Entity, 10000)
	for i := range ents {
		ents[i] = graph.Entity{ID: "e", Kind: graph.KindCompany, Name: "Alpha" + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676)) + " HOLDINGX"}
	}
	st := NewStats(ents)
	if r := st.rarity(skeleton("holdingx")); r >= 0.5 {
		t.Errorf("rarity of a token of every entity = %.2f, want < 0.5", r)
	}
	if r := st.rarity(skeleton("alphaaaa")); r != 1 {
		t.Errorf("rarity of a rare token = %.2f, want 1", r)
	}
	a, b := ent("a", graph.KindCompany, "GHADIR ETEZAD HOLDINGX"), ent("b", graph.KindCompany, "GHADIR ETEZAD")
	if s0, s1 := Score(a, b), ScoreWith(a, b, st); s1 < s0 {
		t.Errorf("missing a common token costs more with stats: %.3f < %.3f", s1, s0)
	}
	if s := ScoreWith(a, b, NewStats(ents[:50])); s != Score(a, b) {
		t.Errorf("small population changed the score: %.3f vs %.3f", s, Score(a, b))
	}
}
