package queries

import (
	"context"
	"fmt"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
)

// This file holds the summary of `ownex report` (Summarize) and the
// summarizer that its parts (summary_*.go) share.

// SummaryOptions configures Summarize.
type SummaryOptions struct {
	AsOf    graph.Date
	Regimes []graph.Regime // empty: graph.Engines
	// Top caps every list of the summary (default 25); the totals are
	// always complete.
	Top int
}

// EntityRef names an entity. In a Summary it names a party (RULES.md
// "Parties and links"): ID is the id that stands for the party
// (graph.Verdict.Party), Name the party's name, and Records lists the
// party's record ids, ID included, when it has more than one.
type EntityRef struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Records []string `json:"records,omitempty"`
}

// Summary is a whole-store summary for a risk committee (`ownex report`).
type Summary struct {
	AsOf    graph.Date     `json:"as_of"`
	Regimes []graph.Regime `json:"regimes"`
	Store   graph.Counts   `json:"store"`
	// Entities is the number of records analysed (every entity of the
	// snapshot and every id only referenced by a relation).
	Entities int `json:"entities"`
	// Parties is the number of parties they make: records joined by
	// strong same-as links are one party (a person on the OFAC, UK, EU and
	// UN lists whose records are linked is one), and a stub made for a
	// cross-reference is never a party of its own.
	Parties int `json:"parties"`
	// Statuses counts parties per regime and status. Every list of the
	// summary names parties, each once, with its record ids.
	Statuses map[graph.Regime]map[graph.Status]int `json:"statuses"`

	Groups             []ExposedGroup   `json:"groups"`
	GroupsTotal        int              `json:"groups_total"`
	Disagreements      []Disagreement   `json:"disagreements"`
	DisagreementsTotal int              `json:"disagreements_total"`
	OverAllocated      []OverAllocation `json:"over_allocated"`
	OverAllocatedTotal int              `json:"over_allocated_total"`
	Cycles             []Cycle          `json:"cycles"`
	CyclesTotal        int              `json:"cycles_total"`
	UnknownShares      []UnknownShare   `json:"unknown_shares"`
	UnknownSharesTotal int              `json:"unknown_shares_total"`
	// Possible lists verdicts with possible links (the flags
	// possibly-same-as and possibly-exposed), the possibly exposed first,
	// of PossibleVerdicts in all; PossibleTotal counts the entities that
	// have one under some regime.
	Possible         []PossibleFinding `json:"possible"`
	PossibleVerdicts int               `json:"possible_verdicts"`
	PossibleTotal    int               `json:"possible_total"`
}

// PossibleFinding is one regime's verdict on a party that has possible
// links: name matches that nothing corroborates, which never change its
// status, for review.
type PossibleFinding struct {
	EntityRef
	Regime             graph.Regime         `json:"regime"`
	Status             graph.Status         `json:"status"`
	Flags              []graph.Flag         `json:"flags"`
	PossiblySameAs     []graph.PossibleLink `json:"possibly_same_as,omitempty"`
	PossiblyExposedVia []graph.PossibleLink `json:"possibly_exposed_via,omitempty"`
	PossibleStatus     graph.Status         `json:"possible_status,omitempty"`
}

// ExposedGroup is a connected set of exposed parties: parties that are
// not clear under some regime, joined by holdings and control edges among
// their records. Designated lists its designated members (at most 10).
type ExposedGroup struct {
	Size       int                  `json:"size"`
	Designated []EntityRef          `json:"designated"`
	Exposed    map[graph.Regime]int `json:"exposed"` // members not clear, per regime
	Largest    EntityRef            `json:"largest"` // the member with most holdings in the group
}

// Disagreement is an entity whose status differs between regimes.
type Disagreement struct {
	EntityRef
	Statuses map[graph.Regime]graph.Status `json:"statuses"`
	// Derived is set when some regime reaches it through ownership or
	// control (not only a difference between the lists).
	Derived bool `json:"derived"`
}

// OverAllocation is a company whose holdings' lower bounds add up to
// more than 100 %.
type OverAllocation struct {
	EntityRef
	Total   graph.Range `json:"total"`
	Holders int         `json:"holders"`
}

// Cycle is a strongly connected set of holdings (a cross-holding).
type Cycle struct {
	Size    int         `json:"size"`
	Members []EntityRef `json:"members"` // at most 10
}

// UnknownShare is a holding of unknown share whose owner is exposed: the
// owned entity's status depends on a share nobody published.
type UnknownShare struct {
	Owner    EntityRef      `json:"owner"`
	Owned    EntityRef      `json:"owned"`
	Statuses []graph.Status `json:"owner_statuses"` // per regime, in Regimes order
	graph.Provenance
}

