package graph

import (
	"fmt"
	"strings"
)

// Range is a closed interval [Lo, Hi] of percentages. An exact share has
// Lo == Hi; a banded share (UK PSC, BODS) has Lo < Hi; an unknown share is
// Unknown(), the whole [0, 100].
type Range struct {
	Lo Pct `json:"min"`
	Hi Pct `json:"max"`
}

// Exact returns the degenerate range [p, p].
func Exact(p Pct) Range { return Range{Lo: p, Hi: p} }

// Unknown returns [0, 100], the range of a share nobody published.
func Unknown() Range { return Range{Lo: 0, Hi: Hundred} }

// IsUnknown reports whether r is the full [0, 100].
func (r Range) IsUnknown() bool { return r.Lo == 0 && r.Hi == Hundred }

// Add returns the interval sum of r and o.
func (r Range) Add(o Range) Range { return Range{Lo: r.Lo + o.Lo, Hi: r.Hi + o.Hi} }

// Valid reports whether 0 <= Lo <= Hi <= 100.
func (r Range) Valid() bool { return 0 <= r.Lo && r.Lo <= r.Hi && r.Hi <= Hundred }

// String formats r as "50", "25-50" or "unknown".
func (r Range) String() string {
	switch {
	case r.IsUnknown():
		return "unknown"
	case r.Lo == r.Hi:
		return r.Lo.String()
	default:
		return r.Lo.String() + "-" + r.Hi.String()
	}
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
