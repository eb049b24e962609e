package exposure

import (
	"cmp"
	"fmt"
	"iter"
	"slices"

	"github.com/ownex/ownex/graph"
)

// The third run (RULES.md section 2, "Parties and links").
//
// A possible link (a name match without corroboration) never merges two
// parties and never changes a status. It gives two flags:
//
//   - possibly-same-as, on an entity with a possible link to a party that
//     is designated or exposed under the regime (both ends are flagged
//     when both qualify), naming the candidate, the score and the names;
//   - possibly-exposed, on an entity that is neither designated nor
//     exposed but would be if the possible links were strong: the engines
//     run a third time with the possible links merged, and the entity's
//     status there is designated, blocked, owned or controlled. The flag
//     names the possible links upstream of the entity that the exposure
//     passes through, and the status the entity would have.
//
// The third run only re-decides what merging can change: the downstream
// closure D of the ends of the links that can change a status
// (activeLinks), through holdings and control edges, analysed on D's
// upstream closure, which holds everything those verdicts depend on.
// Every other exposed status is the same with and without the merge. Its input is built from the analysed
// graph: nodes are the strong parties, holdings the reconciled ones as
// given (capping runs again), and the possible links become strong links
// between the parties' representatives, so that reports of one stake by
// two merged parties are reconciled as for any cluster.

// possInfo is what the third run says about one node under one regime.
type possInfo struct {
	sameAs []graph.PossibleLink
	via    []graph.PossibleLink
	status graph.Status // the status with possible links merged (possibly-exposed only)
}

// maxViaWalk bounds the upstream walk that finds the possible links behind
// one possibly-exposed entity.
const maxViaWalk = 10000

// possLink is one possible link between two different strong parties.
type possLink struct {
	l      graph.SameAs
	na, nb int32 // the nodes of l.A and l.B (their own, for names)
	pa, pb int32 // their parties' nodes (representatives)
}

// addPossible runs the third run for the possible links of the analysed
// graph and records, per regime, the flags it gives. It does nothing
// without possible links between two different parties.
func (res *Result) addPossible(links []graph.SameAs, opt Options) error {
	g := res.g
	var pl []possLink
	for _, l := range links {
		na, okA := g.lookup(l.A)
		nb, okB := g.lookup(l.B)
		if !okA || !okB {
			continue // an end outside the analysed graph: nothing to merge
		}
		pa, pb := res.partyNode(na), res.partyNode(nb)
		if pa == pb {
			continue // already one party through strong links
		}
		pl = append(pl, possLink{l: l, na: na, nb: nb, pa: pa, pb: pb})
	}
	if len(pl) == 0 {
		return nil
	}
	for _, rr := range res.regimes {
		rr.poss = map[int32]*possInfo{}
		res.flagSameAs(rr, pl)
	}
	t := &third{res: res, member: res.members(), inD: make([]bool, g.n())}
	pl, down := t.activeLinks(pl)
	if len(pl) == 0 {
		return nil
	}
	sub := g.subSnapshot(t.memberUpstream(down), pl, res.asOf)
	merged, err := Analyze(sub, Options{AsOf: opt.AsOf, Regimes: opt.Regimes})
	if err != nil {
		return err
	}
	mnode := make([]int32, len(down)) // down[i]'s party in the third run
	for i, v := range down {
		mv, ok := merged.g.lookup(g.ids[v])
		if !ok {
			return fmt.Errorf("exposure: third run: %s is missing", g.ids[v]) // subSnapshot has every node of D
		}
		mnode[i] = merged.partyNode(mv)
	}
	via := newViaIndex(merged, pl, g)
	for regime, rr := range res.regimes {
		mr := merged.regimes[regime]
		for i, v := range down {
			if rr.status(v).Exposed() {
				continue
			}
			st := mr.status(mnode[i])
			if !st.Exposed() {
				continue
			}
			pi := rr.info(v)
			pi.status = st
			pi.via = via.behind(rr, mr, mnode[i])
		}
	}
	return nil
}

// ownersOf yields the owners (holdings in force) and controllers of v,
// with repeats.
func (g *compact) ownersOf(v int32) iter.Seq[int32] {
	return func(yield func(int32) bool) {
		lo, hi := g.inRange(v)
		for e := lo; e < hi; e++ {
			if !yield(g.hOwner[e]) {
				return
			}
		}
		clo, chi := g.ctrlInRange(v)
		for c := clo; c < chi; c++ {
			if !yield(g.cFrom[c]) {
				return
			}
		}
	}
}

// third is the state of one third run's preparation.
type third struct {
	res    *Result
	member []bool // node is in a definite run of some regime
	inD    []bool // node is in D, the downstream closure of the active links
}

