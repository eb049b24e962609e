package resolve

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
const ScreenKeyLikeness = 0.5

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

// vowelVariant reports whether skeletons a and b (of different tokens)
// differ only in at most two vowels that transliterations of Arabic,
// Persian and Turkic names interchange: a/e (Ahmad, Ahmed; Mohammad,
// Mohammed), e/i (Ebrahim, Ibrahim; Esmail, Ismail), o/u (Omar, Umar;
// Osama, Usama; Mostafa, Mustafa). a/o, a/i and a/u are not
// interchanged: Amir and Omar, Hamid and Humid are different names.
func vowelVariant(a, b string) bool {
	if len(a) != len(b) || a == b {
		return false
	}
	n := 0
	for k := 0; k < len(a); k++ {
		x, y := a[k], b[k]
		if x == y {
			continue
		}
		if x > y {
			x, y = y, x
		}
		if !(x == 'a' && y == 'e' || x == 'e' && y == 'i' || x == 'o' && y == 'u') {
			return false
		}
		n++
	}
	return n <= 2
}

// Typo allowance of screening (typoSim): how many edits (insertions,
// deletions, substitutions, transpositions of adjacent letters) a token
// may differ by, by the length of the shorter token.
const (
	// TypoMinLength is the shortest token that may hold one edit: a
	// letter of a four-letter token is a quarter of it (Omar, Amar).
	TypoMinLength = 5
	// TypoTwoLength is the shortest token that may hold two edits.
	TypoTwoLength = 9
)

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
		if allow == 0 || long-short > allow {
			continue
		}
		if d := osa(a, b, allow); d <= allow {
			best = max(best, 1-0.6*float64(d)/float64(long))
		}
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
