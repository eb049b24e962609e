package queries

import (
	"cmp"
	"context"
	"encoding/json"
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
	// MaxPoints, when > 0, bounds the work: a closure with more change
	// points (each costs one analysis) gives an error wrapping
	// ErrTimelineTooLong instead.
	MaxPoints int
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
// "since always" and an empty To "still in force". Events are the events
// on From that can change a verdict under Regime (designations of the
// regimes seeding it, holdings, control edges, list versions); none for
// the first interval, or for one cut at its start.
// Its JSON form (MarshalJSON) is one line of `ownex timeline --format
// jsonl` and of the API.
type Interval struct {
	ID     string
	Regime graph.Regime
	Status graph.Status
	From   graph.Date
	To     graph.Date
	Share  graph.Range
	Events []TimelineEvent
}

// intervalJSON is the JSON form of an Interval: from and to are null
// when open-ended, events an array (empty, not null).
type intervalJSON struct {
	ID       string          `json:"id"`
	Regime   graph.Regime    `json:"regime"`
	Status   graph.Status    `json:"status"`
	From     *graph.Date     `json:"from"`
	To       *graph.Date     `json:"to"`
	ShareMin graph.Pct       `json:"share_min"`
	ShareMax graph.Pct       `json:"share_max"`
	Events   []TimelineEvent `json:"events"`
}

// MarshalJSON writes {id, regime, status, from, to, share_min, share_max,
// events}, from and to null when open-ended.
func (iv Interval) MarshalJSON() ([]byte, error) {
	opt := func(d graph.Date) *graph.Date {
		if d == "" {
			return nil
		}
		return &d
	}
	events := iv.Events
	if events == nil {
		events = []TimelineEvent{}
	}
	return json.Marshal(intervalJSON{ID: iv.ID, Regime: iv.Regime, Status: iv.Status, From: opt(iv.From), To: opt(iv.To),
		ShareMin: iv.Share.Lo, ShareMax: iv.Share.Hi, Events: events})
}

// EntityTimeline reads what Timeline needs from st — the entity (an error
// wrapping graph.ErrNotFound when it does not exist), its upstream closure
// with every record of every date, and the load log — and returns the
// timeline of id. The command line and the server share it.
func EntityTimeline(ctx context.Context, st graph.Reader, id string, opt TimelineOptions) (graph.Entity, []Interval, error) {
	ent, err := st.Entity(ctx, id)
	if err != nil {
		return graph.Entity{}, nil, fmt.Errorf("timeline: entity %q: %w", id, err)
	}
	up, err := st.Upstream(ctx, []string{id}, "")
	if err != nil {
		return ent, nil, fmt.Errorf("timeline: read upstream of %q: %w", id, err)
	}
	if opt.Loads == nil {
		if opt.Loads, err = st.Loads(ctx); err != nil {
			return ent, nil, fmt.Errorf("timeline: read the load log: %w", err)
		}
	}
	ivs, err := Timeline(ctx, up, id, opt)
	return ent, ivs, err
}

// ErrTimelineTooLong is wrapped by Timeline's error when the closure has
// more change points than TimelineOptions.MaxPoints.
var ErrTimelineTooLong = errors.New("more change points than allowed")

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
//
// It stops with ctx's error when ctx is done between two analyses.
func Timeline(ctx context.Context, snap *graph.Snapshot, id string, opt TimelineOptions) ([]Interval, error) {
	regimes := opt.Regimes
	if len(regimes) == 0 {
		regimes = graph.Engines
	}
	if opt.From != "" && opt.To != "" && opt.To <= opt.From {
		return nil, fmt.Errorf("timeline %q: empty window [%s, %s)", id, opt.From, opt.To)
	}
	events := timelineEvents(snap, opt.Loads)
	points := changePoints(events)
	if opt.MaxPoints > 0 && len(points) > opt.MaxPoints {
		return nil, fmt.Errorf("timeline %q: %d change points: %w (%d)", id, len(points), ErrTimelineTooLong, opt.MaxPoints)
	}
	starts, err := spanStarts(points)
	if err != nil {
		return nil, fmt.Errorf("timeline %q: %w", id, err)
	}
	out := make([][]Interval, len(regimes))
	for i, day := range starts {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("timeline %q: %w", id, err)
		}
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
				iv.Events = eventsFor(events[from], r)
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
			sources[e.Provenance().Source] = true
		}
		for i := range loads {
			l := &loads[i]
			if l.List != "" && l.Status == graph.LoadCommitted && !l.Partial() && l.Published == d && sources[l.List] {
				es = append(es, TimelineEvent{Kind: ChangeListVersion, Date: d, Load: l,
					Text: fmt.Sprintf("version of list %s published %s loaded (load %d)", l.List, d, l.ID)})
			}
		}
		slices.SortStableFunc(es, func(a, b TimelineEvent) int {
			pa, pb := a.Provenance(), b.Provenance()
			return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(pa.Source, pb.Source), cmp.Compare(pa.Record, pb.Record))
		})
		ev[d] = es
	}
	return ev
}

// eventsFor keeps the events that can change a verdict under regime r:
// all but the designations of regimes that do not seed r.
func eventsFor(es []TimelineEvent, r graph.Regime) []TimelineEvent {
	seeds := graph.Seeds(r)
	var out []TimelineEvent
	for _, e := range es {
		if e.Designation == nil || slices.Contains(seeds, e.Designation.Regime) {
			out = append(out, e)
		}
	}
	return out
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

// Provenance is the source and record of the event's record; for a list
// version, its list and "load <id>".
func (e TimelineEvent) Provenance() graph.Provenance {
	switch {
	case e.Designation != nil:
		return e.Designation.Provenance
	case e.Holding != nil:
		return e.Holding.Provenance
	case e.Control != nil:
		return e.Control.Provenance
	case e.Load != nil:
		return graph.Provenance{Source: e.Load.List, Record: fmt.Sprintf("load %d", e.Load.ID)}
	}
	return graph.Provenance{}
}
