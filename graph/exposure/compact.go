package exposure

import (
	"slices"
	"strings"

	"github.com/ownex/ownex/graph"
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
	snap  *graph.Snapshot
	ids   []string         // sorted node IDs
	names []string         // display names, parallel to ids
	index map[string]int32 // ID -> node

	// Holdings (edges), sorted by owned node.
	hOwner, hOwned []int32
	hShare, hVotes [2][]graph.Pct // capped values per run
	hShareK        [2][]int8      // k of each value per run (bounds.go), nil unless open
	hVotesK        [2][]int8
	open           bool    // a holding in force has an open bound (bounds.go)
	hArr           []int32 // joint-arrangement group, or -1
	hRec           []int32 // index into snap.Holdings
	inStart        []int32 // len n+1
	outStart       []int32 // len n+1
	outEdge        []int32 // holding ids sorted by owner

	// Joint-arrangement groups: holdings of one owned entity that share a
	// non-empty Arrangement id.
	arrStart, arrEdge []int32

	// Control edges, sorted by controlled node.
	cFrom, cTo   []int32
	cBasis       []graph.Basis
	cRec         []int32
	cInStart     []int32
	cOutStart    []int32
	cOutEdge     []int32
	overAlloc    []bool            // lower bounds of shares or votes sum past 100
	designations map[int32][]int32 // node -> active designations (snap index)
}

func (g *compact) n() int { return len(g.ids) }

// inRange returns the half-open range of holding ids into v.
func (g *compact) inRange(v int32) (int32, int32) { return g.inStart[v], g.inStart[v+1] }

// out returns the holding ids owned by u.
func (g *compact) out(u int32) []int32 { return g.outEdge[g.outStart[u]:g.outStart[u+1]] }

// ctrlOut returns the control edge ids whose controller is u.
func (g *compact) ctrlOut(u int32) []int32 { return g.cOutEdge[g.cOutStart[u]:g.cOutStart[u+1]] }

// ctrlInRange returns the half-open range of control edge ids into v.
func (g *compact) ctrlInRange(v int32) (int32, int32) { return g.cInStart[v], g.cInStart[v+1] }

// newCompact builds the compact graph of s as of day.
func newCompact(s *graph.Snapshot, day graph.Date) *compact {
	g := &compact{snap: s}
	rf := g.buildNodes(s)
	g.buildHoldings(s, day, rf)
	g.buildArrangements(s)
	g.capShares()
	g.buildControls(s, day, rf)
	g.buildDesignations(s, day, rf)
	return g
}

// refs holds the node of each end of every relation of the snapshot,
// resolved once while the nodes are built.
type refs struct {
	hOwner, hOwned, cFrom, cTo, des []int32
}

// buildNodes sorts the IDs of all entities and of every ID referenced by a
// relation, once, indexes them, and resolves every relation's ends.
func (g *compact) buildNodes(s *graph.Snapshot) *refs {
	index := make(map[string]int32, len(s.Entities))
	ids, names := make([]string, 0, len(s.Entities)), make([]string, 0, len(s.Entities))
	add := func(id, nm string) int32 {
		if i, ok := index[id]; ok {
			return i
		}
		i := int32(len(ids))
		index[id] = i
		ids, names = append(ids, id), append(names, nm)
		return i
	}
	for i := range s.Entities {
		add(s.Entities[i].ID, s.Entities[i].Name)
	}
	rf := &refs{hOwner: make([]int32, len(s.Holdings)), hOwned: make([]int32, len(s.Holdings)),
		cFrom: make([]int32, len(s.Controls)), cTo: make([]int32, len(s.Controls)),
		des: make([]int32, len(s.Designations))}
	for i := range s.Holdings {
		h := &s.Holdings[i]
		rf.hOwner[i], rf.hOwned[i] = add(h.Owner, h.Owner), add(h.Owned, h.Owned)
	}
	for i := range s.Controls {
		c := &s.Controls[i]
		rf.cFrom[i], rf.cTo[i] = add(c.Controller, c.Controller), add(c.Controlled, c.Controlled)
	}
	for i := range s.Designations {
		rf.des[i] = add(s.Designations[i].Entity, s.Designations[i].Entity)
	}
	rank := g.sortNodes(ids, names)
	for k, v := range index {
		index[k] = rank[v]
	}
	g.index = index
	for _, r := range [][]int32{rf.hOwner, rf.hOwned, rf.cFrom, rf.cTo, rf.des} {
		for i, v := range r {
			r[i] = rank[v]
		}
	}
	return rf
}

// sortNodes sets g.ids and g.names in byte order of ID and returns the
// sorted position of each node in insertion order.
func (g *compact) sortNodes(ids, names []string) []int32 {
	perm := make([]int32, len(ids))
	for i := range perm {
		perm[i] = int32(i)
	}
	if !slices.IsSorted(ids) {
		slices.SortFunc(perm, func(a, b int32) int { return strings.Compare(ids[a], ids[b]) })
	}
	rank := make([]int32, len(ids))
	g.ids, g.names = make([]string, len(ids)), make([]string, len(ids))
	for pos, p := range perm {
		rank[p] = int32(pos)
		g.ids[pos], g.names[pos] = ids[p], names[p]
	}
	return rank
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
	fill := slices.Clone(start[:n])
	for i, k := range keys {
		perm[fill[k]] = int32(i)
		fill[k]++
	}
	return start, perm
}

