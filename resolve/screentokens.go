package resolve

import (
	"slices"
	"strings"
)

// The token rules of screening (tokenSim with screen set). Screening
// compares a client's spelling of a name with every record of a store,
// not two list records that already share a rare token (Resolve blocks on
// one): an equivalence loose enough for linking lists finds, among tens of
// thousands of records, a record that merely sounds alike. So screening
// keeps the key equivalences for tokens that are still alike, and adds
// the variants that transliteration and typing produce and the lists'
// own spellings do not show.

// ScreenKeyLikeness is the normalised Levenshtein similarity of their
// skeletons that two tokens need, in screening, for an equal consonant
// skeleton or phonetic key to count: SMIRNOV and ZAMORANO share the
// phonetic key smrn (0.375), Soleimani and Sulemani (0.67), Javaid and
// Javed (0.67) remain equivalent.
const ScreenKeyLikeness = 0.65

// screenVariant decides, before any other rule, the pairs of different
// tokens that screening reads otherwise than Resolve (done set):
//
//   - the Arabic article however written (al, el, ul, ol): 0.95;
//   - the Korean surname 이/리 (Ri in the North, Yi, Lee, Rhee, I in the
//     South, Li): 0.95; ㅈ written ch (McCune-Reischauer) or j (Revised
//     Romanization) at the start of a syllable of up to five letters
//     (Chong, Jong; Chol, Jol): 0.9;
//   - a name and its nisba (the same name with -i or -y: Ahmad, Ahmadi;
//     Karim, Karimi; Hossein, Hosseini): another name, 0;
//   - first letters that no transliteration confuses (initialGroups): 0
//     (YANG and ZHANG share the skeleton iang).
func screenVariant(x, y string) (float64, how, bool) {
	switch {
	case arabicArticle[x] && arabicArticle[y]:
		return 0.95, howSpelling, true
	case koreanRi[x] && koreanRi[y]:
		return 0.95, howSpelling, true
	case len(x) <= 5 && len(y) <= 5 && (chj(x, y) || chj(y, x)):
		return 0.9, howSpelling, true
	case nisba(x, y) || nisba(y, x):
		return 0, howNone, true
	case !initialsCompatible(x, y):
		return 0, howNone, true
	}
	return 0, howNone, false
}

// arabicArticle are the spellings of the article al- as a token.
var arabicArticle = map[string]bool{"al": true, "el": true, "ul": true, "ol": true}

// koreanRi are the romanisations of the Korean surname 이/리 (and the
// Chinese 李 Li, which Korean and Hong Kong records write alike).
var koreanRi = map[string]bool{"ri": true, "yi": true, "lee": true, "li": true, "rhee": true, "i": true, "rhie": true, "yee": true}

// chj reports whether x is ch + r and y is j + r.
func chj(x, y string) bool {
	return len(x) >= 3 && x[:2] == "ch" && len(y) >= 2 && y[0] == 'j' && x[2:] == y[1:]
}

// nisba reports whether y is x with -i or -y, x of four letters or more
// ending in a consonant (CASTROI is a typo, not a nisba).
func nisba(x, y string) bool {
	return len(x) >= 4 && len(y) == len(x)+1 && (y[len(x)] == 'i' || y[len(x)] == 'y') && y[:len(x)] == x &&
		!isVowel(x[len(x)-1])
}

// initialGroups are the first letters that the transliterations of one
// name may begin with: vowels and the semivowels that stand for them
// (Yevgeniy, Evgeniy, Iurii, Jurij; Osama, Usama; Ebrahim, Ibrahim); k,
// q, c, g, h (Qasim, Kasim; Khaled, Haled; Gholam, Qolam); g, j (Egyptian
// Gamal, Jamal); z, j, s (Zhukov, Joukov); f, p (Fyodor, Phedor); v, w
// (Valid, Walid); t, d (Tariq, Dariq is not, but Tawfiq and Dawfiq are
// not names either: t/d are kept apart). Two tokens whose first letters
// share no group are different names in screening, whatever their other
// letters (YANG and ZHANG share the skeleton iang).
var initialGroups = []string{"aeiouyj", "kqcgh", "gj", "zjs", "fp", "vw"}

