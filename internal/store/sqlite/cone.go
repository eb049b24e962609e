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
// same-as links), coneHoldingsQuery fills temp.cone_holdings with the
// rowids and owners of the holdings valid on asOf into the cone,
// coneEntitiesQuery temp.cone_entities with the cone and its boundary
// (those owners and the controllers of the control edges into the cone),
// and the stream then reads as StreamSnapshot does, in a cone scope: all
// the relations, the entities of temp.cone_entities in ID order, and the
// holdings of temp.cone_holdings in rowid order (the order they were
// stored) without a sort. Every step reads through an index (the owned
// and controlled ends, the same-as ends, the entities' ids, the rowids)
// from the temporary tables, never a whole table (TestConePlans).
// It walks from every designation whatever regimes asks for: the cone of
// every designation holds the cone of any regimes' seeds, a larger cone
// that the contract allows (the engines' builder cuts it).
func (s *Store) StreamCone(ctx context.Context, asOf graph.Date, _ []graph.Regime, sink graph.SnapshotSink) error {
	return s.inClosure(ctx, coneWalk, nil, 0, asOf, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM temp.cone_holdings`, `DELETE FROM temp.cone_entities`, coneHoldingsQuery, coneEntitiesQuery} {
			if _, err := tx.ExecContext(ctx, q, nil, string(asOf)); err != nil {
				return fmt.Errorf("the cone's holdings and boundary: %w", err)
			}
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
		for _, q := range []string{`DELETE FROM temp.cone_holdings`, `DELETE FROM temp.cone_entities`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
}

// coneTables are the temporary tables of StreamCone (inClosure creates
// them with temp.upstream): the holdings into the cone by rowid, with
// their owners, and the entities of the cone and its boundary.
var coneTables = []string{
	`CREATE TEMP TABLE IF NOT EXISTS cone_holdings (r INTEGER PRIMARY KEY, o TEXT NOT NULL)`,
	`CREATE TEMP TABLE IF NOT EXISTS cone_entities (id TEXT PRIMARY KEY) WITHOUT ROWID`,
}

// coneHoldingsQuery fills temp.cone_holdings with the holdings valid on
// ?2 whose owned end is in the cone (temp.upstream). CROSS JOIN keeps the
// temporary table the outer loop, so that the holdings are found through
// the index of their owned end.
var coneHoldingsQuery = `INSERT INTO temp.cone_holdings (r, o)
SELECT h.rowid, h.owner FROM temp.upstream u CROSS JOIN holdings h ON h.owned = u.id WHERE ` + validOn("h.start_date", "h.end_date")

// coneEntitiesQuery fills temp.cone_entities with the cone, the owners of
// temp.cone_holdings and the controllers of the control edges valid on ?2
// that end in the cone.
var coneEntitiesQuery = `INSERT OR IGNORE INTO temp.cone_entities (id)
SELECT id FROM temp.upstream
UNION ALL
SELECT o FROM temp.cone_holdings
UNION ALL
SELECT c.controller FROM temp.upstream u CROSS JOIN controls c ON c.controlled = u.id WHERE ` + validOn("c.start_date", "c.end_date")
