package resolve

import (
	"sort"
	"strings"
)

// unitWords name a part of an organisation: a branch, an office, a
// department … (English, and the usual words of the lists' other
// languages). A name that holds one names that part, not the whole.
var unitWords = map[string]bool{
	"branch": true, "branches": true, "office": true, "offices": true, "department": true, "bureau": true,
	"division": true, "representation": true, "filial": true, "filiale": true, "filiala": true,
	"sucursal": true, "succursale": true, "niederlassung": true, "zweigniederlassung": true,
	"predstavitelstvo": true, "filiya": true,
}

// regionWords are places above countries that groups name their units
// after ("(ASIA)", "(EASTERN EUROPE)").
var regionWords = map[string]bool{
	"asia": true, "europe": true, "africa": true, "america": true, "pacific": true, "gulf": true,
	"middle": true, "east": true, "eastern": true, "western": true, "north": true, "south": true,
	"latin": true, "caribbean": true, "mena": true, "emea": true, "apac": true,
}

// unit is what a non-person name says of the part of an organisation it
// names: sub is set when the name holds a unit qualifier (text after a
// colon, a country, region or unit word in parentheses, a unit word
// anywhere); places are the places the qualifier names (ISO codes for
// countries, else its words), empty when it names none.
type unit struct {
	sub    bool
	places []string
}

// unitOf reads the unit qualifiers of a name as written:
//
//   - the text after a colon ("AL-HARAMAIN: AFGHANISTAN BRANCH",
//     "AL-HARAMAIN FOUNDATION : COMOROS ISLANDS"), whatever it says;
//   - a text in parentheses that is a country ("(BELGIUM)", "(HK)",
//     "(U.K.)"), or whose words are all countries, regions or unit words
//     ("(ASIA PACIFIC)", "(LEBANON BRANCH)"), or that holds a unit word;
//     other parentheses are acronyms and legal forms ("(MUJAO)", "(PVT)");
//   - a unit word anywhere (BANK MELLI IRAN HAMBURG BRANCH).
//
// A city in parentheses is not recognised (there is no gazetteer): it
// counts only after a colon.
func unitOf(raw string) unit {
	var u unit
	head := raw
	if i := strings.IndexByte(raw, ':'); i >= 0 {
		head = raw[:i]
		u.sub = true
		u.places = append(u.places, placesOf(raw[i+1:])...)
	}
	for _, inner := range parenthesised(head) {
		if isQualifier(inner) {
			u.sub = true
			u.places = append(u.places, placesOf(inner)...)
		}
	}
	for _, t := range nameTokens(head) {
		if unitWords[t] {
			u.sub = true
		}
	}
	sort.Strings(u.places)
	return u
}

// isQualifier reports whether a text in parentheses qualifies the name as
// a unit (see unitOf).
func isQualifier(s string) bool {
	toks := orderedKey(s)
	if len(toks) == 0 {
		return false
	}
	if _, ok := countryOf(s); ok {
		return true
	}
	all := true
	for _, t := range toks {
		if unitWords[t] {
			return true
		}
		if !isCountryWord(t) && !regionWords[t] {
			all = false
		}
	}
	return all
}

// placesOf returns the places a qualifier names: the ISO code of the
// whole text when it is a country, else each word, a country name (3+
// letters) as its code; unit words are dropped.
func placesOf(s string) []string {
	var toks []string
	for _, t := range orderedKey(s) {
		if !unitWords[t] {
			toks = append(toks, t)
		}
	}
	if len(toks) == 0 {
		return nil
	}
	if c, ok := countryOf(s); ok {
		return []string{c}
	}
	if c, ok := countryOf(strings.Join(toks, " ")); ok {
		return []string{c}
	}
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if isCountryWord(t) {
			t = countryByName[t]
		}
		out = append(out, t)
	}
	return out
}

// unitsApart says why two non-person names name different parts of an
// organisation, or "": one has a unit qualifier and the other not (a
// branch and its head office, "AL-AQSA FOUNDATION" and "Al-Aqsa
// Foundation (Belgium)"), or both name places and share none (the
// Afghanistan and the Albania branches).
func unitsApart(na, nb string, a, b unit) string {
	switch {
	case a.sub && !b.sub:
		return "'" + na + "' names a branch, office or part, '" + nb + "' does not"
	case b.sub && !a.sub:
		return "'" + nb + "' names a branch, office or part, '" + na + "' does not"
	case a.sub && len(a.places) > 0 && len(b.places) > 0 && !intersects(a.places, b.places):
		return "'" + na + "' and '" + nb + "' name parts in different places"
	}
	return ""
}

// intersects reports whether two sorted string slices share an element.
func intersects(a, b []string) bool {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			return true
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return false
}