// initialsCompat[x][y] reports whether first letters x and y share a group.
var initialsCompat [26][26]bool

func init() {
	for i := range initialsCompat {
		initialsCompat[i][i] = true
	}
	for _, g := range initialGroups {
		for i := 0; i < len(g); i++ {
			for j := 0; j < len(g); j++ {
				initialsCompat[g[i]-'a'][g[j]-'a'] = true
			}
		}
	}
}

// initialsCompatible reports whether tokens x and y (non-empty) may be
// transliterations of one name by their first letters.
func initialsCompatible(x, y string) bool {
	a, b := x[0], y[0]
	if a == b {
		return true
	}
	if a < 'a' || a > 'z' || b < 'a' || b > 'z' {
		return false
	}
	return initialsCompat[a-'a'][b-'a']
}

// vowelsOnly compares skeletons a and b (of different tokens) of the
// same length that differ only in vowels: 1 when they differ in at most
// two vowels that transliterations interchange, -1 when a vowel differs
// otherwise, 0 when they differ in a consonant or in length. French and
// colloquial spellings of Arabic and Persian write e for any short vowel
// (Ahmad, Ahmed; Ebrahim, Ibrahim; Yusuf, Yousef; Younes, Yunus) and o
// for u (Omar, Umar; Osama, Usama); a, i and u otherwise stand apart:
// Jamal and Jamil, Karim and Karam, Amir and Omar are other names.
// tokenSim takes -1 as a verdict for tokens of up to five letters only: in
// a longer one, a vowel is as often a typo.
func vowelsOnly(a, b string) int {
	if len(a) != len(b) || a == b {
		return 0
	}
	n, other := 0, false
	for k := 0; k < len(a); k++ {
		x, y := a[k], b[k]
		if x == y {
			continue
		}
		if !isVowel(x) || !isVowel(y) {
			return 0
		}
		if x != 'e' && y != 'e' && !(x == 'o' && y == 'u' || x == 'u' && y == 'o') {
			other = true
		}
		n++
	}
	if other || n > 2 {
		return -1
	}
	return 1
}

func isVowel(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

// Typo allowance of screening (typoSim): how many edits (insertions,
// deletions, substitutions, transpositions of adjacent letters) two
// tokens may differ by grows with their length: none below
// TypoMinLength letters (a letter of a four-letter token is a quarter of
// it: Omar, Amar), one from TypoMinLength (but no substitution in five
// letters: Davis, David; Qasir, Qasim; Hamis, Hamid), two from
// TypoTwoLength (DSBBSAHI, DABBASHI). A typo keeps the first letter.
const (
	TypoMinLength = 5
	TypoTwoLength = 8
)

// transposed reports whether a and b differ only by two adjacent letters
// swapped.
func transposed(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i+1 < len(a); i++ {
		if a[i] != b[i] {
			return a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
		}
	}
	return false
}

// typoSim returns, for tokens x and y (or their skeletons sx, sy) within
// the edit allowance of their length, the similarity 1 - 0.6·d/L (d the
// fewest edits, L the longer length: one edit in five letters 0.88, in
// eight 0.925, two in nine 0.87), else 0.
func typoSim(x, y, sx, sy string) float64 {
	best := 0.0
	for _, p := range [2][2]string{{x, y}, {sx, sy}} {
		a, b := p[0], p[1]
		short, long := min(len(a), len(b)), max(len(a), len(b))
		allow := 0
		switch {
		case short >= TypoTwoLength:
			allow = 2
		case short >= TypoMinLength:
			allow = 1
		}
		if allow == 0 || long-short > allow || a[0] != b[0] {
			continue
		}
		d := osa(a, b, allow)
		if d > allow || long == TypoMinLength && d == 1 && !transposed(a, b) {
			continue
		}
		best = max(best, 1-0.6*float64(d)/float64(long))
	}
	return best
}

// osa returns the optimal string alignment distance of a and b (edits:
// insertion, deletion, substitution, transposition of two adjacent
// bytes), or max+1 when it exceeds max.
func osa(a, b string, max int) int {
	la, lb := len(a), len(b)
	if la > 63 || lb > 63 {
		return max + 1
	}
	var rows [3][64]int
	pp, p, c := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= lb; j++ {
		p[j] = j
	}
	for i := 1; i <= la; i++ {
		c[0] = i
		low := i
		for j := 1; j <= lb; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(p[j]+1, c[j-1]+1, p[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, pp[j-2]+1)
			}
			c[j] = v
			low = min(low, v)
		}
		if low > max {
			return max + 1
		}
		pp, p, c = p, c, pp
	}
	return p[lb]
}

