package resolve

import (
	"strings"
)

// kindWords names kind classes in evidence.
var kindWords = map[string]string{"p": "person", "o": "organisation", "v": "vessel", "a": "aircraft"}

// conflicts returns the attributes on which a and b disagree, each as
// evidence ("birth dates 1977 ≠ 1970"); any of them vetoes every
// automatic link between the two (RULES.md section 2):
//
//   - kinds: person, organisation (company or organization), vessel and
//     aircraft are different things; an unknown kind conflicts with none;
//   - dates of birth: both records give some and no date of one overlaps
//     a date of the other (a record with several dates agrees when any
//     does; a year covers its days, a range its years, "circa Y" the
//     years Y-1 to Y+1);
//   - genders: both given, different;
//   - LEI, IMO, UK company number, INN, OGRN (uniqueSchemes): both have
//     the scheme and share no value;
//   - aircraft manufacturer's serial numbers: both given, none shared.
//
// Different passports or national ids are not a conflict: a person may
// hold several (of several countries, or renewed under a new number).
// Different aircraft registration marks are not one either: an aircraft
// is re-registered when sold or re-flagged; its serial number stays.
func conflicts(a, b *profile) []string {
	var out []string
	if a.kind != "" && b.kind != "" && a.kind != b.kind {
		out = append(out, "kinds "+kindWords[a.kind]+" ≠ "+kindWords[b.kind])
	}
	if len(a.births) > 0 && len(b.births) > 0 && !overlaps(a.births, b.births) {
		out = append(out, "birth dates "+spanTexts(a.births)+" ≠ "+spanTexts(b.births))
	}
	if a.gender != "" && b.gender != "" && a.gender != b.gender {
		out = append(out, "genders "+a.gender+" ≠ "+b.gender)
	}
	for _, s := range uniqueSchemes {
		if x, y := a.unique[s], b.unique[s]; len(x) > 0 && len(y) > 0 && !shareAny(x, y) {
			out = append(out, s+" "+strings.Join(x, "/")+" ≠ "+strings.Join(y, "/"))
		}
	}
	if len(a.serials) > 0 && len(b.serials) > 0 && !shareAny(a.serials, b.serials) {
		out = append(out, "aircraft serial numbers "+strings.Join(a.serials, "/")+" ≠ "+strings.Join(b.serials, "/"))
	}
	return out
}

// corroborate returns the method and evidence of an attribute that
// agrees between two records whose names match, or "" (RULES.md section
// 2). The person rules apply when either is a person, the organisation
// rules when either is a company or organization, both when both kinds
// are unknown:
//
//   - persons: a date of birth of each, one day, month or year (not a
//     range, not "circa"), that overlap: the same date, at the precision
//     of the less precise one (1977 and 12 May 1977 agree, May 1977 and
//     12 June 1977 do not) — method "name+birth-date"; else the same
//     passport or national id number (at least MinDocumentLength
//     characters; the same country when both give one) — "name+passport",
//     "name+national-id";
//   - organisations: a jurisdiction in common (the countries of their
//     registration numbers, their jurisdiction, their countries) and the
//     same registration or tax number (MinDocumentLength characters or
//     more; the same country when both give one) — "name+registration";
//     or the same date of incorporation to the day —
//     "name+incorporation-date".
func corroborate(a, b *profile) (method, evidence string) {
	both := a.kind == "" && b.kind == ""
	if a.kind == "p" || b.kind == "p" || both {
		if x, y, ok := overlap(a.births, b.births, true); ok {
			return "name+birth-date", "birth date " + x.text + " = " + y.text
		}
		if x, y, ok := sameNumber(a.docs, b.docs); ok {
			return "name+" + x.scheme, x.scheme + " " + x.String() + " = " + y.String()
		}
	}
	if a.kind == "o" || b.kind == "o" || both {
		j := common(a.juris, b.juris)
		if len(j) == 0 {
			return "", ""
		}
		where := "; jurisdiction " + strings.Join(j, "/")
		if x, y, ok := sameNumber(a.regs, b.regs); ok {
			return "name+registration", "registration " + x.String() + " = " + y.String() + where
		}
		for _, x := range a.founded {
			for _, y := range b.founded {
				if x.prec == precDay && y.prec == precDay && !x.approx && !y.approx && x.lo == y.lo {
					return "name+incorporation-date", "incorporation date " + x.text + " = " + y.text + where
				}
			}
		}
	}
	return "", ""
}

// sameList returns a sanctions list both records are entries of, or "".
func sameList(a, b *profile) string {
	for _, x := range a.lists {
		if contains(b.lists, x) {
			return x
		}
	}
	return ""
}

// sameNumber finds a number of a equal to one of b (see corroborate).
func sameNumber(a, b []document) (document, document, bool) {
	for _, x := range a {
		if len(x.value) < MinDocumentLength {
			continue
		}
		for _, y := range b {
			if x.value == y.value && (x.country == "" || y.country == "" || x.country == y.country) {
				return x, y, true
			}
		}
	}
	return document{}, document{}, false
}

// overlap returns a date of a and a date of b that overlap (exact: both
// exact dates, span.exact), if any.
func overlap(a, b []span, exact bool) (span, span, bool) {
	for _, x := range a {
		for _, y := range b {
			if x.overlaps(y) && (!exact || x.exact() && y.exact()) {
				return x, y, true
			}
		}
	}
	return span{}, span{}, false
}

func overlaps(a, b []span) bool {
	_, _, ok := overlap(a, b, false)
	return ok
}

func spanTexts(s []span) string {
	t := make([]string, len(s))
	for i, x := range s {
		t[i] = x.text
	}
	return strings.Join(t, "/")
}

func shareAny(a, b []string) bool {
	for _, x := range a {
		if contains(b, x) {
			return true
		}
	}
	return false
}

// common returns the elements of sorted a that are in b.
func common(a, b []string) []string {
	var out []string
	for _, x := range a {
		if contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
