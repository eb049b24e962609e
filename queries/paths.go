package queries

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ownex/ownex/graph"
)

// DefaultPathLength bounds the number of holdings on a path that Paths
// looks for.
const DefaultPathLength = 10

// pathWork bounds the search steps of one Paths call, so that a dense
// neighbourhood cannot make it run away; a result cut by it is Truncated.
const pathWork = 2_000_000

// ErrSameEntity is returned when Paths is asked for paths from an entity
// to itself.
var ErrSameEntity = errors.New("paths need two different entities")

// Path is one simple ownership path: Entities[0] owns Entities[1] ... owns
// the last entity.
type Path struct {
	Entities []Party `json:"entities"`
	// Shares are the direct shares of each step (len(Entities) − 1): the
	// sum of the owner's holdings in the owned entity in force, at most
	// 100 %.
	Shares []graph.Range `json:"shares"`
	// ShareMin and ShareMax are the multiplied share of the first entity
	// in the last along this path, in percent: the product of the lower
	// bounds and the product of the upper bounds of the step shares. An
	// analytic measure, not a verdict (RULES.md section 1).
	ShareMin float64 `json:"share_min"`
	ShareMax float64 `json:"share_max"`
}

// Len is the number of holdings on p.
func (p Path) Len() int { return len(p.Shares) }

// PathsResult is the answer of Paths.
type PathsResult struct {
	From      Party      `json:"from"`
	To        Party      `json:"to"`
	AsOf      graph.Date `json:"as_of,omitempty"`
	MaxLength int        `json:"max_length"`
	// Paths, shortest first; paths of one length by decreasing ShareMax,
	// then ShareMin, then entity IDs.
	Paths []Path `json:"paths"`
	// Truncated is set when the search stopped at its work bound before
	// it could rank every path of the last length it reached.
	Truncated bool `json:"truncated,omitempty"`
}

// Paths returns up to max simple ownership paths from a to b (a owns ...
// owns b) of at most DefaultPathLength holdings, shortest first, on asOf
// (every record if asOf is empty). Unknown ids are errors wrapping
// graph.ErrNotFound.
func Paths(ctx context.Context, st Store, a, b string, max int, asOf graph.Date) (PathsResult, error) {
	return PathsWithin(ctx, st, a, b, max, DefaultPathLength, asOf)
}

// PathsWithin is Paths with paths of at most maxLen holdings.
//
// It reads two bounded closures — what a holds up to ⌈maxLen/2⌉ levels
// down and who holds b up to ⌊maxLen/2⌋ levels up — which together hold
// every node and every holding of every path of at most maxLen steps (a
// path's step i -> i+1 lies in the first when i < ⌈maxLen/2⌉, else in the
// second), and searches them in memory: distances to b first, then a
// depth-first enumeration of simple paths of each length in turn, pruned
// by those distances.
func PathsWithin(ctx context.Context, st Store, a, b string, max, maxLen int, asOf graph.Date) (PathsResult, error) {
	if a == b {
		return PathsResult{}, fmt.Errorf("%w: %q", ErrSameEntity, a)
	}
	if max <= 0 || maxLen <= 0 {
		return PathsResult{}, fmt.Errorf("paths from %q to %q: max (%d) and maxLen (%d) must be positive", a, b, max, maxLen)
	}
	from, err := entity(ctx, st, a)
	if err != nil {
		return PathsResult{}, err
	}
	to, err := entity(ctx, st, b)
	if err != nil {
		return PathsResult{}, err
	}
	res := PathsResult{From: from, To: to, AsOf: asOf, MaxLength: maxLen, Paths: []Path{}}
	down, err := st.Downstream(ctx, []string{a}, (maxLen+1)/2, asOf)
	if err != nil {
		return res, fmt.Errorf("paths from %q: %w", a, err)
	}
	up, err := st.UpstreamDepth(ctx, []string{b}, maxLen/2, asOf)
	if err != nil {
		return res, fmt.Errorf("paths to %q: %w", b, err)
	}
	pg := newPathGraph(asOf, down, up)
	s, okA := pg.index[a]
	t, okB := pg.index[b]
	if !okA || !okB {
		return res, nil
	}
	res.Paths, res.Truncated = pg.search(s, t, max, maxLen)
	return res, nil
}

// pathGraph is the holding graph of the merged closures: nodes are
// indexes, one edge per (owner, owned) pair with the pair's summed share.
type pathGraph struct {
	ents  []graph.Entity
	index map[string]int32
	out   [][]pathEdge
	in    [][]int32
}

type pathEdge struct {
	to    int32
	share graph.Range
}