// members flags every node that is in the definite run of some analysed
// regime (designated or exposed).
func (res *Result) members() []bool {
	out := make([]bool, res.g.n())
	for _, rr := range res.regimes {
		d := rr.runs[definite]
		for v := range out {
			out[v] = out[v] || d.status(int32(v)) != stClear
		}
	}
	return out
}

// partyNode returns the node of v's party: its strong cluster's
// representative, or v.
func (res *Result) partyNode(v int32) int32 {
	if rep, ok := res.repOf(v); ok {
		return rep
	}
	return v
}

// info returns v's possInfo, creating it.
func (rr *regimeResult) info(v int32) *possInfo {
	pi := rr.poss[v]
	if pi == nil {
		pi = &possInfo{}
		rr.poss[v] = pi
	}
	return pi
}

// flagSameAs gives possibly-same-as to each end of a possible link whose
// other end's party is designated or exposed under rr's regime.
func (res *Result) flagSameAs(rr *regimeResult, pl []possLink) {
	g := res.g
	for _, p := range pl {
		for _, e := range [2]struct{ self, other, selfParty, otherParty int32 }{
			{p.na, p.nb, p.pa, p.pb}, {p.nb, p.na, p.pb, p.pa}} {
			st := rr.status(e.otherParty)
			if !st.Exposed() {
				continue
			}
			pi := rr.info(e.selfParty)
			pi.sameAs = append(pi.sameAs, graph.PossibleLink{Entity: g.ids[e.self], Candidate: g.ids[e.other],
				Name: g.names[e.other], Score: p.l.Score, Names: p.l.Matched(), Status: st})
		}
	}
	for _, pi := range rr.poss {
		sortPossible(pi.sameAs)
	}
}

// sortPossible orders links by descending score, then candidate and
// entity, and drops repeats.
func sortPossible(ls []graph.PossibleLink) []graph.PossibleLink {
	slices.SortFunc(ls, func(a, b graph.PossibleLink) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Candidate, b.Candidate); c != 0 {
			return c
		}
		return cmp.Compare(a.Entity, b.Entity)
	})
	return slices.CompactFunc(ls, func(a, b graph.PossibleLink) bool {
		return a.Candidate == b.Candidate && a.Entity == b.Entity
	})
}

// activeLinks returns the possible links that can change a status when
// merged, and the downstream closure D of their ends (ascending).
//
// A status is exposed when the definite run (lower bounds) decides it, so
// merging changes an exposed status only where a merged party becomes a
// member of some definite run: it has a designation, or members hold
// stakes in it or control edges over it. A merged party whose two ends
// are not exposed and have no holding or control edge from a member in
// any definite run, and from no node of D (whose status the merge may
// change), stays outside every definite run, and its own holdings, counted
// only from members, change nothing downstream. Such links are left out
// of the third run; the others are activated until D stops growing.
func (t *third) activeLinks(pl []possLink) ([]possLink, []int32) {
	g, member, inD := t.res.g, t.member, t.inD
	fed := func(v int32) bool { // v is a member or in D, or one of its owners or controllers is
		if member[v] || inD[v] {
			return true
		}
		for u := range g.ownersOf(v) {
			if member[u] || inD[u] {
				return true
			}
		}
		return false
	}
	var stack, down []int32
	push := func(v int32) {
		if !inD[v] {
			inD[v] = true
			stack, down = append(stack, v), append(down, v)
		}
	}
	active := make([]bool, len(pl))
	for changed := true; changed; {
		changed = false
		for i, p := range pl {
			if active[i] || !(fed(p.pa) || fed(p.pb)) {
				continue
			}
			active[i], changed = true, true
			push(p.pa)
			push(p.pb)
		}
		for len(stack) > 0 {
			u := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, e := range g.out(u) {
				push(g.hOwned[e])
			}
			for _, c := range g.ctrlOut(u) {
				push(g.cTo[c])
			}
		}
	}
	var out []possLink
	for i, p := range pl {
		if active[i] {
			out = append(out, p)
		}
	}
	slices.Sort(down)
	return out, down
}

// memberUpstream returns the nodes of D (vs) and, transitively, their
// owners and controllers that are members of a definite run of some
// regime (ascending). The definite runs count only members' holdings and
// control edges (and, under UK, holdings in a joint arrangement with a
// counted one: subSnapshot keeps those), and capping changes upper bounds
// only, so a node outside D that no definite run counts changes no
// definite status, and its own owners do not matter.
func (t *third) memberUpstream(vs []int32) []int32 {
	g := t.res.g
	seen := slices.Clone(t.inD)
	stack := slices.Clone(vs)
	out := slices.Clone(vs)
	visit := func(u int32) {
		if !seen[u] && t.member[u] {
			seen[u] = true
			stack, out = append(stack, u), append(out, u)
		}
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for u := range g.ownersOf(v) {
			visit(u)
		}
	}
	slices.Sort(out)
	return out
}

