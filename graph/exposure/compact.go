package exposure

import (
	"slices"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/idtable"
)

// Run indexes: every per-run array is indexed [definite, possible].
const (
	definite = 0
	possible = 1
)

// compact is the in-memory analysis graph: nodes are int32 indexes into
// the byte-ordered entity IDs, and holdings and control edges are kept in
// compressed sparse row (CSR) arrays. Only records in force on the as-of
// date are kept. Holdings are stored sorted by owned entity, so the
// in-holdings of v are the edge ids inStart[v] .. inStart[v+1]-1.
type compact struct {
	snap  *graph.Snapshot // designations and control edges (no holdings)
	ids   []string        // sorted node IDs
	names []string        // display names, parallel to ids
	index idtable.Table   // ID -> node

	// Holdings (edges), sorted by owned node.
	hOwner, hOwned []int32
	hShare, hVotes [2][]graph.Pct // capped values per run
	hShareK        [2][]int8      // k of each value per run (bounds.go), nil unless open
	hVotesK        [2][]int8
	open           bool                // a holding in force has an open bound (bounds.go)
	hArr           []int32             // joint-arrangement group, or -1
	hRec           []int32             // the holding's record: see noRecord
	given          holdingCols         // streamed holdings only: shares as given, arrangement, source, kept provenance, by builder row
	givenRow       []int32             // the builder row of each edge (given's index)
	records        []graph.Holding     // the analysed snapshot's holdings; nil when streamed
	merged         []graph.Holding     // merged reports of one stake (reconcile.go)
	merges         []*graph.StakeMerge // how each of merged was obtained
	conflicts      []int32             // nodes with conflicting reports of a stake, ascending
	sources, arrs  []string            // interned strings
	inStart        []int32             // len n+1
	outStart       []int32             // len n+1
	outEdge        []int32             // holding ids sorted by owner

	// Joint-arrangement groups: holdings of one owned entity that share a
	// non-empty Arrangement id.
	arrStart, arrEdge []int32

	// Control edges, sorted by controlled node (stable: in record order
	// within a node). They are few, so they are found by binary search
	// rather than through offsets per node.
	cFrom, cTo   []int32
	cBasis       []graph.Basis
	cRec         []int32
	cOutEdge     []int32           // control edge ids sorted by controller (stable)
	cOutFrom     []int32           // cFrom of each of cOutEdge, ascending
	overAlloc    []int32           // nodes whose lower bounds of shares or votes sum past 100, ascending
	designations map[int32][]int32 // node -> active designations (snap index)
}

func (g *compact) n() int { return len(g.ids) }

// lookup returns the node of id.
func (g *compact) lookup(id string) (int32, bool) {
	v := g.index.Find(g.ids, id)
	return v, v >= 0
}

// inRange returns the half-open range of holding ids into v.
func (g *compact) inRange(v int32) (int32, int32) { return g.inStart[v], g.inStart[v+1] }

// out returns the holding ids owned by u.
func (g *compact) out(u int32) []int32 { return g.outEdge[g.outStart[u]:g.outStart[u+1]] }

// ctrlOut returns the control edge ids whose controller is u, ascending.
func (g *compact) ctrlOut(u int32) []int32 {
	lo, hi := keyRange(g.cOutFrom, u)
	return g.cOutEdge[lo:hi]
}

// ctrlInRange returns the half-open range of control edge ids into v.
func (g *compact) ctrlInRange(v int32) (int32, int32) { return keyRange(g.cTo, v) }

// keyRange returns the half-open range of the ascending keys equal to k.
func keyRange(keys []int32, k int32) (int32, int32) {
	lo, _ := slices.BinarySearch(keys, k)
	hi := lo
	for hi < len(keys) && keys[hi] == k {
		hi++
	}
	return int32(lo), int32(hi)
}

// csr turns a list of keys (one per item) into CSR offsets and a
// permutation of the items grouped by key, stable within a key.
func csr(n int, keys []int32) (start, perm []int32) {
	start = make([]int32, n+1)
	for _, k := range keys {
		start[k+1]++
	}
	for i := 0; i < n; i++ {
		start[i+1] += start[i]
	}
	perm = make([]int32, len(keys))
	// start[k] serves as k's fill position, ending at the start of k+1;
	// then the offsets are shifted back up by one key.
	for i, k := range keys {
		perm[start[k]] = int32(i)
		start[k]++
	}
	copy(start[1:], start[:n])
	start[0] = 0
	return start, perm
}

