package exposure

import (
	"math/rand/v2"
	"testing"

	"github.com/ownex/ownex/graph"
)

// naiveUK follows RULES.md section 2, "UK", literally: per person, repeat
// over every entity until nothing changes.
func naiveUK(s *graph.Snapshot, run int) map[string]uint8 {
	hs := naiveValues(s, run)
	out := map[string]uint8{}
	seeds := naiveSeeds(s, graph.RegimeUK)
	for p := range seeds {
		inS := map[string]bool{p: true}
		for changed := true; changed; {
			changed = false
			for _, e := range s.Entities {
				c := e.ID
				if c == p {
					continue
				}
				st, conduit := naiveUKEntity(s, hs, inS, c)
				if st > out[c] {
					out[c] = st
				}
				if conduit && !inS[c] {
					inS[c], changed = true, true
				}
			}
		}
	}
	for p := range seeds {
		out[p] = stDesignated
	}
	return out
}

// naiveUKEntity evaluates entity c for the current S.
func naiveUKEntity(s *graph.Snapshot, hs []naiveHolding, inS map[string]bool, c string) (uint8, bool) {
	counted := make([]bool, len(hs))
	arrs := map[string]bool{}
	for i, h := range hs {
		if h.owned == c && inS[h.owner] {
			counted[i] = true
			if h.arr != "" {
				arrs[h.arr] = true
			}
		}
	}
	var sh, vt naiveAmount
	for i, h := range hs {
		if h.owned == c && (counted[i] || arrs[h.arr]) {
			sh, vt = sh.plus(h.sh), vt.plus(h.vt)
		}
	}
	var bases uint8
	for _, k := range s.Controls {
		if k.Controlled == c && inS[k.Controller] {
			bases |= basisBit(k.Basis)
		}
	}
	st := stClear
	if bases&(bBoard|bVoting|bDominant|bDeFacto) != 0 {
		st = stControlled
	}
	if sh.gt(graph.Fifty) || vt.gt(graph.Fifty) {
		st = stOwned
	}
	return st, vt.gt(graph.Fifty) || bases&(bBoard|bVoting|bDominant) != 0
}

// TestAgainstNaive compares the worklist engines with the naive references
// on random small graphs, for both runs of all three regimes.
func TestAgainstNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 11))
	for i := range 3000 {
		s := randomSnapshot(rng)
		res := analyze(t, s, "2025-06-30")
		for _, r := range graph.Engines {
			rr := res.regimes[r]
			for run := range 2 {
				var want map[string]uint8
				if r == graph.RegimeUK {
					want = naiveUK(s, run)
				} else {
					want = naiveOFACEU(s, r, run)
				}
				for _, e := range s.Entities {
					if got := rr.runs[run].status(res.g.index.Find(res.g.ids, e.ID)); got != want[e.ID] {
						t.Fatalf("case %d, %s run %d, %s: got %d, want %d\n%+v", i, r, run, e.ID, got, want[e.ID], s)
					}
				}
			}
			// The possible run contains the definite one, and counted
			// ranges are valid ranges, open bounds included.
			for v := range res.g.n() {
				if d, p := rr.runs[definite].status(int32(v)), rr.runs[possible].status(int32(v)); p < d {
					t.Fatalf("case %d, %s, %s: possible %d below definite %d\n%+v", i, r, res.g.ids[v], p, d, s)
				}
				vd := res.verdict(rr, int32(v))
				if !orderedRange(vd.Share) || !orderedRange(vd.Votes) {
					t.Fatalf("case %d, %s, %s: counted share %v votes %v\n%+v", i, r, vd.Entity, vd.Share, vd.Votes, s)
				}
			}
		}
	}
}

// orderedRange reports whether r is a non-empty range, allowing sums past
// 100 (cross-holdings and over-allocation).
func orderedRange(r graph.Range) bool {
	return r.Lo < r.Hi || r.Lo == r.Hi && !r.LoOpen && !r.HiOpen
}
