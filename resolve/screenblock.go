package resolve

// Blocking keys of screening: a screening index (queries) files each
// distinct token of the store's names under these keys, and looks a
// row's tokens up under theirs, so that the records worth scoring are
// those sharing a token, or a variant of one, with the row. Each key has
// a factor: how much sharing it says about the two tokens.

// Key factors of TokenKeys.
const (
	KeyToken     = 1.0  // the same token
	KeySkeleton  = 0.95 // the same skeleton (transliteration, spelling)
	KeyVowels    = 0.9  // the same skeleton but for its vowels a/e/i, o/u
	KeyConsonant = 0.85 // the same consonants (3 or more)
	KeyDeletion  = 0.8  // one edit apart (a deletion of one is the other or its deletion)
	KeyAffix     = 0.6  // the same first or last four letters (long tokens, clipped names)
)

// TokenKeys calls fn with each blocking key of a canonical token (as
// EachToken gives it) and the key's factor: the token, its skeleton, its
// skeleton with vowels folded (a, e, i as a; o, u as o), its consonants,
// for tokens of TypoMinLength letters or more the token and each of its
// single-letter deletions, and its first and last four letters. Two
// tokens within one edit, or one transliteration step, of each other
// share a key. key is only valid during the call.
func TokenKeys(tok string, fn func(key []byte, factor float64)) {
	b := make([]byte, 0, 2+len(tok))
	put := func(kind byte, s string, f float64) {
		b = append(append(b[:0], kind, ':'), s...)
		fn(b, f)
	}
	put('t', tok, KeyToken)
	if len(tok) < 2 {
		return
	}
	sk := skeleton(tok)
	put('k', sk, KeySkeleton)
	if len(sk) >= 3 {
		put('v', foldVowels(sk), KeyVowels)
	}
	if c := consonants(sk); len(c) >= 3 {
		put('c', c, KeyConsonant)
	}
	if len(tok) >= TypoMinLength {
		put('d', tok, KeyDeletion)
		for i := 0; i < len(tok); i++ {
			if i > 0 && tok[i] == tok[i-1] {
				continue // the same deletion as the previous letter's
			}
			b = append(append(append(b[:0], 'd', ':'), tok[:i]...), tok[i+1:]...)
			fn(b, KeyDeletion)
		}
		put('p', tok[:4], KeyAffix)
		put('s', tok[len(tok)-4:], KeyAffix)
	}
}

// foldVowels reads a, e, i as a and o, u as o (blocking for vowelsOnly).
func foldVowels(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch c {
		case 'e', 'i':
			b[i] = 'a'
		case 'u':
			b[i] = 'o'
		}
	}
	return string(b)
}

// EachToken calls fn with each token of each of the record's names
// (name: its index) and the token's weight (static weight × rarity, once
// NewScreenScorer or Row has weighed it). A row's tokens are those of its
// name read as an organisation's (titles kept).
func (r *Record) EachToken(fn func(name int, tok string, weight float64)) {
	for k := range r.p.names {
		n := &r.p.names[k]
		for i, t := range n.toks {
			fn(k, t, n.w[i])
		}
	}
}

// TypoClose reports whether two tokens are within the typo allowance of
// their length (screening's typo rule): an index refines with it the
// tokens that only share an affix key with a row's token.
func TypoClose(a, b string) bool { return typoSim(a, b, a, b) > 0 }

// Tokens returns the fewest tokens of the record's names: of records that
// share as much with a row, the one whose name holds the fewest others is
// ranked first.
func (r *Record) Tokens() int {
	n := 0
	for k := range r.p.names {
		if t := len(r.p.names[k].toks); k == 0 || t < n {
			n = t
		}
	}
	return n
}
