// Package exposuretest holds the test fixtures shared by the engines'
// tests and the baselines' tests: the compact fact language of Snap, the
// test vectors of RULES.md section 3, and the random dated graphs of
// RandomDated (the designated cone's and the snapshot cache's tests).
package exposuretest

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

// Snap builds a snapshot from a compact fact language, one fact per ';':
//
//	X>A 30            holding of 30 % (votes equal)
//	X>A 40/60         40 % of shares, 60 % of votes
//	X>A ?             unknown share
//	X>A 25-50         banded share
//	X>A 30 @j1        holding in joint arrangement j1
//	X>A 60 2020-01-01..2023-01-01   dated holding
//	X>A 30 #registry-a               holding reported by source registry-a
//	                                 (default: test)
//	X=A board-appointment           control edge
//	X~A strong                      same-as link (strong, possible,
//	X~A possible 0.93               rejected, or confirmed: a strong link
//	X~A rejected                    with method confirmed); a score may
//	X~A confirmed                   follow (default 1)
//
// X, Y and Z are designated under ofac, uk and eu unless designated lists
// the designations explicitly ("X:un", "Y:ofac:2020-01-01..2023-01-01").
func Snap(t testing.TB, facts string, designated ...string) *graph.Snapshot {
	t.Helper()
	s := &graph.Snapshot{}
	seen := map[string]bool{}
	ent := func(id string) {
		if !seen[id] {
			seen[id] = true
			s.Entities = append(s.Entities, graph.Entity{ID: id, Name: "name of " + id})
		}
	}
	for i, f := range strings.Split(facts, ";") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		fields := strings.Fields(f)
		rec := graph.Provenance{Source: "test", Record: fmt.Sprintf("r%d", i+1)}
		if a, b, ok := strings.Cut(fields[0], "~"); ok {
			ent(a)
			ent(b)
			s.SameAs = append(s.SameAs, sameAs(t, a, b, fields[1:], rec))
			continue
		}
		if a, b, ok := strings.Cut(fields[0], "="); ok {
			ent(a)
			ent(b)
			s.Controls = append(s.Controls, graph.Control{Controller: a, Controlled: b,
				Basis: graph.Basis(fields[1]), Provenance: rec})
			continue
		}
		a, b, ok := strings.Cut(fields[0], ">")
		if !ok {
			t.Fatalf("bad fact %q", f)
		}
		ent(a)
		ent(b)
		h := graph.Holding{Owner: a, Owned: b, Provenance: rec}
		h.Share, h.Votes = ParseSV(t, fields[1])
		for _, x := range fields[2:] {
			switch {
			case strings.HasPrefix(x, "@"):
				h.Arrangement = x[1:]
			case strings.HasPrefix(x, "#"):
				h.Source = x[1:]
			default:
				h.Span = ParseSpan(x)
			}
		}
		s.Holdings = append(s.Holdings, h)
	}
	if len(designated) == 0 {
		for _, p := range []string{"X", "Y", "Z"} {
			if seen[p] {
				designated = append(designated, p+":ofac", p+":uk", p+":eu")
			}
		}
	}
	for i, d := range designated {
		parts := strings.Split(d, ":")
		ent(parts[0])
		des := graph.Designation{Entity: parts[0], Regime: graph.Regime(parts[1]), Program: "TEST-PROGRAM",
			Provenance: graph.Provenance{Source: "list-" + parts[1], Record: fmt.Sprintf("d%d", i+1)}}
		if len(parts) > 2 {
			sp := ParseSpan(parts[2])
			des.Listed, des.Delisted = sp.Start, sp.End
		}
		s.Designations = append(s.Designations, des)
	}
	return s
}

// ParseSpan parses "start..end" (either side may be empty).
func ParseSpan(x string) graph.Span {
	lo, hi, _ := strings.Cut(x, "..")
	return graph.Span{Start: graph.Date(lo), End: graph.Date(hi)}
}

// ParseSV parses a share "30", "40/60" (shares/votes), "25-50" or "?".
func ParseSV(t testing.TB, x string) (sh, vt graph.Range) {
	t.Helper()
	if x == "?" {
		return graph.Unknown(), graph.Unknown()
	}
	s, v, hasVotes := strings.Cut(x, "/")
	sh, _, err := graph.ParseShare(s)
	if err != nil {
		t.Fatal(err)
	}
	vt = sh
	if hasVotes {
		if vt, _, err = graph.ParseShare(v); err != nil {
			t.Fatal(err)
		}
	}
	return sh, vt
}

// Vector is one test vector of RULES.md section 3: per regime, every
// entity that is neither clear nor designated ("A:blocked B:blocked");
// all others must be clear, and exactly X, Y and Z designated.
type Vector struct {
	ID, Facts    string
	AsOf         graph.Date
	OFAC, UK, EU string
}

const d = "2025-06-30"

