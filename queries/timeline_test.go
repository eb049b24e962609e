package queries_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/queries"
)

// timelineDays are the dates of the random graphs: few, so that records
// share change points and spans merge.
var timelineDays = []graph.Date{"2019-03-01", "2020-01-01", "2020-01-02", "2021-06-30", "2022-12-31", "2024-02-29"}

func randDay(rng *rand.Rand) graph.Date {
	if rng.IntN(3) == 0 {
		return ""
	}
	return timelineDays[rng.IntN(len(timelineDays))]
}

// randSpan returns a random span, open at either end or not, never empty
// (an empty span never counts, which only hides a record).
func randSpan(rng *rand.Rand) graph.Span {
	s := graph.Span{Start: randDay(rng), End: randDay(rng)}
	if s.Start != "" && s.End != "" && s.End <= s.Start {
		s.Start, s.End = s.End, s.Start
		if s.Start == s.End {
			s.End = ""
		}
	}
	return s
}

func randShare(rng *rand.Rand) graph.Range {
	p := func() graph.Pct { return graph.Pct(rng.IntN(11)) * 10 * graph.PctScale }
	switch rng.IntN(6) {
	case 0:
		return graph.Unknown()
	case 1:
		lo, hi := p(), p()
		return graph.Range{Lo: min(lo, hi), Hi: max(lo, hi)}
	}
	return graph.Exact(p())
}

// randomDatedSnapshot returns a random graph of at most 7 entities whose
// designations, holdings and control edges have random dates.
func randomDatedSnapshot(rng *rand.Rand) *graph.Snapshot {
	n := 2 + rng.IntN(6)
	s := &graph.Snapshot{}
	name := func(i int) string { return fmt.Sprintf("e%d", i) }
	rec := 0
	prov := func() graph.Provenance {
		rec++
		return graph.Provenance{Source: "t", Record: fmt.Sprintf("r%d", rec)}
	}
	for i := range n {
		s.Entities = append(s.Entities, graph.Entity{ID: name(i), Kind: graph.KindCompany, Name: name(i)})
		for _, r := range []graph.Regime{graph.RegimeOFAC, graph.RegimeUK, graph.RegimeEU, graph.RegimeUN} {
			if rng.IntN(5) == 0 {
				sp := randSpan(rng)
				s.Designations = append(s.Designations, graph.Designation{Entity: name(i), Regime: r,
					Listed: sp.Start, Delisted: sp.End, Provenance: prov()})
			}
		}
	}
	for range rng.IntN(12) {
		a, b := rng.IntN(n), rng.IntN(n)
		if a == b {
			continue
		}
		sh := randShare(rng)
		s.Holdings = append(s.Holdings, graph.Holding{Owner: name(a), Owned: name(b), Share: sh, Votes: sh,
			Span: randSpan(rng), Provenance: prov()})
	}
	for range rng.IntN(4) {
		a, b := rng.IntN(n), rng.IntN(n)
		if a != b {
			s.Controls = append(s.Controls, graph.Control{Controller: name(a), Controlled: name(b),
				Basis: graph.BasisBoardAppointment, Span: randSpan(rng), Provenance: prov()})
		}
	}
	return s
}

func dayBefore(t *testing.T, d graph.Date) graph.Date {
	tm, err := time.Parse(graph.DateLayout, string(d))
	if err != nil {
		t.Fatal(err)
	}
	return graph.Date(tm.AddDate(0, 0, -1).Format(graph.DateLayout))
}

// covering returns the interval of ivs (one regime's) that covers day.
func covering(ivs []queries.Interval, r graph.Regime, day graph.Date) (queries.Interval, bool) {
	for _, iv := range ivs {
		if iv.Regime == r && (graph.Span{Start: iv.From, End: iv.To}).Covers(day) {
			return iv, true
		}
	}
	return queries.Interval{}, false
}

// TestTimelineProperty is issue 17's acceptance 1 on the engine: on 500
// random graphs with dated designations, holdings and control edges, the
// timeline of a random entity equals the analysis as of every change point
// and the day before each (and a few other days); its intervals of one
// regime follow each other without gap from "since always" to "still in
// force", and two neighbours always differ (maximal intervals).
func TestTimelineProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 1))
	extra := []graph.Date{"1990-01-01", "2020-06-15", "2030-01-01"}
	for iter := range 500 {
		snap := randomDatedSnapshot(rng)
		id := snap.Entities[rng.IntN(len(snap.Entities))].ID
		ivs, err := queries.Timeline(context.Background(), snap, id, queries.TimelineOptions{})
		if err != nil {
			t.Fatalf("graph %d: %v", iter, err)
		}
		var days []graph.Date
		for _, d := range snap.Designations {
			days = append(days, d.Listed, d.Delisted)
		}
		for _, h := range snap.Holdings {
			days = append(days, h.Start, h.End)
		}
		for _, c := range snap.Controls {
			days = append(days, c.Start, c.End)
		}
		var check []graph.Date
		for _, d := range days {
			if d != "" {
				check = append(check, d, dayBefore(t, d))
			}
		}
		check = append(check, extra...)
		for _, day := range check {
			res, err := exposure.Analyze(snap, exposure.Options{AsOf: day})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range graph.Engines {
				v, _ := res.Verdict(id, r)
				iv, ok := covering(ivs, r, day)
				if !ok || iv.Status != v.Status || iv.Share != v.Share {
					t.Fatalf("graph %d, %s under %s as of %s: timeline %+v (found %v), analysis %s %s\n%s",
						iter, id, r, day, iv, ok, v.Status, v.Share, dumpSnapshot(snap))
				}
			}
		}
		for _, r := range graph.Engines {
			var mine []queries.Interval
			for _, iv := range ivs {
				if iv.Regime == r {
					mine = append(mine, iv)
				}
			}
			if len(mine) == 0 || mine[0].From != "" || mine[len(mine)-1].To != "" {
				t.Fatalf("graph %d under %s: intervals %+v do not cover all time", iter, r, mine)
			}
			for i := 1; i < len(mine); i++ {
				a, b := mine[i-1], mine[i]
				if a.To != b.From || a.To == "" {
					t.Fatalf("graph %d under %s: gap between %+v and %+v", iter, r, a, b)
				}
				if a.Status == b.Status && a.Share == b.Share {
					t.Fatalf("graph %d under %s: neighbours %+v and %+v agree", iter, r, a, b)
				}
				if len(b.Events) == 0 || b.Events[0].Date != b.From {
					t.Fatalf("graph %d under %s: interval %+v has no events on its start", iter, r, b)
				}
			}
		}
	}
}

