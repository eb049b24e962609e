package resolve

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Date precisions of a published date.
const (
	precDay   = iota // 12 May 1977, 1977-05-12
	precMonth        // May 1977, 1977-05
	precYear         // 1977
	precRange        // 1960 to 1962, 01 Jan 1953 to 31 Dec 1954
)

// span is a published date read as the interval of days it covers, as
// YYYYMMDD numbers (a month runs to day 31 whatever its length: only the
// order matters). approx marks "circa", "approximately": the interval is
// then widened by a year on each side.
type span struct {
	lo, hi int
	prec   int
	approx bool
	text   string // as published
}

// exact reports whether s names one day, month or year, not a range nor
// an approximation: only such dates corroborate a name match.
func (s span) exact() bool { return s.prec <= precYear && !s.approx }

func (s span) overlaps(t span) bool { return s.lo <= t.hi && t.lo <= s.hi }

var (
	// notes in parentheses: "(Approximately)", "(from false passport)",
	// "(Sep.)"; a Hijri date is not read.
	parenNote = regexp.MustCompile(`\s*\(([^)]*)\)`)
	toSep     = regexp.MustCompile(`(?i)\s+to\s+`)
	yearRange = regexp.MustCompile(`^(\d{4})\s*[-–]\s*(\d{4})$`)
)

var months = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

// parseDate reads a date as the lists and registers publish it: ISO
// (1977-05-12, 1977-05, 1977), "12 May 1977", "May 1977", "May. 1977",
// "August 1977", ranges "A to B" (either end in any of those forms) and
// "1979-1982", each optionally after "circa" or with a note
// "(Approximately)". Notes in parentheses are dropped ("(from false
// passport)"), except a Hijri date, which is not read. ok is false for
// anything else ("Between Aug. and Sep. 1977", "30-35 years old"): such a
// date neither corroborates nor conflicts.
func parseDate(text string) (span, bool) {
	s := strings.TrimSpace(text)
	approx := false
	for _, m := range parenNote.FindAllStringSubmatch(s, -1) {
		note := strings.ToLower(m[1])
		switch {
		case strings.Contains(note, "hijri"):
			return span{}, false
		case strings.Contains(note, "approx"), strings.Contains(note, "circa"):
			approx = true
		}
	}
	s = strings.TrimSpace(parenNote.ReplaceAllString(s, ""))
	low := strings.ToLower(s)
	for _, p := range []string{"circa ", "approximately ", "approx. ", "about ", "ca. ", "c. "} {
		if strings.HasPrefix(low, p) {
			approx, s = true, strings.TrimSpace(s[len(p):])
			break
		}
	}
	var from, to string
	if m := yearRange.FindStringSubmatch(s); m != nil {
		from, to = m[1], m[2]
	} else if p := toSep.Split(s, -1); len(p) == 2 {
		from, to = p[0], p[1]
	}
	var sp span
	if from != "" {
		a, okA := parseOneDate(from)
		b, okB := parseOneDate(to)
		if !okA || !okB || b.hi < a.lo {
			return span{}, false
		}
		sp = span{lo: a.lo, hi: b.hi, prec: precRange}
	} else {
		var ok bool
		if sp, ok = parseOneDate(s); !ok {
			return span{}, false
		}
	}
	if approx {
		sp.approx = true
		sp.lo -= 10000
		sp.hi += 10000
	}
	sp.text = strings.TrimSpace(text)
	return sp, true
}

// parseOneDate reads one day, month or year. The 1st of January is read
// as its year (yearOnly).
func parseOneDate(s string) (span, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return daySpan(t.Year(), int(t.Month()), t.Day()), true
	}
	if t, err := time.Parse("2006-01", s); err == nil {
		return monthSpan(t.Year(), int(t.Month())), true
	}
	f := strings.Fields(strings.ReplaceAll(s, ".", " "))
	switch len(f) {
	case 1:
		if y, ok := year(f[0]); ok {
			return span{lo: ymd(y, 1, 1), hi: ymd(y, 12, 31), prec: precYear}, true
		}
	case 2:
		m, okM := months[strings.ToLower(f[0])]
		y, okY := year(f[1])
		if okM && okY {
			return monthSpan(y, m), true
		}
	case 3:
		d, err := strconv.Atoi(f[0])
		m, okM := months[strings.ToLower(f[1])]
		y, okY := year(f[2])
		if err == nil && okM && okY {
			if t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC); t.Day() == d && t.Month() == time.Month(m) {
				return daySpan(y, m, d), true
			}
		}
	}
	return span{}, false
}

func year(s string) (int, bool) {
	if len(s) != 4 || !allDigits(s) {
		return 0, false
	}
	y, _ := strconv.Atoi(s)
	return y, y >= 1000
}

func ymd(y, m, d int) int { return y*10000 + m*100 + d }

// daySpan is the span of one day, except the 1st of January, which is
// read as its whole year: registries and sanctions lists write 01/01 (or
// 1 January) when only the year of birth is known, a convention common
// enough that a 1 January date says no more than its year. So 01 Jan 1969
// neither conflicts with 07 Feb 1969 nor corroborates more than the year
// 1969 (RULES.md "Parties and links": "the same year where only years
// are known").
func daySpan(y, m, d int) span {
	if m == 1 && d == 1 {
		return span{lo: ymd(y, 1, 1), hi: ymd(y, 12, 31), prec: precYear}
	}
	return span{lo: ymd(y, m, d), hi: ymd(y, m, d), prec: precDay}
}

func monthSpan(y, m int) span {
	return span{lo: ymd(y, m, 1), hi: ymd(y, m, 31), prec: precMonth}
}