func newPathGraph(asOf graph.Date, snaps ...*graph.Snapshot) *pathGraph {
	g := &pathGraph{index: map[string]int32{}}
	node := func(id string) int32 {
		if v, ok := g.index[id]; ok {
			return v
		}
		v := int32(len(g.ents))
		g.index[id] = v
		g.ents = append(g.ents, graph.Entity{ID: id, Name: id})
		g.out = append(g.out, nil)
		g.in = append(g.in, nil)
		return v
	}
	for _, s := range snaps {
		for _, e := range s.Entities {
			g.ents[node(e.ID)] = e
		}
	}
	seen := map[string]bool{}
	type pair struct{ u, v int32 }
	sum := map[pair]graph.Range{}
	var pairs []pair
	for _, s := range snaps {
		for _, h := range s.Holdings {
			if !inForce(h.Span, asOf) || seen[h.Key()] {
				continue
			}
			seen[h.Key()] = true
			p := pair{node(h.Owner), node(h.Owned)}
			r, ok := sum[p]
			if !ok {
				pairs = append(pairs, p)
				sum[p] = h.Share
				continue
			}
			r = r.Add(h.Share)
			r.Lo, r.Hi = min(r.Lo, graph.Hundred), min(r.Hi, graph.Hundred)
			sum[p] = r
		}
	}
	for _, p := range pairs {
		g.out[p.u] = append(g.out[p.u], pathEdge{to: p.v, share: sum[p]})
		g.in[p.v] = append(g.in[p.v], p.u)
	}
	for u := range g.out {
		slices.SortFunc(g.out[u], func(x, y pathEdge) int { return strings.Compare(g.ents[x.to].ID, g.ents[y.to].ID) })
	}
	return g
}

// search enumerates simple paths from s to t, by increasing length up to
// maxLen, until at least max are found.
func (g *pathGraph) search(s, t int32, max, maxLen int) ([]Path, bool) {
	// dist[v]: fewest holdings from v to t (−1: t unreachable within maxLen).
	dist := make([]int, len(g.ents))
	for i := range dist {
		dist[i] = -1
	}
	dist[t] = 0
	queue := []int32{t}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		if dist[v] >= maxLen {
			continue
		}
		for _, u := range g.in[v] {
			if dist[u] < 0 {
				dist[u] = dist[v] + 1
				queue = append(queue, u)
			}
		}
	}
	if dist[s] < 0 {
		return nil, false
	}
	var out []Path
	work := 0
	onPath := make([]bool, len(g.ents))
	var nodes []int32
	var shares []graph.Range
	for length := dist[s]; length <= maxLen && len(out) < max; length++ {
		var tier []Path
		var walk func(v int32) bool
		walk = func(v int32) bool {
			work++
			if work > pathWork {
				return false
			}
			if v == t {
				if len(shares) == length {
					tier = append(tier, g.path(nodes, shares))
				}
				return true
			}
			for _, e := range g.out[v] {
				d := dist[e.to]
				if d < 0 || onPath[e.to] || len(shares)+1+d > length {
					continue
				}
				onPath[e.to] = true
				nodes, shares = append(nodes, e.to), append(shares, e.share)
				ok := walk(e.to)
				nodes, shares = nodes[:len(nodes)-1], shares[:len(shares)-1]
				onPath[e.to] = false
				if !ok {
					return false
				}
			}
			return true
		}
		onPath[s] = true
		nodes, shares = append(nodes[:0], s), shares[:0]
		complete := walk(s)
		onPath[s] = false
		slices.SortStableFunc(tier, func(x, y Path) int {
			return cmp.Or(-cmp.Compare(x.ShareMax, y.ShareMax), -cmp.Compare(x.ShareMin, y.ShareMin))
		})
		out = append(out, tier...)
		if !complete {
			return truncate(out, max), true
		}
	}
	return truncate(out, max), false
}

func truncate(ps []Path, max int) []Path {
	if len(ps) > max {
		return ps[:max]
	}
	return ps
}

// path builds a Path from its nodes and step shares.
func (g *pathGraph) path(nodes []int32, shares []graph.Range) Path {
	p := Path{Entities: make([]Party, len(nodes)), Shares: slices.Clone(shares), ShareMin: 100, ShareMax: 100}
	for i, v := range nodes {
		e := g.ents[v]
		p.Entities[i] = Party{ID: e.ID, Name: e.Name, Kind: e.Kind, Level: i}
	}
	for _, r := range shares {
		p.ShareMin *= r.Lo.Float() / 100
		p.ShareMax *= r.Hi.Float() / 100
	}
	return p
}
