package exposure

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync"

	"github.com/ownex/ownex/graph"
)

// Options configures Analyze.
type Options struct {
	// AsOf is the analysis date (required): designations count when active
	// on it, holdings and control edges when their span covers it.
	AsOf graph.Date
	// Regimes is a subset of graph.Engines; empty means all three.
	Regimes []graph.Regime
	// Cone analyses only the designated cone (cone.go): the entities a
	// designation reaches along holdings, control edges and possible
	// links, with the owners and controllers of its entities and the
	// members of its parties. Every verdict that is not clear or carries
	// a possible link is the whole graph's, in the same order; the other
	// entities have no verdict (Len, Verdicts and EntityVerdicts leave
	// them out), and the kept entities outside the cone are clear, though
	// their flags may differ. For `ownex analyze` without --all. Only
	// Builder.Analyze takes it.
	Cone bool
}

// Result is the outcome of Analyze: the compact graph and, per regime,
// both runs and the flags of every node. It is safe for concurrent reads.
type Result struct {
	g       *compact
	asOf    graph.Date
	regimes map[graph.Regime]*regimeResult
	// canon maps every member of a same-as cluster to its representative
	// (clusters.go); nil when the snapshot has no cluster.
	canon map[string]string
}

// ErrOptions is wrapped by every invalid-options error of Analyze.
var ErrOptions = errors.New("exposure: invalid options")

// Analyze runs the requested regime engines on s as of opt.AsOf. It builds
// one compact graph and runs, per regime, the definite and the possible
// fixed points; regimes run concurrently.
func Analyze(s *graph.Snapshot, opt Options) (*Result, error) {
	if _, err := checkOptions(opt); err != nil {
		return nil, err
	}
	if s == nil {
		s = &graph.Snapshot{}
	}
	b := NewBuilder(opt.AsOf, len(s.Entities))
	if strong, _ := graph.PartyLinks(s.SameAs); len(strong) > 0 {
		b.Grow(0, len(s.Holdings)) // clusters: feed fills the columns; else feedRecords sizes them
	}
	if err := b.feed(s); err != nil {
		return nil, err
	}
	return b.analyze(opt, s.Holdings)
}

// Analyze runs the requested regime engines on what b collected; opt.AsOf
// must be the builder's date. The builder cannot be used afterwards.
func (b *Builder) Analyze(opt Options) (*Result, error) {
	if opt.AsOf != b.asOf {
		return nil, fmt.Errorf("%w: AsOf %q differs from the builder's %q", ErrOptions, opt.AsOf, b.asOf)
	}
	return b.analyze(opt, nil)
}

func (b *Builder) analyze(opt Options, records []graph.Holding) (*Result, error) {
	regimes, err := checkOptions(opt)
	if err != nil {
		return nil, err
	}
	if b.err != nil {
		return nil, b.err
	}
	if opt.Cone {
		if records != nil {
			return nil, errConeRecords
		}
		if err := b.pruneToCone(regimes); err != nil {
			return nil, err
		}
	}
	canon := b.canon
	if len(canon) == 0 {
		canon = nil
	}
	possibleLinks := b.possible
	g := newCompact(b, records)
	*b = Builder{err: errUsed}
	if canon != nil {
		g.nameParties(canon)
	}
	res := &Result{g: g, asOf: opt.AsOf, regimes: make(map[graph.Regime]*regimeResult, len(regimes)), canon: canon}
	out := make([]*regimeResult, len(regimes))
	var wg sync.WaitGroup
	for i, r := range regimes {
		wg.Go(func() { out[i] = analyzeRegime(g, r) })
	}
	wg.Wait()
	for i, r := range regimes {
		res.regimes[r] = out[i]
	}
	if err := res.addPossible(possibleLinks, opt); err != nil {
		return nil, fmt.Errorf("exposure: the run with possible links merged: %w", err)
	}
	return res, nil
}

// errUsed is returned by a Builder that already analysed its graph.
var errUsed = errors.New("exposure: builder already used")

