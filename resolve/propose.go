package resolve

import (
	"encoding/csv"
	"io"
	"sort"
	"strconv"

	"github.com/ownex/ownex/graph"
)

// DefaultThreshold is the score from which Propose links two entities
// (docs/RESOLVE.md: precision and recall on the labelled set).
const DefaultThreshold = 0.85

// ReviewFloor is the lowest score that Propose reports for review.
const ReviewFloor = 0.5

// MaxBlock is the largest token block that Propose compares within: a
// token shared by more entities is too common to propose anything.
const MaxBlock = 200

// Candidate is a proposed pair below the link threshold, for review.
type Candidate struct {
	A, B           string
	Score          float64
	NamesA, NamesB string // the best-matching names
}

// Propose scores entity pairs that share a rare name token (blocking: a
// token held by more than MaxBlock entities does not pair anything, so
// the work is at most MaxBlock comparisons per entity and token) and
// returns links for scores >= threshold (Method "name", Score the score,
// Provenance Source "resolve") and candidates for scores in
// [ReviewFloor, threshold). Both are sorted by descending score, then ids.
func Propose(entities []graph.Entity, threshold float64) (links []graph.SameAs, review []Candidate) {
	ps := make([]*prepared, len(entities))
	block := make(map[string][]int32)
	for i := range entities {
		ps[i] = prepare(&entities[i])
		seen := make(map[string]bool)
		for _, n := range ps[i].names {
			for k, t := range n.toks {
				if tokenWeight(t) < 1 {
					continue
				}
				// block on the skeleton: transliteration variants share it
				if s := n.skel[k]; !seen[s] {
					seen[s] = true
					block[s] = append(block[s], int32(i))
				}
			}
		}
	}
	// token weights scaled by their rarity in the input (Stats)
	st := statsOf(ps)
	for _, p := range ps {
		st.reweigh(p)
	}
	done := make(map[[2]int32]bool)
	for _, ids := range block {
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
				s, na, nb := score(ps[i], ps[j])
				a, b := ps[i].id, ps[j].id
				if b < a {
					a, b, na, nb = b, a, nb, na
				}
				switch {
				case s >= threshold:
					links = append(links, graph.SameAs{A: a, B: b, Method: "name", Score: s,
						Provenance: graph.Provenance{Source: SourceName, Record: na + " ~ " + nb}})
				case s >= ReviewFloor:
					review = append(review, Candidate{A: a, B: b, Score: s, NamesA: na, NamesB: nb})
				}
			}
		}
	}
	sort.Slice(links, func(x, y int) bool {
		if links[x].Score != links[y].Score {
			return links[x].Score > links[y].Score
		}
		if links[x].A != links[y].A {
			return links[x].A < links[y].A
		}
		return links[x].B < links[y].B
	})
	sort.Slice(review, func(x, y int) bool {
		if review[x].Score != review[y].Score {
			return review[x].Score > review[y].Score
		}
		if review[x].A != review[y].A {
			return review[x].A < review[y].A
		}
		return review[x].B < review[y].B
	})
	return links, review
}

// WriteReviewCSV writes candidates as CSV with the header a, a_name, b,
// b_name, score (score with 3 decimals).
func WriteReviewCSV(w io.Writer, c []Candidate) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"a", "a_name", "b", "b_name", "score"}); err != nil {
		return err
	}
	for _, x := range c {
		if err := cw.Write([]string{x.A, x.NamesA, x.B, x.NamesB, strconv.FormatFloat(x.Score, 'f', 3, 64)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
