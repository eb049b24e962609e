package exposure

import (
	"cmp"
	"slices"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/idtable"
)

// newCompact builds the compact graph from what b collected. records are
// the holdings of the snapshot fed to b (nil when streamed). The builder's
// columns are consumed.
func newCompact(b *Builder, records []graph.Holding) *compact {
	small := mergeRelations(b.small, b.canon, b.asOf)
	g := &compact{snap: small, records: records}
	cFrom, cTo, des := b.relationNodes(small)
	sm := b.reconcileColumns(records)
	g.merged, g.merges, g.conflicts = sm.merged, sm.merges, sm.conflicts
	lean := b.records // nil unless fed by feedRecords (columns without shares)
	rank := g.setNodes(b)
	for _, r := range [][]int32{b.h.owner, b.h.owned, cFrom, cTo, des, g.conflicts} {
		remap(r, rank)
	}
	slices.Sort(g.conflicts)
	g.sources, g.arrs = b.sources.All(), b.arrs.All()
	g.buildHoldings(&b.h, lean, b.open)
	b.h = holdingCols{}
	g.buildArrangements()
	g.capShares()
	g.buildControls(small, b.asOf, cFrom, cTo)
	g.buildDesignations(small, b.asOf, des)
	return g
}

// relationNodes resolves the ends of s's control edges and designations,
// adding nodes for IDs that are no entity.
func (b *Builder) relationNodes(s *graph.Snapshot) (cFrom, cTo, des []int32) {
	cFrom, cTo = make([]int32, len(s.Controls)), make([]int32, len(s.Controls))
	for i := range s.Controls {
		cFrom[i], cTo[i] = b.node(s.Controls[i].Controller), b.node(s.Controls[i].Controlled)
	}
	des = make([]int32, len(s.Designations))
	for i := range s.Designations {
		des[i] = b.node(s.Designations[i].Entity)
	}
	return cFrom, cTo, des
}

// setNodes puts b's nodes in byte order of ID and returns the new position
// of each node in insertion order (nil when they were in order already).
func (g *compact) setNodes(b *Builder) []int32 {
	g.index = b.index
	b.index = idtable.Table{}
	if slices.IsSorted(b.ids) {
		g.ids, g.names = b.ids, b.names
		return nil
	}
	perm := idOrder(b.ids)
	rank := make([]int32, len(b.ids))
	g.ids, g.names = make([]string, len(b.ids)), make([]string, len(b.ids))
	for pos, p := range perm {
		rank[p] = int32(pos)
		g.ids[pos], g.names[pos] = b.ids[p], b.names[p]
	}
	g.index.Renumber(rank)
	return rank
}

// idOrder returns the positions of ids (distinct) in byte order of ID.
// Nodes usually come as the entities in that order followed by a few ends
// or relation ends without a record: the ordered prefix is kept, the rest
// sorted and merged into it.
func idOrder(ids []string) []int32 {
	k := 1
	for k < len(ids) && ids[k-1] < ids[k] {
		k++
	}
	k = min(k, len(ids))
	tail := make([]int32, len(ids)-k)
	for i := range tail {
		tail[i] = int32(k + i)
	}
	slices.SortFunc(tail, func(x, y int32) int { return strings.Compare(ids[x], ids[y]) })
	perm := make([]int32, 0, len(ids))
	i := 0
	for _, t := range tail {
		for i < k && ids[i] < ids[t] {
			perm = append(perm, int32(i))
			i++
		}
		perm = append(perm, t)
	}
	for ; i < k; i++ {
		perm = append(perm, int32(i))
	}
	return perm
}

// remap replaces every node in r by its rank (nothing when rank is nil).
func remap(r, rank []int32) {
	if rank == nil {
		return
	}
	for i, v := range r {
		r[i] = rank[v]
	}
}

// buildHoldings lays the holding columns out sorted by owned node: ends,
// record, the shares and votes of both runs (capped later) and, in hArr,
// the interned arrangement (buildArrangements turns it into a group).
// lean are the records when the columns keep no shares (givenRow). The
// columns of streamed holdings are kept, in edge order, for proofs.
func (g *compact) buildHoldings(c *holdingCols, lean []graph.Holding, open bool) {
	for i := 0; lean == nil && !open && i < c.len(); i++ {
		open = openRange(c.share[i]) || openRange(c.votes[i])
	}
	g.open = open
	start, perm := csr(g.n(), c.owned)
	m := len(perm)
	g.inStart = start
	g.hOwner, g.hOwned, g.hRec, g.hArr = make([]int32, m), make([]int32, m), make([]int32, m), make([]int32, m)
	for r := range 2 {
		g.hShare[r], g.hVotes[r] = make([]graph.Pct, m), make([]graph.Pct, m)
		if g.open {
			g.hShareK[r], g.hVotesK[r] = make([]int8, m), make([]int8, m)
		}
	}
	inParts(m, func(lo, hi int) {
		for e := lo; e < hi; e++ {
			g.setHolding(c, lean, e, int(perm[e]))
		}
	})
	g.outStart, g.outEdge = csr(g.n(), g.hOwner)
	if g.records == nil && c.len() > 0 {
		// The builder's columns are kept as they are, with each edge's
		// row: a permuted copy would double them while both are alive
		// (840 MB at 10M entities; docs/BENCHMARKS.md).
		g.given = holdingCols{share: c.share, votes: c.votes, arr: c.arr, src: c.src, prov: c.prov}
		g.givenRow = perm
	}
}

