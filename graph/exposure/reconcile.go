package exposure

import (
	"slices"

	"github.com/ownex/ownex/graph"
)

// Reports of one stake (RULES.md section 2): the holdings in force between
// the same two nodes (parties: their ends are already cluster
// representatives) are records of one stake, merged by graph.MergeStake
// before capping. Most owned entities have no owner reported twice, so
// the search is one counting sort of the holdings by owned node and one
// pass with a stamp per owner; only the entities with a repeated owner
// build records and merge them.

// stakeMerges is what reconcileColumns found: the merged holdings,
// referenced from the columns as rec = -2-i, how each was merged, and the
// owned nodes (insertion order) whose reports conflict.
type stakeMerges struct {
	merged    []graph.Holding
	merges    []*graph.StakeMerge
	conflicts []int32
}

// reconcileColumns merges, in the builder's holding columns, the records
// of one stake into the row of the first of them and drops the others.
// records are the fed snapshot's holdings (nil when streamed). The row of
// a merged stake refers to its merged record (rec = -2-i), which carries
// the merged ranges: so the columns of a builder fed by feedRecords, which
// keep no shares, stay lean.
func (b *Builder) reconcileColumns(records []graph.Holding) stakeMerges {
	c := &b.h
	n := len(b.ids)
	start, perm := csr(n, c.owned)
	stamp := make([]int32, n) // owner u was seen in owned v when stamp[u] == v+1
	var repeated []int32      // owned nodes with an owner reported twice
	for v := range n {
		lo, hi := start[v], start[v+1]
		if hi-lo < 2 {
			continue
		}
		for _, e := range perm[lo:hi] {
			u := c.owner[e]
			if stamp[u] == int32(v)+1 {
				repeated = append(repeated, int32(v))
				break
			}
			stamp[u] = int32(v) + 1
		}
	}
	if len(repeated) == 0 {
		return stakeMerges{}
	}
	var out stakeMerges
	drop := make([]bool, c.len())
	byOwner := map[int32][]int32{}
	var owners []int32
	for _, v := range repeated {
		clear(byOwner)
		owners = owners[:0]
		for _, e := range perm[start[v]:start[v+1]] {
			u := c.owner[e]
			if _, ok := byOwner[u]; !ok {
				owners = append(owners, u)
			}
			byOwner[u] = append(byOwner[u], e)
		}
		conflict := false
		for _, u := range owners {
			rows := byOwner[u]
			if len(rows) < 2 {
				continue
			}
			slices.Sort(rows) // arrival order: the first row leads
			hs := make([]graph.Holding, len(rows))
			for i, r := range rows {
				hs[i] = b.columnRecord(records, r)
			}
			stake, m := graph.MergeStake(hs)
			lead := rows[0]
			if c.share != nil { // else lean: givenRow reads the merged record
				c.share[lead], c.votes[lead] = stake.Share, stake.Votes
				c.src[lead] = b.sources.ID(stake.Source)
			}
			c.arr[lead] = b.arrs.ID(stake.Arrangement)
			c.rec[lead] = int32(-2 - len(out.merged))
			out.merged, out.merges = append(out.merged, stake), append(out.merges, m)
			conflict = conflict || m.Conflict
			for _, r := range rows[1:] {
				drop[r] = true
			}
		}
		if conflict {
			out.conflicts = append(out.conflicts, v)
		}
	}
	keep := 0
	for i := range c.len() {
		if !drop[i] {
			c.move(keep, i)
			keep++
		}
	}
	c.truncate(keep)
	return out
}

// columnRecord is holding i as a record: the fed snapshot's record when
// there is one, else one built from the columns (with the record proofs
// cite when the builder keeps records); its ends are the nodes' (the
// cluster representatives), whichever path the holding came by.
func (b *Builder) columnRecord(records []graph.Holding, i int32) graph.Holding {
	c := &b.h
	var h graph.Holding
	if r := c.rec[i]; r >= 0 && records != nil {
		h = records[r]
	} else { // a streamed row (feedRecords' lean rows all have a record)
		h = graph.Holding{Share: c.share[i], Votes: c.votes[i], Arrangement: b.arrs.Str(c.arr[i])}
		h.Source = b.sources.Str(c.src[i])
		start, end := b.spans.Dates(c.span[i])
		h.Start, h.End = graph.Date(start), graph.Date(end)
		if c.prov != nil { // KeepRecords
			h.Span, h.Record = c.prov[i].span, c.prov[i].record
		}
	}
	h.Owner, h.Owned = b.ids[c.owner[i]], b.ids[c.owned[i]]
	return h
}

// move copies row i of the columns to row j (the lean columns of
// feedRecords have no share, votes or source).
func (c *holdingCols) move(j, i int) {
	c.owner[j], c.owned[j] = c.owner[i], c.owned[i]
	if c.share != nil {
		c.share[j], c.votes[j], c.src[j] = c.share[i], c.votes[i], c.src[i]
	}
	c.arr[j], c.rec[j], c.span[j] = c.arr[i], c.rec[i], c.span[i]
	if c.prov != nil {
		c.prov[j] = c.prov[i]
	}
}

// truncate keeps the first n rows.
func (c *holdingCols) truncate(n int) {
	c.owner, c.owned = c.owner[:n], c.owned[:n]
	if c.share != nil {
		c.share, c.votes, c.src = c.share[:n], c.votes[:n], c.src[:n]
	}
	c.arr, c.rec, c.span = c.arr[:n], c.rec[:n], c.span[:n]
	if c.prov != nil {
		c.prov = c.prov[:n]
	}
}