// Summarize analyses the whole store as of opt.AsOf and summarises it.
func Summarize(ctx context.Context, st graph.Reader, opt SummaryOptions) (*Summary, error) {
	regimes := opt.Regimes
	if len(regimes) == 0 {
		regimes = graph.Engines
	}
	top := opt.Top
	if top <= 0 {
		top = 25
	}
	counts, err := st.Counts(ctx)
	if err != nil {
		return nil, fmt.Errorf("report: counts: %w", err)
	}
	snap, err := st.Snapshot(ctx, opt.AsOf)
	if err != nil {
		return nil, fmt.Errorf("report: read snapshot as of %s: %w", opt.AsOf, err)
	}
	res, err := exposure.Analyze(snap, exposure.Options{AsOf: opt.AsOf, Regimes: regimes})
	if err != nil {
		return nil, fmt.Errorf("report: analyze as of %s: %w", opt.AsOf, err)
	}
	return summarize(snap, res, regimes, opt.AsOf, counts, top), nil
}

// summarizer works on parties: a node is a party, named by the id that
// stands for it (graph.Verdict.Party), and index maps each record id to
// its party's node.
type summarizer struct {
	ids, names []string
	records    [][]string // per node, the party's record ids in byte order
	index      map[string]int32
	status     [][]graph.Status // per regime, per node
	regimes    []graph.Regime
	possible   []PossibleFinding
}

func (z *summarizer) ref(v int32) EntityRef {
	r := EntityRef{ID: z.ids[v], Name: z.names[v]}
	if len(z.records[v]) > 1 {
		r.Records = z.records[v]
	}
	return r
}

// add indexes one record's verdict under the first regime: a new party
// node when v is the first record of its party (the verdicts come in byte
// order of id, and a party's id is its smallest record id, so its own
// record comes first), else one more record of it.
func (z *summarizer) add(v graph.Verdict) {
	party := v.Party
	if party == "" { // a verdict that names no party is its own
		party = v.Entity
	}
	n, ok := z.index[party]
	if !ok {
		n = int32(len(z.ids))
		z.index[party] = n
		z.ids = append(z.ids, party)
		z.names = append(z.names, v.Name)
		z.records = append(z.records, nil)
	}
	if v.Entity == party {
		z.names[n] = v.Name
	}
	z.index[v.Entity] = n
	z.records[n] = append(z.records[n], v.Entity)
}

func (z *summarizer) exposed(v int32) bool {
	for _, st := range z.status {
		if st[v] != graph.StatusClear {
			return true
		}
	}
	return false
}

func summarize(snap *graph.Snapshot, res *exposure.Result, regimes []graph.Regime, asOf graph.Date, counts graph.Counts, top int) *Summary {
	s := &Summary{AsOf: asOf, Regimes: regimes, Store: counts, Entities: res.Len(), Statuses: map[graph.Regime]map[graph.Status]int{}}
	z := &summarizer{index: map[string]int32{}, regimes: regimes}
	if len(regimes) > 0 {
		for v := range res.Verdicts(regimes[0]) {
			z.add(v)
		}
	}
	s.Parties = len(z.ids)
	for _, r := range regimes {
		m := map[graph.Status]int{}
		st := make([]graph.Status, len(z.ids))
		seen := make([]bool, len(z.ids))
		for v := range res.Verdicts(r) {
			n, ok := z.index[v.Entity]
			if !ok || seen[n] { // the records of one party share its verdict
				continue
			}
			seen[n] = true
			m[v.Status]++
			st[n] = v.Status
			if HasPossible(v.Flags, v.PossiblySameAs, v.PossiblyExposedVia) {
				z.possible = append(z.possible, PossibleFinding{EntityRef: z.ref(n), Regime: r, Status: v.Status,
					Flags: v.Flags, PossiblySameAs: v.PossiblySameAs, PossiblyExposedVia: v.PossiblyExposedVia, PossibleStatus: v.PossibleStatus})
			}
		}
		s.Statuses[r] = m
		z.status = append(z.status, st)
	}
	var hs []graph.Holding
	for _, h := range snap.Holdings {
		if h.Covers(asOf) {
			hs = append(hs, h)
		}
	}
	var cs []graph.Control
	for _, c := range snap.Controls {
		if c.Covers(asOf) {
			cs = append(cs, c)
		}
	}
	z.groups(s, hs, cs, top)
	z.disagreements(s, top)
	z.overAllocated(s, hs, top)
	z.cycles(s, hs, top)
	z.unknownShares(s, hs, top)
	s.Possible, s.PossibleTotal = rankPossible(z.possible, regimes, top*4)
	s.PossibleVerdicts = len(z.possible)
	return s
}

func (z *summarizer) node(id string) (int32, bool) {
	v, ok := z.index[id]
	return v, ok
}

func (z *summarizer) refID(id string) EntityRef {
	if v, ok := z.node(id); ok {
		return z.ref(v)
	}
	return EntityRef{ID: id, Name: id}
}
