package gen

import (
	"math/rand/v2"
	"strconv"

	"github.com/ownex/ownex/graph"
)

// AsOf is the as-of date of generated snapshots.
const AsOf graph.Date = "2025-06-30"

// generator holds the state of one generation.
type generator struct {
	rng     *rand.Rand
	s       *graph.Snapshot
	persons int   // entities [0, persons) are persons
	parent  []int // group parent of each company, -1 for roots and persons
	roots   []int
}

// Graph returns a synthetic snapshot of about the given number of entities
// (at least 2) and at least 1.5 holdings per entity, deterministic for seed.
func Graph(entities int, seed int64) *graph.Snapshot {
	n := max(entities, 2)
	g := &generator{
		rng:     rand.New(rand.NewPCG(uint64(seed), 0x6f776e6578)),
		s:       &graph.Snapshot{AsOf: AsOf},
		persons: max(n*3/10, 1),
		parent:  make([]int, n),
	}
	g.s.Entities = make([]graph.Entity, 0, n)
	g.s.Holdings = make([]graph.Holding, 0, n*3/2+n/20)
	g.entities(n)
	g.groups(n)
	for c := g.persons; c < n; c++ {
		g.holders(c)
	}
	g.crossHoldings(n)
	g.topUp(n)
	g.controls(n)
	g.designations(n)
	return g.s
}

// id returns the ID of entity i.
func id(i int) string {
	b := make([]byte, 0, 12)
	b = append(b, "gen:"...)
	d := strconv.Itoa(i)
	for range 8 - len(d) {
		b = append(b, '0')
	}
	return string(append(b, d...))
}

func (g *generator) entities(n int) {
	for i := range n {
		e := graph.Entity{ID: id(i), Kind: graph.KindCompany, Name: "Company " + strconv.Itoa(i),
			Provenance: graph.Provenance{Source: "gen", Record: "e" + strconv.Itoa(i)}}
		if i < g.persons {
			e.Kind, e.Name = graph.KindPerson, "Person "+strconv.Itoa(i)
		}
		g.s.Entities = append(g.s.Entities, e)
	}
}

// groupSize draws a heavy-tailed corporate group size.
func (g *generator) groupSize() int {
	switch x := g.rng.Float64(); {
	case x < 0.4:
		return 1
	case x < 0.7:
		return 2 + g.rng.IntN(4)
	case x < 0.9:
		return 6 + g.rng.IntN(25)
	default:
		return 31 + g.rng.IntN(270)
	}
}

// groups partitions the companies into trees of at most six levels.
func (g *generator) groups(n int) {
	for i := range g.persons {
		g.parent[i] = -1
	}
	depth := make([]int, n)
	for c := g.persons; c < n; {
		size := min(g.groupSize(), n-c)
		root := c
		g.parent[root] = -1
		g.roots = append(g.roots, root)
		for k := 1; k < size; k++ {
			p := root + g.rng.IntN(k)
			if k > 1 && g.rng.IntN(2) == 0 {
				p = root + k - 1 - g.rng.IntN(min(k, 3)) // deepen
			}
			for depth[p] >= 5 {
				p = g.parent[p]
			}
			g.parent[root+k], depth[root+k] = p, depth[p]+1
		}
		c += size
	}
}

// pct returns a uniform share in [lo, hi] percent with two decimals.
func (g *generator) pct(lo, hi int) graph.Pct {
	cents := lo*100 + g.rng.IntN((hi-lo)*100+1)
	return graph.Pct(cents) * graph.PctScale / 100
}

// owner draws a small owner from the long tail: 95 % natural persons,
// else any entity. (A registry's minority holders are mostly people; with
// many companies drawn at random across the whole registry every company
// would have a large share of the registry upstream of it, which real
// registers do not show.)
func (g *generator) owner(n int) int {
	if g.rng.IntN(100) < 95 {
		return g.rng.IntN(g.persons)
	}
	return g.rng.IntN(n)
}
