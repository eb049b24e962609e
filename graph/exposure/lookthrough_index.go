package exposure

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/ownex/ownex/graph"
)

// LookThroughIndex is the holding graph of a snapshot as of a date, built
// once for any number of look-through queries (LookThroughIndex.LookThrough):
// the equivalent of a graph library's prebuilt graph. Nodes are the
// snapshot's entities and the parties to its holdings in force, numbered
// with 32-bit indexes; holdings are merged into one edge per (owner,
// owned) pair, stored in compressed sparse rows both ways (out-edges with
// the lower and the capped upper fraction, in-edges with their source).
//
// An index is immutable once built and safe for concurrent queries: each
// query takes its scratch space (node-sized visit stamps and the
// closure's arrays) from a sync.Pool. It keeps no reference to the
// snapshot, except for the entity ID strings.
type LookThroughIndex struct {
	asOf  graph.Date
	ids   []string         // node -> entity ID
	index map[string]int32 // entity ID -> node
	// Out-edges of node u: outTo[outOff[u]:outOff[u+1]], in the order in
	// which their (owner, owned) pairs first appear in the snapshot's
	// holdings; frac[run][e] is edge e's fraction, run 0 lower and run 1
	// capped upper, each summed over the pair's holdings and capped at 1.
	outOff []int32
	outTo  []int32
	frac   [2][]float64
	// In-edges of node v: the owners inFrom[inOff[v]:inOff[v+1]].
	inOff  []int32
	inFrom []int32
	// held[v]: somebody holds a positive upper share of v (v is then not
	// an ultimate owner).
	held []bool
	pool sync.Pool // of *ltScratch
}

// errTooLarge is returned when a snapshot has more nodes or holdings than
// 32-bit indexes can number.
var errTooLarge = errors.New("snapshot too large for 32-bit look-through indexes")

// NewLookThroughIndex builds the look-through index of s as of asOf
// (every holding of s if asOf is empty): holdings in force, upper bounds
// capped per owned entity as RULES.md section 2 caps them
// (hi := max(lo, min(hi, 100 − Σ lo of the other holdings))), parallel
// holdings of a pair added up in snapshot order, each run capped at 100 %.
// Time and memory are linear in s. It fails only when s has too many
// entities and holdings to number with int32 (entities + 2 · holdings
// >= 2^31 − 1). s is not modified nor retained.
func NewLookThroughIndex(s *graph.Snapshot, asOf graph.Date) (*LookThroughIndex, error) {
	if len(s.Entities)+2*len(s.Holdings) >= math.MaxInt32 { // every node and edge numbered
		return nil, fmt.Errorf("look-through index: %d entities, %d holdings: %w", len(s.Entities), len(s.Holdings), errTooLarge)
	}
	x := &LookThroughIndex{asOf: asOf, index: make(map[string]int32, len(s.Entities))}
	for i := range s.Entities {
		x.node(s.Entities[i].ID)
	}
	// The holdings in force, as (owner, owned) node pairs, in order.
	var kept []int32
	var owner, owned []int32
	for i := range s.Holdings {
		h := &s.Holdings[i]
		if asOf != "" && !h.Covers(asOf) {
			continue
		}
		kept = append(kept, int32(i))
		owner, owned = append(owner, x.node(h.Owner)), append(owned, x.node(h.Owned))
	}
	hs := s.Holdings
	if merged, ok := mergeStakes(hs, kept, owner, owned, len(x.ids)); ok {
		// The reports of one stake count once, as in the engines (RULES.md
		// "Reports of one stake").
		hs = merged
		kept = kept[:len(merged)]
		for i := range kept {
			kept[i] = int32(i)
			owner[i], owned[i] = x.index[merged[i].Owner], x.index[merged[i].Owned]
		}
		owner, owned = owner[:len(merged)], owned[:len(merged)]
	}
	x.buildOut(hs, kept, owner, owned)
	x.buildIn()
	n := len(x.ids)
	x.pool.New = func() any { return newLTScratch(n) }
	return x, nil
}

