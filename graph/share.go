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
	switch {
	case r.IsUnknown():
		return "unknown"
	case r.Lo == r.Hi && !r.LoOpen && !r.HiOpen:
		return r.Lo.String()
	case !r.LoOpen && !r.HiOpen:
		return r.Lo.String() + "-" + r.Hi.String()
	}
	open, closeB := "[", "]"
	if r.LoOpen {
		open = "("
	}
	if r.HiOpen {
		closeB = ")"
	}
	return open + r.Lo.String() + "," + r.Hi.String() + closeB
}

// ParseShare parses the generic CSV share syntax: "" (unknown), "50",
// "50%", "49.99", or a band "25-50". known is false for the empty string.
func ParseShare(s string) (r Range, known bool, err error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return Unknown(), false, nil
	}
	if lo, hi, ok := strings.Cut(t, "-"); ok {
		l, err := ParsePct(lo)
		if err != nil {
			return Range{}, false, err
		}
		h, err := ParsePct(hi)
		if err != nil {
			return Range{}, false, err
		}
		if l > h {
			return Range{}, false, fmt.Errorf("%w: band %q has its minimum above its maximum", ErrBadPercent, s)
		}
		return Range{Lo: l, Hi: h}, true, nil
	}
	p, err := ParsePct(t)
	if err != nil {
		return Range{}, false, err
	}
	return Exact(p), true, nil
}