// buildHoldings keeps the holdings in force on day, drops self-holdings
// (treasury shares never make an entity its own owner), and lays them out
// sorted by owned node.
func (g *compact) buildHoldings(s *graph.Snapshot, day graph.Date, rf *refs) {
	var owned []int32
	var recs []int32
	for i := range s.Holdings {
		h := &s.Holdings[i]
		if !h.Covers(day) || h.Owner == h.Owned {
			continue
		}
		owned = append(owned, rf.hOwned[i])
		recs = append(recs, int32(i))
		g.open = g.open || h.Share.LoOpen || h.Share.HiOpen || h.Votes.LoOpen || h.Votes.HiOpen
	}
	start, perm := csr(g.n(), owned)
	m := len(perm)
	g.inStart = start
	g.hOwner, g.hOwned, g.hRec = make([]int32, m), make([]int32, m), make([]int32, m)
	for r := range 2 {
		g.hShare[r], g.hVotes[r] = make([]graph.Pct, m), make([]graph.Pct, m)
		if g.open {
			g.hShareK[r], g.hVotesK[r] = make([]int8, m), make([]int8, m)
		}
	}
	for e, j := range perm {
		h := &s.Holdings[recs[j]]
		g.hRec[e] = recs[j]
		g.hOwned[e] = owned[j]
		g.hOwner[e] = rf.hOwner[recs[j]]
		sh, vt := shareVotes(h)
		g.hShare[definite][e], g.hShare[possible][e] = sh.Lo, sh.Hi
		g.hVotes[definite][e], g.hVotes[possible][e] = vt.Lo, vt.Hi
		if g.open {
			g.hShareK[definite][e], g.hShareK[possible][e] = lowerK(sh), upperK(sh)
			g.hVotesK[definite][e], g.hVotesK[possible][e] = lowerK(vt), upperK(vt)
		}
	}
	g.outStart, g.outEdge = csr(g.n(), g.hOwner)
}

// shareVotes returns a holding's share and votes ranges as given. Votes
// are explicit: "votes default to the share" is a rule of the input
// formats, applied by the ingesters, so that 0 % votes (non-voting shares)
// stays expressible.
func shareVotes(h *graph.Holding) (sh, vt graph.Range) {
	return h.Share, h.Votes
}

// capShares applies RULES.md section 2, "Holdings": for each owned entity
// C, separately for shares and votes, hi := max(lo, min(hi, 100 − Σ lo of
// C's other holdings)), with open bounds as described at capRange. It
// also marks over-allocated entities.
func (g *compact) capShares() {
	g.overAlloc = make([]bool, g.n())
	for v := range g.n() {
		lo, hi := g.inRange(int32(v))
		if lo == hi {
			continue
		}
		a := capRange(g.hShare[definite][lo:hi], g.hShare[possible][lo:hi],
			kslice(g.hShareK[definite], lo, hi), kslice(g.hShareK[possible], lo, hi))
		b := capRange(g.hVotes[definite][lo:hi], g.hVotes[possible][lo:hi],
			kslice(g.hVotesK[definite], lo, hi), kslice(g.hVotesK[possible], lo, hi))
		g.overAlloc[v] = a || b
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

// buildArrangements groups holdings of one owned entity by non-empty
// Arrangement id. Holdings are sorted by owned entity, so a group is found
// with a map local to each owned entity's run of holdings.
func (g *compact) buildArrangements(s *graph.Snapshot) {
	g.hArr = make([]int32, len(g.hRec))
	var groupOf []int32
	ngroups := int32(0)
	local := map[string]int32{}
	for v := range g.n() {
		lo, hi := g.inRange(int32(v))
		clear(local)
		for e := lo; e < hi; e++ {
			g.hArr[e] = -1
			a := s.Holdings[g.hRec[e]].Arrangement
			if a == "" {
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

// group returns the holdings of arrangement group a.
func (g *compact) group(a int32) []int32 { return g.arrEdge[g.arrStart[a]:g.arrStart[a+1]] }

// buildControls keeps the control edges in force on day, sorted by
// controlled node.
func (g *compact) buildControls(s *graph.Snapshot, day graph.Date, rf *refs) {
	var to, recs []int32
	for i := range s.Controls {
		c := &s.Controls[i]
		if !c.Covers(day) || c.Controller == c.Controlled {
			continue
		}
		to = append(to, rf.cTo[i])
		recs = append(recs, int32(i))
	}
	start, perm := csr(g.n(), to)
	m := len(perm)
	g.cInStart = start
	g.cFrom, g.cTo, g.cRec = make([]int32, m), make([]int32, m), make([]int32, m)
	g.cBasis = make([]graph.Basis, m)
	for e, j := range perm {
		c := &s.Controls[recs[j]]
		g.cRec[e], g.cTo[e] = recs[j], to[j]
		g.cFrom[e] = rf.cFrom[recs[j]]
		g.cBasis[e] = c.Basis
	}
	g.cOutStart, g.cOutEdge = csr(g.n(), g.cFrom)
}
