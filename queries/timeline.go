package queries

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
)

// TimelineOptions configures Timeline.
type TimelineOptions struct {
	Regimes []graph.Regime // empty: graph.Engines
	// From and To, when set, keep the part of the timeline in [From, To):
	// intervals are cut to it, and an interval cut at its start has no
	// events (they happened before From).
	From, To graph.Date
	// Loads is the store's load log; the complete list versions among
	// them give the list-version events (a version published on a change
	// point, of a list that is the source of a record changing there).
	Loads []graph.LoadRecord
}

// TimelineEvent is something that happened on a change point, with its
// record: Kind is one of the Change kinds (change.go), Text says it in
// words, and one of Designation, Holding, Control or Load is set, by Kind.
type TimelineEvent struct {
	Kind        string             `json:"kind"`
	Date        graph.Date         `json:"date"`
	Text        string             `json:"text"`
	Designation *graph.Designation `json:"designation,omitempty"`
	Holding     *graph.Holding     `json:"holding,omitempty"`
	Control     *graph.Control     `json:"control,omitempty"`
	Load        *graph.LoadRecord  `json:"load,omitempty"`
}

// Interval is a maximal span [From, To) on which an entity's status and
// counted share range under one regime are constant. An empty From means
// "since always" and an empty To "still in force". Events are the
// events on From (none for the first interval, or one cut at the start).
type Interval struct {
	ID     string          `json:"id"`
	Regime graph.Regime    `json:"regime"`
	Status graph.Status    `json:"status"`
	From   graph.Date      `json:"from"`
	To     graph.Date      `json:"to"`
	Share  graph.Range     `json:"share"`
	Events []TimelineEvent `json:"events"`
}

// ErrNoVerdict is wrapped by Timeline's error when the snapshot has no
// record of the entity.
var ErrNoVerdict = errors.New("entity not in the snapshot")

// Timeline returns, for each regime (in opt.Regimes order), the maximal
// intervals on which the verdict on id is constant. snap must hold every
// record of id's upstream closure, of every date (graph.Reader.Upstream
// with asOf ""): a verdict as of D depends on nothing else (DESIGN.md).
//
// It is exact, not sampled: under RULES.md section 2 a record counts on D
// when start <= D < end, so the inputs of an analysis only change on the
// dates on which some record of the closure starts or ends (listed,
// delisted, start, end). Those change points cut time into spans on which
// the analysis is constant; Timeline analyses each span once, at its first
// day (the day before the first change point for the span before it), and
// merges the neighbouring spans whose status and counted share agree.
func Timeline(snap *graph.Snapshot, id string, opt TimelineOptions) ([]Interval, error) {
	regimes := opt.Regimes
	if len(regimes) == 0 {
		regimes = graph.Engines
	}
	if opt.From != "" && opt.To != "" && opt.To <= opt.From {
		return nil, fmt.Errorf("timeline %q: empty window [%s, %s)", id, opt.From, opt.To)
	}
	events := timelineEvents(snap, opt.Loads)
	points := changePoints(events)
	starts, err := spanStarts(points)
	if err != nil {
		return nil, fmt.Errorf("timeline %q: %w", id, err)
	}
	out := make([][]Interval, len(regimes))
	for i, day := range starts {
		res, err := exposure.Analyze(snap, exposure.Options{AsOf: day, Regimes: regimes})
		if err != nil {
			return nil, fmt.Errorf("timeline %q: analyse as of %s: %w", id, day, err)
		}
		from, to := graph.Date(""), graph.Date("")
		if len(starts) > len(points) { // the first span has no start
			if i > 0 {
				from = points[i-1]
			}
			if i < len(points) {
				to = points[i]
			}
		} else {
			from = points[i]
			if i+1 < len(points) {
				to = points[i+1]
			}
		}
		for k, r := range regimes {
			v, ok := res.Verdict(id, r)
			if !ok {
				return nil, fmt.Errorf("timeline %q under %s: %w", id, r, ErrNoVerdict)
			}
			iv := Interval{ID: id, Regime: r, Status: v.Status, Share: v.Share, From: from, To: to}
			if n := len(out[k]); n > 0 && out[k][n-1].Status == iv.Status && out[k][n-1].Share == iv.Share {
				out[k][n-1].To = to
				continue
			}
			if from != "" {
				iv.Events = events[from]
			}
			out[k] = append(out[k], iv)
		}
	}
	var all []Interval
	for _, ivs := range out {
		all = append(all, clip(ivs, opt.From, opt.To)...)
	}
	return all, nil
}