// capShares applies RULES.md section 2, "Holdings": for each owned entity
// C, separately for shares and votes, hi := max(lo, min(hi, 100 − Σ lo of
// C's other holdings)), with open bounds as described at capRange. It
// also lists the over-allocated entities.
func (g *compact) capShares() {
	g.overAlloc = nil
	for v := range g.n() {
		lo, hi := g.inRange(int32(v))
		if lo == hi {
			continue
		}
		a := capRange(g.hShare[definite][lo:hi], g.hShare[possible][lo:hi],
			kslice(g.hShareK[definite], lo, hi), kslice(g.hShareK[possible], lo, hi))
		b := capRange(g.hVotes[definite][lo:hi], g.hVotes[possible][lo:hi],
			kslice(g.hVotesK[definite], lo, hi), kslice(g.hVotesK[possible], lo, hi))
		if a || b {
			g.overAlloc = append(g.overAlloc, int32(v))
		}
	}
}

// capRange caps the upper bounds (his, hiks) against the lower bounds
// (los, loks) of the other holdings and reports whether the lower bounds
// sum past 100 (more than 100, or exactly 100 with an open lower bound:
// the true shares then sum to more than 100).
//
// Open bounds (bounds.go): the others hold at least Σ lo, and more when
// one of those lower bounds is open; so the cap 100 − Σ lo is itself open
// (k = −1) when any of them is. min and max compare amounts
// lexicographically: a tie of values keeps the open bound. When the cap
// falls to or below the holding's own lower bound (the facts contradict
// each other and the entity is over-allocated), the upper bound becomes
// the lower bound as it stands, open or closed, exactly as hi := lo does
// for closed bounds; an open lower bound then counts as "just above lo" in
// the possible run (k = +1), so that the possible run never counts less
// than the definite one.
func capRange(los, his []graph.Pct, loks, hiks []int8) (over bool) {
	if loks == nil {
		return capClosed(los, his)
	}
	var sum graph.Pct
	var opens int32
	for i, l := range los {
		sum += l
		opens += int32(loks[i])
	}
	for i, l := range los {
		capK := int32(0)
		if opens-int32(loks[i]) > 0 {
			capK = -1
		}
		hi := amount{his[i], int32(hiks[i])}
		if c := (amount{graph.Hundred - (sum - l), capK}); c.less(hi) {
			hi = c
		}
		if lo := (amount{l, int32(loks[i])}); hi.less(lo) {
			hi = lo
		}
		his[i], hiks[i] = hi.v, int8(hi.k)
	}
	return amount{sum, opens}.above(graph.Hundred)
}

// capClosed is capRange on closed bounds only.
func capClosed(los, his []graph.Pct) (over bool) {
	var sum graph.Pct
	for _, l := range los {
		sum += l
	}
	for i, l := range los {
		his[i] = max(l, min(his[i], graph.Hundred-(sum-l)))
	}
	return sum > graph.Hundred
}

// kslice returns k[lo:hi], nil when k is (no open bounds).
func kslice(k []int8, lo, hi int32) []int8 {
	if k == nil {
		return nil
	}
	return k[lo:hi]
}

// shareAt and votesAt return holding e's amounts in run r.
func (g *compact) shareAt(r int, e int32) amount {
	if g.hShareK[r] == nil {
		return amount{g.hShare[r][e], 0}
	}
	return amount{g.hShare[r][e], int32(g.hShareK[r][e])}
}

func (g *compact) votesAt(r int, e int32) amount {
	if g.hVotesK[r] == nil {
		return amount{g.hVotes[r][e], 0}
	}
	return amount{g.hVotes[r][e], int32(g.hVotesK[r][e])}
}

// group returns the holdings of arrangement group a.
func (g *compact) group(a int32) []int32 { return g.arrEdge[g.arrStart[a]:g.arrStart[a+1]] }
