package queries

import (
	"errors"
	"math"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
)

// DesignatedShare is the look-through share of an entity held by the
// parties designated under a regime, in percent (float64: an analytic
// measure, never compared with a legal threshold; RULES.md section 1):
// the sum over every holding walk from a designated party down to the
// entity of the product of the fractions on it, each walk counted at the
// first designated party it meets (a designated party's own owners are
// not looked through, so that nothing is counted twice). Min uses the
// holdings' lower bounds, Max their capped upper bounds
// (exposure.LookThrough). Unbounded is set when a cross-holding group on
// the way diverges; Max is then 0 and means nothing.
type DesignatedShare struct {
	Min       float64 `json:"min"`
	Max       float64 `json:"max"`
	Unbounded bool    `json:"unbounded,omitempty"`
}

// holdingIndex indexes a snapshot's holdings in force by owned entity,
// and knows, per regime, the designated parties and every entity they
// reach through holdings. It keeps only the holdings into a reached
// entity: designatedShare looks at no other (it starts from a reached
// entity and climbs to reached owners only). It is read-only once built.
type holdingIndex struct {
	hs         []graph.Holding
	byOwned    map[string][]int32
	designated map[graph.Regime]map[string]bool
	reached    map[graph.Regime]map[string]bool
}

// newHoldingIndex indexes hs, the holdings of a snapshot (or of a part of
// it that holds every holding into the entities the designated parties of
// res reach: the designated cone), under regimes as of asOf.
func newHoldingIndex(hs []graph.Holding, asOf graph.Date, res *exposure.Result, regimes []graph.Regime) *holdingIndex {
	x := &holdingIndex{byOwned: map[string][]int32{}, designated: map[graph.Regime]map[string]bool{},
		reached: map[graph.Regime]map[string]bool{}}
	var inForce []int32 // indexes into hs
	byOwner := map[string][]int32{}
	for i, h := range hs {
		if h.Covers(asOf) {
			inForce = append(inForce, int32(i))
			byOwner[h.Owner] = append(byOwner[h.Owner], int32(i))
		}
	}
	anyReached := map[string]bool{}
	for _, r := range regimes {
		ds, reached := map[string]bool{}, map[string]bool{}
		var queue []string
		for v := range res.Verdicts(r) {
			if v.Status == graph.StatusDesignated {
				ds[v.Entity], reached[v.Entity] = true, true
				queue = append(queue, v.Entity)
			}
		}
		for len(queue) > 0 {
			u := queue[len(queue)-1]
			queue = queue[:len(queue)-1]
			for _, i := range byOwner[u] {
				if o := hs[i].Owned; !reached[o] {
					reached[o] = true
					queue = append(queue, o)
				}
			}
		}
		x.designated[r], x.reached[r] = ds, reached
		for e := range reached {
			anyReached[e] = true
		}
	}
	for _, i := range inForce {
		if h := hs[i]; anyReached[h.Owned] {
			x.byOwned[h.Owned] = append(x.byOwned[h.Owned], int32(len(x.hs)))
			x.hs = append(x.hs, h)
		}
	}
	return x
}

// designatedShare computes id's DesignatedShare under regime r. It hands
// exposure.LookThrough only the part of id's upstream closure that
// designated parties reach, cut above them: every holding into an entity
// of that part (so that upper bounds are capped as on the whole store),
// but only the owners that designated parties reach are looked through
// (the others hold nothing designated). It returns nil for a designated
// entity (the measure means nothing there).
func (a *screenAnalysis) designatedShare(id string, r graph.Regime) *DesignatedShare {
	x := a.holdings
	designated := func(e string) bool { return x.designated[r][e] }
	if designated(id) {
		return nil
	}
	if !x.reached[r][id] {
		return &DesignatedShare{}
	}
	sub := &graph.Snapshot{}
	seen := map[string]bool{id: true}
	queue := []string{id}
	var ds []string
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		if v != id && designated(v) {
			ds = append(ds, v)
			continue // not looked through
		}
		for _, i := range x.byOwned[v] {
			h := x.hs[i]
			sub.Holdings = append(sub.Holdings, h)
			if !seen[h.Owner] && x.reached[r][h.Owner] {
				seen[h.Owner] = true
				queue = append(queue, h.Owner)
			}
		}
	}
	out := &DesignatedShare{}
	if len(ds) == 0 {
		return out
	}
	lt, err := exposure.LookThrough(sub, id, a.asOf)
	if err != nil {
		if errors.Is(err, exposure.ErrNoTarget) {
			return out
		}
		return nil
	}
	isD := map[string]bool{}
	for _, d := range ds {
		isD[d] = true
	}
	for _, sh := range lt.Shares {
		if !isD[sh.ID] {
			continue
		}
		out.Min += sh.Lower
		out.Max += sh.Upper
	}
	if math.IsInf(out.Max, 1) {
		out.Unbounded, out.Max = true, 0
	}
	if math.IsInf(out.Min, 1) {
		out.Min = 0
	}
	out.Min, out.Max = round4(out.Min), round4(out.Max)
	return out
}

func round4(f float64) float64 { return math.Round(f*1e4) / 1e4 }
