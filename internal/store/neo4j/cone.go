package neo4j

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/graph"
)

// coneBatch is the number of IDs (or node ids) per statement of
// StreamCone: each statement UNWINDs one batch. A variable for the tests,
// which cut a small graph into many batches.
var coneBatch = 10_000

// Statements of StreamCone; $ids is a batch of entity IDs, $nodes one of
// node ids, $asOf the date.
const (
	// coneOwnedQuery: one step of the walk, to what a batch of the cone
	// owns on $asOf.
	coneOwnedQuery = `UNWIND $ids AS id MATCH (:Entity {id: id})-[r:OWNS]->(d:Entity) WHERE ` + asOfFilter +
		` RETURN DISTINCT d.id`
	coneEntityQuery = `UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN ` + streamEntityCols
	coneNodeQuery   = `UNWIND $nodes AS n MATCH (e:Entity) WHERE id(e) = n RETURN ` + streamEntityCols
	// coneHoldingQuery: the holdings valid on $asOf into a batch of the
	// cone, lean as StreamSnapshot reads them.
	coneHoldingQuery = `UNWIND $ids AS id MATCH (b:Entity {id: id})<-[r:OWNS]-(a:Entity) WHERE ` + asOfFilter +
		` RETURN ` + streamHoldingCols
)

// StreamCone implements graph.ConeStreamer in one read transaction, on
// one session. It reads the relations as StreamSnapshot does, then walks
// the cone breadth first from the designated IDs: control edges and
// same-as links (strong or possible, both ways) from the relations
// already read, holdings by one statement per batch of the frontier
// (coneOwnedQuery: UNWIND $ids, one step each, never a variable-length
// path). It then reads the cone's entities and the controllers of the
// control edges into it by ID, the holdings into the cone, and the
// entities of their owners by node id, all in batches of coneBatch, and
// hands them over: the entities sorted by ID (Go's string order is byte
// order), the holdings sorted by their owner's ID (stable: the holdings of
// one owner stay in the order the server gave them). StreamSnapshot hands
// the holdings range of owner IDs by range, in the server's order within
// a range; the order by owner ID agrees with its ranges, not necessarily
// with the server's order within one (graph.ConeStreamer).
// It walks from every designation whatever regimes asks for: the cone of
// every designation holds the cone of any regimes' seeds, a larger cone
// that the contract allows (the engines' builder cuts it).
func (s *Store) StreamCone(ctx context.Context, asOf graph.Date, _ []graph.Regime, sink graph.SnapshotSink) error {
	if err := s.streamCone(ctx, asOf, sink); err != nil {
		return fmt.Errorf("neo4j: stream cone: %w", err)
	}
	return nil
}

