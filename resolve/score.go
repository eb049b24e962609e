package resolve

import (
	"cmp"
	"slices"
	"sort"
	"strings"

	"github.com/ownex/ownex/graph"
)

// Score parameters (docs/RESOLVE.md).
const (
	// CountryPenalty multiplies the score of two entities whose country
	// sets are both non-empty and disjoint: soft evidence, so that an
	// exact name with another country stays a possible link (RULES.md
	// "Parties and links": a name alone never merges; it is shown for
	// review).
	CountryPenalty = 0.9
	// WeakAliasFactor multiplies a match through a weak alias.
	WeakAliasFactor = 0.9
)

// name is one prepared name of an entity.
type name struct {
	text   string
	toks   []string    // canonical tokens (canonTokens), sorted, unique
	info   []tokenInfo // what the comparisons read of each token
	w      []float64   // tokenWeight of each token
	weight float64     // sum of token weights
	weak   bool
	alias  bool // an alias (or weak alias), not the entity's name
	person bool // prepared as a person name
	// persons: first is the first given name (the first token of weight 1
	// after the comma of "SURNAME, Given Names", or of the name without a
	// comma); sur the surname tokens when the name has that comma form.
	first  string
	first0 string // the first given token as written (may be Muhammad…)
	kunya  bool   // the given part starts with a kunya (Abu X, Umm X)
	sur    []string
	unit   unit // non-persons: the unit qualifier (unitOf)
	// generic: a non-person name without a distinctive token (only
	// descriptors and soft tokens: ISLAMIC JIHAD GROUP)
	generic bool
}

