package main

import (
	"math"

	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/internal/reach"
)

// Bucket counts the components whose size (in entities) is in [Min, Max].
type Bucket struct {
	Label      string
	Min, Max   int // Max is math.MaxInt for the last bucket
	Components int
	Entities   int
}

// buckets returns the size buckets of docs/SCALE.md, empty.
func buckets() []Bucket {
	return []Bucket{
		{Label: "1", Min: 1, Max: 1},
		{Label: "2", Min: 2, Max: 2},
		{Label: "3–10", Min: 3, Max: 10},
		{Label: "11–100", Min: 11, Max: 100},
		{Label: "101–1k", Min: 101, Max: 1_000},
		{Label: "1k–10k", Min: 1_001, Max: 10_000},
		{Label: "10k–100k", Min: 10_001, Max: 100_000},
		{Label: ">100k", Min: 100_001, Max: math.MaxInt},
	}
}

// Result is what Measure finds.
type Result struct {
	Entities, Holdings, Controls int
	// Same-as links as graph.PartyLinks sorts them (rejected pairs keep
	// only their confirmed links).
	StrongLinks, PossibleLinks int
	Designated                 int // distinct designated entities

	Components int      // weakly connected components
	Buckets    []Bucket // components by size
	// The largest weakly connected component (the first found of that
	// size): its entities, and the holdings and control edges inside it.
	LargestEntities, LargestHoldings, LargestControls int

	// Strongly connected components of the holdings and control edges
	// (directed): the largest, and how many entities lie on a cycle (in a
	// component of more than one).
	LargestSCC, InCycles int

	// Cone is the number of entities reachable from a designated entity
	// along holdings and control edges (owner to owned, controller to
	// controlled) and same-as links (strong or possible, both ways), the
	// designated entities included: every other entity is clear in every
	// regime and run. ConeHoldings and ConeControls are the edges that end
	// in the cone (those a verdict in the cone reads: a joint partner or a
	// co-owner outside the cone counts too), ConeBoundary the entities
	// outside the cone at their start.
	Cone, ConeHoldings, ConeControls, ConeBoundary int
	// ConeComponents is the number of weakly connected components that hold
	// a designated entity, and ConeComponentEntities their entities.
	ConeComponents, ConeComponentEntities int

	// The cone's parts: the weakly connected components of the graph of
	// the cone's entities and the edges and links between them, by size.
	// An entity outside the cone is clear and reaches a verdict in the
	// cone only through its own edge into it, so each part can be analysed
	// with the edges that end in it and nothing else. LargestPart is the
	// largest part's entities, LargestPartHoldings and LargestPartControls
	// the edges that end in it.
	Parts                                                 int
	PartBuckets                                           []Bucket
	LargestPart, LargestPartHoldings, LargestPartControls int
}

