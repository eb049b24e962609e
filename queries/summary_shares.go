package queries

import (
	"sort"

	"github.com/ownex/ownex/graph"
)

// The parts of the summary about shares: over-allocated companies and
// unknown shares held by exposed owners.

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
