package resolve

import (
	"sort"
	"strings"

	"github.com/ownex/ownex/graph"
)

// Score parameters (docs/RESOLVE.md).
const (
	// CountryPenalty multiplies the score of two entities whose country
	// sets are both non-empty and disjoint.
	CountryPenalty = 0.5
	// WeakAliasFactor multiplies a match through a weak alias.
	WeakAliasFactor = 0.9
)

// name is one prepared name of an entity.
type name struct {
	text   string
	toks   []string
	skel   []string
	weight float64 // sum of token weights
	weak   bool
}

// prepared is an entity ready for scoring.
type prepared struct {
	id        string
	kind      string // kind class: p, o, v, a or "" (unknown)
	countries []string
	names     []name
}

func kindClass(k graph.Kind) string {
	switch k {
	case graph.KindPerson:
		return "p"
	case graph.KindCompany, graph.KindOrganization:
		return "o"
	case graph.KindVessel:
		return "v"
	case graph.KindAircraft:
		return "a"
	}
	return ""
}

func prepare(e *graph.Entity) *prepared {
	p := &prepared{id: e.ID, kind: kindClass(e.Kind)}
	for _, c := range e.Countries {
		if c = NormalizeCountry(c); c != "" {
			p.countries = append(p.countries, c)
		}
	}
	seen := make(map[string]bool)
	add := func(s string, weak bool) {
		toks := NameKey(s)
		if len(toks) == 0 {
			return
		}
		k := joinTokens(toks)
		if seen[k] {
			return
		}
		seen[k] = true
		n := name{text: s, toks: toks, weak: weak, skel: make([]string, len(toks))}
		for i, t := range toks {
			n.skel[i] = skeleton(t)
			n.weight += tokenWeight(t)
		}
		p.names = append(p.names, n)
	}
	add(e.Name, false)
	for _, a := range e.Aliases {
		add(a, false)
	}
	for _, a := range e.WeakAliases {
		add(a, true)
	}
	return p
}

func joinTokens(t []string) string {
	n := 0
	for _, s := range t {
		n += len(s) + 1
	}
	b := make([]byte, 0, n)
	for _, s := range t {
		b = append(b, s...)
		b = append(b, ' ')
	}
	return string(b)
}

// softTokens are name particles and very common name elements: they
// weigh little, so that a missing "al", "bin" or "Muhammad" costs little.
var softTokens = map[string]bool{
	"al": true, "el": true, "bin": true, "ibn": true, "bint": true, "abu": true, "abd": true,
	"abdul": true, "ben": true, "van": true, "von": true, "ould": true, "haji": true, "mullah": true,
	"muhammad": true, "mohammad": true, "mohammed": true, "muhammed": true, "mohamed": true,
	"mohamad": true, "ahmad": true, "ahmed": true, "ali": true, "sheikh": true, "shaykh": true,
}

// tokenWeight: single letters (initials), particles, very common name
// elements and patronymics (…vich, …vna, …ovych, …ivna) count less.
func tokenWeight(t string) float64 {
	switch {
	case len(t) == 1 || softTokens[t]:
		return 0.3
	case len(t) > 6 && (strings.HasSuffix(t, "vich") || strings.HasSuffix(t, "vna") ||
		strings.HasSuffix(t, "vych") || strings.HasSuffix(t, "vic") || strings.HasSuffix(t, "vitj")):
		return 0.5
	}
	return 1
}

// compatible reports whether two kind classes may be the same party.
func compatibleKinds(a, b string) bool { return a == "" || b == "" || a == b }

// disjoint reports whether both country sets are non-empty and share
// nothing.
func disjoint(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return false
			}
		}
	}
	return true
}

// Score returns the similarity of a and b in [0, 1]: the best name
// similarity over every name and alias of a against every one of b
// (weak aliases count WeakAliasFactor), 0 if their kinds cannot be the
// same party (person, company/organization, vessel, aircraft are
// separate classes; unknown is compatible with all), multiplied by
// CountryPenalty when both have countries and none in common.
func Score(a, b graph.Entity) float64 {
	s, _, _ := score(prepare(&a), prepare(&b))
	return s
}

// score returns the score and the best pair of names.
func score(a, b *prepared) (float64, string, string) {
	if !compatibleKinds(a.kind, b.kind) {
		return 0, "", ""
	}
	best, na, nb := 0.0, "", ""
	for i := range a.names {
		for j := range b.names {
			s := nameSim(&a.names[i], &b.names[j])
			if a.names[i].weak || b.names[j].weak {
				s *= WeakAliasFactor
			}
			if s > best {
				best, na, nb = s, a.names[i].text, b.names[j].text
			}
		}
	}
	if disjoint(a.countries, b.countries) {
		best *= CountryPenalty
	}
	return best, na, nb
}

// nameSim is a weighted Dice coefficient over tokens: tokens are paired
// greedily by similarity (tokenSim), and the score is
// 2·Σ sim·weight / (total weight of a + total weight of b).
func nameSim(a, b *name) float64 {
	if a.weight == 0 || b.weight == 0 {
		return 0
	}
	type cand struct {
		i, j int
		s    float64
	}
	var buf [64]cand
	cs := buf[:0]
	for i := range a.toks {
		for j := range b.toks {
			if s := tokenSim(a.toks[i], b.toks[j], a.skel[i], b.skel[j]); s > 0 {
				cs = append(cs, cand{i, j, s})
			}
		}
	}
	if len(cs) == 0 {
		return 0
	}
	sort.Slice(cs, func(x, y int) bool { return cs[x].s > cs[y].s })
	var usedA, usedB [64]bool
	m := 0.0
	for _, c := range cs {
		if c.i >= 64 || c.j >= 64 || usedA[c.i] || usedB[c.j] {
			continue
		}
		usedA[c.i], usedB[c.j] = true, true
		m += c.s * (tokenWeight(a.toks[c.i]) + tokenWeight(b.toks[c.j]))
	}
	dice := m / (a.weight + b.weight)
	if numbersDiffer(a.toks, b.toks) {
		dice *= 0.5 // SAM JONG 1 is not SAM JONG 2
	}
	cover := m / (2 * min(a.weight, b.weight))
	return min(1, (dice+cover)/2)
}

// numbersDiffer reports whether both token lists hold numbers and the
// numbers differ.
func numbersDiffer(a, b []string) bool {
	var na, nb []string
	for _, t := range a {
		if allDigits(t) {
			na = append(na, t)
		}
	}
	for _, t := range b {
		if allDigits(t) {
			nb = append(nb, t)
		}
	}
	if len(na) == 0 || len(nb) == 0 || len(na) != len(nb) {
		return len(na) > 0 && len(nb) > 0
	}
	for i := range na {
		if na[i] != nb[i] {
			return true
		}
	}
	return false
}
