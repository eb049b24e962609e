package exposure

import (
	"runtime"
	"slices"
	"sync"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/idtable"
)

// feed passes a whole snapshot through the builder, keeping each
// holding's record for proofs.
func (b *Builder) feed(s *graph.Snapshot) error {
	if err := b.Relations(s.Designations, s.Controls, s.SameAs); err != nil {
		return err
	}
	b.addEntities(s.Entities)
	if len(b.canon) == 0 && b.h.len() == 0 {
		b.feedRecords(s.Holdings)
		return nil
	}
	for i := range s.Holdings {
		h := &s.Holdings[i]
		if !h.Covers(b.asOf) {
			if len(b.canon) == 0 {
				b.node(h.Owner) // every ID of the snapshot gets a verdict
				b.node(h.Owned)
			}
			continue
		}
		b.addHolding(b.node(h.Owner), b.node(h.Owned), h.Share, h.Votes, b.arrs.ID(h.Arrangement), b.sources.ID(h.Source), int32(i), -1)
	}
	return nil
}

// addEntities adds the entities es in order, as addEntity does. Their
// IDs are hashed a block at a time and the block's table slots read
// before the inserts, so that the cache misses overlap.
func (b *Builder) addEntities(es []graph.Entity) {
	var hs [idtable.FindLen]uint64
	for lo := 0; lo < len(es); lo += idtable.FindLen {
		block := es[lo:min(lo+idtable.FindLen, len(es))]
		for j := range block {
			hs[j] = b.index.Hash(block[j].ID)
		}
		b.sink ^= b.index.Prefetch(hs[:len(block)])
		for j := range block {
			b.addEntityHash(block[j].ID, block[j].Name, hs[j])
		}
	}
}

// feedRecords adds the holdings of a snapshot without same-as links, as
// the loop of feed would: a node for every ID, and a row for every holding
// in force but a self-holding. The ends are first looked up concurrently (a
// lookup does not change the table), then the rows are added in order,
// with a node for each ID that is no entity. The rows keep their record,
// ends and arrangement only: shares, votes and sources are read from the
// records (b.records), not copied.
func (b *Builder) feedRecords(hs []graph.Holding) {
	b.records = hs
	c := &b.h
	n := len(hs)
	owner, owned := slices.Grow(c.owner, n)[:n], slices.Grow(c.owned, n)[:n]
	b.lookupEnds(hs, owner, owned)
	c.arr, c.rec, c.span = slices.Grow(c.arr, n), slices.Grow(c.rec, n), slices.Grow(c.span, n)
	keep := 0
	for i := range hs {
		h := &hs[i]
		u, v := owner[i], owned[i]
		if u < 0 {
			u = b.node(h.Owner)
		}
		if v < 0 {
			v = b.node(h.Owned)
		}
		if u == v || !h.Covers(b.asOf) {
			continue // treasury shares, or not in force
		}
		b.open = b.open || openRange(h.Share) || openRange(h.Votes)
		owner[keep], owned[keep] = u, v // keep <= i: rows move down only
		c.arr, c.rec, c.span = append(c.arr, b.arrs.ID(h.Arrangement)), append(c.rec, int32(i)), append(c.span, -1)
		keep++
	}
	c.owner, c.owned = owner[:keep], owned[:keep]
}

// minPart is the least number of items worth a goroutine of inParts.
const minPart = 1 << 14

// inParts calls f on consecutive parts [lo, hi) of [0, n), concurrently,
// one part per processor, and returns when all have returned.
func inParts(n int, f func(lo, hi int)) {
	parts := max(min(runtime.GOMAXPROCS(0), n/minPart), 1)
	if parts == 1 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() { f(p*n/parts, (p+1)*n/parts) })
	}
	wg.Wait()
}

// lookupEnds sets owner[i] and owned[i] to the nodes of holding i's ends,
// -1 for an ID not in the table, splitting the holdings among goroutines.
func (b *Builder) lookupEnds(hs []graph.Holding, owner, owned []int32) {
	ids, t := b.ids, &b.index
	inParts(len(hs), func(lo, hi int) {
		var keys [idtable.FindLen]string
		var nodes [idtable.FindLen]int32
		for i := lo; i < hi; i += idtable.FindLen / 2 {
			end := min(i+idtable.FindLen/2, hi)
			for j := i; j < end; j++ {
				keys[2*(j-i)], keys[2*(j-i)+1] = hs[j].Owner, hs[j].Owned
			}
			t.FindBatch(ids, keys[:2*(end-i)], nodes[:])
			for j := i; j < end; j++ {
				owner[j], owned[j] = nodes[2*(j-i)], nodes[2*(j-i)+1]
			}
		}
	})
}

// openRange reports whether r has an open bound.
func openRange(r graph.Range) bool { return r.LoOpen || r.HiOpen }

// givenRow returns the shares and votes of row j of c as given (before
// capping): from the record when the columns keep none (lean are then the
// records, Builder.records; a merged stake's record is merged[-2-rec]),
// else from the columns.
func givenRow(c *holdingCols, lean, merged []graph.Holding, j int) (share, votes graph.Range) {
	if lean != nil {
		h := mergedOr(lean, merged, c.rec[j])
		return h.Share, h.Votes
	}
	return c.share[j], c.votes[j]
}

// mergedOr is record rec: lean[rec], or merged[-2-rec] for a merged stake.
func mergedOr(lean, merged []graph.Holding, rec int32) *graph.Holding {
	if rec <= -2 {
		return &merged[-2-rec]
	}
	return &lean[rec]
}
