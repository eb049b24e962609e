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
	prev := make([]int, lb+1)
	cur := make([]int, lb+1)
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
// systems (BGN/PCGN, ICAO, Czech, German, Scandinavian): applied in order.
var skeletonRules = strings.NewReplacer(
	"shch", "sh", "sch", "sh", "tch", "ch", "dzh", "j", "zh", "j", "zj", "j",
	"kh", "h", "ph", "f", "ck", "k", "tz", "ts", "x", "ks", "q", "k", "w", "v",
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

// tokenSim compares two NameKey tokens: 1 if equal, else the mean of the
// Jaro-Winkler and normalised Levenshtein similarities (of the tokens or
// of their skeletons, whichever is higher) when it reaches TokenMatch,
// else 0. Tokens shorter than 4 characters, or holding digits, must be
// equal (or have equal skeletons).
func tokenSim(a, b string, sa, sb string) float64 {
	if a == b {
		return 1
	}
	if sa == sb {
		return 0.95
	}
	if len(a) < 4 || len(b) < 4 || hasDigit(a) || hasDigit(b) {
		return 0
	}
	if ca, cb := consonants(sa), consonants(sb); len(ca) >= 3 && ca == cb {
		return 0.9 // Soleimani/Sulemani, Vladimir/Volodimir
	}
	s := (jaroWinkler(a, b) + levSim(a, b)) / 2
	if k := (jaroWinkler(sa, sb) + levSim(sa, sb)) / 2; k > s {
		s = k
	}
	if s < TokenMatch {
		return 0
	}
	return s
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
