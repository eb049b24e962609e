package baseline

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	gonum "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/ownex/ownex/graph"
)

// Run indexes of the per-run values on a Stake: the definite run counts
// lower bounds, the possible run capped upper bounds (RULES.md section 2,
// "Two runs").
const (
	Definite = 0
	Possible = 1
)

// ErrUnsupported is wrapped by the error of Build and Analyze for input
// this baseline does not implement (see the package comment).
var ErrUnsupported = errors.New("baseline: unsupported input")

// Stake is the edge u -> v of the analysis graph: everything u holds in v
// and every control edge from u over v on the as-of date. It implements
// gonum's graph.WeightedEdge; Weight is the definite share as an integral
// number of millionths of a percent (exact in a float64: at most 1e8),
// but the fixpoints read the exact graph.Pct fields, never a float.
type Stake struct {
	F, T gonum.Node
	// Share and Votes sum u's holdings in v, each capped first (RULES.md
	// section 2, "Holdings"), per run: [Definite] lower bounds,
	// [Possible] capped upper bounds.
	Share, Votes [2]graph.Pct
	// Joint lists u's holdings in v that belong to a joint arrangement;
	// they are included in Share and Votes too.
	Joint []*JointHolding
	// Bases are the bases of u's control edges over v.
	Bases []graph.Basis
}

// From returns the owner or controller.
func (e *Stake) From() gonum.Node { return e.F }

// To returns the owned or controlled entity.
func (e *Stake) To() gonum.Node { return e.T }

// ReversedEdge returns a copy of e with its ends swapped.
func (e *Stake) ReversedEdge() gonum.Edge {
	r := *e
	r.F, r.T = e.T, e.F
	return &r
}

// Weight returns the definite share in millionths of a percent.
func (e *Stake) Weight() float64 { return float64(e.Share[Definite]) }

// JointHolding is one holding that belongs to a joint arrangement (UK
// Schedule 1): Owner's holding in Owned under Arrangement, capped, per run.
type JointHolding struct {
	Owner, Owned int64
	Arrangement  string
	Share, Votes [2]graph.Pct
}

// jointKey identifies a joint arrangement: holdings of one owned entity
// that share a non-empty arrangement id.
type jointKey struct {
	owned int64
	arr   string
}

// Graph is a snapshot as of a date as a gonum simple.WeightedDirectedGraph:
// one node per entity ID (entities and every ID a relation names), one
// *Stake edge per (owner or controller, owned or controlled) pair.
type Graph struct {
	*simple.WeightedDirectedGraph
	IDs   []string         // node ID -> entity ID
	Index map[string]int64 // entity ID -> node ID
	// Joint maps each joint arrangement to its holdings.
	Joint map[jointKey][]*JointHolding
	// Seeds are the designated nodes of each engine regime, ascending.
	Seeds map[graph.Regime][]int64
}

// node returns the node of id, adding it when new.
func (g *Graph) node(id string) int64 {
	if n, ok := g.Index[id]; ok {
		return n
	}
	n := int64(len(g.IDs))
	g.Index[id] = n
	g.IDs = append(g.IDs, id)
	g.AddNode(simple.Node(n))
	return n
}

// stake returns the edge u -> v, adding an empty one when absent.
func (g *Graph) stake(u, v int64) *Stake {
	if e := g.WeightedEdge(u, v); e != nil {
		return e.(*Stake)
	}
	e := &Stake{F: g.Node(u), T: g.Node(v)}
	g.SetWeightedEdge(e)
	return e
}

// edge returns the existing edge u -> v.
func (g *Graph) edge(u, v int64) *Stake { return g.WeightedEdge(u, v).(*Stake) }

// Build builds the analysis graph of s as of asOf: holdings and control
// edges in force on asOf (start <= asOf < end), self-holdings and
// self-control dropped, share and votes upper bounds capped per owned
// entity, designations active on asOf as seeds. It fails, wrapping
// ErrUnsupported, on same-as links and on open share bounds in force.
// The holdings in force of one owner in one entity are first merged as
// RULES.md section 2 says ("Reports of one stake", graph.MergeStake).
func Build(s *graph.Snapshot, asOf graph.Date) (*Graph, error) {
	if len(s.SameAs) > 0 {
		return nil, fmt.Errorf("%w: %d same-as links (clusters are not implemented)", ErrUnsupported, len(s.SameAs))
	}
	g := &Graph{
		WeightedDirectedGraph: simple.NewWeightedDirectedGraph(0, 0),
		Index:                 make(map[string]int64, len(s.Entities)),
		Joint:                 map[jointKey][]*JointHolding{},
		Seeds:                 map[graph.Regime][]int64{},
	}
	for _, e := range s.Entities {
		g.node(e.ID)
	}
	// Holdings in force, and the sums of lower bounds per owned entity
	// that cap the upper bounds.
	type held struct {
		h    *graph.Holding
		u, v int64
	}
	var hs []held
	loShare, loVotes := map[int64]graph.Pct{}, map[int64]graph.Pct{}
	for _, h := range stakes(s.Holdings, asOf) {
		u, v := g.node(h.Owner), g.node(h.Owned)
		if u == v {
			continue
		}
		if h.Share.LoOpen || h.Share.HiOpen || h.Votes.LoOpen || h.Votes.HiOpen {
			return nil, fmt.Errorf("%w: holding %s -> %s has an open bound (%s, %s)", ErrUnsupported,
				h.Owner, h.Owned, h.Share, h.Votes)
		}
		hs = append(hs, held{h, u, v})
		loShare[v] += h.Share.Lo
		loVotes[v] += h.Votes.Lo
	}
	for _, x := range hs {
		h, u, v := x.h, x.u, x.v
		share := [2]graph.Pct{h.Share.Lo, capHi(h.Share, loShare[v])}
		votes := [2]graph.Pct{h.Votes.Lo, capHi(h.Votes, loVotes[v])}
		e := g.stake(u, v)
		for r := range 2 {
			e.Share[r] += share[r]
			e.Votes[r] += votes[r]
		}
		if h.Arrangement != "" {
			jh := &JointHolding{Owner: u, Owned: v, Arrangement: h.Arrangement, Share: share, Votes: votes}
			e.Joint = append(e.Joint, jh)
			k := jointKey{v, h.Arrangement}
			g.Joint[k] = append(g.Joint[k], jh)
		}
	}
	for i := range s.Controls {
		c := &s.Controls[i]
		u, v := g.node(c.Controller), g.node(c.Controlled)
		if !c.Covers(asOf) || u == v {
			continue
		}
		e := g.stake(u, v)
		e.Bases = append(e.Bases, c.Basis)
	}
	seeds := map[graph.Regime]map[int64]bool{}
	for i := range s.Designations {
		d := &s.Designations[i]
		n := g.node(d.Entity)
		if !d.ActiveOn(asOf) {
			continue
		}
		for _, r := range graph.Engines {
			if slices.Contains(graph.Seeds(r), d.Regime) {
				if seeds[r] == nil {
					seeds[r] = map[int64]bool{}
				}
				seeds[r][n] = true
			}
		}
	}
	for r, set := range seeds {
		for n := range set {
			g.Seeds[r] = append(g.Seeds[r], n)
		}
		slices.Sort(g.Seeds[r])
	}
	return g, nil
}