func dumpSnapshot(s *graph.Snapshot) string {
	var b strings.Builder
	for _, d := range s.Designations {
		fmt.Fprintf(&b, "designation %s %s [%s, %s)\n", d.Entity, d.Regime, d.Listed, d.Delisted)
	}
	for _, h := range s.Holdings {
		fmt.Fprintf(&b, "holding %s -> %s %s [%s, %s)\n", h.Owner, h.Owned, h.Share, h.Start, h.End)
	}
	for _, c := range s.Controls {
		fmt.Fprintf(&b, "control %s -> %s [%s, %s)\n", c.Controller, c.Controlled, c.Start, c.End)
	}
	return b.String()
}

// TestTimelineDivestment is RULES.md V24 (FAQ 402) with the events and
// the window options: X, designated, holds 60 % of A until 2023-01-01 and
// 40 % after; A's status changes on the day of the divestment, with both
// holdings as its events (and not X's eu designation of that day).
func TestTimelineDivestment(t *testing.T) {
	prov := func(r string) graph.Provenance { return graph.Provenance{Source: "t", Record: r} }
	snap := &graph.Snapshot{
		Entities: []graph.Entity{{ID: "X", Name: "X"}, {ID: "A", Name: "A"}},
		Designations: []graph.Designation{
			{Entity: "X", Regime: graph.RegimeOFAC, Listed: "2019-05-01", Provenance: prov("dX")},
			// not an event of the ofac timeline: eu does not seed ofac
			{Entity: "X", Regime: graph.RegimeEU, Listed: "2020-01-01", Provenance: prov("dXeu")},
		},
		Holdings: []graph.Holding{
			{Owner: "X", Owned: "A", Share: graph.Exact(pct(60)), Votes: graph.Exact(pct(60)),
				Span: graph.Span{Start: "2020-01-01", End: "2023-01-01"}, Provenance: prov("h60")},
			{Owner: "X", Owned: "A", Share: graph.Exact(pct(40)), Votes: graph.Exact(pct(40)),
				Span: graph.Span{Start: "2023-01-01"}, Provenance: prov("h40")},
		},
	}
	loads := []graph.LoadRecord{{ID: 7, LoadMeta: graph.LoadMeta{List: "t", Published: "2023-01-01"}, Status: graph.LoadCommitted},
		{ID: 8, LoadMeta: graph.LoadMeta{List: "other", Published: "2023-01-01"}, Status: graph.LoadCommitted}}
	show := func(ivs []queries.Interval) string {
		var out []string
		for _, iv := range ivs {
			s := fmt.Sprintf("%s %s [%s,%s) %s", iv.Regime, iv.Status, iv.From, iv.To, iv.Share)
			for _, e := range iv.Events {
				s += " " + e.Kind
				switch {
				case e.Holding != nil:
					s += ":" + e.Holding.Record
				case e.Designation != nil:
					s += ":" + e.Designation.Record
				case e.Load != nil:
					s += fmt.Sprintf(":%d", e.Load.ID)
				}
			}
			out = append(out, s)
		}
		return strings.Join(out, "\n")
	}
	for _, tc := range []struct {
		name     string
		from, to graph.Date
		want     string
	}{
		{"all", "", "", "ofac clear [,2020-01-01) 0\n" +
			"ofac blocked [2020-01-01,2023-01-01) 60 holding-started:h60\n" +
			"ofac clear [2023-01-01,) 40 holding-ended:h60 holding-started:h40 list-version:7"},
		{"window", "2021-01-01", "2024-01-01", "ofac blocked [2021-01-01,2023-01-01) 60\n" +
			"ofac clear [2023-01-01,2024-01-01) 40 holding-ended:h60 holding-started:h40 list-version:7"},
		{"before", "", "2020-01-01", "ofac clear [,2020-01-01) 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ivs, err := queries.Timeline(context.Background(), snap, "A", queries.TimelineOptions{Regimes: []graph.Regime{graph.RegimeOFAC},
				From: tc.from, To: tc.to, Loads: loads})
			if err != nil {
				t.Fatal(err)
			}
			if got := show(ivs); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
	if _, err := queries.Timeline(context.Background(), snap, "A", queries.TimelineOptions{MaxPoints: 2}); !errors.Is(err, queries.ErrTimelineTooLong) {
		t.Errorf("3 change points, at most 2: %v", err)
	}
	if _, err := queries.Timeline(context.Background(), snap, "A", queries.TimelineOptions{MaxPoints: 3}); err != nil {
		t.Errorf("3 change points, at most 3: %v", err)
	}
	if _, err := queries.Timeline(context.Background(), snap, "nobody", queries.TimelineOptions{}); err == nil {
		t.Error("timeline of an unknown entity: no error")
	}
	if _, err := queries.Timeline(context.Background(), snap, "A", queries.TimelineOptions{From: "2022-01-01", To: "2021-01-01"}); err == nil {
		t.Error("empty window: no error")
	}
}
