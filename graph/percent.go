package graph

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Pct is a percentage in exact fixed point: one unit is a millionth of a
// percent. 100 % is Hundred. Arithmetic on Pct is integer arithmetic, so
// comparisons at a threshold are exact.
type Pct int64

// Fixed-point constants.
const (
	PctScale Pct = 1_000_000 // one percent
	Zero     Pct = 0
	Fifty    Pct = 50 * PctScale
	Hundred  Pct = 100 * PctScale
	// pctDecimals is the number of decimal places a Pct keeps.
	pctDecimals = 6
)

// ErrBadPercent is wrapped by every percentage parsing error.
var ErrBadPercent = errors.New("bad percentage")

// ParsePct parses a decimal percentage such as "50", "49.99", "50%" or
// "12.5 %". It accepts at most six decimal places and values in [0, 100].
func ParsePct(s string) (Pct, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	if t == "" {
		return 0, fmt.Errorf("%w: empty", ErrBadPercent)
	}
	if isNegative(t) {
		return 0, fmt.Errorf("%w: %q is a negative percentage", ErrBadPercent, s)
	}
	intPart, frac, _ := strings.Cut(t, ".")
	if intPart+frac == "" || !allDigits(intPart) || !allDigits(frac) {
		return 0, fmt.Errorf("%w: %q is not a decimal number", ErrBadPercent, s)
	}
	if len(frac) > pctDecimals {
		return 0, fmt.Errorf("%w: %q has more than %d decimal places", ErrBadPercent, s, pctDecimals)
	}
	intPart = strings.TrimLeft(intPart, "0")
	if len(intPart) > 3 {
		return 0, fmt.Errorf("%w: %q is above 100", ErrBadPercent, s)
	}
	var whole int64
	if intPart != "" {
		w, err := strconv.ParseInt(intPart, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%w: %q: %v", ErrBadPercent, s, err)
		}
		whole = w
	}
	fracVal := int64(0)
	if frac != "" {
		f, err := strconv.ParseInt(frac+strings.Repeat("0", pctDecimals-len(frac)), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%w: %q: %v", ErrBadPercent, s, err)
		}
		fracVal = f
	}
	p := Pct(whole)*PctScale + Pct(fracVal)
	if p > Hundred {
		return 0, fmt.Errorf("%w: %q is above 100", ErrBadPercent, s)
	}
	return p, nil
}

// isNegative reports whether t (trimmed) is a minus sign before a number,
// such as "-5" or "- 0.5".
func isNegative(t string) bool {
	rest, ok := strings.CutPrefix(t, "-")
	rest = strings.TrimSpace(rest)
	return ok && rest != "" && (rest[0] == '.' || rest[0] >= '0' && rest[0] <= '9')
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// String formats p as a decimal percentage without trailing zeros and
// without the percent sign, e.g. "50" or "49.99".
func (p Pct) String() string { return string(p.Append(nil)) }

// Append appends p formatted as String does to dst, without allocating
// (the JSON writers of long proofs format millions of them).
func (p Pct) Append(dst []byte) []byte {
	u := uint64(p)
	if p < 0 {
		dst = append(dst, '-')
		u = -u // the magnitude, also of the least Pct
	}
	dst = strconv.AppendUint(dst, u/uint64(PctScale), 10)
	frac := u % uint64(PctScale)
	if frac == 0 {
		return dst
	}
	var digits [pctDecimals]byte
	n := pctDecimals
	for i := pctDecimals - 1; i >= 0; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
		if digits[i] == '0' && n == i+1 {
			n = i // a trailing zero
		}
	}
	return append(append(dst, '.'), digits[:n]...)
}

// Float returns p as a float64 percentage, for display and JSON only.
func (p Pct) Float() float64 { return float64(p) / float64(PctScale) }

// MarshalJSON writes p as a JSON number with its exact decimal digits.
func (p Pct) MarshalJSON() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalJSON reads a JSON number or string percentage.
func (p *Pct) UnmarshalJSON(b []byte) error {
	v, err := ParsePct(strings.Trim(string(b), `"`))
	if err != nil {
		return err
	}
	*p = v
	return nil
}
