package exposure

import "github.com/ownex/ownex/graph"

// view is one run of one regime (for UK: one person's closure) as seen by
// the proof builder.
type view interface {
	// status is v's status code in this run.
	status(v int32) uint8
	// before reports whether u joined before v, so that u's proof may be
	// nested in v's: this keeps every proof finite and well founded.
	before(u, v int32) bool
	// counted returns the holdings counted into v.
	counted(v int32) []int32
	// controls returns the control edges from members into v.
	controls(v int32) []int32
	// sums returns the counted shares and votes of v.
	sums(v int32) (sh, vt amount)
	// rule names the test that gave v its status.
	rule(v int32) (rule, threshold string)
}

// rankedView is an OFAC or EU run: members have join ranks.
type rankedView struct {
	g      *compact
	rn     *run
	regime graph.Regime
}

func (w rankedView) status(v int32) uint8 { return w.rn.status(v) }

func (w rankedView) before(u, v int32) bool {
	ru, rv := w.rn.rankOf(u), w.rn.rankOf(v)
	return ru >= 0 && (rv < 0 || ru < rv)
}

func (w rankedView) counted(v int32) []int32 {
	var out []int32
	lo, hi := w.g.inRange(v)
	for e := lo; e < hi; e++ {
		if w.rn.member(w.g.hOwner[e]) {
			out = append(out, e)
		}
	}
	return out
}

func (w rankedView) controls(v int32) []int32 {
	var out []int32
	lo, hi := w.g.ctrlInRange(v)
	for c := lo; c < hi; c++ {
		if w.rn.member(w.g.cFrom[c]) {
			out = append(out, c)
		}
	}
	return out
}

func (w rankedView) sums(v int32) (amount, amount) { return w.rn.share(v), w.rn.votes(v) }

func (w rankedView) rule(v int32) (string, string) {
	switch st := w.rn.status(v); {
	case w.regime == graph.RegimeOFAC && st == stOwned:
		return ofacRule, ofacThreshold
	case st == stOwned:
		return euOwnedRule, euOwnedThreshold
	case st == stControlled:
		return euControlledRule, euControlledThreshold
	}
	return "", ""
}

// ukView is the closure of one designated person, recomputed for a proof.
type ukView struct {
	c    *ukCloser
	rank map[int32]int32 // position in S
}

// newUKView recomputes the closure of person p in run r.
func newUKView(g *compact, r int, p int32) ukView {
	c := newUKCloser(g, r)
	c.close(p)
	rank := make(map[int32]int32, len(c.queue))
	for i, v := range c.queue {
		rank[v] = int32(i)
	}
	return ukView{c: c, rank: rank}
}

func (w ukView) status(v int32) uint8 {
	switch {
	case v == w.c.person:
		return stDesignated
	case w.c.slotOf(v) < 0:
		return stClear
	}
	return ukStatus(w.c.share(v), w.c.votes(v), w.c.basesOf(v))
}

func (w ukView) before(u, v int32) bool {
	ru, okU := w.rank[u]
	rv, okV := w.rank[v]
	return okU && (!okV || ru < rv)
}

func (w ukView) counted(v int32) []int32 {
	var out []int32
	lo, hi := w.c.g.inRange(v)
	for e := lo; e < hi; e++ {
		if w.c.counted(e) {
			out = append(out, e)
		}
	}
	return out
}

func (w ukView) controls(v int32) []int32 {
	var out []int32
	lo, hi := w.c.g.ctrlInRange(v)
	for ce := lo; ce < hi; ce++ {
		if _, ok := w.rank[w.c.g.cFrom[ce]]; ok {
			out = append(out, ce)
		}
	}
	return out
}

func (w ukView) sums(v int32) (amount, amount) {
	return w.c.share(v), w.c.votes(v)
}

func (w ukView) rule(v int32) (string, string) {
	switch w.status(v) {
	case stOwned:
		return ukOwnedRule, ukOwnedThreshold
	case stControlled:
		return ukControlledRule, ukControlledThreshold
	}
	return "", ""
}
