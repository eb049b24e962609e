package graph

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestParsePct(t *testing.T) {
	tests := []struct {
		in   string
		want Pct
		err  bool
	}{
		{"50", Fifty, false},
		{"50%", Fifty, false},
		{" 12.5 % ", 12*PctScale + PctScale/2, false},
		{"49.99", 49*PctScale + 990_000, false},
		{"50.000001", Fifty + 1, false},
		{"0", 0, false},
		{"100", Hundred, false},
		{".5", PctScale / 2, false},
		{"5.", 5 * PctScale, false},
		{"100.000001", 0, true},
		{"150", 0, true},
		{"abc", 0, true},
		{"", 0, true},
		{".", 0, true},
		{"-5", 0, true},
		{"1e2", 0, true},
		{"50.1234567", 0, true},
		{"5 0", 0, true},
		{"0050", 50 * PctScale, false},
		{"1000", 0, true},
	}
	for _, tt := range tests {
		got, err := ParsePct(tt.in)
		if tt.err {
			if err == nil || !errors.Is(err, ErrBadPercent) {
				t.Errorf("ParsePct(%q) = %v, %v; want ErrBadPercent", tt.in, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParsePct(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestPctString(t *testing.T) {
	for p, want := range map[Pct]string{Fifty: "50", 49*PctScale + 990_000: "49.99", 1: "0.000001", 0: "0", Hundred: "100"} {
		if got := p.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", p, got, want)
		}
	}
}

// TestPctAppend: Append (and String, which uses it) prints what the
// formula before it printed (whole part, six zero-padded decimals without
// trailing zeros), negatives and the extremes included.
func TestPctAppend(t *testing.T) {
	old := func(p Pct) string {
		neg := p < 0
		if neg {
			p = -p
		}
		s := strconv.FormatInt(int64(p/PctScale), 10)
		if frac := int64(p % PctScale); frac != 0 {
			s += "." + strings.TrimRight(fmt.Sprintf("%06d", frac), "0")
		}
		if neg {
			s = "-" + s
		}
		return s
	}
	ps := []Pct{0, 1, 10, 100_000, 120_000, 123_456, PctScale, Fifty, Fifty - 1, Hundred, Hundred + 1, -1, -PctScale,
		-Fifty - 10, math.MaxInt64, math.MinInt64 + 1}
	for i := range 2000 {
		ps = append(ps, Pct(i*7919%(2*int(Hundred)))-Hundred, Pct(i)*1_000+Pct(i%7))
	}
	for _, p := range ps {
		want := old(p)
		if got := string(p.Append([]byte("x"))); got != "x"+want {
			t.Errorf("%d.Append = %q, want %q", p, got, "x"+want)
		}
		if got := p.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", p, got, want)
		}
	}
	if got := Pct(math.MinInt64).String(); got != "-9223372036854.775808" {
		t.Errorf("least Pct = %q", got)
	}
}

func TestParseShare(t *testing.T) {
	tests := []struct {
		in    string
		want  Range
		known bool
		err   bool
	}{
		{"", Unknown(), false, false},
		{"50", Exact(Fifty), true, false},
		{"25-50", Range{Lo: 25 * PctScale, Hi: Fifty}, true, false},
		{" 25 - 50 ", Range{Lo: 25 * PctScale, Hi: Fifty}, true, false},
		{"50-25", Range{}, false, true},
		{"abc", Range{}, false, true},
		{"150", Range{}, false, true},
		{"-", Range{}, false, true},
		{"10-", Range{}, false, true},
		{"unknown", Unknown(), false, false},
		{"(25,50]", Range{Lo: 25 * PctScale, LoOpen: true, Hi: Fifty}, true, false},
		{" ( 25 % , 50 % ] ", Range{Lo: 25 * PctScale, LoOpen: true, Hi: Fifty}, true, false},
		{"(25,50]%", Range{Lo: 25 * PctScale, LoOpen: true, Hi: Fifty}, true, false},
		{"[25,50)", Range{Lo: 25 * PctScale, Hi: Fifty, HiOpen: true}, true, false},
		{"(25,50)", Range{Lo: 25 * PctScale, LoOpen: true, Hi: Fifty, HiOpen: true}, true, false},
		{"[25,50]", Range{Lo: 25 * PctScale, Hi: Fifty}, true, false},
		{"[50,50]", Exact(Fifty), true, false},
		{">50", Range{Lo: Fifty, LoOpen: true, Hi: Hundred}, true, false},
		{"> 50 %", Range{Lo: Fifty, LoOpen: true, Hi: Hundred}, true, false},
		{">=75", Range{Lo: 75 * PctScale, Hi: Hundred}, true, false},
		{">=100", Exact(Hundred), true, false},
		{"<25", Range{Hi: 25 * PctScale, HiOpen: true}, true, false},
		{"<=25", Range{Hi: 25 * PctScale}, true, false},
		{"(50,50]", Range{}, false, true},
		{"[50,50)", Range{}, false, true},
		{"(50,50)", Range{}, false, true},
		{">100", Range{}, false, true},
		{"<0", Range{}, false, true},
		{"(50,25]", Range{}, false, true},
		{"(25,50", Range{}, false, true},
		{"(25;50]", Range{}, false, true},
		{"(25,50,75]", Range{}, false, true},
		{"(,50]", Range{}, false, true},
		{"[", Range{}, false, true},
		{"(]", Range{}, false, true},
		{">", Range{}, false, true},
		{">=", Range{}, false, true},
		{"=>50", Range{}, false, true},
		{"><50", Range{}, false, true},
		{"<=-5", Range{}, false, true},
		{"(25,150]", Range{}, false, true},
	}
	for _, tt := range tests {
		got, known, err := ParseShare(tt.in)
		if (err != nil) != tt.err || got != tt.want || known != tt.known || (err != nil && !errors.Is(err, ErrBadPercent)) {
			t.Errorf("ParseShare(%q) = %v, %v, %v; want %v, %v, err=%v", tt.in, got, known, err, tt.want, tt.known, tt.err)
		}
	}
}

// TestNegativeShare: a negative share is refused as a negative
// percentage wherever it is written; before, "-5" was read as a band with
// an empty minimum and refused as "empty".
func TestNegativeShare(t *testing.T) {
	for _, in := range []string{"-5", " -5 ", "-5%", "-0.5", "-.5", "- 5", "10--5", "(-5,10]", "[0,-5]", ">-5", "<=-5"} {
		_, _, err := ParseShare(in)
		if err == nil || !errors.Is(err, ErrBadPercent) || !strings.Contains(err.Error(), "negative percentage") ||
			strings.Contains(err.Error(), "empty") {
			t.Errorf("ParseShare(%q): err = %v, want a negative percentage", in, err)
		}
	}
	if _, err := ParsePct("-5"); err == nil || !strings.Contains(err.Error(), `"-5" is a negative percentage`) {
		t.Errorf("ParsePct(-5): err = %v, want a negative percentage", err)
	}
	// A lone minus and an open band stay malformed, not negative.
	for _, in := range []string{"-", "10-"} {
		if _, _, err := ParseShare(in); err == nil || strings.Contains(err.Error(), "negative") {
			t.Errorf("ParseShare(%q): err = %v, want a malformed share", in, err)
		}
	}
}

// FuzzParseShare checks that the share parser never panics, that every
// accepted range is valid, and that formatting and re-parsing round-trips.
func FuzzParseShare(f *testing.F) {
	for _, s := range []string{"", "50", "50%", "49.99", "25-50", "0-100", "abc", "150", "1e3", "50.1234567", "-", " 7 % ",
		"(25,50]", "[25,50)", "(25, 50)", "[0,100]", ">50", ">=75", "<25", "<=25", "(50,50]", ">100", "<0", "unknown", "(0,100)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, known, err := ParseShare(s)
		if err != nil {
			return
		}
		if !r.Valid() {
			t.Fatalf("ParseShare(%q) = %v: invalid range", s, r)
		}
		if !known && r != Unknown() {
			t.Fatalf("ParseShare(%q) = %v, unknown", s, r)
		}
		back := r.String()
		r2, _, err := ParseShare(back)
		if err != nil || r2 != r {
			t.Fatalf("round trip %q -> %q -> %v, %v", s, back, r2, err)
		}
	})
}

// TestShareStringRoundTrip: ParseShare(r.String()) == r for valid ranges
// of every openness, including the empty-looking degenerate ones that
// Valid rejects.
func TestShareStringRoundTrip(t *testing.T) {
	bounds := []Pct{0, 1, 25 * PctScale, Fifty, Fifty + 1, Hundred - 1, Hundred}
	for _, lo := range bounds {
		for _, hi := range bounds {
			for o := range 4 {
				r := Range{Lo: lo, Hi: hi, LoOpen: o&1 != 0, HiOpen: o&2 != 0}
				got, _, err := ParseShare(r.String())
				if !r.Valid() {
					if err == nil {
						t.Errorf("invalid %#v printed %q parses as %v", r, r.String(), got)
					}
					continue
				}
				if err != nil || got != r {
					t.Errorf("%#v -> %q -> %#v, %v", r, r.String(), got, err)
				}
			}
		}
	}
}

func TestSpanCovers(t *testing.T) {
	s := Span{Start: "2020-01-01", End: "2023-01-01"}
	for d, want := range map[Date]bool{"2019-12-31": false, "2020-01-01": true, "2022-12-31": true, "2023-01-01": false} {
		if got := s.Covers(d); got != want {
			t.Errorf("Covers(%s) = %v, want %v", d, got, want)
		}
	}
	if !(Span{}).Covers("1900-01-01") {
		t.Error("empty span must cover every date")
	}
}

func TestParseDate(t *testing.T) {
	for _, bad := range []string{"2024-13-01", "2024-02-30", "24-01-01", "2024/01/01", "2024-1-1"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q): want error", bad)
		}
	}
	if d, err := ParseDate("2024-02-29"); err != nil || d != "2024-02-29" {
		t.Errorf("ParseDate leap day = %v, %v", d, err)
	}
}