func (s *Store) streamCone(ctx context.Context, asOf graph.Date, sink graph.SnapshotSink) error {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead,
		DatabaseName: s.cfg.Database, FetchSize: streamFetchSize})
	defer sess.Close(ctx)
	tx, err := sess.BeginTransaction(ctx)
	if err != nil {
		return s.describe(err)
	}
	defer tx.Close(context.WithoutCancel(ctx))
	run := func(ctx context.Context, q string, params map[string]any, each func(v []any) error) error {
		return s.eachRecord(ctx, func() (neo4j.ResultWithContext, error) { return tx.Run(ctx, q, params) }, each)
	}
	asOfP := nullable(string(asOf))
	des, ctl, same, err := streamRelations(ctx, run, map[string]any{"asOf": asOfP})
	if err != nil {
		return err
	}
	cone, err := walkCone(ctx, run, asOfP, des, ctl, same)
	if err != nil {
		return err
	}

	// The entities of the cone and of the controllers into it, by ID.
	inCone := make([]string, 0, len(cone))
	for id := range cone {
		inCone = append(inCone, id)
	}
	slices.Sort(inCone)
	byID := slices.Clone(inCone)
	for _, c := range ctl {
		if cone[c.Controlled] && !cone[c.Controller] {
			byID = append(byID, c.Controller)
		}
	}
	slices.Sort(byID)
	byID = slices.Compact(byID)
	var c streamChunk
	var nodes nodeIDs
	for batch := range slices.Chunk(byID, coneBatch) {
		if err := run(ctx, coneEntityQuery, map[string]any{"ids": batch}, func(v []any) error {
			return decodeEntityRow(v, &c)
		}); err != nil {
			return fmt.Errorf("entities: %w", err)
		}
	}
	for i := range c.ents {
		nodes.put(c.ents[i].node, c.ents[i].id)
	}

	// The holdings into the cone, and the entities of their owners.
	for batch := range slices.Chunk(inCone, coneBatch) {
		err := run(ctx, coneHoldingQuery, map[string]any{"ids": batch, "asOf": asOfP}, func(v []any) error {
			return decodeHoldingRow(v, &c)
		})
		if errors.Is(err, errBadRow) {
			break // the bad row is the last one: send reports it
		}
		if err != nil {
			return fmt.Errorf("holdings: %w", err)
		}
	}
	var owners []int64
	for i := range c.holds {
		if _, ok := nodes.get(c.holds[i].owner); !ok {
			owners = append(owners, c.holds[i].owner)
		}
	}
	slices.Sort(owners)
	owners = slices.Compact(owners)
	for batch := range slices.Chunk(owners, coneBatch) {
		n := len(c.ents)
		if err := run(ctx, coneNodeQuery, map[string]any{"nodes": batch}, func(v []any) error {
			return decodeEntityRow(v, &c)
		}); err != nil {
			return fmt.Errorf("owners: %w", err)
		}
		for i := n; i < len(c.ents); i++ {
			nodes.put(c.ents[i].node, c.ents[i].id)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return s.describe(err)
	}

	if err := sink.Relations(des, ctl, same); err != nil {
		return fmt.Errorf("relations: %w", err)
	}
	slices.SortFunc(c.ents, func(a, b entityRec) int { return strings.Compare(a.id, b.id) })
	var er graph.EntityRow
	for i := range c.ents {
		e := &c.ents[i]
		if i > 0 && e.id == c.ents[i-1].id {
			return fmt.Errorf("entity %q read twice: two nodes with one ID?", e.id)
		}
		er.ID = append(er.ID[:0], e.id...)
		er.Name = append(er.Name[:0], e.name...)
		if err := sink.Entity(er); err != nil {
			return fmt.Errorf("entities: %w", err)
		}
	}
	// By owner ID, stable: an order of indexes (the records are large).
	owner := make([]string, len(c.holds))
	order := make([]int32, len(c.holds))
	for i := range c.holds {
		owner[i], _ = nodes.get(c.holds[i].owner) // "" if unknown: send reports it
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := strings.Compare(owner[a], owner[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	var row graph.HoldingRow
	for _, i := range order {
		if err := c.holds[i].send(&nodes, &row, sink); err != nil {
			return fmt.Errorf("holdings: %w", err)
		}
	}
	return nil
}

// walkCone returns the designated cone (graph.ConeStreamer): the closure
// of the designated IDs along the control edges ctl and the strong and
// possible same-as links (both ways) given, and along the holdings valid
// on asOf, read by run one step and one batch of the frontier at a time.
func walkCone(ctx context.Context, run readFunc, asOf any, des []graph.Designation, ctl []graph.Control, same []graph.SameAs) (map[string]bool, error) {
	next := map[string][]string{} // control edges and followed same-as links
	for _, c := range ctl {
		next[c.Controller] = append(next[c.Controller], c.Controlled)
	}
	for _, l := range same {
		if l.Strength == graph.StrengthStrong || l.Strength == graph.StrengthPossible {
			next[l.A] = append(next[l.A], l.B)
			next[l.B] = append(next[l.B], l.A)
		}
	}
	cone := map[string]bool{}
	var frontier []string
	reach := func(id string) {
		if !cone[id] {
			cone[id] = true
			frontier = append(frontier, id)
		}
	}
	for _, d := range des {
		reach(d.Entity)
	}
	for len(frontier) > 0 {
		// The client's own edges first (the frontier grows as it is
		// read), then one statement per batch for the holdings.
		for i := 0; i < len(frontier); i++ {
			for _, id := range next[frontier[i]] {
				reach(id)
			}
		}
		cur := frontier
		frontier = nil
		for batch := range slices.Chunk(cur, coneBatch) {
			if err := run(ctx, coneOwnedQuery, map[string]any{"ids": batch, "asOf": asOf}, func(v []any) error {
				id, err := idOf(v[0])
				if err == nil {
					reach(id)
				}
				return err
			}); err != nil {
				return nil, fmt.Errorf("the cone: %w", err)
			}
		}
	}
	return cone, nil
}