// setHolding sets edge e from row j of c.
func (g *compact) setHolding(c *holdingCols, lean []graph.Holding, e, j int) {
	g.hOwner[e], g.hOwned[e], g.hRec[e], g.hArr[e] = c.owner[j], c.owned[j], c.rec[j], c.arr[j]
	sh, vt := givenRow(c, lean, g.merged, j)
	g.hShare[definite][e], g.hShare[possible][e] = sh.Lo, sh.Hi
	g.hVotes[definite][e], g.hVotes[possible][e] = vt.Lo, vt.Hi
	if g.open {
		g.hShareK[definite][e], g.hShareK[possible][e] = lowerK(sh), upperK(sh)
		g.hVotesK[definite][e], g.hVotesK[possible][e] = lowerK(vt), upperK(vt)
	}
}

// holding returns holding e as a record for a proof: the snapshot's
// record (or the merged one) when there is one, else one built from
// the columns (source, ends, share, votes, arrangement; span and record
// when the builder kept them). Its ends are the nodes', that is the
// cluster representatives.
func (g *compact) holding(e int32) graph.Holding {
	var h graph.Holding
	switch r := g.hRec[e]; {
	case r >= 0 && g.records != nil:
		h = g.records[r]
	case r <= -2:
		h = g.merged[-2-r]
	default:
		c, j := &g.given, g.givenRow[e]
		h = graph.Holding{Share: c.share[j], Votes: c.votes[j], Arrangement: strOf(g.arrs, c.arr[j])}
		h.Source = strOf(g.sources, c.src[j])
		if c.prov != nil {
			h.Span, h.Record = c.prov[j].span, c.prov[j].record
		}
	}
	h.Owner, h.Owned = g.ids[g.hOwner[e]], g.ids[g.hOwned[e]]
	return h
}

// merge returns how holding e was merged from several reports, nil when
// it is one record.
func (g *compact) merge(e int32) *graph.StakeMerge {
	if r := g.hRec[e]; r <= -2 {
		return g.merges[-2-r]
	}
	return nil
}

func strOf(strs []string, i int32) string {
	if i < 0 {
		return ""
	}
	return strs[i]
}

// buildArrangements groups the holdings of one owned entity by non-empty
// arrangement, replacing in hArr each holding's interned arrangement by
// its group. Holdings are sorted by owned entity, so a group is found
// with a map local to each owned entity's run of holdings.
func (g *compact) buildArrangements() {
	var groupOf []int32
	ngroups := int32(0)
	local := map[int32]int32{}
	for v := range g.n() {
		lo, hi := g.inRange(int32(v))
		clear(local)
		for e := lo; e < hi; e++ {
			a := g.hArr[e]
			g.hArr[e] = -1
			if a < 0 {
				continue
			}
			id, ok := local[a]
			if !ok {
				id = ngroups
				ngroups++
				local[a] = id
			}
			g.hArr[e] = id
			groupOf = append(groupOf, id)
		}
	}
	g.arrStart, g.arrEdge = csr(int(ngroups), groupOf)
	// arrEdge holds positions in groupOf; map them back to holding ids.
	pos := make([]int32, 0, len(groupOf))
	for e, a := range g.hArr {
		if a >= 0 {
			pos = append(pos, int32(e))
		}
	}
	for i, p := range g.arrEdge {
		g.arrEdge[i] = pos[p]
	}
}

// buildControls keeps the control edges in force on day, sorted by
// controlled node; from and to are the nodes of s.Controls' ends.
func (g *compact) buildControls(s *graph.Snapshot, day graph.Date, from, to []int32) {
	var keep, recs []int32
	for i := range s.Controls {
		c := &s.Controls[i]
		if !c.Covers(day) || from[i] == to[i] {
			continue
		}
		keep = append(keep, to[i])
		recs = append(recs, int32(i))
	}
	perm := stableOrder(keep)
	m := len(perm)
	g.cFrom, g.cTo, g.cRec = make([]int32, m), make([]int32, m), make([]int32, m)
	g.cBasis = make([]graph.Basis, m)
	for e, j := range perm {
		i := recs[j]
		g.cRec[e], g.cTo[e], g.cFrom[e] = i, to[i], from[i]
		g.cBasis[e] = s.Controls[i].Basis
	}
	g.cOutEdge = stableOrder(g.cFrom)
	g.cOutFrom = make([]int32, m)
	for i, c := range g.cOutEdge {
		g.cOutFrom[i] = g.cFrom[c]
	}
}

// stableOrder returns the indexes of keys sorted by key, stable.
func stableOrder(keys []int32) []int32 {
	perm := make([]int32, len(keys))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortStableFunc(perm, func(x, y int32) int { return cmp.Compare(keys[x], keys[y]) })
	return perm
}

// buildDesignations indexes the designations active on day by node; des
// are the nodes of s.Designations.
func (g *compact) buildDesignations(s *graph.Snapshot, day graph.Date, des []int32) {
	g.designations = map[int32][]int32{}
	for i := range s.Designations {
		if s.Designations[i].ActiveOn(day) {
			g.designations[des[i]] = append(g.designations[des[i]], int32(i))
		}
	}
}
