package graph

import (
	"fmt"
	"time"
)

// Date is a calendar date "YYYY-MM-DD"; the empty Date means "not given".
// Dates of four-digit years compare correctly as strings.
type Date string

// DateLayout is the only accepted date format.
const DateLayout = "2006-01-02"

// ParseDate validates s as YYYY-MM-DD. The empty string is the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return "", nil
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil || len(s) != len(DateLayout) {
		return "", fmt.Errorf("bad date %q: want YYYY-MM-DD", s)
	}
	return Date(t.Format(DateLayout)), nil
}

// Today returns the current UTC date.
func Today() Date { return Date(time.Now().UTC().Format(DateLayout)) }

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == "" }

// Span is a validity interval [Start, End): an unset Start means "since
// always", an unset End "still in force".
type Span struct {
	Start Date `json:"start,omitempty"`
	End   Date `json:"end,omitempty"`
}

// Covers reports whether d lies in [Start, End), as RULES.md section 2
// requires: start <= d < end, open ends unbounded.
func (s Span) Covers(d Date) bool {
	if s.Start != "" && d < s.Start {
		return false
	}
	if s.End != "" && !(d < s.End) {
		return false
	}
	return true
}
