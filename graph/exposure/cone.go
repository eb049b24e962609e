package exposure

import (
	"errors"
	"fmt"
	"slices"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/idtable"
	"github.com/ownex/ownex/internal/reach"
)

// The designated cone (Options.Cone).
//
// A verdict is shown (report: not clear, or with a possible link) only
// where a designation reaches: an entity is designated, owned or
// controlled under a regime only through a chain of holdings and control
// edges from a designated party (RULES.md section 2: OFAC's 50 Percent
// Rule, the UK's and the EU's ownership and control tests all start at a
// designated person), and it is flagged possibly-same-as or possibly
// exposed only through a possible link to such a chain (RULES.md "Parties
// and links"). The cone is the closure of the designated nodes along
// holdings and control edges (owner to owned, controller to controlled)
// and possible links (both ways); strong links are already one node (the
// Builder maps every member to its representative), and a representative
// in the cone brings its members, which show its verdict.
//
// Every verdict in the cone reads only the cone and the edges that end in
// it: a holding's owner or a controller outside the cone is clear in every
// run (nothing designated reaches it), so it counts as a clear party with
// its share, its votes, its arrangement and its source, which is all a
// verdict reads of it (blocked sums, caps and over-allocation, conflicting
// reports, joint arrangements). Such owners and controllers, the boundary,
// are kept without their own owners. Every other node and holding is
// dropped before the compact graph is built: at 10M generated entities the
// cone is under 5 % of the graph (docs/SCALE.md).

// Node states of the cone's walk.
const (
	outside  uint8 = iota
	boundary       // owns or controls a node of the cone, or is a member of a party in it
	inCone
)

// errConeRecords is returned for Options.Cone on a fed snapshot: its
// holdings point into the snapshot's records, which the cone would not
// follow (Analyze of a snapshot is for small graphs anyway).
var errConeRecords = errors.New("exposure: Options.Cone needs a streamed builder (Builder.Analyze)")

// pruneToCone drops from b every node and holding that no shown verdict
// depends on (see above). The nodes kept keep their insertion order.
// Only the designations that seed one of regimes seed the cone: a
// verdict under a regime reads no other (graph.Seeds).
func (b *Builder) pruneToCone(regimes []graph.Regime) error {
	if b.records != nil || b.keep {
		return errConeRecords
	}
	// The ends of the relations are walked as nodes; those that are not
	// nodes yet get vertices after the nodes, and become nodes (as
	// newCompact's relationNodes would make them) only when kept. A
	// possible link's ends count only when they are nodes or relation ends
	// (addPossible skips the others).
	n := len(b.ids)
	var extraIDs []string
	extra := map[string]int32{}
	// known returns the vertex of id, if it has one.
	known := func(id string) (int32, string) {
		if v := b.lookup(id); v >= 0 {
			return v, id
		}
		if r, ok := b.canon[id]; ok {
			id = r
		}
		if v, ok := extra[id]; ok {
			return v, id
		}
		return -1, id
	}
	vertex := func(id string) int32 {
		v, id := known(id)
		if v < 0 {
			v = int32(n + len(extraIDs))
			extra[id], extraIDs = v, append(extraIDs, id)
		}
		return v
	}
	var seeding []graph.Regime
	for _, r := range regimes {
		seeding = append(seeding, graph.Seeds(r)...)
	}
	var des []int32
	for _, d := range b.small.Designations {
		if slices.Contains(seeding, d.Regime) {
			des = append(des, vertex(d.Entity))
		}
	}
	cFrom, cTo := make([]int32, len(b.small.Controls)), make([]int32, len(b.small.Controls))
	for i, c := range b.small.Controls {
		cFrom[i], cTo[i] = vertex(c.Controller), vertex(c.Controlled)
	}
	var lA, lB []int32
	for _, l := range b.possible {
		x, _ := known(l.A)
		y, _ := known(l.B)
		if x >= 0 && y >= 0 && x != y {
			lA, lB = append(lA, x, y), append(lB, y, x) // both ways
		}
	}
	reached, err := reach.Forward(n+len(extraIDs), des, reach.Edges{From: b.h.owner, To: b.h.owned},
		reach.Edges{From: cFrom, To: cTo}, reach.Edges{From: lA, To: lB})
	if err != nil {
		return fmt.Errorf("exposure: the designated cone: %w", err)
	}
	state := make([]uint8, len(reached))
	for v, in := range reached {
		if in {
			state[v] = inCone
		}
	}
	reached = nil

	// The boundary, and the members of the parties in the cone.
	for i, v := range b.h.owned {
		if state[v] == inCone && state[b.h.owner[i]] == outside {
			state[b.h.owner[i]] = boundary
		}
	}
	for i, v := range cTo {
		if state[v] == inCone && state[cFrom[i]] == outside {
			state[cFrom[i]] = boundary
		}
	}
	for id, rep := range b.canon {
		if r, _ := known(rep); r >= 0 && state[r] == inCone {
			if m := b.index.Find(b.ids, id); m >= 0 && state[m] == outside {
				state[m] = boundary
			}
		}
	}

	// The control edges into the cone; the others would only make their
	// ends nodes again.
	ctl := b.small.Controls[:0:0]
	for i, c := range b.small.Controls {
		if state[cTo[i]] == inCone {
			ctl = append(ctl, c)
		}
	}
	small := *b.small
	small.Controls = ctl
	b.small = &small

	// The relation ends kept become nodes, after the others.
	for i, id := range extraIDs {
		if st := state[n+i]; st != outside {
			b.node(id)
			state[len(b.ids)-1] = st // len(b.ids)-1 <= n+i: a slot already read
		}
	}
	state = state[:len(b.ids)]
	n = len(b.ids)

	// Renumber the nodes kept, in their order.
	newNode := make([]int32, n)
	var ids, names []string
	for v := range n {
		newNode[v] = -1
		if state[v] != outside {
			newNode[v] = int32(len(ids))
			ids, names = append(ids, b.ids[v]), append(names, b.names[v])
		}
	}
	index := idtable.New(len(ids))
	for v := range ids {
		index.Insert(ids, int32(v))
	}
	b.ids, b.names, b.index = ids, names, index
	b.cols, b.hasLast = nil, false

	// The holdings into the cone, in fresh columns (the old ones, the
	// whole graph's, are freed).
	c := &b.h
	var keep []int
	for i, v := range c.owned {
		if state[v] == inCone {
			keep = append(keep, i)
		}
	}
	owner, owned := make([]int32, len(keep)), make([]int32, len(keep))
	for j, i := range keep {
		owner[j], owned[j] = newNode[c.owner[i]], newNode[c.owned[i]]
	}
	*c = holdingCols{owner: owner, owned: owned,
		share: pick(c.share, keep), votes: pick(c.votes, keep),
		arr: pick(c.arr, keep), src: pick(c.src, keep), rec: pick(c.rec, keep), span: pick(c.span, keep)}
	return nil
}

// pick returns the entries of xs at the indexes keep, in a new slice.
func pick[T any](xs []T, keep []int) []T {
	out := make([]T, len(keep))
	for j, i := range keep {
		out[j] = xs[i]
	}
	return out
}

// lookup returns the node of id (its cluster representative's) without
// adding one, or -1.
func (b *Builder) lookup(id string) int32 {
	if r, ok := b.canon[id]; ok {
		id = r
	}
	return b.index.Find(b.ids, id)
}
