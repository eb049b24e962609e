package exposure

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/ownex/ownex/graph"
)

// designationRule names the seed rule in proofs.
const designationRule = "designated: an active designation seeds the regime " +
	"(RULES.md section 2, Seeds: ofac <- ofac; uk <- uk, un; eu <- eu, un)"

// Explain returns the proof tree of one entity's verdict under regime. The
// proof follows the run that decided the status: the definite run, or the
// possible run for an undetermined entity. A clear entity gets a proof with
// status clear, listing any member holdings that fell short. Nested proofs
// only use owners that joined the fixed point before the entity they
// support, so the tree is finite even on cyclic graphs; an owner explained
// once is not explained again (a note points back to it).
func (r *Result) Explain(id string, regime graph.Regime) (*graph.Proof, error) {
	return r.ExplainDepth(id, regime, 0)
}

// ExplainDepth is Explain cut below depth levels of owners and controllers
// (0: no cut). A proof that reaches the cut nests a short node for the
// owner or controller there (id, name, status) whose Elided sums up what
// was left out; nothing below the cut is built, so the cost of a deep
// proof is its depth limit, plus a count. Above the cut the proof is
// Explain's.
func (r *Result) ExplainDepth(id string, regime graph.Regime, depth int) (*graph.Proof, error) {
	if depth < 0 {
		return nil, fmt.Errorf("exposure: explain %q: negative depth %d", id, depth)
	}
	b, v, rr, clear, err := r.prepare(id, regime)
	if err != nil {
		return nil, err
	}
	pr := clear
	if pr == nil {
		b.depth = depth
		pr = b.proof(v)
		r.decorate(pr, rr, v)
	}
	r.asMember(pr, id, v)
	return pr, nil
}

// prepare finds the node v that explains id under regime (the
// representative of id's same-as cluster) and the builder of the run that
// decided it; clear is the whole proof of an entity that no UK person
// reaches (and then the builder is nil).
func (r *Result) prepare(id string, regime graph.Regime) (b *builder, v int32, rr *regimeResult, clear *graph.Proof, err error) {
	rr = r.regimes[regime]
	if rr == nil {
		return nil, 0, nil, nil, fmt.Errorf("exposure: regime %q was not analyzed", regime)
	}
	v, ok := r.g.lookup(id)
	if !ok {
		return nil, 0, nil, nil, fmt.Errorf("exposure: entity %q: %w", id, graph.ErrNotFound)
	}
	if rep, ok := r.repOf(v); ok {
		v = rep
	}
	run := rr.decidingRun(v)
	b = &builder{g: r.g, regime: regime, run: runName(run), seen: map[int32]bool{}, cluster: r.clusterOf}
	if regime == graph.RegimeUK {
		p := rr.runs[run].whoOf(v)
		if rr.runs[run].status(v) == stClear {
			return nil, v, rr, r.clearUK(rr, v), nil
		}
		b.vw = newUKView(r.g, run, p)
		b.person = r.g.ids[p]
	} else {
		b.vw = rankedView{g: r.g, rn: rr.runs[run], regime: regime}
	}
	return b, v, rr, nil, nil
}

// asMember turns the root proof pr of v, the representative of id's
// same-as cluster, into id's: id's name, and a first note naming the
// cluster. It does nothing when id is v.
func (r *Result) asMember(pr *graph.Proof, id string, v int32) {
	m, _ := r.g.lookup(id)
	if m == v {
		return
	}
	pr.Notes = append([]string{fmt.Sprintf("%s (%s) is the same party as %s (%s): a same-as cluster is analysed as one party (%s)",
		r.g.names[m], id, r.g.names[v], r.g.ids[v], strings.Join(r.clusterOf(r.g.ids[v]), ", "))}, pr.Notes...)
	pr.Entity, pr.Name = id, r.g.names[m]
}

