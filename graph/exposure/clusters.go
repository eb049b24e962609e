package exposure

import (
	"sort"
	"strings"

	"github.com/ownex/ownex/graph"
)

// Same-as clusters (DESIGN.md: "Analysis works on same-as clusters").
//
// Records of one real-world party often come from several sources: an OFAC
// record, its OpenSanctions entity, its GLEIF LEI record. Same-as links
// (from identifiers, referents or `ownex resolve`) join them into a
// cluster, and the engines treat a cluster as ONE party:
//
//   - a designation of any member applies to the whole cluster;
//   - holdings and control edges of every member are those of the cluster;
//   - every member gets the cluster's verdict (and proof).
//
// Overlapping reports of the same holding are reconciled, not added: the
// holdings in force on the analysis date between the same two clusters
// (and the same joint arrangement) are grouped by source; within one
// source they add up (a source may list two share classes); across sources
// they are alternative reports of one stake, and the counted range is
// their intersection when the reports agree (overlap) and the hull of the
// reports when they contradict each other (so that the definite run keeps
// the smallest and the possible run the largest reported stake). The
// reconciled holding names every source in its provenance. Holdings
// between members of one cluster are dropped (a party does not own
// itself).

// Clusters maps every id of a same-as cluster of two or more ids to the
// cluster's representative, its smallest id. Only strong links form
// clusters (RULES.md section 2, "Parties and links": graph.PartyLinks
// drops possible links, rejected pairs and links with an empty end or
// joining an id to itself); ids in no strong link are not in the map.
// The engines here and the screening in package queries share it, so that
// they agree on what one party is.
func Clusters(links []graph.SameAs) map[string]string {
	links, _ = graph.PartyLinks(links)
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok || p == x {
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	for _, l := range links {
		a, b := find(l.A), find(l.B)
		if a == b {
			continue
		}
		if b < a {
			a, b = b, a
		}
		parent[a], parent[b] = a, a
	}
	canon := make(map[string]string, len(parent))
	for x := range parent {
		canon[x] = find(x)
	}
	return canon
}

// nameParties gives every member of a cluster that has no name of its
// own (graph.Named: a stub, named by its id) the party's name
// (graph.PartyName), so that verdicts and proofs never show a party under
// the id of a stub: the UN record an EU or UK entry refers to is shown
// with the name of that entry. A cluster of stubs only keeps their ids.
func (g *compact) nameParties(canon map[string]string) {
	// Most clusters have no stub: find those that do before collecting
	// any members.
	var need map[string][]string // representative → members
	for id, rep := range canon {
		if v, ok := g.lookup(id); ok && !graph.Named(id, g.names[v]) {
			if need == nil {
				need = map[string][]string{}
			}
			need[rep] = nil
		}
	}
	if need == nil {
		return
	}
	for id, rep := range canon {
		if ms, ok := need[rep]; ok {
			need[rep] = append(ms, id)
		}
	}
	name := func(id string) string {
		if v, ok := g.lookup(id); ok {
			return g.names[v]
		}
		return id
	}
	for rep, ms := range need {
		party := graph.PartyName(rep, ms, name)
		if !graph.Named(rep, party) {
			continue // no member has a name
		}
		for _, id := range ms {
			if v, ok := g.lookup(id); ok && !graph.Named(id, g.names[v]) {
				g.names[v] = party
			}
		}
	}
}

// mergeRelations returns a snapshot of s's designations and control
// edges moved to the representatives of canon's clusters. With clusters,
// control edges not in force on asOf, inside one cluster or repeated
// between the same two clusters on the same basis are dropped. Holdings
// are reconciled by reconcileColumns (reconcile.go).
func mergeRelations(s *graph.Snapshot, canon map[string]string, asOf graph.Date) *graph.Snapshot {
	if len(canon) == 0 {
		return s
	}
	to := canonFunc(canon)
	out := &graph.Snapshot{AsOf: s.AsOf, SameAs: s.SameAs}
	for _, d := range s.Designations {
		d.Entity = to(d.Entity)
		out.Designations = append(out.Designations, d)
	}
	seen := map[string]bool{}
	for _, c := range s.Controls {
		c.Controller, c.Controlled = to(c.Controller), to(c.Controlled)
		k := c.Controller + "\x1f" + c.Controlled + "\x1f" + string(c.Basis)
		if c.Controller == c.Controlled || !c.Covers(asOf) || seen[k] {
			continue
		}
		seen[k] = true
		out.Controls = append(out.Controls, c)
	}
	return out
}

// canonFunc maps an id to its cluster representative.
func canonFunc(canon map[string]string) func(string) string {
	return func(id string) string {
		if r, ok := canon[id]; ok {
			return r
		}
		return id
	}
}

// reconcile moves holdings to cluster representatives and merges the
// reports of one stake by several sources (see the package comment above).
// It is the record-level statement of what reconcileColumns does.
func reconcile(hs []graph.Holding, to func(string) string, asOf graph.Date) []graph.Holding {
	groups := map[string][]graph.Holding{}
	var keys []string
	for _, h := range hs {
		if !h.Covers(asOf) {
			continue
		}
		h.Owner, h.Owned = to(h.Owner), to(h.Owned)
		if h.Owner == h.Owned {
			continue
		}
		k := h.Owner + "\x1f" + h.Owned + "\x1f" + h.Arrangement
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], h)
	}
	out := make([]graph.Holding, 0, len(keys))
	for _, k := range keys {
		out = append(out, mergeReports(groups[k]))
	}
	return out
}

