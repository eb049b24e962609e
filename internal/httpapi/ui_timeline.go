package httpapi

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// timelineView is one regime's timeline strip on the entity page: an SVG
// of status bands over time with a tick for each change, and the list of
// the changes with their records (the ticks' titles only show on hover).
type timelineView struct {
	Regime graph.Regime
	SVG    template.HTML
	Events []timelineEventView
}

// timelineEventView is one event under the strip: the day, the status
// the entity took on it, and the event's text and record.
type timelineEventView struct {
	Date   graph.Date
	Status graph.Status
	Text   string
	Source string
	Record string
}

// pageTimelinePoints bounds the timeline drawn on an entity page: each
// change point of the upstream costs an analysis of the closure, and a
// page must not wait for hundreds of them (the API has no such bound
// but the request's deadline).
const pageTimelinePoints = 200

// Geometry of a strip, in SVG user units.
const (
	tlWidth  = 720
	tlLeft   = 8   // left margin
	tlStub   = 60  // width of an open end ("since always", "still in force")
	tlBandY  = 6   // top of the bands
	tlBandH  = 22  // height of the bands
	tlHeight = 52  // bands, ticks and date labels
	tlLabelY = 46  // baseline of the date labels
	tlMinGap = 70  // labels closer than this to the previous one are left out
	tlDayPad = 180 // days drawn before the first and after the last change
)

// timelineViews draws the strips of ivs (queries.Timeline, regime after
// regime) on one time axis, marking asOf. CSP-safe: no style attribute
// or element, colours come from classes of /static/style.css.
func timelineViews(ivs []queries.Interval, asOf graph.Date) []timelineView {
	ax := newTimeAxis(ivs, asOf)
	var out []timelineView
	for i := 0; i < len(ivs); {
		j := i
		for j < len(ivs) && ivs[j].Regime == ivs[i].Regime {
			j++
		}
		out = append(out, ax.strip(ivs[i:j], asOf))
		i = j
	}
	return out
}

// timeAxis maps days to x between the two stubs of the open ends.
type timeAxis struct {
	lo, hi time.Time // the first and last day drawn inside the stubs
}

func day(d graph.Date) (time.Time, bool) {
	t, err := time.Parse(graph.DateLayout, string(d))
	return t, err == nil
}

func newTimeAxis(ivs []queries.Interval, asOf graph.Date) timeAxis {
	var ax timeAxis
	extend := func(d graph.Date) {
		if t, ok := day(d); ok {
			if ax.lo.IsZero() || t.Before(ax.lo) {
				ax.lo = t
			}
			if ax.hi.IsZero() || t.After(ax.hi) {
				ax.hi = t
			}
		}
	}
	extend(asOf)
	for _, iv := range ivs {
		extend(iv.From)
		extend(iv.To)
	}
	ax.lo = ax.lo.AddDate(0, 0, -tlDayPad)
	ax.hi = ax.hi.AddDate(0, 0, tlDayPad)
	return ax
}

// x is the position of day d; an unset d is the far end of a stub (left
// when start, else right).
func (ax timeAxis) x(d graph.Date, start bool) float64 {
	t, ok := day(d)
	switch {
	case !ok && start:
		return tlLeft
	case !ok:
		return tlWidth - tlLeft
	}
	inner := float64(tlWidth - 2*tlLeft - 2*tlStub)
	f := t.Sub(ax.lo).Hours() / ax.hi.Sub(ax.lo).Hours()
	return tlLeft + tlStub + f*inner
}

// strip draws one regime's intervals.
func (ax timeAxis) strip(ivs []queries.Interval, asOf graph.Date) timelineView {
	v := timelineView{Regime: ivs[0].Regime}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" width="%d" height="%d" viewBox="0 0 %d %d">`,
		tlWidth, tlHeight, tlWidth, tlHeight)
	fmt.Fprintf(&b, `<title>%s: status over time</title>`, template.HTMLEscapeString(strings.ToUpper(string(v.Regime))))
	lastLabel := -1e9
	for _, iv := range ivs {
		x0, x1 := ax.x(iv.From, true), ax.x(iv.To, false)
		from, to := string(iv.From), string(iv.To)
		if from == "" {
			from = "since always"
		}
		if to == "" {
			to = "still in force"
		}
		title := fmt.Sprintf("%s from %s to %s, share %s", iv.Status, from, to, iv.Share)
		fmt.Fprintf(&b, `<rect class="tl-band st-%s" x="%.1f" y="%d" width="%.1f" height="%d"><title>%s</title></rect>`,
			template.HTMLEscapeString(string(iv.Status)), x0, tlBandY, max(x1-x0, 1), tlBandH, template.HTMLEscapeString(title))
		if iv.From == "" {
			continue
		}
		var texts []string
		for _, e := range iv.Events {
			p := e.Provenance()
			texts = append(texts, fmt.Sprintf("%s [%s %s]", e.Text, p.Source, p.Record))
			v.Events = append(v.Events, timelineEventView{Date: iv.From, Status: iv.Status, Text: e.Text, Source: p.Source, Record: p.Record})
		}
		fmt.Fprintf(&b, `<line class="tl-tick" x1="%.1f" y1="%d" x2="%.1f" y2="%d"><title>%s</title></line>`,
			x0, tlBandY-4, x0, tlBandY+tlBandH+4, template.HTMLEscapeString(string(iv.From)+": "+strings.Join(texts, "; ")))
		if x0-lastLabel >= tlMinGap {
			fmt.Fprintf(&b, `<text class="tl-label" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x0, tlLabelY, template.HTMLEscapeString(string(iv.From)))
			lastLabel = x0
		}
	}
	if _, ok := day(asOf); ok {
		x := ax.x(asOf, true)
		fmt.Fprintf(&b, `<line class="tl-asof" x1="%.1f" y1="0" x2="%.1f" y2="%d"><title>as of %s</title></line>`, x, x, tlBandY+tlBandH+6, template.HTMLEscapeString(string(asOf)))
	}
	b.WriteString(`</svg>`)
	v.SVG = template.HTML(b.String()) // every text written above is escaped
	return v
}
