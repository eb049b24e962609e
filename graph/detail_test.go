package graph

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestPartyOf(t *testing.T) {
	l := func(a, b string, st LinkStrength, method, source string) SameAs {
		return SameAs{A: a, B: b, Strength: st, Method: method, Provenance: Provenance{Source: source}}
	}
	all := []SameAs{
		l("a", "b", StrengthStrong, "identifier:lei", "resolve"),
		l("c", "b", StrengthStrong, "referent", "ftm"), // either direction
		l("c", "d", StrengthPossible, "name", "resolve"),
		l("b", "e", StrengthStrong, "name+birth-date", "resolve"),
		l("e", "b", StrengthRejected, MethodRejected, SourceReview),
		l("e", "f", StrengthStrong, "identifier:imo", "resolve"),
		l("f", "g", StrengthRejected, MethodRejected, "team"),
		l("f", "g", StrengthStrong, MethodConfirmed, SourceReview),
		l("h", "h", StrengthStrong, "self", "x"),
	}
	calls := map[string]int{}
	links := func(ids []string) ([]SameAs, error) {
		var out []SameAs
		for _, id := range ids {
			calls[id]++
		}
		for _, x := range all {
			if slices.Contains(ids, x.A) || slices.Contains(ids, x.B) {
				out = append(out, x)
			}
		}
		return out, nil
	}
	for _, tc := range []struct {
		id   string
		want []string
	}{
		{"a", []string{"a", "b", "c"}},
		{"c", []string{"a", "b", "c"}},
		{"d", []string{"d"}},
		{"e", []string{"e", "f", "g"}},
		{"g", []string{"e", "f", "g"}},
		{"h", []string{"h"}},
		{"nobody", []string{"nobody"}},
	} {
		clear(calls)
		got, err := PartyOf(tc.id, links)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("PartyOf(%s) = %v, %v; want %v", tc.id, got, err, tc.want)
		}
		for id, n := range calls {
			if n != 1 {
				t.Errorf("PartyOf(%s) read the links of %s %d times, want once", tc.id, id, n)
			}
		}
	}
	_, err := PartyOf("a", func([]string) ([]SameAs, error) { return nil, errors.New("disk on fire") })
	if err == nil || !strings.Contains(err.Error(), "disk on fire") || !strings.Contains(err.Error(), "a") {
		t.Errorf("err = %v, want the links' error with the id", err)
	}
}

func TestCheckStrength(t *testing.T) {
	for _, tc := range []struct {
		st LinkStrength
		ok bool
	}{{StrengthStrong, true}, {StrengthPossible, true}, {StrengthRejected, true}, {"", false}, {"Strong", false}, {"maybe", false}} {
		s := SameAs{A: "x:1", B: "y:2", Method: "name", Strength: tc.st, Provenance: Provenance{Source: "resolve"}}
		err := s.CheckStrength()
		if (err == nil) != tc.ok {
			t.Errorf("strength %q: err = %v, want ok %v", tc.st, err, tc.ok)
		}
		if err != nil {
			for _, w := range []string{"x:1", "y:2", "resolve"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("strength %q: error %q does not name %q", tc.st, err, w)
				}
			}
		}
	}
}

func TestLegacyLinkNotices(t *testing.T) {
	if n := LegacyLinkNotices(0, 0); len(n) != 0 {
		t.Errorf("nothing migrated: %q, want no notice", n)
	}
	n := LegacyLinkNotices(1, 761)
	if len(n) != 2 || !strings.HasPrefix(n[0], "migrated 1 same-as name link to possible link ") ||
		!strings.HasPrefix(n[1], "migrated 761 same-as links from") {
		t.Errorf("notices = %q", n)
	}
}
