package exposure

import "github.com/ownex/ownex/graph"

// reconcileColumns applies the reconciliation of overlapping reports
// (clusters.go, mergeReports) to the builder's holding columns, whose ends
// are already cluster representatives: the holdings between the same two
// nodes with the same arrangement become one, at the position of the
// first of them. records are the fed snapshot's holdings (nil when
// streamed). It returns the merged records, referenced from the columns
// as rec = -2-i.
func (b *Builder) reconcileColumns(records []graph.Holding) []graph.Holding {
	type key struct{ owner, owned, arr int32 }
	c := &b.h
	first := make(map[key]int32, c.len())
	count := make([]int32, c.len()) // members of the group led by i
	leader := make([]int32, c.len())
	multi := 0
	for i := range c.len() {
		k := key{c.owner[i], c.owned[i], c.arr[i]}
		f, ok := first[k]
		if !ok {
			f = int32(i)
			first[k] = f
		}
		leader[i] = f
		if count[f]++; count[f] == 2 {
			multi++
		}
	}
	if multi == 0 {
		return nil
	}
	members := make(map[int32][]graph.Holding, multi)
	for i := range c.len() {
		if f := leader[i]; count[f] > 1 {
			members[f] = append(members[f], b.columnRecord(records, int32(i)))
		}
	}
	var merged []graph.Holding
	keep := 0
	for i := range c.len() {
		f := leader[i]
		if f != int32(i) {
			continue // merged into its leader
		}
		if count[f] > 1 {
			m := mergeReports(members[f])
			c.share[i], c.votes[i] = m.Share, m.Votes
			c.src[i] = b.sources.id(m.Source)
			c.rec[i] = int32(-2 - len(merged))
			merged = append(merged, m)
		}
		c.move(keep, i)
		keep++
	}
	c.truncate(keep)
	return merged
}

// columnRecord is holding i as a record: the fed snapshot's record when
// there is one, else built from the columns; its ends are the nodes'.
func (b *Builder) columnRecord(records []graph.Holding, i int32) graph.Holding {
	c := &b.h
	var h graph.Holding
	if r := c.rec[i]; r >= 0 && records != nil {
		h = records[r]
	} else {
		h = graph.Holding{Share: c.share[i], Votes: c.votes[i], Arrangement: b.arrs.str(c.arr[i])}
		h.Source = b.sources.str(c.src[i])
		if c.prov != nil {
			h.Span, h.Record = c.prov[i].span, c.prov[i].record
		}
	}
	h.Owner, h.Owned = b.ids[c.owner[i]], b.ids[c.owned[i]]
	return h
}

// move copies row i of the columns to row j.
func (c *holdingCols) move(j, i int) {
	c.owner[j], c.owned[j] = c.owner[i], c.owned[i]
	c.share[j], c.votes[j] = c.share[i], c.votes[i]
	c.arr[j], c.src[j], c.rec[j] = c.arr[i], c.src[i], c.rec[i]
	if c.prov != nil {
		c.prov[j] = c.prov[i]
	}
}

// truncate keeps the first n rows.
func (c *holdingCols) truncate(n int) {
	c.owner, c.owned = c.owner[:n], c.owned[:n]
	c.share, c.votes = c.share[:n], c.votes[:n]
	c.arr, c.src, c.rec = c.arr[:n], c.src[:n], c.rec[:n]
	if c.prov != nil {
		c.prov = c.prov[:n]
	}
}
