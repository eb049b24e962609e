package ingest

import (
	"slices"
	"strings"

	"github.com/ownex/ownex/graph"
)

// The text helpers of the ingesters: one implementation each.

// Clean collapses runs of white space (any Unicode space, newlines and
// indentation included) into one space and trims: strings.Fields joined
// with " ", without allocating for text that is already clean ASCII.
func Clean(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' ||
			c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return s
}

// JoinNonEmpty joins with sep the parts that are not empty once cleaned
// (Clean), cleaned.
func JoinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = Clean(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// AllDigits reports whether s is a non-empty run of ASCII digits.
func AllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// AppendNew appends to list each of vs that is not empty and not in list
// yet, in order.
func AppendNew(list []string, vs ...string) []string {
	for _, v := range vs {
		if v != "" && !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}

// AddFact appends the fact {typ, Clean(value)} to facts unless the type or
// the cleaned value is empty or facts has it already.
func AddFact(facts []graph.Fact, typ, value string) []graph.Fact {
	value = Clean(value)
	if typ == "" || value == "" {
		return facts
	}
	f := graph.Fact{Type: typ, Value: value}
	for _, have := range facts {
		if have == f {
			return facts
		}
	}
	return append(facts, f)
}
