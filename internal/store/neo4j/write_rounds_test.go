package neo4j

import (
	"fmt"
	"hash/maphash"
	"testing"
)

// TestRelRounds: every row is scheduled exactly once, and no entity is
// an end of rows of two sessions in the same round.
func TestRelRounds(t *testing.T) {
	l := &load{seed: maphash.MakeSeed()}
	var rows [][]any
	for i := range 500 {
		rows = append(rows, []any{nil, nil, fmt.Sprint("e", i%37), fmt.Sprint("e", (i*7)%41), ""})
	}
	for _, n := range []int{1, 2, 3, 4} {
		rounds := l.relRounds(rows, n)
		count := make([]int, len(rows))
		for r, round := range rounds {
			if len(round) != n {
				t.Fatalf("%d sessions: round %d has %d lists", n, r, len(round))
			}
			owner := map[string]int{}
			for w, list := range round {
				for _, i := range list {
					count[i]++
					for _, id := range []string{rows[i][relFrom].(string), rows[i][relTo].(string)} {
						if o, ok := owner[id]; ok && o != w {
							t.Errorf("%d sessions, round %d: %s in the lists of sessions %d and %d", n, r, id, o, w)
						}
						owner[id] = w
					}
				}
			}
		}
		for i, c := range count {
			if c != 1 {
				t.Fatalf("%d sessions: row %d scheduled %d times", n, i, c)
			}
		}
	}
}