// mergeReports merges the holdings of one group (the same two clusters and
// arrangement): within one source they add up, capped at 100 %; across
// sources the reports agree (intersection) or span their hull. The result
// takes its other fields from the smallest source's first holding and
// names every source and record.
func mergeReports(hs []graph.Holding) graph.Holding {
	if len(hs) == 1 {
		return hs[0]
	}
	bySource := map[string]graph.Holding{}
	var order []string
	for _, h := range hs {
		if prev, ok := bySource[h.Source]; ok {
			prev.Share, prev.Votes = capAt100(prev.Share.Add(h.Share)), capAt100(prev.Votes.Add(h.Votes))
			bySource[h.Source] = prev
			continue
		}
		bySource[h.Source] = h
		order = append(order, h.Source)
	}
	if len(order) == 1 {
		return bySource[order[0]]
	}
	sort.Strings(order)
	merged := bySource[order[0]]
	var sources, records []string
	for i, src := range order {
		h := bySource[src]
		sources, records = append(sources, src), append(records, h.Record)
		if i > 0 {
			merged.Share, merged.Votes = agree(merged.Share, h.Share), agree(merged.Votes, h.Votes)
		}
	}
	merged.Source, merged.Record = strings.Join(sources, " + "), strings.Join(records, " + ")
	return merged
}

// agree reconciles two reports of one stake: their intersection when they
// overlap, else their hull.
func agree(a, b graph.Range) graph.Range {
	lo, loOpen := a.Lo, a.LoOpen
	if b.Lo > lo || (b.Lo == lo && b.LoOpen) {
		lo, loOpen = b.Lo, b.LoOpen
	}
	hi, hiOpen := a.Hi, a.HiOpen
	if b.Hi < hi || (b.Hi == hi && b.HiOpen) {
		hi, hiOpen = b.Hi, b.HiOpen
	}
	if in := graph.Interval(lo, loOpen, hi, hiOpen); in.Valid() {
		return in
	}
	h := a
	if b.Lo < h.Lo || (b.Lo == h.Lo && !b.LoOpen) {
		h.Lo, h.LoOpen = b.Lo, b.LoOpen
	}
	if b.Hi > h.Hi || (b.Hi == h.Hi && !b.HiOpen) {
		h.Hi, h.HiOpen = b.Hi, b.HiOpen
	}
	return h
}

func capAt100(r graph.Range) graph.Range {
	if r.Hi > graph.Hundred {
		r.Hi, r.HiOpen = graph.Hundred, false
	}
	if r.Lo > graph.Hundred {
		r.Lo, r.LoOpen = graph.Hundred, false
	}
	return r
}
