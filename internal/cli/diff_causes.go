package cli

import (
	"cmp"
	"slices"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/queries"
)

// Cause kinds of a diff line: the kinds of dated changes of package
// queries, which words them (queries.ChangeText).
const (
	causeDesignationStarted = queries.ChangeDesignationStarted
	causeDesignationEnded   = queries.ChangeDesignationEnded
	causeHoldingStarted     = queries.ChangeHoldingStarted
	causeHoldingEnded       = queries.ChangeHoldingEnded
	causeControlStarted     = queries.ChangeControlStarted
	causeControlEnded       = queries.ChangeControlEnded
)

// DiffCause is a dated record change that explains a diff line: a
// designation listed or delisted, a holding or control edge that started
// or ended between the two dates.
type DiffCause struct {
	Kind    string       `json:"kind"`
	Date    graph.Date   `json:"date"`
	Entity  string       `json:"entity"`           // designated party, owner or controller
	Target  string       `json:"target,omitempty"` // owned or controlled entity
	Regime  graph.Regime `json:"regime,omitempty"` // designation regime
	Program string       `json:"program,omitempty"`
	Share   string       `json:"share,omitempty"` // holding share range
	Basis   graph.Basis  `json:"basis,omitempty"`
	graph.Provenance
	Text string `json:"text"`
}

// causeIndex holds the dated changes of a full snapshot between two
// dates, indexed by the entity whose upstream they belong to, and the
// relations in force at some time between the dates, to walk upstream.
type causeIndex struct {
	lo, hi       graph.Date
	designations map[string][]DiffCause // by designated entity
	holdings     map[string][]heldCause // by owned entity
	controls     map[string][]heldCause // by controlled entity
	owners       map[string][]string    // owned -> owners and controllers (edges alive in [lo, hi])
	// whatIf is set for the hypothetical records of `ownex whatif`
	// (whatif.go), which have no dates between two sides.
	whatIf bool
}

// heldCause is a holding or control change with what decides whether it
// can matter: its owner or controller, and whether it is a joint
// arrangement (whose partners count whatever their status, under UK law).
type heldCause struct {
	DiffCause
	from  string
	joint bool
}

// within reports lo < d <= hi: a change dated d separates the state on lo
// from the state on hi.
func within(d, lo, hi graph.Date) bool { return d != "" && lo < d && d <= hi }

// alive reports whether span s is in force at some time in [lo, hi].
func alive(s graph.Span, lo, hi graph.Date) bool {
	return (s.Start == "" || s.Start <= hi) && (s.End == "" || s.End > lo)
}

func newCauseIndex(s *graph.Snapshot, a, b graph.Date) *causeIndex {
	lo, hi := min(a, b), max(a, b)
	ix := &causeIndex{lo: lo, hi: hi, designations: map[string][]DiffCause{}, holdings: map[string][]heldCause{},
		controls: map[string][]heldCause{}, owners: map[string][]string{}}
	for _, d := range s.Designations {
		desc := queries.DesignationText(d)
		c := DiffCause{Entity: d.Entity, Regime: d.Regime, Program: d.Program, Provenance: d.Provenance}
		if within(d.Listed, lo, hi) {
			c.Kind, c.Date, c.Text = causeDesignationStarted, d.Listed, queries.ChangeText(causeDesignationStarted, desc, d.Listed)
			ix.designations[d.Entity] = append(ix.designations[d.Entity], c)
		}
		if within(d.Delisted, lo, hi) {
			c.Kind, c.Date, c.Text = causeDesignationEnded, d.Delisted, queries.ChangeText(causeDesignationEnded, desc, d.Delisted)
			ix.designations[d.Entity] = append(ix.designations[d.Entity], c)
		}
	}
	for _, h := range s.Holdings {
		if alive(h.Span, lo, hi) {
			ix.owners[h.Owned] = append(ix.owners[h.Owned], h.Owner)
		}
		desc := queries.HoldingText(h)
		c := heldCause{DiffCause: DiffCause{Entity: h.Owner, Target: h.Owned, Share: h.Share.String(), Provenance: h.Provenance},
			from: h.Owner, joint: h.Arrangement != ""}
		if within(h.Start, lo, hi) {
			c.Kind, c.Date, c.Text = causeHoldingStarted, h.Start, queries.ChangeText(causeHoldingStarted, desc, h.Start)
			ix.holdings[h.Owned] = append(ix.holdings[h.Owned], c)
		}
		if within(h.End, lo, hi) {
			c.Kind, c.Date, c.Text = causeHoldingEnded, h.End, queries.ChangeText(causeHoldingEnded, desc, h.End)
			ix.holdings[h.Owned] = append(ix.holdings[h.Owned], c)
		}
	}
	for _, k := range s.Controls {
		if alive(k.Span, lo, hi) {
			ix.owners[k.Controlled] = append(ix.owners[k.Controlled], k.Controller)
		}
		desc := queries.ControlText(k)
		c := heldCause{DiffCause: DiffCause{Entity: k.Controller, Target: k.Controlled, Basis: k.Basis, Provenance: k.Provenance},
			from: k.Controller}
		if within(k.Start, lo, hi) {
			c.Kind, c.Date, c.Text = causeControlStarted, k.Start, queries.ChangeText(causeControlStarted, desc, k.Start)
			ix.controls[k.Controlled] = append(ix.controls[k.Controlled], c)
		}
		if within(k.End, lo, hi) {
			c.Kind, c.Date, c.Text = causeControlEnded, k.End, queries.ChangeText(causeControlEnded, desc, k.End)
			ix.controls[k.Controlled] = append(ix.controls[k.Controlled], c)
		}
	}
	return ix
}

// causes returns the dated changes in id's upstream closure (id, its
// owners and controllers transitively, through relations in force at some
// time between the dates) that can change id's verdict under regime: the
// designations of a regime seeding it, and holdings and control edges
// whose owner or controller is not clear under regime on either date
// (exposed tells), or that belong to a joint arrangement. Ordered by date,
// then text.
func (ix *causeIndex) causes(id string, regime graph.Regime, exposed func(string) bool) []DiffCause {
	seeds := graph.Seeds(regime)
	seen := map[string]bool{id: true}
	queue := []string{id}
	var out []DiffCause
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for _, c := range ix.designations[u] {
			if slices.Contains(seeds, c.Regime) {
				out = append(out, c)
			}
		}
		for _, list := range [][]heldCause{ix.holdings[u], ix.controls[u]} {
			for _, c := range list {
				if c.joint || exposed(c.from) {
					out = append(out, c.DiffCause)
				}
			}
		}
		for _, o := range ix.owners[u] {
			if !seen[o] {
				seen[o] = true
				queue = append(queue, o)
			}
		}
	}
	slices.SortFunc(out, func(a, b DiffCause) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Text, b.Text), cmp.Compare(a.Record, b.Record))
	})
	return slices.CompactFunc(out, func(a, b DiffCause) bool { return a.Text == b.Text && a.Record == b.Record })
}