// clusterOf lists the ids of rep's same-as cluster, sorted (nil when rep is
// in no cluster).
func (r *Result) clusterOf(rep string) []string {
	var out []string
	for id, c := range r.canon {
		if c == rep {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// decorate sets the top-level fields that combine both runs.
func (r *Result) decorate(pr *graph.Proof, rr *regimeResult, v int32) {
	vd := r.verdict(rr, v)
	pr.Status, pr.Share, pr.Votes, pr.Flags = vd.Status, vd.Share, vd.Votes, vd.Flags
	pr.PossiblySameAs, pr.PossiblyExposedVia, pr.PossibleStatus = vd.PossiblySameAs, vd.PossiblyExposedVia, vd.PossibleStatus
	if vd.Status == graph.StatusUndetermined {
		pr.Notes = append(pr.Notes, "undetermined: the definite run (lower bounds of share ranges) leaves it clear; "+
			"the possible run (upper bounds after capping) does not")
	}
	pr.Notes = append(pr.Notes, r.cycleNotes(v)...)
}

// clearUK is the proof of an entity no UK person owns or controls.
func (r *Result) clearUK(rr *regimeResult, v int32) *graph.Proof {
	pr := &graph.Proof{Entity: r.g.ids[v], Name: r.g.names[v], Regime: graph.RegimeUK, Run: graph.RunDefinite}
	pr.Notes = []string{"no single designated person owns (> 50 % of shares or votes) or controls it, " +
		"even on upper bounds (OFSI guidance 4.14: holdings of different persons are not added)"}
	r.decorate(pr, rr, v)
	return pr
}

func runName(r int) graph.Run {
	if r == possible {
		return graph.RunPossible
	}
	return graph.RunDefinite
}

// builder builds the proof tree of one run.
type builder struct {
	g      *compact
	vw     view
	regime graph.Regime
	run    graph.Run
	person string
	seen   map[int32]bool
	// cluster lists the same-as cluster of a representative id.
	cluster func(id string) []string
	// depth is the level below which proofs are only counted (0: none).
	depth int
}

// proof returns v's proof within the run. It walks the proof depth
// first, in the order a recursive walk would (so that the notes "given
// above" point to a proof printed earlier), on an explicit stack: a chain
// of 100,000 owners costs 100,000 small frames, not a goroutine stack of
// hundreds of megabytes (issue 15).
func (b *builder) proof(v int32) *graph.Proof {
	root, fr := b.open(v, 0)
	stack := []*frame{fr}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		if f == nil || f.next >= len(f.hs)+len(f.cs) {
			stack = stack[:len(stack)-1]
			continue
		}
		i := f.next
		f.next++
		if f.pr == nil { // below the cut: count only
			u := b.edgeFrom(f, i)
			if b.nests(nil, u, f.v) {
				stack = append(stack, b.count(u, f.sum, f.level+1))
			}
			continue
		}
		var link **graph.Proof
		if i < len(f.hs) {
			f.pr.Holdings = append(f.pr.Holdings, b.holding(f.hs[i]))
			link = &f.pr.Holdings[len(f.pr.Holdings)-1].OwnerProof
		} else {
			f.pr.Controls = append(f.pr.Controls, b.control(f.cs[i-len(f.hs)]))
			link = &f.pr.Controls[len(f.pr.Controls)-1].ControllerProof
		}
		u := b.edgeFrom(f, i)
		if !b.nests(f.pr, u, f.v) {
			continue
		}
		if b.depth > 0 && f.level >= b.depth {
			sum := &graph.ProofElision{Depth: b.depth}
			*link = &graph.Proof{Entity: b.g.ids[u], Name: b.g.names[u], Regime: b.regime,
				Status: statusName(b.regime, b.vw.status(u)), Run: b.run, Elided: sum}
			stack = append(stack, b.count(u, sum, 1))
			continue
		}
		child, cf := b.open(u, f.level+1)
		*link = child
		stack = append(stack, cf)
	}
	return root
}

// frame is a proof whose holdings and controls are being explained, or
// below the cut (pr nil) counted into sum.
type frame struct {
	pr     *graph.Proof
	sum    *graph.ProofElision
	v      int32
	level  int     // distance from the root, or from the cut below it
	hs, cs []int32 // counted holding edges and control edges of v
	next   int     // index of the next edge: holdings first, then controls
}

// edgeFrom is the owner or controller of f's edge i.
func (b *builder) edgeFrom(f *frame, i int) int32 {
	if i < len(f.hs) {
		return b.g.hOwner[f.hs[i]]
	}
	return b.g.cFrom[f.cs[i-len(f.hs)]]
}

// count adds v, level levels below the cut, to sum. The frame is nil for
// a designated entity.
func (b *builder) count(v int32, sum *graph.ProofElision, level int) *frame {
	b.seen[v] = true
	st := b.vw.status(v)
	sum.Add(level, b.g.ids[v], b.g.names[v], statusName(b.regime, st))
	if st == stDesignated {
		return nil
	}
	return &frame{sum: sum, v: v, level: level, hs: b.vw.counted(v), cs: b.vw.controls(v)}
}

// frameOf is v's frame for a walk that builds no proof (nil for a
// designated entity, whose proof has no holdings).
func (b *builder) frameOf(v int32) *frame {
	if b.vw.status(v) == stDesignated {
		return nil
	}
	return &frame{v: v, hs: b.vw.counted(v), cs: b.vw.controls(v)}
}

// open starts v's proof at level: its headline, rule and designations. The
// frame is nil for a designated entity, whose proof has no holdings.
func (b *builder) open(v int32, level int) (*graph.Proof, *frame) {
	b.seen[v] = true
	sh, vt := b.vw.sums(v)
	pr := &graph.Proof{
		Entity: b.g.ids[v], Name: b.g.names[v], Regime: b.regime,
		Status: statusName(b.regime, b.vw.status(v)), Run: b.run,
		Share: runRange(sh), Votes: runRange(vt), Person: b.person,
	}
	if b.cluster != nil {
		if members := b.cluster(pr.Entity); len(members) > 1 {
			pr.Notes = append(pr.Notes, "one party with its same-as records (their designations, holdings and control count as its own): "+strings.Join(members, ", "))
		}
	}
	if b.vw.status(v) == stDesignated {
		pr.Rule = designationRule
		pr.Designations = b.designations(v)
		return pr, nil
	}
	pr.Rule, pr.Threshold = b.vw.rule(v)
	return pr, &frame{pr: pr, v: v, level: level, hs: b.vw.counted(v), cs: b.vw.controls(v)}
}

// nests reports whether u's proof may be nested in v's in the tree form,
// noting in pr (when not nil) the cases where it is not: supports, and an
// owner explained once is not explained again.
func (b *builder) nests(pr *graph.Proof, u, v int32) bool {
	if b.vw.status(u) != stClear && b.seen[u] {
		if pr != nil {
			pr.Notes = append(pr.Notes, "the proof of "+b.g.ids[u]+" is given above")
		}
		return false
	}
	return b.supports(pr, u, v)
}

// supports reports whether u's proof supports v's, noting in pr (when not
// nil) the cases where it does not: u counts only as a joint-arrangement
// partner, or joined after v.
func (b *builder) supports(pr *graph.Proof, u, v int32) bool {
	note := ""
	switch {
	case b.vw.status(u) == stClear:
		note = b.g.ids[u] + " counts as a joint-arrangement partner"
	case !b.vw.before(u, v):
		note = b.g.ids[u] + " joined after " + b.g.ids[v] + "; see its own proof"
	default:
		return true
	}
	if pr != nil {
		pr.Notes = append(pr.Notes, note)
	}
	return false
}

// holding is holding edge e, without the owner's proof.
func (b *builder) holding(e int32) graph.ProofHolding {
	u := b.g.hOwner[e]
	r := runIndex(b.run)
	return graph.ProofHolding{
		Holding:      b.g.holding(e),
		OwnerName:    b.g.names[u],
		OwnerStatus:  statusName(b.regime, b.vw.status(u)),
		CountedShare: runRange(b.g.shareAt(r, e)),
		CountedVotes: runRange(b.g.votesAt(r, e)),
		Merge:        b.g.merge(e),
	}
}

// control is control edge c, without the controller's proof.
func (b *builder) control(c int32) graph.ProofControl {
	u := b.g.cFrom[c]
	return graph.ProofControl{
		Control:          b.g.snap.Controls[b.g.cRec[c]],
		ControllerName:   b.g.names[u],
		ControllerStatus: statusName(b.regime, b.vw.status(u)),
	}
}

func runIndex(r graph.Run) int {
	if r == graph.RunPossible {
		return possible
	}
	return definite
}

// designations returns v's active designations that seed the regime,
// with program and provenance.
func (b *builder) designations(v int32) []graph.Designation {
	var out []graph.Designation
	seeds := graph.Seeds(b.regime)
	for _, d := range b.g.designations[v] {
		if des := b.g.snap.Designations[d]; slices.Contains(seeds, des.Regime) {
			out = append(out, des)
		}
	}
	return out
}

// joinIDs formats node IDs for a note.
func (g *compact) joinIDs(vs []int32) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = g.ids[v]
	}
	slices.Sort(s)
	return strings.Join(s, ", ")
}