// Vectors are RULES.md's vectors, each on the facts of Snap.
var Vectors = []Vector{
	{"V01", "X>A 50; A>B 50", d, "A:blocked B:blocked", "", "A:owned B:owned"},
	{"V02", "X>A 50; X>B 50; A>C 25; B>C 25", d, "A:blocked B:blocked C:blocked", "", "A:owned B:owned C:owned"},
	{"V03", "X>A 50; X>B 10; A>B 40", d, "A:blocked B:blocked", "", "A:owned B:owned"},
	{"V04", "X>A 25; X>B 25; A>C 50; B>C 50", d, "", "", ""},
	{"V05", "X>A 25; Y>A 25", d, "A:blocked", "", "A:owned"},
	{"V06", "X>A 30; Y>A 25", d, "A:blocked", "", "A:owned"},
	{"V07", "X>A 30 @j; Y>A 30 @j", d, "A:blocked", "A:owned", "A:owned"},
	{"V08", "X>A 30 @j; N>A 30 @j", d, "", "A:owned", ""},
	{"V09", "X>A 49.99; X>B 50; X>C 50.01", d, "B:blocked C:blocked", "C:owned", "B:owned C:owned"},
	{"V10", "X>A 10; X=A board-appointment", d, "", "A:controlled", "A:controlled"},
	{"V11", "X>A 10; X=A board-appointment; A>B 100", d, "", "A:controlled B:owned", "A:controlled B:owned"},
	{"V12", "X>A 40; A>B 100", d, "", "", ""},
	{"V17", "X>A 40/60", d, "", "A:owned", "A:controlled"},
	{"V18", "X>A 60/40; A>B 100", d, "A:blocked B:blocked", "A:owned", "A:owned B:owned"},
	{"V20", "X>A 25; X>B 25; A>B 50; B>A 50", d, "", "", ""},
	{"V22", "X>A ?; N>A 40", d, "A:undetermined", "A:undetermined", "A:undetermined"},
	{"V24@2022", "X>A 60 2020-01-01..2023-01-01; X>A 40 2023-01-01..", "2022-06-30", "A:blocked", "A:owned", "A:owned"},
	{"V24@2024", "X>A 60 2020-01-01..2023-01-01; X>A 40 2023-01-01..", "2024-06-30", "", "", ""},
	{"V29", "X>A 50; N>A 50; N=A board-appointment", d, "A:blocked", "", "A:owned"},
}

// sameAs parses the rest of a same-as fact: strength and optional score.
func sameAs(t testing.TB, a, b string, rest []string, rec graph.Provenance) graph.SameAs {
	t.Helper()
	if len(rest) == 0 {
		t.Fatalf("same-as %s~%s: want a strength", a, b)
	}
	l := graph.SameAs{A: a, B: b, Method: "test", Score: 1, Evidence: "names " + a + " ~ " + b, Provenance: rec}
	switch rest[0] {
	case "confirmed":
		l.Method, l.Strength, l.Source = graph.MethodConfirmed, graph.StrengthStrong, graph.SourceReview
	case "rejected":
		l.Method, l.Strength, l.Source = graph.MethodRejected, graph.StrengthRejected, graph.SourceReview
	default:
		st, err := graph.ParseLinkStrength(rest[0])
		if err != nil {
			t.Fatalf("same-as %s~%s: %v", a, b, err)
		}
		l.Strength = st
	}
	if len(rest) > 1 {
		if _, err := fmt.Sscan(rest[1], &l.Score); err != nil {
			t.Fatalf("same-as %s~%s: score %q: %v", a, b, rest[1], err)
		}
	}
	return l
}

// Chain builds the long chain of issue 15: X, designated under ofac, uk
// and eu, holds 100 % of C0, and C(i) holds 100 % of C(i+1), up to C(n-1).
// Every holding has a source record, so that proofs carry provenance.
func Chain(n int) *graph.Snapshot {
	s := &graph.Snapshot{
		Entities:     make([]graph.Entity, 0, n+1),
		Holdings:     make([]graph.Holding, 0, n),
		Designations: []graph.Designation{},
	}
	s.Entities = append(s.Entities, graph.Entity{ID: "X", Kind: graph.KindPerson, Name: "X"})
	for _, r := range []graph.Regime{graph.RegimeOFAC, graph.RegimeUK, graph.RegimeEU} {
		s.Designations = append(s.Designations, graph.Designation{Entity: "X", Regime: r, Program: "CHAIN", Listed: "2020-01-01",
			Provenance: graph.Provenance{Source: string(r), Record: "X"}})
	}
	full := graph.Exact(100 * graph.PctScale)
	owner := "X"
	for i := range n {
		id := "C" + strconv.Itoa(i)
		s.Entities = append(s.Entities, graph.Entity{ID: id, Kind: graph.KindCompany, Name: "Company " + strconv.Itoa(i)})
		s.Holdings = append(s.Holdings, graph.Holding{Owner: owner, Owned: id, Share: full, Votes: full,
			Provenance: graph.Provenance{Source: "chain", Record: "h" + strconv.Itoa(i)}})
		owner = id
	}
	return s
}