// tokenInfo is what the comparisons read of one token of a name, in one
// value per token: a record of the match index holds millions of names,
// and a slice per property cost each name eleven slice headers and
// eleven small allocations.
type tokenInfo struct {
	skel  string    // skeleton of the token
	key   string    // phonKey of the token
	cons  string    // consonants of the skeleton
	lr    string    // the skeleton with l read as r (soundSim)
	egc   string    // consonants of the token with Egyptian g read as j (soundSim)
	set   letterSet // letters of the token (editBound)
	sset  letterSet // letters of the skeleton (editBound)
	pos   int       // position of the token in the name as written
	hasG  bool      // the token has a g (soundSim)
	digit bool      // the token has a digit
	geo   bool      // the token is a geographic qualifier (geoQualifier)
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

// prepare reads an entity's names, kind and countries: its Countries and
// the countries of its nationality and citizenship facts (a list that
// gives an address in one country and the nationality of another names
// both).
func prepare(e *graph.Entity) *prepared { return prepareEntity(e, prep{}) }

// prep says how names are prepared: for Resolve (the zero value); for
// screening, with a name's repeated tokens kept (multi: HASSAN, Hassan
// el-Hajj has two) and, for a row, its misspelt legal-form words and
// titles read as such (fuzzy: fuzzyNoise).
type prep struct{ multi, fuzzy bool }

// prepareEntity is prepare with the options o.
func prepareEntity(e *graph.Entity, o prep) *prepared {
	p := &prepared{id: e.ID, kind: kindClass(e.Kind)}
	addCountry := func(c string) {
		if c = NormalizeCountry(c); c != "" && !contains(p.countries, c) {
			p.countries = append(p.countries, c)
		}
	}
	for _, c := range e.Countries {
		addCountry(c)
	}
	for _, f := range e.Facts {
		if f.Type == graph.FactNationality || f.Type == graph.FactCitizenship {
			addCountry(f.Value)
		}
	}
	p.names = prepareNames(e, p.kind == "p", o)
	return p
}

// prepareNames prepares the name, aliases and weak aliases of e (as
// person names when person is set), each distinct token set once.
func prepareNames(e *graph.Entity, person bool, o prep) []name {
	var out []name
	seen := make(map[string]bool)
	add := func(s string, alias, weak bool) {
		n := prepareName(s, person, o)
		if len(n.toks) == 0 {
			return
		}
		k := joinTokens(n.toks)
		if seen[k] {
			return
		}
		seen[k] = true
		n.alias, n.weak = alias, weak
		out = append(out, n)
	}
	// a name field holding "A; B" (UN aliases, FtM joined values) is a
	// list of names
	each := func(s string, alias, weak bool) {
		for _, x := range strings.Split(s, ";") {
			add(strings.TrimSpace(x), alias, weak)
		}
	}
	each(e.Name, false, false)
	for _, a := range e.Aliases {
		each(a, true, false)
	}
	for _, a := range e.WeakAliases {
		each(a, true, true)
	}
	return out
}

// prepareName tokenises one name: orderedKey, canonTokens, titles dropped
// for persons, and for persons the name structure (first given name,
// surname of "SURNAME, Given Names"). Its tokens are sorted and, unless
// o.multi is set, unique.
func prepareName(s string, person bool, o prep) name {
	n := name{text: s, person: person}
	key := orderedKey
	if o.fuzzy {
		key = fuzzyOrderedKey
	}
	var toks []string
	if person && strings.Count(s, ",") == 1 {
		i := strings.IndexByte(s, ',')
		sur := dropTitles(canonTokens(key(s[:i])))
		giv := dropTitles(canonTokens(key(s[i+1:])))
		if len(sur) > 0 && len(giv) > 0 {
			n.sur = sur
			n.first, n.first0, n.kunya = firstGiven(giv), giv[0], giv[0] == "abu" || giv[0] == "umm"
			toks = append(sur, giv...)
		}
	}
	if toks == nil {
		toks = canonTokens(key(s))
		if person && len(toks) > 0 {
			toks = dropTitles(toks)
			n.first, n.first0 = firstGiven(toks), toks[0]
			n.kunya = toks[0] == "abu" || toks[0] == "umm"
		}
	}
	var geo map[string]bool
	if !person {
		geo = geoQualifiers(s)
		n.unit = unitOf(s)
	}
	first := make(map[string]int, len(toks))
	for i := len(toks) - 1; i >= 0; i-- {
		first[toks[i]] = i
	}
	sort.Strings(toks)
	n.toks = make([]string, 0, len(toks))
	n.info = make([]tokenInfo, 0, len(toks))
	n.w = make([]float64, 0, len(toks))
	for i, t := range toks {
		if i > 0 && t == toks[i-1] && !o.multi {
			continue
		}
		w := tokenWeight(t)
		if !person && w == 1 && descriptors[t] {
			w = DescriptorWeight
		}
		n.toks = append(n.toks, t)
		sk := skeleton(t)
		n.info = append(n.info, tokenInfo{skel: sk, key: phonKey(t), cons: consonants(sk),
			lr: strings.ReplaceAll(sk, "l", "r"), egc: consonants(egyptianG.Replace(t)),
			set: setOf(t), sset: setOf(sk), pos: first[t],
			hasG: strings.IndexByte(t, 'g') >= 0, digit: hasDigit(t), geo: geo[t]})
		n.w = append(n.w, w)
		n.weight += w
	}
	n.generic = !person && !distinctive(n.toks)
	return n
}

// distinctive reports whether toks hold a distinctive token: weight 1,
// not a descriptor.
func distinctive(toks []string) bool {
	for _, t := range toks {
		if tokenWeight(t) == 1 && !descriptors[t] {
			return true
		}
	}
	return false
}

// geoQualifiers returns the tokens of a company name that are a country
// in parentheses ("(HK)", "(Singapore)"): the jurisdiction marker with
// which a group names its local subsidiaries (HONG PANG GEMS & JEWELLERY
// (HK) CO. LIMITED is not HONG PANG GEMS & JEWELLERY COMPANY LIMITED).
func geoQualifiers(raw string) map[string]bool {
	var m map[string]bool
	for _, inner := range parenthesised(raw) {
		if k := NameKey(inner); len(k) == 1 {
			if _, ok := countryByName[k[0]]; ok {
				if m == nil {
					m = make(map[string]bool)
				}
				m[k[0]] = true
			}
		}
	}
	return m
}

// parenthesised returns the texts in parentheses of s, in order
// (unclosed or nested parentheses end the scan).
func parenthesised(s string) []string {
	var out []string
	for rest := s; ; {
		i := strings.IndexByte(rest, '(')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(rest[i:], ')')
		if j < 0 {
			return out
		}
		out = append(out, rest[i+1:i+j])
		rest = rest[i+j:]
	}
}

// dropTitles removes personTitles unless nothing else would remain.
func dropTitles(t []string) []string {
	out := make([]string, 0, len(t))
	for _, x := range t {
		if !personTitles[x] {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		return t
	}
	return out
}

// firstGiven returns the first token of weight 1 (Muhammad, Abu, al… are
// skipped: they are generic first elements of Arabic names), or the first
// token.
func firstGiven(t []string) string {
	for _, x := range t {
		if tokenWeight(x) == 1 {
			return x
		}
	}
	if len(t) > 0 {
		return t[0]
	}
	return ""
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
	"mohamad": true, "ahmad": true, "ahmed": true, "ali": true, "sheikh": true, "shaykh": true, "din": true,
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
// (weak aliases count WeakAliasFactor; two non-person names of different
// units — a branch and its head office, two branches — count
// BranchFactor), 0 if their kinds cannot be the same party (person,
// company/organization, vessel, aircraft are separate classes; unknown is
// compatible with all), multiplied by CountryPenalty when both have
// countries and none in common.
func Score(a, b graph.Entity) float64 {
	return score(prepare(&a), prepare(&b)).s
}

// match is the outcome of score: the score, the best pair of names and,
// when that pair names different units of an organisation, why.
type match struct {
	s      float64
	na, nb string
	apart  string
	// ia, ib index the best pair of names (score: a.names, b.names)
	ia, ib int
	// screening (bestNames with screen set): the best pair's name score
	// before the surname rule, and the surname that rule found missing
	name    float64
	missing string
}

// score compares two prepared entities.
func score(a, b *prepared) match {
	best := bestNames(a, b, false)
	if disjoint(a.countries, b.countries) {
		best.s *= CountryPenalty
	}
	return best
}

// mode is the containment mode of two kind classes: "p" for persons, "o"
// for companies, organizations and unknown kinds, "" for vessels and
// aircraft (a numbered or renamed hull is never a short form).
func mode(a, b string) string {
	switch {
	case a == "v" || b == "v" || a == "a" || b == "a":
		return ""
	case a == "p" || b == "p":
		return "p"
	}
	return "o"
}

// bestNames returns the best name similarity of a and b over every name
// and alias of each (weak aliases × WeakAliasFactor, different units ×
// BranchFactor), or a zero match when their kinds are incompatible. With
// screen set, a is a row and b a record: the screening token rules apply
// (tokenSim), a record's short form must keep a distinctive word
// (screenShortForm), and a person name whose surname is not matched
// counts SurnameFactor (surnameMissing).
func bestNames(a, b *prepared, screen bool) match {
	if !compatibleKinds(a.kind, b.kind) {
		return match{}
	}
	var best match
	m := mode(a.kind, b.kind)
	var al alignment
	for i := range a.names {
		for j := range b.names {
			x, y := &a.names[i], &b.names[j]
			s := nameSim(x, y, m, screen, &al)
			if x.weak || y.weak {
				s *= WeakAliasFactor
			}
			apart := ""
			if m == "o" {
				if apart = unitsApart(x.text, y.text, x.unit, y.unit); apart != "" {
					if screen && x.unit.sub != y.unit.sub {
						s *= ScreenUnitFactor
					} else {
						s *= BranchFactor
					}
				}
			}
			ns, missing := s, ""
			if screen && m == "p" && s > 0 {
				if missing = surnameMissing(x, y, &al); missing != "" {
					s *= SurnameFactor
				}
			}
			if s > best.s {
				best = match{s: s, na: x.text, nb: y.text, apart: apart, ia: i, ib: j, name: ns, missing: missing}
			}
		}
	}
	return best
}

// Containment parameters (docs/RESOLVE.md).
const (
	// ContainCover is the weighted share of the shorter name that must be
	// matched for the containment rule.
	ContainCover = 0.8
	// DifferentGivenFactor multiplies the score of two person names when
	// one is mostly contained in the other but lacks its first given name.
	DifferentGivenFactor = 0.9
	// BranchFactor multiplies the score of two non-person names of
	// different units (unitsApart): a branch, office or department and
	// the whole, or parts in different places. Such a match is never a
	// link, only a row for review (Resolve).
	BranchFactor = 0.85
)

// givenMatched reports whether the first given name of long (its first
// weight-1 given token, or its first given token as written) is matched
// by a token of short.
func givenMatched(long *name, partS []int8, short *name) bool {
	if long.first == "" {
		return true
	}
	for i := range short.toks {
		if i < 64 && partS[i] >= 0 {
			if t := long.toks[partS[i]]; t == long.first || t == long.first0 {
				return true
			}
		}
	}
	return false
}

// particles are tokens that do not count as a matched name part for the
// containment rule of persons.
var particles = map[string]bool{
	"al": true, "el": true, "bin": true, "ibn": true, "bint": true, "abu": true, "ben": true, "ould": true,
	"van": true, "von": true, "abd": true, "abdul": true, "din": true,
}

// alignment is how nameSim paired the tokens of two names a and b: for
// each token (at most the first 64 of each name), its partner in the
// other name (-1 for none), the similarity and the equivalence (how).
type alignment struct {
	partA, partB [64]int8
	simA, simB   [64]float64
	howA, howB   [64]how
}

// nameSim compares two prepared names. Tokens are paired greedily by
// similarity (tokenSim); a token left unpaired may pair with two unpaired
// tokens of the other name that it concatenates (AEROCARIBBEAN / AERO
// CARIBBEAN). Ma, Mb are the matched weights of each side (Σ sim·w).
// The score is the weighted Dice (Ma+Mb)/(Wa+Wb), halved when the names
// hold different numbers, raised by the containment rule: when the
// lighter name is matched for at least ContainCover of its weight C and
// is a plausible short form of the other (containable), the score is at
// least C·(0.9 + 0.1·Dice). al receives the pairing.
//
// With screen set (a the row's name, b the record's), the tokens are
// compared with the screening rules, and a record's name is a short form
// of the row's only if it keeps a distinctive word (screenShortForm).
func nameSim(a, b *name, mode string, screen bool, al *alignment) float64 {
	if a.weight == 0 || b.weight == 0 {
		return 0
	}
	type cand struct {
		i, j int
		s    float64
		h    how
	}
	na, nb := len(a.toks), len(b.toks)
	if na > 64 || nb > 64 {
		na, nb = min(na, 64), min(nb, 64)
	}
	var buf [64]cand
	cs := buf[:0]
	for i := 0; i < na; i++ {
		for j := 0; j < nb; j++ {
			if s, h := tokenSim(a, i, b, j, screen); s > 0 {
				cs = append(cs, cand{i, j, s, h})
			}
		}
	}
	simA, simB, partA, partB := al.simA[:], al.simB[:], al.partA[:], al.partB[:]
	for i := 0; i < na; i++ {
		partA[i], simA[i], al.howA[i] = -1, 0, howNone
	}
	for j := 0; j < nb; j++ {
		partB[j], simB[j], al.howB[j] = -1, 0, howNone
	}
	if len(cs) > 0 {
		// by decreasing similarity, then position: a total order, so that
		// the greedy pairing does not depend on the sort algorithm
		slices.SortFunc(cs, func(x, y cand) int {
			switch {
			case x.s != y.s:
				return cmp.Compare(y.s, x.s)
			case x.i != y.i:
				return x.i - y.i
			}
			return x.j - y.j
		})
		for _, c := range cs {
			if partA[c.i] >= 0 || partB[c.j] >= 0 {
				continue
			}
			partA[c.i], partB[c.j] = int8(c.j), int8(c.i)
			simA[c.i], simB[c.j] = c.s, c.s
			al.howA[c.i], al.howB[c.j] = c.h, c.h
		}
	}
	joinPairs(a, b, na, nb, simA, simB, partA, partB, al.howA[:], al.howB[:])
	joinPairs(b, a, nb, na, simB, simA, partB, partA, al.howB[:], al.howA[:])
	ma, mb := 0.0, 0.0
	for i := 0; i < na; i++ {
		ma += simA[i] * a.w[i]
	}
	for j := 0; j < nb; j++ {
		mb += simB[j] * b.w[j]
	}
	if ma == 0 && mb == 0 {
		return 0
	}
	dice := (ma + mb) / (a.weight + b.weight)
	if numbersDiffer(a.toks, b.toks) {
		return dice * 0.5 // SAM JONG 1 is not SAM JONG 2, NOOR is not NOOR 1
	}
	s := dice
	// the lighter name is the candidate short form
	short, long, ms := a, b, ma
	partS, simS, partL := partA, simA, partB
	if b.weight < a.weight || b.weight == a.weight && mb/b.weight > ma/a.weight {
		short, long, ms = b, a, mb
		partS, simS, partL = partB, simB, partA
	}
	c := ms / short.weight
	switch {
	case c < ContainCover:
	case mode == "p" && !short.kunya && !givenMatched(long, partS, short):
		// the shorter name lacks the other's own given name: a relative
		// (father/daughter share the rest of a nasab or a surname)
		s *= DifferentGivenFactor
	case mode == "o" && siblingShape(short, long, partS, partL):
		// a generic word kept, a distinctive word of the other missing:
		// another company of the same group, not a short form
	case screen && mode == "o" && short == b && !screenShortForm(short, long, partS, simS, partL):
		// a record's short name without a distinctive word of its own
		// (an acronym, a three-letter alias) inside a longer row name
	case screen && mode == "p" && short == b && rowNamePartLeft(long, partL):
		// a record's person name inside a longer row name that has a
		// name part of its own left over (PAK CHUN IL is not PAK, Chun)
	case mode != "" && containable(short, long, partS, simS, mode == "p"):
		s = max(s, c*(0.9+0.1*dice))
	}
	return min(1, s)
}

// siblingShape reports whether short is not a short form of long
// because it keeps generic words where long has a distinctive one it
// lacks: short keeps a matched descriptor (a generic word: INVESTMENT)
// while long has, between two of its matched tokens, an unmatched
// distinctive token (3+ letters, weight 1, not a descriptor, not a
// country); or short is made of generic words only (name.generic) and
// long has such a token anywhere. A short form of an organisation's name
// drops the generic words and keeps the distinctive one (CST for "A Level
// Aerosystems CST"), or drops a qualifier at either end — the place
// prefix of Chinese and Korean names (NANJING KAIKAI TECHNOLOGY), the "of
// Uzbekistan" of a branch; a name that keeps the generic word but lacks a
// word inside the other's trade name names another company of the same
// group (GHADIR INVESTMENT, GHADIR ETEZAD INVESTMENT), and a name of
// generic words only is not the short form of a name with a distinctive
// word (AL-JIHAD, JIHAD AL-BINA).
func siblingShape(short, long *name, partS, partL []int8) bool {
	kept := short.generic
	for i, t := range short.toks {
		if i < 64 && partS[i] >= 0 && descriptors[t] {
			kept = true
			break
		}
	}
	if !kept {
		return false
	}
	lo, hi := -1, -1 // positions of the first and last matched tokens of long
	for i := range long.toks {
		if i < 64 && partL[i] >= 0 {
			if p := long.info[i].pos; lo < 0 || p < lo {
				lo = p
			}
			hi = max(hi, long.info[i].pos)
		}
	}
	for i, t := range long.toks {
		if i < 64 && partL[i] < 0 && len(t) >= 3 && !descriptors[t] && !long.info[i].geo && !isCountryWord(t) &&
			tokenWeight(t) == 1 && (short.generic || long.info[i].pos > lo && long.info[i].pos < hi) {
			return true
		}
	}
	return false
}

// isCountryWord reports whether t (3+ letters) names a country.
func isCountryWord(t string) bool {
	_, ok := countryByName[t]
	return ok && len(t) >= 3
}

// joinPairs pairs each unpaired token of a (6+ letters) with two unpaired
// tokens of b whose concatenation, in either order, is the token or has
// its skeleton: joined or split words (AEROCARIBBEAN, AERO-CARIBBEAN).
func joinPairs(a, b *name, na, nb int, simA, simB []float64, partA, partB []int8, howA, howB []how) {
	for i := 0; i < na; i++ {
		if partA[i] >= 0 || len(a.toks[i]) < 6 {
			continue
		}
	search:
		for x := 0; x < nb; x++ {
			if partB[x] >= 0 || !strings.HasPrefix(a.info[i].skel, b.info[x].skel[:1]) {
				continue
			}
			for y := 0; y < nb; y++ {
				if y == x || partB[y] >= 0 || len(b.toks[x])+len(b.toks[y]) != len(a.toks[i]) &&
					len(b.info[x].skel)+len(b.info[y].skel) != len(a.info[i].skel) {
					continue
				}
				if isConcat(a.toks[i], b.toks[x], b.toks[y]) || isConcat(a.info[i].skel, b.info[x].skel, b.info[y].skel) {
					partA[i], partB[x], partB[y] = int8(x), int8(i), int8(i)
					simA[i], simB[x], simB[y] = 1, 1, 1
					howA[i], howB[x], howB[y] = howJoined, howJoined, howJoined
					break search
				}
			}
		}
	}
}

// isConcat reports whether s is p followed by q.
func isConcat(s, p, q string) bool {
	return len(s) == len(p)+len(q) && strings.HasPrefix(s, p) && strings.HasSuffix(s, q)
}

// containable reports whether short, matched for most of its weight
// against long (partS: the partner index in long of each token of short,
// simS its similarity), may be a short form of long rather than a
// different party that shares part of its name:
//
//   - persons: at least two matched tokens of short are name parts (not
//     particles such as al, bin, abu) and one has weight 1, the first
//     given name of long is matched (a daughter "Rana Saddam Hussein" is
//     not her father "Saddam Hussein": her own given name comes first),
//     and when both have the "SURNAME, Given" form the surname of short
//     is matched within the surname of long;
//   - others: at least one token of weight 1 and 3+ characters matched
//     by a token of 3+ characters, not by an initial (MITEC is not the
//     M. of M. BABAIE INDUSTRIES; a company is commonly named by its
//     distinctive word: CST for
//     "A Level Aerosystems CST", IZHMASH for "NPO IZHMASH"), or short
//     is a name of generic words only (ISLAMIC JIHAD GROUP for "Islamic
//     Jihad Group of Uzbekistan"; siblingShape has ruled out a long name
//     with a distinctive word short lacks).
func containable(short, long *name, partS []int8, simS []float64, person bool) bool {
	if !person {
		for i := range short.toks {
			if i < 64 && partS[i] >= 0 && short.w[i] == 1 && len(short.toks[i]) >= 3 && len(long.toks[partS[i]]) >= 3 {
				return true
			}
		}
		return short.generic
	}
	parts, full := 0, false
	matched := make(map[string]bool, len(short.toks))
	for i := range short.toks {
		if i >= 64 || partS[i] < 0 {
			continue
		}
		matched[long.toks[partS[i]]] = true
		if particles[short.toks[i]] {
			continue
		}
		parts++
		if short.w[i] == 1 {
			full = true
		}
	}
	if parts < 2 || !full {
		return false
	}
	if short.sur != nil && long.sur != nil {
		ls := make(map[string]bool, len(long.sur))
		for _, t := range long.sur {
			ls[t] = true
		}
		for i, t := range short.toks {
			if i >= 64 || !contains(short.sur, t) || particles[t] {
				continue
			}
			if partS[i] < 0 || !ls[long.toks[partS[i]]] {
				return false
			}
		}
	}
	return true
}

func contains(s []string, t string) bool {
	for _, x := range s {
		if x == t {
			return true
		}
	}
	return false
}

// numbersDiffer reports whether the two token lists hold different
// numbers: different ones, or numbers on one side only.
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
	return !slices.Equal(na, nb)
}
