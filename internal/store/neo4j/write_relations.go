package neo4j

import (
	"context"
	"fmt"
	"hash/maphash"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Holdings and control edges in the batched writer (write.go).

// relTracker keeps the hashes of the keys of the relationships of one
// type that the load wrote; nil keys: the load no longer proves rows new.
type relTracker struct {
	keys map[uint64]struct{}
}

func newRelTracker() relTracker { return relTracker{keys: map[uint64]struct{}{}} }

// relRounds schedules the rows of a relationship type for n sessions:
// rounds of n disjoint lists of row positions. With n > 1 the entities
// are split in 2n partitions by ID and each list holds the rows between
// a pair of partitions, so that no two sessions of a round touch the same
// entity (creating a relationship locks both its ends); the pairs of a
// round are a perfect matching of the partitions (round-robin tournament)
// plus, in round 0, the rows within each partition.
func (l *load) relRounds(rows [][]any, n int) [][][]int {
	if n <= 1 {
		all := make([]int, len(rows))
		for i := range all {
			all[i] = i
		}
		return [][][]int{{all}}
	}
	p := 2 * n
	bucket := make(map[[2]int][]int)
	for i, r := range rows {
		a, b := l.part(r[relFrom].(string), p), l.part(r[relTo].(string), p)
		if a > b {
			a, b = b, a
		}
		bucket[[2]int{a, b}] = append(bucket[[2]int{a, b}], i)
	}
	rounds := [][][]int{make([][]int, n)}
	for k := range p {
		rounds[0][k/2] = append(rounds[0][k/2], bucket[[2]int{k, k}]...)
	}
	// Round-robin: partition p-1 stays, the others rotate.
	for r := range p - 1 {
		round := make([][]int, n)
		pair := func(a, b int) []int {
			if a > b {
				a, b = b, a
			}
			return bucket[[2]int{a, b}]
		}
		round[0] = pair(r, p-1)
		for k := 1; k < n; k++ {
			round[k] = pair((r+k)%(p-1), (r-k+p-1)%(p-1))
		}
		rounds = append(rounds, round)
	}
	return rounds
}

// writeRelations writes holdings or control edges: rows in the layout of
// spec, keys their keys.
func (l *load) writeRelations(ctx context.Context, spec *relSpec, tr *relTracker, rows [][]any, keys []string) error {
	if len(rows) == 0 {
		return nil
	}
	hashes := make([]uint64, len(rows))
	for i, k := range keys {
		hashes[i] = maphash.String(l.seed, k)
	}
	proven := false
	if tr.keys != nil {
		n, err := l.countNow(ctx, spec.count)
		if err != nil {
			return err
		}
		proven = n == int64(len(tr.keys))
		if !proven {
			tr.keys = nil
		}
	}
	all, err := l.allNodesCached(ctx)
	if err != nil {
		return err
	}
	n := l.writers(len(rows))
	for _, round := range l.relRounds(rows, n) {
		err := l.sessions(ctx, n, func(ctx context.Context, w int, sess neo4j.SessionWithContext) error {
			seen := map[uint64]bool{} // the keys of this list written so far
			return l.writeBatches(ctx, sess, round[w], all,
				func(tx runner, batch []int, lookUp, retry bool, found map[string]int64) error {
					return l.relationBatch(ctx, tx, spec, tr, rows, batch, hashes, proven && !retry, seen, lookUp, found)
				},
				func(batch []int) {
					for _, i := range batch {
						seen[hashes[i]] = true
					}
				})
		})
		if err != nil {
			return err
		}
	}
	if tr.keys != nil {
		if len(tr.keys)+len(hashes) > maxTrackedKeys {
			tr.keys = nil
			return nil
		}
		for _, h := range hashes {
			tr.keys[h] = struct{}{}
		}
	}
	return nil
}

// relationBatch writes the rows at the positions batch in tx. proven:
// every relationship of the type that exists is in tr or in seen.
func (l *load) relationBatch(ctx context.Context, tx runner, spec *relSpec, tr *relTracker,
	rows [][]any, batch []int, hashes []uint64, proven bool, seen map[uint64]bool, lookUp bool, found map[string]int64) error {
	// The node ids of the ends, taken from the cache once (another
	// session may empty it meanwhile) or resolved in tx.
	ids := map[string]int64{}
	var unknown []string
	known := map[string]bool{}
	for _, i := range batch {
		for _, id := range []string{rows[i][relFrom].(string), rows[i][relTo].(string)} {
			if known[id] {
				continue
			}
			known[id] = true
			if n, ok := l.nodes.get(id); ok {
				ids[id] = n
			} else {
				unknown = append(unknown, id)
			}
		}
	}
	if err := l.resolve(ctx, tx, unknown, lookUp, found); err != nil {
		return err
	}
	for _, id := range unknown {
		if n, ok := found[id]; ok {
			ids[id] = n
		}
	}
	afterResolve(ids)
	var creates, merges [][]any
	inBatch := map[uint64]bool{}
	for _, i := range batch {
		r := rows[i]
		for _, end := range [][2]int{{relA, relFrom}, {relB, relTo}} {
			id := r[end[1]].(string)
			n, ok := ids[id]
			if !ok {
				return fmt.Errorf("neo4j: %s %q -> %q: no node id for entity %q: the relationship is not written",
					spec.what, r[relFrom], r[relTo], id)
			}
			r[end[0]] = n
		}
		h := hashes[i]
		_, old := tr.keys[h]
		if !proven || old || seen[h] || inBatch[h] {
			merges = append(merges, r)
		} else {
			creates = append(creates, r)
		}
		inBatch[h] = true
	}
	for _, st := range []struct {
		q    string
		rows [][]any
	}{{spec.create, creates}, {spec.merge, merges}} {
		if len(st.rows) == 0 {
			continue
		}
		n, err := l.count(ctx, tx, st.q, map[string]any{"rows": st.rows})
		if err != nil {
			return err
		}
		if n != int64(len(st.rows)) {
			return fmt.Errorf("%w: %d of %d %s written", errStale, n, len(st.rows), spec.what)
		}
	}
	return nil
}

// afterResolve sees the node ids that relationBatch found for the ends of
// a batch, before it uses them; tests replace it to make a look-up miss.
var afterResolve = func(map[string]int64) {}
