package graph

import (
	"fmt"
	"strings"
)

// Range is an interval of percentages with a lower bound Lo and an upper
// bound Hi, each closed unless marked open: "more than 25 % but not more
// than 50 %" (a UK PSC band) is (25, 50], Range{Lo: 25, LoOpen: true, Hi:
// 50}. An exact share has Lo == Hi; an unknown share is Unknown(), the
// whole [0, 100].
type Range struct {
	Lo     Pct  `json:"min"`
	Hi     Pct  `json:"max"`
	LoOpen bool `json:"min_open,omitempty"`
	HiOpen bool `json:"max_open,omitempty"`
}

// Interval returns the range from lo to hi with the given openness.
func Interval(lo Pct, loOpen bool, hi Pct, hiOpen bool) Range {
	return Range{Lo: lo, Hi: hi, LoOpen: loOpen, HiOpen: hiOpen}
}

// Exact returns the degenerate range [p, p].
func Exact(p Pct) Range { return Range{Lo: p, Hi: p} }

// Unknown returns [0, 100], the range of a share nobody published.
func Unknown() Range { return Range{Lo: 0, Hi: Hundred} }

// IsUnknown reports whether r is the full [0, 100].
func (r Range) IsUnknown() bool { return r.Lo == 0 && r.Hi == Hundred && !r.LoOpen && !r.HiOpen }

// Add returns the interval sum of r and o: a bound of the sum is open when
// a bound it adds up is.
func (r Range) Add(o Range) Range {
	return Range{Lo: r.Lo + o.Lo, Hi: r.Hi + o.Hi, LoOpen: r.LoOpen || o.LoOpen, HiOpen: r.HiOpen || o.HiOpen}
}

// Valid reports whether 0 <= Lo <= Hi <= 100 and the range is not empty
// (an open bound needs Lo < Hi).
func (r Range) Valid() bool {
	if r.Lo < 0 || r.Lo > r.Hi || r.Hi > Hundred {
		return false
	}
	return r.Lo < r.Hi || (!r.LoOpen && !r.HiOpen)
}

// String formats r as "50", "25-50", "(25,50]" or "unknown".
func (r Range) String() string {
	if r.Lo != r.Hi && !r.LoOpen && !r.HiOpen && !r.IsUnknown() {
		return r.Lo.String() + "-" + r.Hi.String()
	}
	return r.Interval()
}

// ParseShare parses the generic CSV share syntax (docs/SHARES.md):
//
//	""  or "unknown"       unknown, [0, 100] (known is false)
//	"50", "50%", "49.99"   exact
//	"25-50"                closed band [25, 50]
//	"(25,50]" "[25,50)"    interval notation, each bound open "(" ")" or
//	"(25,50)" "[25,50]"    closed "[" "]"; spaces and "%" allowed
//	">50" ">=75"           (50, 100], [75, 100]
//	"<25" "<=25"           [0, 25), [0, 25]
//
// An empty range such as "(50,50]", ">100" or "<0", a negative number
// ("-5": "negative percentage", not a band with an empty minimum), and
// malformed text, are errors wrapping ErrBadPercent. ParseShare(r.String()) == r for every
// valid range r.
func ParseShare(s string) (r Range, known bool, err error) {
	t := strings.TrimSpace(s)
	if t == "" || strings.EqualFold(t, "unknown") {
		return Unknown(), false, nil
	}
	switch {
	case t[0] == '(' || t[0] == '[':
		r, err = parseInterval(s, t)
	case t[0] == '>' || t[0] == '<':
		r, err = parseComparison(s, t)
	default:
		r, err = parseBand(s, t)
	}
	if err != nil {
		return Range{}, false, err
	}
	if !r.Valid() {
		return Range{}, false, fmt.Errorf("%w: %q is an empty range", ErrBadPercent, s)
	}
	return r, true, nil
}

// parseBand parses "50" or "25-50".
func parseBand(s, t string) (Range, error) {
	lo, hi, ok := strings.Cut(t, "-")
	if !ok || isNegative(t) {
		p, err := ParsePct(t)
		return Exact(p), err
	}
	l, err := ParsePct(lo)
	if err != nil {
		return Range{}, err
	}
	h, err := ParsePct(hi)
	if err != nil {
		return Range{}, err
	}
	if l > h {
		return Range{}, fmt.Errorf("%w: band %q has its minimum above its maximum", ErrBadPercent, s)
	}
	return Range{Lo: l, Hi: h}, nil
}

// parseInterval parses "(25,50]" and the like, with an optional "%" after
// the closing bracket.
func parseInterval(s, t string) (Range, error) {
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	last := t[len(t)-1]
	if last != ')' && last != ']' || len(t) < 2 {
		return Range{}, fmt.Errorf("%w: interval %q lacks its closing ) or ]", ErrBadPercent, s)
	}
	lo, hi, ok := strings.Cut(t[1:len(t)-1], ",")
	if !ok {
		return Range{}, fmt.Errorf("%w: interval %q needs two bounds separated by a comma", ErrBadPercent, s)
	}
	l, err := ParsePct(lo)
	if err != nil {
		return Range{}, err
	}
	h, err := ParsePct(hi)
	if err != nil {
		return Range{}, err
	}
	if l > h {
		return Range{}, fmt.Errorf("%w: interval %q has its minimum above its maximum", ErrBadPercent, s)
	}
	return Range{Lo: l, Hi: h, LoOpen: t[0] == '(', HiOpen: last == ')'}, nil
}

// parseComparison parses ">50", ">=75", "<25" and "<=25".
func parseComparison(s, t string) (Range, error) {
	op := t[:1]
	rest := t[1:]
	if strings.HasPrefix(rest, "=") {
		op, rest = op+"=", rest[1:]
	}
	p, err := ParsePct(rest)
	if err != nil {
		return Range{}, fmt.Errorf("%w (in %q)", err, s)
	}
	switch op {
	case ">":
		return Range{Lo: p, LoOpen: true, Hi: Hundred}, nil
	case ">=":
		return Range{Lo: p, Hi: Hundred}, nil
	case "<":
		return Range{Lo: 0, Hi: p, HiOpen: true}, nil
	}
	return Range{Lo: 0, Hi: p}, nil
}
