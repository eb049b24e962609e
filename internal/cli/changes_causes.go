package cli

import (
	"fmt"
	"maps"
	"slices"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// Cause kinds of a change report that diff has no date for: a holding
// whose share or votes a load restated, and a record a load removed.
const (
	causeHoldingChanged = "holding-changed"
)

// loadCauseIndex indexes the records that differ between before and after
// (two reads of the same upstream closure, around a load) in what they
// say on asOf, as diff's causeIndex indexes dated changes: a designation
// in force on one side only, a holding or control edge in force on one
// side only, or a holding in force on both whose share or votes changed.
// The relations walked upstream are those in force on asOf on either
// side, and the strong same-as links (a party is analysed as one). Only the records whose target (designated, owned or controlled
// entity) the load touched can have changed: touched tells (nil: every
// record, when both sides are the whole store); a record of another
// target found on one side only entered the closure with a new relation,
// and is no cause.
func loadCauseIndex(before, after *graph.Snapshot, asOf graph.Date, touched func(string) bool) *causeIndex {
	if touched == nil {
		touched = func(string) bool { return true }
	}
	ix := &causeIndex{lo: asOf, hi: asOf, designations: map[string][]DiffCause{}, holdings: map[string][]heldCause{},
		controls: map[string][]heldCause{}, owners: map[string][]string{}}
	ds := pairUp(before.Designations, after.Designations, graph.Designation.Key)
	for _, p := range ds {
		was, is := p.bok && p.b.ActiveOn(asOf), p.aok && p.a.ActiveOn(asOf)
		d := p.a
		if !p.aok {
			d = p.b
		}
		if was == is || !touched(d.Entity) {
			continue
		}
		desc := queries.DesignationText(d)
		c := DiffCause{Entity: d.Entity, Regime: d.Regime, Program: d.Program, Provenance: d.Provenance}
		switch {
		case is:
			c.Kind, c.Date, c.Text = causeDesignationStarted, d.Listed, desc+" in force by this load"+since(d.Listed, "listed")
		case p.aok:
			c.Kind, c.Date, c.Text = causeDesignationEnded, d.Delisted, desc+" ended by this load"+since(d.Delisted, "delisted")
		default:
			c.Kind, c.Text = causeDesignationEnded, desc+" removed by this load"
		}
		ix.designations[d.Entity] = append(ix.designations[d.Entity], c)
	}

	hs := pairUp(before.Holdings, after.Holdings, graph.Holding.Key)
	for _, p := range hs {
		was, is := p.bok && p.b.Covers(asOf), p.aok && p.a.Covers(asOf)
		h := p.a
		if !p.aok {
			h = p.b
		}
		if was || is {
			ix.owners[h.Owned] = append(ix.owners[h.Owned], h.Owner)
		}
		changed := was && is && (p.a.Share != p.b.Share || p.a.Votes != p.b.Votes || p.a.Arrangement != p.b.Arrangement)
		if was == is && !changed || !touched(h.Owned) {
			continue
		}
		desc := queries.HoldingText(h)
		c := heldCause{DiffCause: DiffCause{Entity: h.Owner, Target: h.Owned, Share: h.Share.String(), Provenance: h.Provenance},
			from: h.Owner, joint: h.Arrangement != "" || p.b.Arrangement != ""}
		switch {
		case changed:
			c.Kind, c.Date = causeHoldingChanged, h.Start
			c.Text = fmt.Sprintf("holding %s → %s restated by this load: %s, was %s", h.Owner, h.Owned, queries.ShareText(p.a.Share), queries.ShareText(p.b.Share))
		case is:
			c.Kind, c.Date, c.Text = causeHoldingStarted, h.Start, desc+" in force by this load"+since(h.Start, "started")
		case p.aok:
			c.Kind, c.Date, c.Text = causeHoldingEnded, h.End, desc+" ended by this load"+since(h.End, "ended")
		default:
			c.Kind, c.Text = causeHoldingEnded, desc+" removed by this load"
		}
		ix.holdings[h.Owned] = append(ix.holdings[h.Owned], c)
	}

	ks := pairUp(before.Controls, after.Controls, graph.Control.Key)
	for _, p := range ks {
		was, is := p.bok && p.b.Covers(asOf), p.aok && p.a.Covers(asOf)
		k := p.a
		if !p.aok {
			k = p.b
		}
		if was || is {
			ix.owners[k.Controlled] = append(ix.owners[k.Controlled], k.Controller)
		}
		if was == is || !touched(k.Controlled) {
			continue
		}
		desc := queries.ControlText(k)
		c := heldCause{DiffCause: DiffCause{Entity: k.Controller, Target: k.Controlled, Basis: k.Basis, Provenance: k.Provenance},
			from: k.Controller}
		switch {
		case is:
			c.Kind, c.Date, c.Text = causeControlStarted, k.Start, desc+" in force by this load"+since(k.Start, "started")
		case p.aok:
			c.Kind, c.Date, c.Text = causeControlEnded, k.End, desc+" ended by this load"+since(k.End, "ended")
		default:
			c.Kind, c.Text = causeControlEnded, desc+" removed by this load"
		}
		ix.controls[k.Controlled] = append(ix.controls[k.Controlled], c)
	}
	// The records of a party are analysed as one: the walk crosses the
	// strong same-as links of either side, both ways.
	for _, snap := range []*graph.Snapshot{before, after} {
		for _, l := range snap.SameAs {
			if l.Strong() {
				ix.owners[l.A] = append(ix.owners[l.A], l.B)
				ix.owners[l.B] = append(ix.owners[l.B], l.A)
			}
		}
	}
	return ix
}

// pair is a record as it was before a load and as it is after it.
type pair[T any] struct {
	b, a     T
	bok, aok bool
}

// pairUp pairs the records of before and after by key, in key order.
func pairUp[T any](before, after []T, key func(T) string) []*pair[T] {
	m := make(map[string]*pair[T], len(after))
	for _, r := range before {
		m[key(r)] = &pair[T]{b: r, bok: true}
	}
	for _, r := range after {
		if p := m[key(r)]; p != nil {
			p.a, p.aok = r, true
		} else {
			m[key(r)] = &pair[T]{a: r, aok: true}
		}
	}
	out := make([]*pair[T], 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k])
	}
	return out
}

// since words a record's date in a cause: ", listed 2024-05-10".
func since(d graph.Date, what string) string {
	if d == "" {
		return ""
	}
	return ", " + what + " " + string(d)
}