// capHi caps a holding's upper bound against what the other holders of
// the same entity hold at least (RULES.md section 2, "Holdings"):
// hi := max(lo, min(hi, 100 − Σ lo of the other holdings)).
func capHi(r graph.Range, sumLo graph.Pct) graph.Pct {
	return max(r.Lo, min(r.Hi, graph.Hundred-(sumLo-r.Lo)))
}

// Result holds each regime's status per entity. Only entities whose
// status is not clear are stored.
type Result struct {
	G      *Graph
	status map[graph.Regime]map[int64]graph.Status
}

// Analyze builds the graph of s as of asOf and runs, for each engine
// regime, the definite and the possible fixpoint; regimes run
// concurrently (as exposure.Analyze runs them), each reading the shared
// graph.
func Analyze(s *graph.Snapshot, asOf graph.Date) (*Result, error) {
	g, err := Build(s, asOf)
	if err != nil {
		return nil, err
	}
	res := &Result{G: g, status: make(map[graph.Regime]map[int64]graph.Status, len(graph.Engines))}
	out := make([]map[int64]graph.Status, len(graph.Engines))
	var wg sync.WaitGroup
	for i, r := range graph.Engines {
		wg.Go(func() {
			var runs [2]map[int64]uint8
			for run := range runs {
				runs[run] = g.fixpoint(r, run)
			}
			out[i] = combine(r, runs)
		})
	}
	wg.Wait()
	for i, r := range graph.Engines {
		res.status[r] = out[i]
	}
	return res, nil
}

// fixpoint runs regime r's fixpoint on one run.
func (g *Graph) fixpoint(r graph.Regime, run int) map[int64]uint8 {
	switch r {
	case graph.RegimeOFAC:
		return g.OFAC(run)
	case graph.RegimeUK:
		return g.UK(run)
	default:
		return g.EU(run)
	}
}

// combine merges the two runs (RULES.md section 2, "Two runs"): the
// definite status where it is not clear, else undetermined where the
// possible run is not clear, else clear (left out of the map).
func combine(r graph.Regime, runs [2]map[int64]uint8) map[int64]graph.Status {
	out := make(map[int64]graph.Status, len(runs[Possible]))
	for n, st := range runs[Possible] {
		if st != clear {
			out[n] = graph.StatusUndetermined
		}
	}
	for n, st := range runs[Definite] {
		if st != clear {
			out[n] = statusName(r, st)
		}
	}
	return out
}

// Len returns the number of nodes (entities and referenced IDs).
func (r *Result) Len() int { return len(r.G.IDs) }

// Status returns regime's status of entity id: clear for an entity that
// is not exposed (or not in the graph).
func (r *Result) Status(id string, regime graph.Regime) graph.Status {
	n, ok := r.G.Index[id]
	if !ok {
		return graph.StatusClear
	}
	if st, ok := r.status[regime][n]; ok {
		return st
	}
	return graph.StatusClear
}

// Exposed returns the entities whose status under regime is not clear.
func (r *Result) Exposed(regime graph.Regime) map[string]graph.Status {
	out := make(map[string]graph.Status, len(r.status[regime]))
	for n, st := range r.status[regime] {
		out[r.G.IDs[n]] = st
	}
	return out
}

// stakes returns the holdings in force on asOf, those of one owner in one
// entity merged into one (graph.MergeStake), in the order of their first
// holding.
func stakes(all []graph.Holding, asOf graph.Date) []*graph.Holding {
	type pair struct{ owner, owned string }
	groups := map[pair][]graph.Holding{}
	var order []pair
	for i := range all {
		h := &all[i]
		if !h.Covers(asOf) {
			continue
		}
		p := pair{h.Owner, h.Owned}
		if _, ok := groups[p]; !ok {
			order = append(order, p)
		}
		groups[p] = append(groups[p], *h)
	}
	out := make([]*graph.Holding, len(order))
	for i, p := range order {
		h, _ := graph.MergeStake(groups[p])
		out[i] = &h
	}
	return out
}