// Measure computes the component structure of g.
func Measure(g *Graph) (*Result, error) {
	strong, possible, err := g.partyLinks()
	if err != nil {
		return nil, err
	}
	n := len(g.ids)
	r := &Result{Entities: n, Holdings: len(g.holdings), Controls: len(g.controls),
		StrongLinks: len(strong), PossibleLinks: len(possible), Buckets: buckets()}

	// Weakly connected components: the strongly connected components of
	// the graph with every edge in both directions.
	off, to, err := csr(n, true, g.holdings, g.controls, strong, possible)
	if err != nil {
		return nil, err
	}
	comps := exposure.Components(n, off, to)
	off, to = nil, nil
	comp := make([]int32, n)              // node → its weakly connected component
	compSize := make([]int32, len(comps)) // component → its entities
	largest := -1
	for c, members := range comps {
		for _, v := range members {
			comp[v] = int32(c)
		}
		size := len(members)
		compSize[c] = int32(size)
		for i := range r.Buckets {
			if b := &r.Buckets[i]; size >= b.Min && size <= b.Max {
				b.Components++
				b.Entities += size
			}
		}
		if largest < 0 || size > int(compSize[largest]) {
			largest = c
		}
	}
	r.Components = len(comps)
	comps = nil
	if largest >= 0 {
		r.LargestEntities = int(compSize[largest])
		for _, e := range g.holdings {
			if comp[e.from] == int32(largest) {
				r.LargestHoldings++
			}
		}
		for _, e := range g.controls {
			if comp[e.from] == int32(largest) {
				r.LargestControls++
			}
		}
	}

	// Ownership and control cycles.
	off, to, err = csr(n, false, g.holdings, g.controls)
	if err != nil {
		return nil, err
	}
	for _, members := range exposure.Components(n, off, to) {
		r.LargestSCC = max(r.LargestSCC, len(members))
		if len(members) > 1 {
			r.InCycles += len(members)
		}
	}
	off, to = nil, nil

	// The designated entities' downstream cone, and their components.
	inCone, err := g.cone(strong, possible)
	if err != nil {
		return nil, err
	}
	for _, in := range inCone {
		if in {
			r.Cone++
		}
	}
	seen, compSeen := make([]bool, n), map[int32]bool{}
	for _, v := range g.designated {
		if !seen[v] {
			seen[v] = true
			r.Designated++
		}
		if !compSeen[comp[v]] {
			compSeen[comp[v]] = true
			r.ConeComponents++
			r.ConeComponentEntities += int(compSize[comp[v]])
		}
	}
	if err := r.parts(g, n, inCone, strong, possible); err != nil {
		return nil, err
	}
	boundary := make([]bool, n)
	for i, l := range [][]edge{g.holdings, g.controls} {
		for _, e := range l {
			if !inCone[e.to] {
				continue
			}
			if i == 0 {
				r.ConeHoldings++
			} else {
				r.ConeControls++
			}
			if !inCone[e.from] && !boundary[e.from] {
				boundary[e.from] = true
				r.ConeBoundary++
			}
		}
	}
	return r, nil
}

// parts finds the parts of the cone (Result.Parts).
func (r *Result) parts(g *Graph, n int, inCone []bool, lists ...[]edge) error {
	lists = append(lists, g.holdings, g.controls)
	var inside []edge
	for _, l := range lists {
		for _, e := range l {
			if inCone[e.from] && inCone[e.to] {
				inside = append(inside, e)
			}
		}
	}
	off, to, err := csr(n, true, inside)
	if err != nil {
		return err
	}
	r.PartBuckets = buckets()
	part := make([]int32, n) // node → its part, −1 outside the cone
	largest, largestSize := int32(-1), 0
	for c, members := range exposure.Components(n, off, to) {
		if !inCone[members[0]] {
			part[members[0]] = -1 // a node outside the cone is alone
			continue
		}
		for _, v := range members {
			part[v] = int32(c)
		}
		r.Parts++
		size := len(members)
		for i := range r.PartBuckets {
			if b := &r.PartBuckets[i]; size >= b.Min && size <= b.Max {
				b.Components++
				b.Entities += size
			}
		}
		if size > largestSize {
			largest, largestSize = int32(c), size
		}
	}
	r.LargestPart = largestSize
	if largest < 0 {
		return nil
	}
	for _, e := range g.holdings {
		if part[e.to] == largest {
			r.LargestPartHoldings++
		}
	}
	for _, e := range g.controls {
		if part[e.to] == largest {
			r.LargestPartControls++
		}
	}
	return nil
}

// cone returns which entities are in the designated cone (Result.Cone),
// given the same-as links to follow (both ways): the walk of
// internal/reach, which the engines' cone read uses too.
func (g *Graph) cone(links ...[]edge) ([]bool, error) {
	var es []reach.Edges
	for _, l := range append([][]edge{g.holdings, g.controls}, links...) {
		e := reach.Edges{From: make([]int32, len(l)), To: make([]int32, len(l))}
		for i, x := range l {
			e.From[i], e.To[i] = x.from, x.to
		}
		es = append(es, e)
		if len(es) > 2 { // a link: also the other way
			es = append(es, reach.Edges{From: e.To, To: e.From})
		}
	}
	return reach.Forward(len(g.ids), g.designated, es...)
}
