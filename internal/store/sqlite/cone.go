package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ownex/ownex/graph"
)

// StreamCone implements graph.ConeStreamer in one read transaction: the
// recursive query of inClosure fills temp.upstream with the cone (seeded
// by the designations active on asOf, along holdings, control edges and
// same-as links), one statement fills temp.cone_entities with the cone and
// its boundary (the owners and controllers of the holdings and control
// edges into it), and the stream then reads as StreamSnapshot does, in a
// cone scope: all the relations, the entities of temp.cone_entities in ID
// order, and the holdings into the cone in the order they were stored.
// Every step reads through an index (the owned and controlled ends, the
// same-as ends, the entities' ids) from the temporary tables, never a
// whole table.
func (s *Store) StreamCone(ctx context.Context, asOf graph.Date, sink graph.SnapshotSink) error {
	return s.inClosure(ctx, coneWalk, nil, 0, asOf, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM temp.cone_entities`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, coneEntitiesQuery, nil, string(asOf)); err != nil {
			return fmt.Errorf("the cone's boundary: %w", err)
		}
		if err := streamRelations(ctx, tx, scope{}, asOf, sink); err != nil {
			return err
		}
		sc := scope{cone: true}
		if err := streamEntities(ctx, tx, sc, sink); err != nil {
			return fmt.Errorf("entities: %w", err)
		}
		if err := streamHoldings(ctx, tx, sc, asOf, sink.Holding); err != nil {
			return fmt.Errorf("holdings: %w", err)
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM temp.cone_entities`)
		return err
	})
}

// coneEntitiesQuery fills temp.cone_entities with the cone (temp.upstream)
// and the owners and controllers of the holdings and control edges valid
// on ?2 that end in it. CROSS JOIN keeps the temporary table the outer
// loop, so that the edges are found through their owned and controlled
// ends' indexes.
var coneEntitiesQuery = `INSERT OR IGNORE INTO temp.cone_entities (id)
SELECT id FROM temp.upstream
UNION ALL
SELECT h.owner FROM temp.upstream u CROSS JOIN holdings h ON h.owned = u.id WHERE ` + validOn("h.start_date", "h.end_date") + `
UNION ALL
SELECT c.controller FROM temp.upstream u CROSS JOIN controls c ON c.controlled = u.id WHERE ` + validOn("c.start_date", "c.end_date")
