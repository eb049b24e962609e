package queries

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
)

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

// rankPossible orders findings: the possibly exposed first, then by
// entity ID and regime (in regimes' order), and keeps the first max; total
// is the number of distinct entities.
func rankPossible(fs []PossibleFinding, regimes []graph.Regime, max int) (top []PossibleFinding, total int) {
	entities := map[string]bool{}
	for _, f := range fs {
		entities[f.ID] = true
	}
	exposed := func(f PossibleFinding) int {
		if possiblyExposed(f.Flags, f.PossiblyExposedVia) {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(fs, func(a, b PossibleFinding) int {
		if c := cmp.Compare(exposed(a), exposed(b)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return cmp.Compare(slices.Index(regimes, a.Regime), slices.Index(regimes, b.Regime))
	})
	return fs[:min(max, len(fs))], len(entities)
}

func (z *summarizer) node(id string) (int32, bool) {
	v, ok := z.index[id]
	return v, ok
}

func (z *summarizer) groups(s *Summary, hs []graph.Holding, cs []graph.Control, top int) {
	n := len(z.ids)
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	var find func(int32) int32
	find = func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	degree := make([]int32, n)
	join := func(a, b string) {
		u, ok1 := z.node(a)
		v, ok2 := z.node(b)
		if !ok1 || !ok2 || u == v || !z.exposed(u) || !z.exposed(v) {
			return // u == v: two records of one party
		}
		degree[u]++
		degree[v]++
		if ru, rv := find(u), find(v); ru != rv {
			parent[ru] = rv
		}
	}
	for _, h := range hs {
		join(h.Owner, h.Owned)
	}
	for _, c := range cs {
		join(c.Controller, c.Controlled)
	}
	byRoot := map[int32]*ExposedGroup{}
	largest := map[int32]int32{}
	for v := range int32(n) {
		if !z.exposed(v) {
			continue
		}
		r := find(v)
		g := byRoot[r]
		if g == nil {
			g = &ExposedGroup{Exposed: map[graph.Regime]int{}}
			byRoot[r] = g
			largest[r] = v
		}
		g.Size++
		designated := false
		for i, st := range z.status {
			if st[v] != graph.StatusClear {
				g.Exposed[z.regimes[i]]++
			}
			designated = designated || st[v] == graph.StatusDesignated
		}
		if designated && len(g.Designated) < 10 {
			g.Designated = append(g.Designated, z.ref(v))
		}
		if degree[v] > degree[largest[r]] {
			largest[r] = v
		}
	}
	var gs []ExposedGroup
	for r, g := range byRoot {
		if g.Size < 2 {
			continue // a lone designated party is not a group
		}
		g.Largest = z.ref(largest[r])
		gs = append(gs, *g)
	}
	sort.Slice(gs, func(i, j int) bool {
		if gs[i].Size != gs[j].Size {
			return gs[i].Size > gs[j].Size
		}
		return gs[i].Largest.ID < gs[j].Largest.ID
	})
	s.GroupsTotal = len(gs)
	s.Groups = gs[:min(top, len(gs))]
}

func category(st graph.Status) int {
	switch st {
	case graph.StatusDesignated:
		return 3
	case graph.StatusBlocked, graph.StatusOwned, graph.StatusControlled:
		return 2
	case graph.StatusUndetermined:
		return 1
	}
	return 0
}

func (z *summarizer) disagreements(s *Summary, top int) {
	if len(z.regimes) < 2 {
		return
	}
	var derived, listed []Disagreement
	for v := range int32(len(z.ids)) {
		c0 := category(z.status[0][v])
		differ, der := false, false
		for _, st := range z.status {
			c := category(st[v])
			differ = differ || c != c0
			der = der || c == 1 || c == 2
		}
		if !differ {
			continue
		}
		d := Disagreement{EntityRef: z.ref(v), Statuses: map[graph.Regime]graph.Status{}, Derived: der}
		for i, st := range z.status {
			d.Statuses[z.regimes[i]] = st[v]
		}
		if der {
			derived = append(derived, d)
		} else {
			listed = append(listed, d)
		}
	}
	s.DisagreementsTotal = len(derived) + len(listed)
	all := append(derived, listed...)
	s.Disagreements = all[:min(top*4, len(all))]
}

func (z *summarizer) overAllocated(s *Summary, hs []graph.Holding, top int) {
	type acc struct {
		total   graph.Range
		holders int
	}
	by := map[string]*acc{}
	for _, h := range hs {
		a := by[h.Owned]
		if a == nil {
			a = &acc{}
			by[h.Owned] = a
		}
		a.total = a.total.Add(graph.Range{Lo: h.Share.Lo, Hi: h.Share.Hi})
		a.holders++
	}
	var out []OverAllocation
	for id, a := range by {
		if a.total.Lo > graph.Hundred {
			out = append(out, OverAllocation{EntityRef: z.refID(id), Total: a.total, Holders: a.holders})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Total.Lo != out[j].Total.Lo {
			return out[i].Total.Lo > out[j].Total.Lo
		}
		return out[i].ID < out[j].ID
	})
	s.OverAllocatedTotal = len(out)
	s.OverAllocated = out[:min(top, len(out))]
}

func (z *summarizer) refID(id string) EntityRef {
	if v, ok := z.node(id); ok {
		return z.ref(v)
	}
	return EntityRef{ID: id, Name: id}
}

// cycles finds the strongly connected components of the holdings graph
// with more than one member, or a self-holding (Tarjan, iterative).
func (z *summarizer) cycles(s *Summary, hs []graph.Holding, top int) {
	n := len(z.ids)
	adj := make([][]int32, n)
	self := make([]bool, n)
	for _, h := range hs {
		u, ok1 := z.node(h.Owner)
		v, ok2 := z.node(h.Owned)
		if !ok1 || !ok2 || (u == v && h.Owner != h.Owned) {
			continue // a holding between two records of one party
		}
		if u == v {
			self[u] = true
		}
		adj[u] = append(adj[u], v)
	}
	index := make([]int32, n)
	low := make([]int32, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int32
	var counter int32
	var comps [][]int32
	type frame struct {
		v int32
		i int
	}
	for root := range int32(n) {
		if index[root] >= 0 || len(adj[root]) == 0 {
			continue
		}
		call := []frame{{root, 0}}
		index[root], low[root] = counter, counter
		counter++
		stack = append(stack, root)
		onStack[root] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			if f.i < len(adj[f.v]) {
				w := adj[f.v][f.i]
				f.i++
				if index[w] < 0 {
					index[w], low[w] = counter, counter
					counter++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{w, 0})
				} else if onStack[w] {
					low[f.v] = min(low[f.v], index[w])
				}
				continue
			}
			v := f.v
			call = call[:len(call)-1]
			if len(call) > 0 {
				p := call[len(call)-1].v
				low[p] = min(low[p], low[v])
			}
			if low[v] == index[v] {
				var comp []int32
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp = append(comp, w)
					if w == v {
						break
					}
				}
				if len(comp) > 1 || self[v] {
					comps = append(comps, comp)
				}
			}
		}
	}
	sort.Slice(comps, func(i, j int) bool {
		if len(comps[i]) != len(comps[j]) {
			return len(comps[i]) > len(comps[j])
		}
		return slices.Min(comps[i]) < slices.Min(comps[j])
	})
	s.CyclesTotal = len(comps)
	for _, c := range comps[:min(top, len(comps))] {
		slices.Sort(c)
		cy := Cycle{Size: len(c)}
		for _, v := range c[:min(10, len(c))] {
			cy.Members = append(cy.Members, z.ref(v))
		}
		s.Cycles = append(s.Cycles, cy)
	}
}

func (z *summarizer) unknownShares(s *Summary, hs []graph.Holding, top int) {
	for _, h := range hs {
		if !h.Share.IsUnknown() {
			continue
		}
		u, ok := z.node(h.Owner)
		if !ok || !z.exposed(u) {
			continue
		}
		s.UnknownSharesTotal++
		if len(s.UnknownShares) >= top {
			continue
		}
		us := UnknownShare{Owner: z.ref(u), Owned: z.refID(h.Owned), Provenance: h.Provenance}
		for _, st := range z.status {
			us.Statuses = append(us.Statuses, st[u])
		}
		s.UnknownShares = append(s.UnknownShares, us)
	}
}
