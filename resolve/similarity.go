package resolve

import "strings"

// jaroWinkler returns the Jaro-Winkler similarity of a and b (bytes; the
// tokens are ASCII after NameKey except for scripts other than Latin).
func jaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	win := max(la, lb)/2 - 1
	if win < 0 {
		win = 0
	}
	var ma, mb [64]bool
	if la > 64 || lb > 64 {
		return levSim(a, b)
	}
	m := 0
	for i := 0; i < la; i++ {
		lo, hi := max(0, i-win), min(lb-1, i+win)
		for j := lo; j <= hi; j++ {
			if !mb[j] && a[i] == b[j] {
				ma[i], mb[j] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, k := 0, 0
	for i := 0; i < la; i++ {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			t++
		}
		k++
	}
	fm := float64(m)
	j := (fm/float64(la) + fm/float64(lb) + (fm-float64(t)/2)/fm) / 3
	p := 0
	for p < 4 && p < la && p < lb && a[p] == b[p] {
		p++
	}
	return j + float64(p)*0.1*(1-j)
}

// levSim is 1 - Levenshtein distance / length of the longer string.
func levSim(a, b string) float64 {
	if a == b {
		return 1
	}
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	var pbuf, cbuf [65]int
	prev, cur := pbuf[:0], cbuf[:0]
	if lb >= len(pbuf) {
		prev, cur = make([]int, 0, lb+1), make([]int, 0, lb+1)
	}
	prev, cur = prev[:lb+1], cur[:lb+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		for j := 1; j <= lb; j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return 1 - float64(prev[lb])/float64(max(la, lb))
}

// skeletonRules absorb the usual differences between transliteration
// systems (BGN/PCGN, ICAO, Czech, German, Scandinavian; English and
// French spellings of Arabic and Persian long vowels: oo, ou for u, ee
// for i — Pooya/Puya, Younous/Yunus, Ameen/Amin): applied in order.
var skeletonRules = strings.NewReplacer(
	"shch", "sh", "sch", "sh", "tch", "ch", "dzh", "j", "zh", "j", "zj", "j",
	"kh", "h", "ph", "f", "ck", "k", "tz", "ts", "x", "ks", "q", "k", "w", "v",
	"oo", "u", "ou", "u", "ee", "i",
)

// skeleton folds a token to a coarse spelling: transliteration variants
// of one name (Dmitriy, Dmitry, Dmitrii; Yuryevich, Jurjevic) share it.
func skeleton(t string) string {
	s := skeletonRules.Replace(t)
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == 'y' || c == 'j' {
			c = 'i'
		}
		if len(b) > 0 && b[len(b)-1] == c {
			continue // double letters collapse
		}
		b = append(b, c)
	}
	return string(b)
}

// TokenMatch is the similarity from which two different tokens count as
// the same (transliteration noise, a typo, a grammatical ending).
const TokenMatch = 0.85

// how names the equivalence that made two tokens similar (tokenSim); its
// String is what an explanation shows.
type how uint8

const (
	howNone how = iota
	howExact
	howSpelling   // equal skeletons: a transliteration or spelling variant
	howInitial    // an initial and a token it starts
	howVowels     // screening: vowels that transliterations interchange
	howConsonants // equal consonant skeletons
	howPhonetic   // equal phonetic keys
	howArticle    // the Arabic article fused in front
	howSimilar    // Jaro-Winkler and Levenshtein
	howTypo       // screening: within the edit allowance of the length
	howLiquid     // l/r
	howEgyptianG  // Egyptian g for j
	howClipped    // a clipped given name
	howJoined     // a token that two tokens of the other name make up (joinPairs)
)

var howNames = [...]string{"", "exact", "transliteration", "initial", "vowels", "consonants", "phonetic", "article",
	"similar", "typo", "l/r", "egyptian-g", "clipped", "joined"}

func (h how) String() string { return howNames[h] }

// tokenSim compares token i of a with token j of b (canonical NameKey
// tokens): 1 if equal; 0.95 if their skeletons are equal; 0.9 for an
// initial and a token it starts; for tokens of 4+ characters without
// digits: 0.9 if their consonant skeletons (3+ letters) or phonetic keys
// (phonKey, 3+ letters) are equal, 0.85 if their 2-letter phonetic keys
// are equal, 0.9 if one is the other with the Arabic article fused in
// front (ALJARBA, Jarba), else the mean of the Jaro-Winkler and
// normalised Levenshtein similarities (of the tokens or of their
// skeletons, whichever is higher) when it reaches TokenMatch; else 0.
//
// screen selects the screening rules (screenTokenRules): stricter
// transliteration equivalences, and the vowel and typo allowances.
func tokenSim(a *name, i int, b *name, j int, screen bool) (float64, how) {
	x, y := a.toks[i], b.toks[j]
	if x == y {
		return 1, howExact
	}
	if screen {
		if s, h, done := screenVariant(x, y); done {
			return s, h
		}
	}
	sa, sb := a.info[i].skel, b.info[j].skel
	if sa == sb {
		return 0.95, howSpelling
	}
	digits := a.info[i].digit || b.info[j].digit
	if len(x) == 1 || len(y) == 1 {
		// screening: an initial of an organisation's name is noise (the M
		// of M/S., the S of S. EN C.), not a word's first letter
		if len(x) != len(y) && x[0] == y[0] && !digits && (!screen || a.person || b.person) {
			return 0.9, howInitial // an initial
		}
		return 0, howNone
	}
	if screen && !digits && len(x) >= 3 && len(y) >= 3 {
		switch v := vowelsOnly(sa, sb); {
		case v == 1:
			return 0.9, howVowels // Omar/Umar, Ahmed/Ahmad, Ebrahim/Ibrahim
		case v == -1 && len(sa) <= 5:
			return 0, howNone // Jamal/Jamil, Amir/Omar
		}
	}
	if len(x) < 4 || len(y) < 4 || digits {
		return 0, howNone
	}
	// screening: a key equality counts only between tokens that are
	// still alike (SMIRNOV and ZAMORANO share a phonetic key)
	keys := !screen || levSim(sa, sb) >= ScreenKeyLikeness
	if ca, cb := a.info[i].cons, b.info[j].cons; keys && len(ca) >= 3 && ca == cb {
		return 0.9, howConsonants // Soleimani/Sulemani, Vladimir/Volodimir
	}
	if ka, kb := a.info[i].key, b.info[j].key; keys && ka == kb && ka != "" {
		switch n := len(strings.TrimPrefix(ka, "_")); {
		case n >= 3:
			return 0.9, howPhonetic
		case n == 2 && sa[0] == sb[0] && !screen: // screening: Saeed, Shahid
			return 0.85, howPhonetic
		}
	}
	if s := articleSim(sa, sb); s > 0 {
		return s, howArticle
	}
	s, h := 0.0, howNone
	// screening: in five letters one substitution is another name (Davis,
	// David; Khamis, Hamid): the typo rule alone decides there
	long := func(p, q string) bool { return !screen || min(len(p), len(q)) > TypoMinLength }
	if long(x, y) && editBound(x, y, a.info[i].set, b.info[j].set) >= TokenMatch {
		s = (jaroWinkler(x, y) + levSim(x, y)) / 2
	}
	if long(sa, sb) && editBound(sa, sb, a.info[i].sset, b.info[j].sset) >= TokenMatch {
		if k := (jaroWinkler(sa, sb) + levSim(sa, sb)) / 2; k > s {
			s = k
		}
	}
	if s < TokenMatch {
		s = 0
	} else {
		h = howSimilar
	}
	if screen {
		if t := typoSim(x, y, sa, sb); t > s {
			s, h = t, howTypo
		}
	}
	if s < 0.85 {
		if k := soundSim(a, i, b, j); k != howNone {
			s, h = 0.85, k
		}
	}
	return s, h
}

// letterSet is the set of a token's bytes in 32 buckets (a-z, then the
// other bytes modulo 6): editBound's input.
type letterSet uint32

func bucket(c byte) uint {
	if c >= 'a' && c <= 'z' {
		return uint(c - 'a')
	}
	return 26 + uint(c)%6
}

func setOf(t string) letterSet {
	var m letterSet
	for i := 0; i < len(t); i++ {
		m |= 1 << bucket(t[i])
	}
	return m
}

// outside counts the bytes of t whose bucket is not in m.
func outside(t string, m letterSet) int {
	n := 0
	for i := 0; i < len(t); i++ {
		if m&(1<<bucket(t[i])) == 0 {
			n++
		}
	}
	return n
}

// editBound is an upper bound of (jaroWinkler(x, y) + levSim(x, y)) / 2
// (mx, my: the letter sets of x and y), or 0 when that mean is surely
// below TokenMatch. Only the bytes of x whose letter y has can match, and
// conversely: c, the smaller of the two counts, bounds the Jaro matches
// (the prefix bonus is known) and the characters Levenshtein keeps of the
// longer string; and levSim is at most the ratio of the lengths, so a
// ratio under 0.7 keeps the mean under 0.85. tokenSim skips the two
// similarities when the bound is below TokenMatch (most token pairs
// compared share few letters).
func editBound(x, y string, mx, my letterSet) float64 {
	lx, ly := len(x), len(y)
	if lx == 0 || ly == 0 || mx&my == 0 {
		return 0
	}
	if 10*min(lx, ly) < 7*max(lx, ly) {
		return 0 // levSim <= min/max < 0.7: the mean is below TokenMatch
	}
	c := min(lx-outside(x, my), ly-outside(y, mx))
	if c <= 0 {
		return 0
	}
	fc := float64(c)
	j := (fc/float64(lx) + fc/float64(ly) + 1) / 3
	p := 0
	for p < 4 && p < lx && p < ly && x[p] == y[p] {
		p++
	}
	jw := min(1, j+float64(p)*0.1*(1-j))
	return (jw + fc/float64(max(lx, ly))) / 2
}

// soundSim returns the weaker token equivalence (scored 0.85) that
// neither skeletons nor phonetic keys capture, or howNone:
//
//   - l/r: equal skeletons once r and l are one letter, tokens of 6+
//     letters. Bantu languages of the Great Lakes (Kinyarwanda, Kirundi,
//     Luganda, Kinande), Japanese and Korean have one liquid phoneme,
//     written l or r as heard (Kakolele / Kakorere);
//   - Egyptian g: equal consonant skeletons (3+) once g, gu (before e, i)
//     and dj are read as j. Egyptian Arabic pronounces jīm [g], and
//     Egyptian names are written with g (Gamal, Naguib, Meguid) where
//     other spellings have j (Jamal, Najib, Majid);
//   - clipping, persons only: a token of 5+ letters that starts the other
//     with at least 3 more letters. Truncation is the commonest way to
//     shorten a long given name (Parlin for Parlindungan); the remainder
//     of 3+ letters keeps inflexions (Karim/Karimi) out, and 5 letters keep
//     short stems out.
func soundSim(a *name, i int, b *name, j int) how {
	x, y := a.toks[i], b.toks[j]
	if len(x) >= 6 && len(y) >= 6 && a.info[i].lr == b.info[j].lr { // skeletons differ (tokenSim)
		return howLiquid
	}
	if ca, cb := a.info[i].egc, b.info[j].egc; (a.info[i].hasG || b.info[j].hasG) && len(ca) >= 3 && ca == cb {
		return howEgyptianG
	}
	if a.person && b.person {
		if len(x) > len(y) {
			x, y = y, x
		}
		if len(x) >= 5 && len(y) >= len(x)+3 && strings.HasPrefix(y, x) {
			return howClipped
		}
	}
	return howNone
}

// egyptianG reads g (and gu before e, i; dj) as j: Egyptian spelling of jīm.
var egyptianG = strings.NewReplacer("gue", "je", "gui", "ji", "dj", "j", "g", "j")

// articleSim is 0.9 when one skeleton is the other with al/el fused in
// front (Alfares/Fares), else 0.
func articleSim(a, b string) float64 {
	if len(b) > len(a) {
		a, b = b, a
	}
	if len(a) == len(b)+2 && len(b) >= 4 && (a[:2] == "al" || a[:2] == "el") && a[2:] == b {
		return 0.9
	}
	return 0
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// consonants drops the vowels of a skeleton: vowel spelling is the
// noisiest part of transliteration from Arabic, Persian and Slavic.
func consonants(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 'a', 'e', 'i', 'o', 'u':
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}
