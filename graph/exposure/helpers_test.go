package exposure

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

// snap builds a snapshot from a compact fact language, one fact per ';':
//
//	X>A 30            holding of 30 % (votes equal)
//	X>A 40/60         40 % of shares, 60 % of votes
//	X>A ?             unknown share
//	X>A 25-50         banded share
//	X>A 30 @j1        holding in joint arrangement j1
//	X>A 60 2020-01-01..2023-01-01   dated holding
//	X=A board-appointment           control edge
//
// X, Y and Z are designated under ofac, uk and eu unless designated lists
// the designations explicitly ("X:un", "Y:ofac:2020-01-01..2023-01-01").
func snap(t testing.TB, facts string, designated ...string) *graph.Snapshot {
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
		h.Share, h.Votes = parseSV(t, fields[1])
		for _, x := range fields[2:] {
			switch {
			case strings.HasPrefix(x, "@"):
				h.Arrangement = x[1:]
			default:
				h.Span = parseSpan(x)
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
			sp := parseSpan(parts[2])
			des.Listed, des.Delisted = sp.Start, sp.End
		}
		s.Designations = append(s.Designations, des)
	}
	return s
}

func parseSpan(x string) graph.Span {
	lo, hi, _ := strings.Cut(x, "..")
	return graph.Span{Start: graph.Date(lo), End: graph.Date(hi)}
}

func parseSV(t testing.TB, x string) (sh, vt graph.Range) {
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

// statuses renders every non-clear, non-designated verdict of a regime as
// "A:blocked B:blocked", in ID order; designated entities are checked
// separately.
func statuses(t testing.TB, res *Result, r graph.Regime) string {
	t.Helper()
	var out []string
	for v := range res.Verdicts(r) {
		if v.Status != graph.StatusClear && v.Status != graph.StatusDesignated {
			out = append(out, v.Entity+":"+string(v.Status))
		}
	}
	return strings.Join(out, " ")
}

// designatedIDs lists the designated entities of a regime.
func designatedIDs(res *Result, r graph.Regime) []string {
	var out []string
	for v := range res.Verdicts(r) {
		if v.Status == graph.StatusDesignated {
			out = append(out, v.Entity)
		}
	}
	return out
}

func analyze(t testing.TB, s *graph.Snapshot, asOf graph.Date) *Result {
	t.Helper()
	res, err := Analyze(s, Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func hasFlag(v graph.Verdict, f graph.Flag) bool { return slices.Contains(v.Flags, f) }