// checkOptions validates opt and returns the regimes to run.
func checkOptions(opt Options) ([]graph.Regime, error) {
	if opt.AsOf == "" {
		return nil, fmt.Errorf("%w: AsOf is required", ErrOptions)
	}
	if _, err := graph.ParseDate(string(opt.AsOf)); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrOptions, err)
	}
	if len(opt.Regimes) == 0 {
		return slices.Clone(graph.Engines), nil
	}
	var out []graph.Regime
	for _, r := range opt.Regimes {
		if !slices.Contains(graph.Engines, r) {
			return nil, fmt.Errorf("%w: regime %q has no engine (want one of %v)", ErrOptions, r, graph.Engines)
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out, nil
}

func analyzeRegime(g *compact, r graph.Regime) *regimeResult {
	switch r {
	case graph.RegimeOFAC:
		return analyzeOFAC(g)
	case graph.RegimeUK:
		return analyzeUK(g)
	default:
		return analyzeEU(g)
	}
}

// AsOf returns the analysis date.
func (r *Result) AsOf() graph.Date { return r.asOf }

// Len returns the number of entities with a verdict per regime.
func (r *Result) Len() int { return r.g.n() }

// Verdicts yields one verdict per entity for regime, in ascending byte
// order of entity ID, without proofs. Every entity of the snapshot has a
// verdict, and so has every ID only referenced by a relation (its name is
// its ID). It yields nothing for a regime that was not analyzed.
func (r *Result) Verdicts(regime graph.Regime) iter.Seq[graph.Verdict] {
	return func(yield func(graph.Verdict) bool) {
		rr := r.regimes[regime]
		if rr == nil {
			return
		}
		for v := range r.g.n() {
			if !yield(r.memberVerdict(rr, int32(v))) {
				return
			}
		}
	}
}

// EntityVerdicts yields, entity by entity in byte order of ID, the
// entity's verdicts under regimes, in that order (a regime that was not
// analyzed is left out). The slice is reused between entities. It is the
// per-regime Verdicts walked together, without a coroutine per regime.
func (r *Result) EntityVerdicts(regimes []graph.Regime) iter.Seq[[]graph.Verdict] {
	return func(yield func([]graph.Verdict) bool) {
		var rrs []*regimeResult
		for _, reg := range regimes {
			if rr := r.regimes[reg]; rr != nil {
				rrs = append(rrs, rr)
			}
		}
		if len(rrs) == 0 {
			return
		}
		buf := make([]graph.Verdict, len(rrs))
		for v := range r.g.n() {
			for i, rr := range rrs {
				buf[i] = r.memberVerdict(rr, int32(v))
			}
			if !yield(buf) {
				return
			}
		}
	}
}

// AnyDesignated reports whether some entity of the result is designated
// under regime (an active designation seeds it as of AsOf; graph.Seeds);
// false for a regime that was not analysed. Without one every verdict
// under the regime is clear: a store without its lists loaded.
func (r *Result) AnyDesignated(regime graph.Regime) bool {
	rr := r.regimes[regime]
	if rr == nil {
		return false
	}
	for v := range r.g.n() {
		if rr.runs[definite].status(int32(v)) == stDesignated {
			return true
		}
	}
	return false
}

// Verdict returns the verdict on entity id for regime, without proof; ok
// is false for an unknown entity or a regime that was not analyzed.
func (r *Result) Verdict(id string, regime graph.Regime) (graph.Verdict, bool) {
	rr := r.regimes[regime]
	v, ok := r.g.lookup(id)
	if rr == nil || !ok {
		return graph.Verdict{}, false
	}
	return r.memberVerdict(rr, v), true
}

// memberVerdict is node v's verdict, or, when v is a member of a same-as
// cluster, the verdict of the cluster's representative under v's own id
// and name: a cluster is one party.
func (r *Result) memberVerdict(rr *regimeResult, v int32) graph.Verdict {
	rep, ok := r.repOf(v)
	if !ok {
		return r.verdict(rr, v)
	}
	vd := r.verdict(rr, rep)
	vd.Entity, vd.Name = r.g.ids[v], r.g.names[v]
	return vd
}

// Name returns the name id shows in verdicts and proofs: its own, or,
// for a record without one (a stub), its party's (nameParties); ok is
// false for an unknown id.
func (r *Result) Name(id string) (string, bool) {
	v, ok := r.g.lookup(id)
	if !ok {
		return "", false
	}
	return r.g.names[v], true
}

// Party returns the id that stands for id's party (graph.Verdict.Party):
// its cluster representative, or id itself; ok is false for an unknown
// id.
func (r *Result) Party(id string) (string, bool) {
	v, ok := r.g.lookup(id)
	if !ok {
		return "", false
	}
	if rep, ok := r.repOf(v); ok {
		return r.g.ids[rep], true
	}
	return id, true
}

// repOf returns the node of v's cluster representative when v is another
// member of a same-as cluster.
func (r *Result) repOf(v int32) (int32, bool) {
	if r.canon == nil {
		return 0, false
	}
	id := r.g.ids[v]
	repID, ok := r.canon[id]
	if !ok || repID == id {
		return 0, false
	}
	rep, ok := r.g.lookup(repID)
	return rep, ok
}

// verdict builds node v's verdict: the counted share range takes its
// lower bound, open or closed, from the definite run and its upper bound
// from the possible run (countedRange).
func (r *Result) verdict(rr *regimeResult, v int32) graph.Verdict {
	dst, dsh, dvt := rr.runs[definite].get(v)
	pst, psh, pvt := rr.runs[possible].get(v)
	vd := graph.Verdict{
		Entity: r.g.ids[v],
		Name:   r.g.names[v],
		Party:  r.g.ids[v],
		Regime: rr.regime,
		Status: combined(rr.regime, dst, pst),
		Share:  countedRange(dsh, psh),
		Votes:  countedRange(dvt, pvt),
		Flags:  flagList(rr.flags[v]),
	}
	if pi := rr.poss[v]; pi != nil {
		if len(pi.sameAs) > 0 {
			vd.Flags = append(vd.Flags, graph.FlagPossiblySameAs)
			vd.PossiblySameAs = slices.Clone(pi.sameAs)
		}
		if pi.status != "" {
			vd.Flags = append(vd.Flags, graph.FlagPossiblyExposed)
			vd.PossiblyExposedVia, vd.PossibleStatus = slices.Clone(pi.via), pi.status
		}
	}
	return vd
}

// seeds returns the nodes designated for engine regime r, ascending.
func (g *compact) seeds(r graph.Regime) []int32 {
	var out []int32
	for v, ds := range g.designations {
		if g.designatedFor(ds, r) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

// designatedFor reports whether one of the designations ds seeds regime r.
func (g *compact) designatedFor(ds []int32, r graph.Regime) bool {
	seeds := graph.Seeds(r)
	for _, d := range ds {
		if slices.Contains(seeds, g.snap.Designations[d].Regime) {
			return true
		}
	}
	return false
}
