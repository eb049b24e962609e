package ftm

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/ownex/ownex/graph"
)

// ParsePercentage reads the free text of an FtM Ownership `percentage`
// value as a share range. ok is false when the text is empty or cannot be
// read; the range is then graph.Unknown(). Accepted forms (case and
// spacing do not matter, "%", "percent" and "per cent" may follow any
// number, a decimal comma is read as a point):
//
//	"50", "50%", "50.5", "100.00"    exact            [50, 50]
//	"25-50", "25–50", "25 to 50",
//	"between 25 and 50"              band             [25, 50]
//	">50", "more than 50", "over 50",
//	"above 50", "greater than 50"    open below       (50, 100]
//	">=50", "≥50", "at least 50",
//	"50 or more", "50+"              closed below     [50, 100]
//	"<10", "less than 10", "under 10",
//	"below 10"                       open above       [0, 10)
//	"<=10", "≤10", "up to 10",
//	"at most 10", "not more than 10" closed above     [0, 10]
//
// A number with more than six decimals is bracketed by its truncation and
// the next millionth: "33.3333333" is [33.333333, 33.333334]. Values above
// 100, negative values, empty bands ("50-25") and approximations
// ("about 50") are not read; OutOfRange tells the numbers that no share
// can be (negative, above 100, NaN, infinite) from other unread text.
func ParsePercentage(s string) (graph.Range, bool) {
	r, ok := parsePercentage(s)
	if !ok || !r.Valid() {
		return graph.Unknown(), false
	}
	return r, true
}

// decimalRe finds the unsigned decimal numbers of a percentage text.
var decimalRe = regexp.MustCompile(`[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+`)

// OutOfRange returns why the percentage text s is a number that no share
// can be: "negative", "above 100", "not a number" (NaN) or "infinite";
// "" when it is not (a share, or text that is no such number, such as
// "about 50"). A band or comparison is above 100 when one of its numbers
// is.
func OutOfRange(s string) string {
	t := strings.ToLower(strings.Join(strings.Fields(s), ""))
	for _, suf := range []string{"percent", "pct", "%"} {
		t = strings.TrimSuffix(t, suf)
	}
	n := strings.TrimLeft(strings.ReplaceAll(t, "−", "-"), "<>=≥≤")
	if strings.Count(n, ",") == 1 && !strings.Contains(n, ".") {
		n = strings.Replace(n, ",", ".", 1)
	}
	if f, err := strconv.ParseFloat(n, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		switch {
		case math.IsNaN(f):
			return "not a number"
		case math.IsInf(f, 0):
			return "infinite"
		case f < 0:
			return "negative"
		case f > 100:
			return "above 100"
		}
		return ""
	}
	for _, d := range decimalRe.FindAllString(t, -1) {
		if f, err := strconv.ParseFloat(strings.Replace(d, ",", ".", 1), 64); err == nil && f > 100 {
			return "above 100"
		}
	}
	return ""
}

var (
	lowerOpen   = []string{">", "more than", "greater than", "over", "above", "in excess of", "exceeding"}
	lowerClosed = []string{">=", "≥", "=>", "at least", "not less than", "no less than", "minimum", "min."}
	upperOpen   = []string{"<", "less than", "under", "below", "fewer than"}
	upperClosed = []string{"<=", "≤", "=<", "up to", "at most", "not more than", "no more than", "maximum", "max."}
)

func parsePercentage(s string) (graph.Range, bool) {
	t := strings.ToLower(strings.Join(strings.Fields(s), " "))
	if t == "" {
		return graph.Range{}, false
	}
	t = strings.TrimSuffix(t, "of shares")
	t = strings.TrimSpace(t)
	// Longest prefixes first: ">=" before ">".
	for _, p := range lowerClosed {
		if rest, ok := cutPrefix(t, p); ok {
			lo, hi, ok := number(rest)
			return graph.Interval(lo, false, graph.Hundred, false), ok && lo == hi
		}
	}
	for _, p := range upperClosed {
		if rest, ok := cutPrefix(t, p); ok {
			lo, hi, ok := number(rest)
			return graph.Interval(0, false, hi, false), ok && lo == hi
		}
	}
	for _, p := range lowerOpen {
		if rest, ok := cutPrefix(t, p); ok {
			lo, hi, ok := number(rest)
			return graph.Interval(lo, true, graph.Hundred, false), ok && lo == hi && lo < graph.Hundred
		}
	}
	for _, p := range upperOpen {
		if rest, ok := cutPrefix(t, p); ok {
			lo, hi, ok := number(rest)
			return graph.Interval(0, false, hi, true), ok && lo == hi && hi > 0
		}
	}
	for _, suf := range []string{"or more", "and more", "and above", "or above", "+"} {
		if rest, ok := strings.CutSuffix(t, suf); ok {
			lo, hi, ok := number(rest)
			return graph.Interval(lo, false, graph.Hundred, false), ok && lo == hi
		}
	}
	for _, suf := range []string{"or less", "and less", "and below", "or below"} {
		if rest, ok := strings.CutSuffix(t, suf); ok {
			lo, hi, ok := number(rest)
			return graph.Interval(0, false, hi, false), ok && lo == hi
		}
	}
	if rest, ok := cutPrefix(t, "between"); ok {
		a, b, found := strings.Cut(rest, " and ")
		if !found {
			return graph.Range{}, false
		}
		return band(a, b)
	}
	for _, sep := range []string{"–", "—", "‒", "−", " to ", "-"} {
		if a, b, found := strings.Cut(t, sep); found {
			return band(a, b)
		}
	}
	lo, hi, ok := number(t)
	return graph.Interval(lo, false, hi, false), ok
}

// cutPrefix removes prefix p from t when t starts with it; a word prefix
// must be followed by a non-letter.
func cutPrefix(t, p string) (string, bool) {
	rest, ok := strings.CutPrefix(t, p)
	if !ok {
		return "", false
	}
	last := p[len(p)-1]
	if last >= 'a' && last <= 'z' && rest != "" && rest[0] >= 'a' && rest[0] <= 'z' {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

func band(a, b string) (graph.Range, bool) {
	l1, _, ok1 := number(a)
	_, h2, ok2 := number(b)
	if !ok1 || !ok2 || l1 > h2 {
		return graph.Range{}, false
	}
	return graph.Interval(l1, false, h2, false), true
}

// number reads one decimal percentage, returning the bracket [lo, hi] of
// its value at six decimals (lo == hi unless digits were cut).
func number(s string) (lo, hi graph.Pct, ok bool) {
	t := strings.TrimSpace(s)
	for _, suf := range []string{"percent", "per cent", "pct", "%"} {
		t = strings.TrimSpace(strings.TrimSuffix(t, suf))
	}
	if strings.Count(t, ",") == 1 && !strings.Contains(t, ".") {
		t = strings.Replace(t, ",", ".", 1)
	}
	if t == "" || t[0] == '+' || t[0] == '-' {
		return 0, 0, false
	}
	whole, frac, _ := strings.Cut(t, ".")
	extra := ""
	if len(frac) > 6 {
		frac, extra = frac[:6], frac[6:]
	}
	for _, c := range []byte(extra) {
		if c < '0' || c > '9' {
			return 0, 0, false
		}
	}
	txt := whole
	if frac != "" {
		txt += "." + frac
	}
	p, err := graph.ParsePct(txt)
	if err != nil {
		return 0, 0, false
	}
	if strings.Trim(extra, "0") != "" {
		if p >= graph.Hundred {
			return 0, 0, false
		}
		return p, p + 1, true
	}
	return p, p, true
}
