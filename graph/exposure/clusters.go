package exposure

import "github.com/ownex/ownex/graph"

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
// The holdings in force on the analysis date between the same two
// clusters are reports of one stake, merged by graph.MergeStake
// (reconcile.go). Holdings between members of one cluster are dropped (a
// party does not own itself).

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
// are merged by reconcileColumns (reconcile.go).
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
