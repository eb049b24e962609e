package resolve

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// stopwords carry no identity and are dropped from name keys.
var stopwords = map[string]bool{
	"and": true, "the": true, "of": true, "for": true, "und": true, "et": true,
	"y": true, "e": true, "i": true, "in": true, "on": true, "at": true, "by": true,
	"der": true, "die": true, "das": true, "le": true, "la": true, "les": true,
	"de": true, "del": true, "des": true, "du": true, "da": true, "do": true, "dos": true, "az": true,
}

// NameKey returns the sorted, de-duplicated tokens of name for matching:
//
//  1. Unicode NFKC, then lower case (full-width letters, ligatures and
//     compatibility forms fold to plain letters);
//  2. Cyrillic transliterated to Latin (tables in translit.go: Russian,
//     or Ukrainian/Belarusian national systems when the name has letters
//     of those languages), then
//     diacritics removed (NFD, combining marks dropped; ß, æ, ø, ł … folded);
//  3. apostrophes and dots deleted ("S.R.O." is "sro", "O'Neil" is
//     "oneil"), "&" read as "and", every other non-letter, non-digit a
//     separator;
//  4. legal-form words and phrases (legalform.go), then stopwords (and,
//     the, of, de, …) removed, unless nothing else would remain;
//  5. tokens sorted: token order is ignored.
//
// Scripts other than Latin and Cyrillic are kept as they are (lower-cased
// where the script has case) and so only match the same script.
func NameKey(name string) []string {
	kept := orderedKey(name)
	sort.Strings(kept)
	out := kept[:0]
	for i, t := range kept {
		if i == 0 || t != kept[i-1] {
			out = append(out, t)
		}
	}
	return out
}

// orderedKey applies steps 1-4 of NameKey and keeps the tokens in the
// order of the name (Score reads name structure from it). Legal forms go
// before stopwords, so that phrases holding a stopword ("sociedad de
// responsabilidad limitada") are recognised.
func orderedKey(name string) []string {
	return keptTokens(nameTokens(name))
}

// keptTokens applies step 4 of NameKey to tokens.
func keptTokens(toks []string) []string {
	toks = stripLegalForms(toks)
	kept := make([]string, 0, len(toks))
	for _, t := range toks {
		if !stopwords[t] {
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		kept = append(kept, toks...)
	}
	return kept
}

// nameTokens applies steps 1-3 of NameKey.
func nameTokens(name string) []string {
	s := strings.ToLower(norm.NFKC.String(name))
	lang := cyrillicLang(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	start := true
	for _, r := range s {
		if t, ok := translit(r, lang, start); ok {
			b.WriteString(t)
			start = false
			continue
		}
		start = !unicode.IsLetter(r)
		switch r {
		case '\'', '’', '‘', 'ʼ', 'ʹ', '`', '´', '.':
			continue // deleted, not a separator
		case '&':
			b.WriteString(" and ")
			continue
		}
		b.WriteRune(r)
	}
	d := norm.NFD.String(b.String())
	b.Reset()
	for _, r := range d {
		switch {
		case unicode.Is(unicode.Mn, r):
			// diacritic: dropped
		case r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			b.WriteRune(r)
		case r < 128:
			b.WriteByte(' ')
		default:
			if t, ok := latinFold[r]; ok {
				b.WriteString(t)
			} else if t, ok := cyrillic[unicode.ToLower(r)]; ok { // decomposed й, ё, ї recomposed below
				b.WriteString(t)
			} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
				b.WriteRune(unicode.ToLower(r))
			} else {
				b.WriteByte(' ')
			}
		}
	}
	return strings.Fields(b.String())
}
