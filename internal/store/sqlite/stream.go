package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ownex/ownex/graph"
)

// StreamSnapshot implements graph.SnapshotStreamer: it hands sink the
// designations active on asOf, the control edges valid on asOf and every
// same-as link, then every entity's id and name in ID order, then every
// holding valid on asOf in the order they were stored, with its record
// when the sink keeps records (graph.WantsRecords). Entities and
// holdings are scanned into reused buffers: no Go object is built per row.
//
// The holdings are scanned on a second connection while the entities are
// read, so that both cores work; the two read transactions are checked to
// see the same version of the store (the load log), else everything is
// read in one transaction.
func (s *Store) StreamSnapshot(ctx context.Context, asOf graph.Date, sink graph.SnapshotSink) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("sqlite: stream snapshot: %w", err)
	}
	defer tx.Rollback()
	sc := scope{records: graph.WantsRecords(sink)}
	holdings, stop, err := s.prefetchHoldings(ctx, tx, sc, asOf)
	if err != nil {
		return fmt.Errorf("sqlite: stream snapshot: %w", err)
	}
	defer stop()
	if err := streamRelations(ctx, tx, scope{}, asOf, sink); err != nil {
		return fmt.Errorf("sqlite: stream snapshot: %w", err)
	}
	if err := streamEntities(ctx, tx, scope{}, sink); err != nil {
		return fmt.Errorf("sqlite: stream snapshot: entities: %w", err)
	}
	if holdings == nil {
		err = streamHoldings(ctx, tx, sc, asOf, sink.Holding)
	} else {
		err = holdings(sink.Holding)
	}
	if err != nil {
		return fmt.Errorf("sqlite: stream snapshot: holdings: %w", err)
	}
	return nil
}

// StreamUpstream implements graph.UpstreamStreamer: the upstream closure
// of ids as Upstream finds it, streamed as StreamSnapshot streams the
// whole store (in one read transaction), each holding with its span and
// record.
func (s *Store) StreamUpstream(ctx context.Context, ids []string, asOf graph.Date, sink graph.SnapshotSink) error {
	return s.inUpstream(ctx, ids, asOf, func(tx *sql.Tx) error {
		sc := scope{upstream: true, records: true}
		if err := streamRelations(ctx, tx, sc, asOf, sink); err != nil {
			return err
		}
		if err := streamEntities(ctx, tx, sc, sink); err != nil {
			return fmt.Errorf("entities: %w", err)
		}
		if err := streamHoldings(ctx, tx, sc, asOf, sink.Holding); err != nil {
			return fmt.Errorf("holdings: %w", err)
		}
		return nil
	})
}

func streamRelations(ctx context.Context, q queryer, sc scope, asOf graph.Date, sink graph.SnapshotSink) error {
	in := make(interner)
	des, err := readDesignations(ctx, q, sc, asOf, in)
	if err != nil {
		return fmt.Errorf("designations: %w", err)
	}
	ctl, err := readControls(ctx, q, sc, asOf, in)
	if err != nil {
		return fmt.Errorf("control edges: %w", err)
	}
	same, err := readSameAs(ctx, q, sc, in)
	if err != nil {
		return fmt.Errorf("same-as links: %w", err)
	}
	return sink.Relations(des, ctl, same)
}

func streamEntities(ctx context.Context, q queryer, sc scope, sink graph.SnapshotSink) error {
	rows, err := q.QueryContext(ctx, streamEntitiesQuery(sc))
	if err != nil {
		return err
	}
	defer rows.Close()
	var row graph.EntityRow
	var id, name sql.RawBytes
	for n := 1; rows.Next(); n++ {
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		row.ID, row.Name = id, name
		if err := sink.Entity(row); err != nil {
			return err
		}
		if err := checkEvery(ctx, n); err != nil {
			return err
		}
	}
	return rows.Err()
}

// streamEntitiesQuery reads the id and name of the entities of sc in ID
// order.
func streamEntitiesQuery(sc scope) string {
	return `SELECT e.id, e.name FROM entities e` + sc.entities() + ` ORDER BY e.id`
}

// streamHoldingsQuery reads what streamHoldings emits; ?2 is the date.
// Of a cone scope it reads the holdings of temp.cone_holdings (StreamCone)
// by rowid, in rowid order, without a sort.
func streamHoldingsQuery(sc scope) string {
	cols := `owner, owned, share_lo, share_hi, votes_lo, votes_hi, share_open, votes_open, arrangement, source, start_date, end_date`
	if sc.records {
		cols += `, record`
	}
	valid := validOn("h.start_date", "h.end_date")
	if sc.cone {
		return `SELECT ` + cols + ` FROM temp.cone_holdings x CROSS JOIN holdings h ON h.rowid = x.r WHERE ` + valid + ` ORDER BY x.r`
	}
	return `SELECT ` + cols + ` FROM holdings h WHERE ` + valid + sc.pair("h.owner", "h.owned") + ` ORDER BY h.rowid`
}

// streamHoldings emits the holdings valid on asOf in sc, in the order
// they were stored, with their start and end (the merge of the reports
// of one stake needs them), and their record when sc asks for records.
func streamHoldings(ctx context.Context, q queryer, sc scope, asOf graph.Date, emit func(*graph.HoldingRow) error) error {
	rows, err := q.QueryContext(ctx, streamHoldingsQuery(sc), nil, string(asOf))
	if err != nil {
		return err
	}
	defer rows.Close()
	var row graph.HoldingRow
	var owner, owned, arr, source, start, end, record sql.RawBytes
	var shOpen, vtOpen int64
	dest := []any{&owner, &owned, &row.Share.Lo, &row.Share.Hi, &row.Votes.Lo, &row.Votes.Hi,
		&shOpen, &vtOpen, &arr, &source, &start, &end}
	if sc.records {
		dest = append(dest, &record)
	}
	for n := 1; rows.Next(); n++ {
		row.Share, row.Votes = graph.Range{}, graph.Range{}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		setOpen(&row.Share, shOpen)
		setOpen(&row.Votes, vtOpen)
		row.Owner, row.Owned, row.Arrangement, row.Source = owner, owned, arr, source
		row.Start, row.End, row.Record = start, end, record
		if err := emit(&row); err != nil {
			return err
		}
		if err := checkEvery(ctx, n); err != nil {
			return err
		}
	}
	return rows.Err()
}

// checkEvery returns ctx's error every 65,536th row.
func checkEvery(ctx context.Context, n int) error {
	if n%65536 != 0 {
		return nil
	}
	return ctx.Err()
}

// SizeHint returns upper bounds of the numbers of entities and holdings,
// at once (counting the rows of a registry-size store takes seconds):
// the largest rowids, as nothing is ever deleted from those tables but by
// a failed load's rollback.
func (s *Store) SizeHint(ctx context.Context) (entities, holdings int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT coalesce((SELECT max(rowid) FROM entities), 0),
		coalesce((SELECT max(rowid) FROM holdings), 0)`).Scan(&entities, &holdings)
	if err != nil {
		return 0, 0, fmt.Errorf("sqlite: size hint: %w", err)
	}
	return entities, holdings, nil
}