// subSnapshot is the third run's input: the parties of nodes (from
// memberUpstream, sorted), the holdings into them from nodes (and those
// in a joint arrangement, whatever their owner), the control edges into
// them from nodes, their active designations, and the possible links as
// strong links between their parties. Its upper bounds are not those of
// the whole graph (holdings of non-members are left out): only its
// definite runs are used.
func (g *compact) subSnapshot(nodes []int32, pl []possLink, asOf graph.Date) *graph.Snapshot {
	s := &graph.Snapshot{AsOf: asOf, Entities: make([]graph.Entity, 0, len(nodes))}
	in := func(u int32) bool { _, ok := slices.BinarySearch(nodes, u); return ok }
	m := 0
	for _, v := range nodes {
		lo, hi := g.inRange(v)
		m += int(hi - lo)
	}
	s.Holdings = make([]graph.Holding, 0, m)
	for _, v := range nodes {
		s.Entities = append(s.Entities, graph.Entity{ID: g.ids[v], Name: g.names[v]})
		lo, hi := g.inRange(v)
		for e := lo; e < hi; e++ {
			if g.hArr[e] >= 0 || in(g.hOwner[e]) {
				s.Holdings = append(s.Holdings, g.holding(e))
			}
		}
		clo, chi := g.ctrlInRange(v)
		for c := clo; c < chi; c++ {
			if !in(g.cFrom[c]) {
				continue
			}
			ct := g.snap.Controls[g.cRec[c]]
			ct.Controller, ct.Controlled = g.ids[g.cFrom[c]], g.ids[g.cTo[c]]
			s.Controls = append(s.Controls, ct)
		}
		for _, d := range g.designations[v] {
			ds := g.snap.Designations[d]
			ds.Entity = g.ids[v]
			s.Designations = append(s.Designations, ds)
		}
	}
	for _, p := range pl {
		l := p.l
		l.A, l.B, l.Strength = g.ids[p.pa], g.ids[p.pb], graph.StrengthStrong
		s.SameAs = append(s.SameAs, l)
	}
	return s
}

// viaIndex finds the possible links behind a node of the third run: the
// links inside the merged parties upstream of it.
type viaIndex struct {
	merged *Result
	at     map[int32][]int32 // merged node (representative) -> indexes into pl
	pl     []possLink
	g      *compact // the analysed graph (for names)
	stamp  []int32  // per merged node: the walk that visited it last
	walk   int32
}

func newViaIndex(merged *Result, pl []possLink, g *compact) *viaIndex {
	x := &viaIndex{merged: merged, at: map[int32][]int32{}, pl: pl, g: g}
	for i, p := range pl {
		mv, ok := merged.g.lookup(g.ids[p.pa])
		if !ok {
			continue
		}
		mv = merged.partyNode(mv)
		x.at[mv] = append(x.at[mv], int32(i))
	}
	return x
}

// behind walks upstream from merged node v through owners and controllers
// that are not clear in either run of mr and returns the possible links of
// the parties it visits (at most maxViaWalk nodes are visited). Each
// link's candidate is its end whose party is designated or exposed in
// the normal runs rr (its first end when neither or both are), with that
// status.
func (x *viaIndex) behind(rr, mr *regimeResult, v int32) []graph.PossibleLink {
	mg := x.merged.g
	if x.stamp == nil {
		x.stamp = make([]int32, mg.n())
	}
	x.walk++
	x.stamp[v] = x.walk
	visited := 1
	stack := []int32{v}
	var out []graph.PossibleLink
	for len(stack) > 0 && visited <= maxViaWalk {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, i := range x.at[u] {
			p := x.pl[i]
			self, cand, st := p.na, p.nb, rr.status(p.pb)
			if sa := rr.status(p.pa); sa.Exposed() && !st.Exposed() {
				self, cand, st = p.nb, p.na, sa
			}
			out = append(out, graph.PossibleLink{Entity: x.g.ids[self], Candidate: x.g.ids[cand],
				Name: x.g.names[cand], Score: p.l.Score, Names: p.l.Matched(), Status: st})
		}
		visit := func(w int32) {
			w = x.merged.partyNode(w)
			if x.stamp[w] != x.walk && mr.status(w) != graph.StatusClear {
				x.stamp[w] = x.walk
				visited++
				stack = append(stack, w)
			}
		}
		for w := range mg.ownersOf(u) {
			visit(w)
		}
	}
	return sortPossible(out)
}
