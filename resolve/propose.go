package resolve

import (
	"cmp"
	"slices"
)

// DefaultThreshold is the score from which a name match is a link
// (possible, or strong when corroborated; docs/RESOLVE.md).
const DefaultThreshold = 0.85

// ReviewFloor is the lowest score that Resolve reports for review.
const ReviewFloor = 0.5

// MaxBlock is the largest token block that name matching compares
// within: a token shared by more entities is too common to propose
// anything.
const MaxBlock = 200

// nameMatch is a scored pair of entities (indices into the prepared
// entities, i < j).
type nameMatch struct {
	i, j int
	match
}

// nameMatches scores the pairs of entities that share a rare name token
// and returns those scoring at least ReviewFloor, by descending score,
// then indices. Blocking: entities are compared only within the block of
// a weight-1 token skeleton, and a block of more than MaxBlock entities
// does not pair anything, so the work is at most MaxBlock comparisons per
// entity and token. Vessels and aircraft take no part (they are linked by
// identifiers only), nor pairs that skip(i, j) refuses (checked before
// scoring). Token weights are scaled by their rarity among all the
// prepared entities (Stats).
func nameMatches(ps []*prepared, skip func(i, j int) bool) []nameMatch {
	block := make(map[string][]int32)
	var order []string // blocks in first-seen order: deterministic output
	for i, p := range ps {
		if p.kind == "v" || p.kind == "a" {
			continue
		}
		seen := make(map[string]bool)
		for _, n := range p.names {
			for k, t := range n.toks {
				if tokenWeight(t) < 1 {
					continue
				}
				// block on the skeleton: transliteration variants share it
				if s := n.info[k].skel; !seen[s] {
					seen[s] = true
					if block[s] == nil {
						order = append(order, s)
					}
					block[s] = append(block[s], int32(i))
				}
			}
		}
	}
	st := statsOf(ps)
	for _, p := range ps {
		st.reweigh(p)
	}
	done := make(map[[2]int32]bool)
	var out []nameMatch
	for _, s := range order {
		ids := block[s]
		if len(ids) < 2 || len(ids) > MaxBlock {
			continue
		}
		for x := 0; x < len(ids); x++ {
			for y := x + 1; y < len(ids); y++ {
				i, j := ids[x], ids[y]
				if ps[i].id == ps[j].id || done[[2]int32{i, j}] {
					continue
				}
				done[[2]int32{i, j}] = true
				if skip(int(i), int(j)) {
					continue
				}
				if m := score(ps[i], ps[j]); m.s >= ReviewFloor {
					out = append(out, nameMatch{i: int(i), j: int(j), match: m})
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b nameMatch) int {
		if c := cmp.Compare(b.s, a.s); c != 0 {
			return c
		}
		if c := cmp.Compare(a.i, b.i); c != 0 {
			return c
		}
		return cmp.Compare(a.j, b.j)
	})
	return out
}
