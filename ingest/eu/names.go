package eu

import (
	"strings"
	"unicode"

	"github.com/ownex/ownex/ingest"
)

// FactNameLanguage is the fact type that keeps the language of an alias
// (a name other than the display name): "<LANG>: <name>", e.g. "DE:
// Parchin-Militärbasis" (nameLanguage upper case).
const FactNameLanguage = "name-language"

// whole is the name's wholeName, else its first, middle and last names.
func (n nameAlias) whole() string {
	if w := ingest.Clean(n.WholeName); w != "" {
		return w
	}
	return ingest.JoinNonEmpty(" ", n.FirstName, n.MiddleName, n.LastName)
}

// weak reports a strong="false" name.
func (n nameAlias) weak() bool { return strings.EqualFold(ingest.Clean(n.Strong), "false") }

// primaryName picks the display name among names: among the strong names
// (all names when none is strong), the first whose nameLanguage equals its
// regulationLanguage (case-insensitive), else the first written in Latin
// script, else the first. ok is false when no name has any text.
func primaryName(names []nameAlias) (name string, ok bool) {
	var strong, all []nameAlias
	for _, n := range names {
		if n.whole() == "" {
			continue
		}
		all = append(all, n)
		if !n.weak() {
			strong = append(strong, n)
		}
	}
	cands := strong
	if len(cands) == 0 {
		cands = all
	}
	if len(cands) == 0 {
		return "", false
	}
	for _, n := range cands {
		if lang := ingest.Clean(n.Language); lang != "" && strings.EqualFold(lang, ingest.Clean(n.RegLang)) {
			return n.whole(), true
		}
	}
	for _, n := range cands {
		if latin(n.whole()) {
			return n.whole(), true
		}
	}
	return cands[0].whole(), true
}

// latin reports whether every letter of s is in Latin script (s has at
// least one letter).
func latin(s string) bool {
	letters := 0
	for _, r := range s {
		if !unicode.IsLetter(r) {
			continue
		}
		if !unicode.Is(unicode.Latin, r) {
			return false
		}
		letters++
	}
	return letters > 0
}
