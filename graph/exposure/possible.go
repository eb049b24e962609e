package exposure

import (
	"cmp"
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
// closure D of the possible links' ends (their holdings and control
// edges, transitively), analysed on D's upstream closure, which holds
// everything those verdicts depend on. Every other verdict is the same
// with and without the merge. Its input is built from the analysed
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
	down := g.downstream(pl)
	sub := g.subSnapshot(g.upstream(down), pl, res.asOf)
	merged, err := Analyze(sub, Options{AsOf: opt.AsOf, Regimes: opt.Regimes})
	if err != nil {
		return err
	}
	via := newViaIndex(merged, pl, g)
	for regime, rr := range res.regimes {
		mr := merged.regimes[regime]
		for _, v := range down {
			if rr.status(v).Exposed() {
				continue
			}
			mv, ok := merged.g.lookup(g.ids[v])
			if !ok {
				continue
			}
			if mrep, ok := merged.repOf(mv); ok {
				mv = mrep
			}
			st := mr.status(mv)
			if !st.Exposed() {
				continue
			}
			pi := rr.info(v)
			pi.status = st
			pi.via = via.behind(mr, mv)
		}
	}
	return nil
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
				Name: g.names[e.other], Score: p.l.Score, Names: linkNames(p.l), Status: st})
		}
	}
	for _, pi := range rr.poss {
		sortPossible(pi.sameAs)
	}
}

// linkNames is what a possible link says it matched: its evidence, else
// its provenance record (the old resolver kept "A ~ B" there).
func linkNames(l graph.SameAs) string {
	if l.Evidence != "" {
		return l.Evidence
	}
	return l.Record
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

// downstream returns the parties reachable from the possible links' ends
// through holdings and control edges (the ends included), ascending.
func (g *compact) downstream(pl []possLink) []int32 {
	seen := make(map[int32]bool)
	var stack, out []int32
	push := func(v int32) {
		if !seen[v] {
			seen[v] = true
			stack = append(stack, v)
			out = append(out, v)
		}
	}
	for _, p := range pl {
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
	slices.Sort(out)
	return out
}

// upstream returns the nodes of vs and their owners and controllers,
// transitively, ascending.
func (g *compact) upstream(vs []int32) []int32 {
	seen := make(map[int32]bool, len(vs))
	stack := slices.Clone(vs)
	for _, v := range vs {
		seen[v] = true
	}
	out := slices.Clone(vs)
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		lo, hi := g.inRange(v)
		for e := lo; e < hi; e++ {
			if u := g.hOwner[e]; !seen[u] {
				seen[u] = true
				stack, out = append(stack, u), append(out, u)
			}
		}
		clo, chi := g.ctrlInRange(v)
		for c := clo; c < chi; c++ {
			if u := g.cFrom[c]; !seen[u] {
				seen[u] = true
				stack, out = append(stack, u), append(out, u)
			}
		}
	}
	slices.Sort(out)
	return out
}

// subSnapshot is the third run's input: the parties of nodes (an
// upstream-closed set), every holding and control edge into them in force,
// their active designations, and the possible links as strong links
// between their parties.
func (g *compact) subSnapshot(nodes []int32, pl []possLink, asOf graph.Date) *graph.Snapshot {
	s := &graph.Snapshot{AsOf: asOf}
	for _, v := range nodes {
		s.Entities = append(s.Entities, graph.Entity{ID: g.ids[v], Name: g.names[v]})
		lo, hi := g.inRange(v)
		for e := lo; e < hi; e++ {
			s.Holdings = append(s.Holdings, g.holding(e))
		}
		clo, chi := g.ctrlInRange(v)
		for c := clo; c < chi; c++ {
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
}

func newViaIndex(merged *Result, pl []possLink, g *compact) *viaIndex {
	x := &viaIndex{merged: merged, at: map[int32][]int32{}, pl: pl, g: g}
	for i, p := range pl {
		mv, ok := merged.g.lookup(g.ids[p.pa])
		if !ok {
			continue
		}
		if rep, ok := merged.repOf(mv); ok {
			mv = rep
		}
		x.at[mv] = append(x.at[mv], int32(i))
	}
	return x
}

// behind walks upstream from merged node v through owners and controllers
// that are not clear in either run of mr and returns the possible links of
// the parties it visits (at most maxViaWalk nodes are visited).
func (x *viaIndex) behind(mr *regimeResult, v int32) []graph.PossibleLink {
	mg := x.merged.g
	seen := map[int32]bool{v: true}
	stack := []int32{v}
	var out []graph.PossibleLink
	for len(stack) > 0 && len(seen) <= maxViaWalk {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, i := range x.at[u] {
			p := x.pl[i]
			out = append(out, graph.PossibleLink{Entity: x.g.ids[p.na], Candidate: x.g.ids[p.nb],
				Name: x.g.names[p.nb], Score: p.l.Score, Names: linkNames(p.l)})
		}
		visit := func(w int32) {
			if rep, ok := x.merged.repOf(w); ok {
				w = rep
			}
			if !seen[w] && mr.status(w) != graph.StatusClear {
				seen[w] = true
				stack = append(stack, w)
			}
		}
		lo, hi := mg.inRange(u)
		for e := lo; e < hi; e++ {
			visit(mg.hOwner[e])
		}
		clo, chi := mg.ctrlInRange(u)
		for c := clo; c < chi; c++ {
			visit(mg.cFrom[c])
		}
	}
	return sortPossible(out)
}