// noiseWords are the words that screening reads through a typo in a row
// (fuzzyOrderedKey), by first letter: the legal forms of one word
// (legalForms) and the person titles (personTitles) of five letters or
// more. A row
// writes LIMIITED or CORPPRATIPN, SHIEKH or SHSYKH; left as they are they
// would be distinctive words the record lacks.
var noiseWords = map[byte][]string{}

func init() {
	add := func(w string) {
		if len(w) >= TypoMinLength && !contains(noiseWords[w[0]], w) {
			noiseWords[w[0]] = append(noiseWords[w[0]], w)
		}
	}
	for _, f := range legalForms {
		if w := strings.Fields(strings.ReplaceAll(f, "-", " ")); len(w) == 1 {
			add(w[0]) // not the words of phrases: HOLDINGS is no typo of the holding of "holding company"
		}
	}
	for w := range personTitles {
		add(w)
	}
}

// fuzzyNoise returns the noise word (noiseWords) that t, of six letters
// or more and not one itself, is one edit from (typoSim: same first
// letter), or "": two edits would take COOPERATION for CORPORATION.
func fuzzyNoise(t string) string {
	if len(t) <= TypoMinLength {
		return ""
	}
	ws := noiseWords[t[0]]
	if contains(ws, t) {
		return ""
	}
	for _, w := range ws {
		if len(w) >= len(t)-1 && len(w) <= len(t)+1 && osa(t, w, 1) <= 1 {
			return w
		}
	}
	return ""
}

// givenByFirst are the spellings of the given names that canonToken reads
// as one (givenNames, hypocoristics: skeletons), by first letter. Filled
// by init once those tables are (phonetic.go's init runs first).
var givenByFirst = map[byte][]string{}

func init() {
	for _, t := range []map[string]string{givenNames, hypocoristics} {
		for k := range t {
			if len(k) >= TypoTwoLength-2 {
				givenByFirst[k[0]] = append(givenByFirst[k[0]], k)
			}
		}
	}
	for _, ks := range givenByFirst {
		slices.Sort(ks) // a deterministic choice in fuzzyGiven
	}
}

// fuzzyGiven returns the spelling of a given name (givenByFirst) whose
// skeleton t's is a typo of, when t is not one itself, or "": a row's
// ALEVANDER is the Alexander that a record reads as aleksandr. Only for
// tokens of TypoTwoLength letters or more: shorter surnames lie one edit
// from a given name too often (Barrios, Barys); and a name that extends
// the other or that it extends is no typo of it (Petrov, Petro).
func fuzzyGiven(t string) string {
	sk := skeleton(t)
	if len(sk) < TypoTwoLength {
		return "" // BARRIOS is no typo of Barys
	}
	if _, ok := givenNames[sk]; ok {
		return ""
	}
	if _, ok := hypocoristics[sk]; ok {
		return ""
	}
	for _, k := range givenByFirst[sk[0]] {
		if len(k) >= len(sk)-2 && len(k) <= len(sk)+2 && !strings.HasPrefix(sk, k) && !strings.HasPrefix(k, sk) &&
			typoSim(sk, k, sk, k) > 0 {
			return k
		}
	}
	return ""
}

// fuzzyOrderedKey is orderedKey for a screening row: a token that is a
// typo of a legal-form word or a title (fuzzyNoise) is read as that word
// before legal forms, stopwords and titles go, and one that is a typo of
// a given name that canonToken reads (fuzzyGiven) as that name.
func fuzzyOrderedKey(name string) []string {
	toks := nameTokens(name)
	for i, t := range toks {
		if w := fuzzyNoise(t); w != "" {
			toks[i] = w
		} else if w := fuzzyGiven(t); w != "" {
			toks[i] = w
		}
	}
	return keptTokens(toks)
}