// mergeStakes merges the holdings kept (hs[kept[k]], between nodes
// owner[k] and owned[k] of n) that report one stake, by graph.MergeStake,
// in the order of their first report. ok is false, and nothing is built,
// when no owner holds twice in one entity.
func mergeStakes(hs []graph.Holding, kept, owner, owned []int32, n int) (merged []graph.Holding, ok bool) {
	start, perm := csr(n, owned)
	stamp := make([]int32, n)
	for v := range n {
		for _, k := range perm[start[v]:start[v+1]] {
			if u := owner[k]; stamp[u] == int32(v)+1 {
				ok = true
				break
			} else {
				stamp[u] = int32(v) + 1
			}
		}
		if ok {
			break
		}
	}
	if !ok {
		return nil, false
	}
	group := map[[2]int32][]graph.Holding{}
	var order [][2]int32
	for k, i := range kept {
		p := [2]int32{owner[k], owned[k]}
		if _, seen := group[p]; !seen {
			order = append(order, p)
		}
		group[p] = append(group[p], hs[i])
	}
	merged = make([]graph.Holding, 0, len(order))
	for _, p := range order {
		h, _ := graph.MergeStake(group[p])
		merged = append(merged, h)
	}
	return merged, true
}

// node returns the node of id, numbering it if it is new.
func (x *LookThroughIndex) node(id string) int32 {
	if v, ok := x.index[id]; ok {
		return v
	}
	v := int32(len(x.ids))
	x.ids = append(x.ids, id)
	x.index[id] = v
	return v
}

// buildOut fills the out-edge rows from the holdings in force (kept, with
// their owner and owned nodes): a stable counting sort by owner keeps
// each owner's holdings in snapshot order, so that a pair's first
// holding fixes its edge's place in the row and its holdings are summed
// in snapshot order, exactly as a map from pair to edge would.
func (x *LookThroughIndex) buildOut(hs []graph.Holding, kept, owner, owned []int32) {
	n := len(x.ids)
	sumLo := make([]graph.Pct, n)
	for k, i := range kept {
		sumLo[owned[k]] += hs[i].Share.Lo
	}
	start, byOwner := csr(n, owner) // holdings grouped by owner, in snapshot order
	x.outOff = make([]int32, n+1)
	last := make([]int32, n) // owned node -> 1 + owner of its latest edge
	edge := make([]int32, n) // owned node -> that edge
	for u := range n {
		for _, k := range byOwner[start[u]:start[u+1]] {
			i, v := kept[k], owned[k]
			lo, hi := hs[i].Share.Lo, hs[i].Share.Hi
			hi = max(lo, min(hi, graph.Hundred-(sumLo[v]-lo)))
			if last[v] != int32(u)+1 {
				last[v], edge[v] = int32(u)+1, int32(len(x.outTo))
				x.outTo = append(x.outTo, v)
				x.frac[0], x.frac[1] = append(x.frac[0], 0), append(x.frac[1], 0)
			}
			e := edge[v]
			x.frac[0][e] = min(x.frac[0][e]+lo.Float()/100, 1)
			x.frac[1][e] = min(x.frac[1][e]+hi.Float()/100, 1)
		}
		x.outOff[u+1] = int32(len(x.outTo))
	}
}

// buildIn fills the in-edge rows and held from the out-edge rows.
func (x *LookThroughIndex) buildIn() {
	n := len(x.ids)
	x.held = make([]bool, n)
	x.inOff = make([]int32, n+1)
	for e, v := range x.outTo {
		x.inOff[v+1]++
		if x.frac[1][e] > 0 {
			x.held[v] = true
		}
	}
	for v := range n {
		x.inOff[v+1] += x.inOff[v]
	}
	x.inFrom = make([]int32, len(x.outTo))
	next := make([]int32, n)
	copy(next, x.inOff[:n])
	for u := range n {
		for _, v := range x.outTo[x.outOff[u]:x.outOff[u+1]] {
			x.inFrom[next[v]] = int32(u)
			next[v]++
		}
	}
}

// AsOf returns the date the index was built for.
func (x *LookThroughIndex) AsOf() graph.Date { return x.asOf }

// Nodes and Edges return the index's size: entities and holding parties,
// and (owner, owned) pairs with a holding in force.
func (x *LookThroughIndex) Nodes() int { return len(x.ids) }

// Edges: see Nodes.
func (x *LookThroughIndex) Edges() int { return len(x.outTo) }
