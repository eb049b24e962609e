package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/ownex/ownex/graph"
)

// Dump streams every record of the store to sink as stored, in the order
// of the graph.Dumper contract: the load log by id, the identifiers by
// (load_id, entity rowid, pos) (the order in which they were first
// written), the entities by id with their aliases and identifiers, then
// designations, holdings, control edges, same-as links and links by rowid
// (an upsert keeps its row, so rowid order is first-write order), and the
// earlier entity versions by rowid.
//
// Everything is read in one read transaction, row by row: no record is
// held beyond the one being handed to sink. Nothing is written.
func (s *Store) Dump(ctx context.Context, sink graph.DumpSink) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("sqlite: dump: %w", err)
	}
	defer tx.Rollback()
	d := &dumper{ctx: ctx, tx: tx, sink: sink}
	for _, step := range []func() error{d.loads, d.identifiers, d.entities, d.designations, d.holdings,
		d.controls, d.sameAs, d.links, d.versions} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// dumper is one Dump: its transaction and sink.
type dumper struct {
	ctx  context.Context
	tx   *sql.Tx
	sink graph.DumpSink
}

// each runs query and calls scan for every row; an error of the query, of
// scan (which includes the sink's) or of the rows is wrapped with what.
func (d *dumper) each(what, query string, scan func(*sql.Rows) error) error {
	rows, err := d.tx.QueryContext(d.ctx, query)
	if err != nil {
		return fmt.Errorf("sqlite: dump: read %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("sqlite: dump: %s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: dump: read %s: %w", what, err)
	}
	return nil
}

func (d *dumper) loads() error {
	return d.each("load log", `SELECT id, source, format, files, checksum, started, finished, status, error,
		entities, designations, holdings, controls, same_as, links, skipped, list, published, owner FROM loads ORDER BY id`,
		func(rows *sql.Rows) error {
			var r graph.LoadRecord
			var files, started, finished, published string
			if err := rows.Scan(&r.ID, &r.Source, &r.Format, &files, &r.Checksum, &started, &finished, &r.Status,
				&r.Error, &r.Counts.Entities, &r.Counts.Designations, &r.Counts.Holdings, &r.Counts.Controls,
				&r.Counts.SameAs, &r.Counts.Links, &r.Skipped, &r.List, &published, &r.Owner); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(files), &r.Files); err != nil {
				return fmt.Errorf("load %d: files: %w", r.ID, err)
			}
			r.Started, r.Finished = parseTime(started), parseTime(finished)
			r.Published = graph.Date(published)
			return d.sink.Load(&r)
		})
}

// identifiers hands out the identifiers before the entities, in the order
// in which they were first written (earliest load first, then the order
// in which entities were first written), so that a sink keeping one node
// per key gives an identifier shared by several entities the country of
// the first (as the Neo4j store's batched writer does, ON CREATE).
func (d *dumper) identifiers() error {
	return d.each("identifiers", `SELECT i.scheme, i.value, i.country FROM identifiers i JOIN entities e ON e.id = i.entity
		ORDER BY i.load_id, e.rowid, i.pos`, func(rows *sql.Rows) error {
		var id graph.Identifier
		if err := rows.Scan(&id.Scheme, &id.Value, &id.Country); err != nil {
			return err
		}
		d.sink.Identifier(id)
		return nil
	})
}

// entities hands out the entities in ID order with their aliases and
// identifiers, merged from two further scans in the same order
// (entityParts).
func (d *dumper) entities() error {
	parts, err := openEntityParts(d.ctx, d.tx)
	if err != nil {
		return fmt.Errorf("sqlite: dump: %w", err)
	}
	defer parts.close()
	err = d.each("entities", `SELECT id, kind, name, countries, stub, source, record, load_id, weak_aliases, addresses,
		facts, since FROM entities ORDER BY id`, func(rows *sql.Rows) error {
		var e graph.StoredEntity
		var kind, countries, weak, addrs, facts, since string
		if err := rows.Scan(&e.ID, &kind, &e.Name, &countries, &e.Stub, &e.Source, &e.Record, &e.LoadID,
			&weak, &addrs, &facts, &since); err != nil {
			return err
		}
		e.Kind, e.Countries, e.Since = graph.Kind(kind), splitList(countries), graph.Date(since)
		if err := decodeEntityColumns(&e.Entity, weak, addrs, facts); err != nil {
			return err
		}
		parts.fill(&e.Entity)
		return d.sink.Entity(&e)
	})
	if err != nil {
		return err
	}
	if err := parts.err(); err != nil {
		return fmt.Errorf("sqlite: dump: read aliases and identifiers: %w", err)
	}
	return nil
}

// decodeEntityColumns sets the weak aliases, addresses and facts of e from
// their JSON columns (the empty string: none).
func decodeEntityColumns(e *graph.Entity, weak, addrs, facts string) error {
	for _, f := range []struct {
		col  string
		name string
		dst  any
	}{{weak, "weak aliases", &e.WeakAliases}, {addrs, "addresses", &e.Addresses}, {facts, "facts", &e.Facts}} {
		if f.col == "" {
			continue
		}
		if err := json.Unmarshal([]byte(f.col), f.dst); err != nil {
			return fmt.Errorf("entity %s: %s: %w", e.ID, f.name, err)
		}
	}
	return nil
}