// clip keeps the part of ivs in [from, to) (either end may be unset).
func clip(ivs []Interval, from, to graph.Date) []Interval {
	var out []Interval
	for _, iv := range ivs {
		if to != "" && iv.From != "" && iv.From >= to || from != "" && iv.To != "" && iv.To <= from {
			continue
		}
		if from != "" && (iv.From == "" || iv.From < from) {
			iv.From, iv.Events = from, nil
		}
		if to != "" && (iv.To == "" || iv.To > to) {
			iv.To = to
		}
		out = append(out, iv)
	}
	return out
}

// timelineEvents collects the events of every record of snap by date, in
// a stable order (kind, then record), with the list versions published on
// those dates whose list is the source of one of the date's records.
func timelineEvents(snap *graph.Snapshot, loads []graph.LoadRecord) map[graph.Date][]TimelineEvent {
	ev := map[graph.Date][]TimelineEvent{}
	add := func(d graph.Date, desc string, e TimelineEvent) {
		if d != "" {
			e.Date, e.Text = d, ChangeText(e.Kind, desc, d)
			ev[d] = append(ev[d], e)
		}
	}
	for i := range snap.Designations {
		d := &snap.Designations[i]
		desc := DesignationText(*d)
		add(d.Listed, desc, TimelineEvent{Kind: ChangeDesignationStarted, Designation: d})
		add(d.Delisted, desc, TimelineEvent{Kind: ChangeDesignationEnded, Designation: d})
	}
	for i := range snap.Holdings {
		h := &snap.Holdings[i]
		desc := HoldingText(*h)
		add(h.Start, desc, TimelineEvent{Kind: ChangeHoldingStarted, Holding: h})
		add(h.End, desc, TimelineEvent{Kind: ChangeHoldingEnded, Holding: h})
	}
	for i := range snap.Controls {
		c := &snap.Controls[i]
		desc := ControlText(*c)
		add(c.Start, desc, TimelineEvent{Kind: ChangeControlStarted, Control: c})
		add(c.End, desc, TimelineEvent{Kind: ChangeControlEnded, Control: c})
	}
	for d, es := range ev {
		sources := map[string]bool{}
		for _, e := range es {
			sources[e.source()] = true
		}
		for i := range loads {
			l := &loads[i]
			if l.List != "" && l.Status == graph.LoadCommitted && !l.Partial() && l.Published == d && sources[l.List] {
				es = append(es, TimelineEvent{Kind: ChangeListVersion, Date: d, Load: l,
					Text: fmt.Sprintf("version of list %s published %s loaded (load %d)", l.List, d, l.ID)})
			}
		}
		slices.SortStableFunc(es, func(a, b TimelineEvent) int {
			return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.source(), b.source()), cmp.Compare(a.record(), b.record()))
		})
		ev[d] = es
	}
	return ev
}

// changePoints returns the dates of events, ascending.
func changePoints(ev map[graph.Date][]TimelineEvent) []graph.Date {
	points := make([]graph.Date, 0, len(ev))
	for d := range ev {
		points = append(points, d)
	}
	slices.Sort(points)
	return points
}

// spanStarts returns the day on which to analyse each span: the day
// before the first change point (for the span before it, unless no day
// precedes it), then every change point. Without change points, one span
// covers all time and any day will do.
func spanStarts(points []graph.Date) ([]graph.Date, error) {
	if len(points) == 0 {
		return []graph.Date{graph.Today()}, nil
	}
	t, err := time.Parse(graph.DateLayout, string(points[0]))
	if err != nil {
		return nil, fmt.Errorf("change point %q: %w", points[0], err)
	}
	before := t.AddDate(0, 0, -1)
	if before.Year() < 1 {
		return points, nil
	}
	return append([]graph.Date{graph.Date(before.Format(graph.DateLayout))}, points...), nil
}

func (e TimelineEvent) source() string {
	switch {
	case e.Designation != nil:
		return e.Designation.Source
	case e.Holding != nil:
		return e.Holding.Source
	case e.Control != nil:
		return e.Control.Source
	case e.Load != nil:
		return e.Load.List
	}
	return ""
}

func (e TimelineEvent) record() string {
	switch {
	case e.Designation != nil:
		return e.Designation.Record
	case e.Holding != nil:
		return e.Holding.Record
	case e.Control != nil:
		return e.Control.Record
	}
	return ""
}
