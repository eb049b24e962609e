package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/ownex/ownex/graph"
)

var _ graph.EntityLister = (*Store)(nil)

// Entities streams every entity ordered by ID with its aliases, weak
// aliases, identifiers and countries: three ordered scans merged, no
// query per entity. Stubs are included (their name is their id).
func (s *Store) Entities(ctx context.Context, each func(graph.Entity) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("sqlite: entities: %w", err)
	}
	defer tx.Rollback()
	ents, err := tx.QueryContext(ctx, `SELECT id, kind, name, countries, weak_aliases, source, record FROM entities ORDER BY id`)
	if err != nil {
		return fmt.Errorf("sqlite: entities: %w", err)
	}
	defer ents.Close()
	aliases, err := newCursor(ctx, tx, `SELECT entity, alias, '', '' FROM aliases ORDER BY entity, pos`)
	if err != nil {
		return err
	}
	defer aliases.close()
	idents, err := newCursor(ctx, tx, `SELECT entity, scheme, value, country FROM identifiers ORDER BY entity, pos`)
	if err != nil {
		return err
	}
	defer idents.close()
	for ents.Next() {
		var e graph.Entity
		var kind, countries, weak string
		if err := ents.Scan(&e.ID, &kind, &e.Name, &countries, &weak, &e.Source, &e.Record); err != nil {
			return fmt.Errorf("sqlite: entities: %w", err)
		}
		e.Kind, e.Countries = graph.Kind(kind), splitList(countries)
		if weak != "" {
			if err := json.Unmarshal([]byte(weak), &e.WeakAliases); err != nil {
				return fmt.Errorf("sqlite: entity %s: weak aliases: %w", e.ID, err)
			}
		}
		for _, r := range aliases.take(e.ID) {
			e.Aliases = append(e.Aliases, r[0])
		}
		for _, r := range idents.take(e.ID) {
			e.Identifiers = append(e.Identifiers, graph.Identifier{Scheme: r[0], Value: r[1], Country: r[2]})
		}
		if err := each(e); err != nil {
			return err
		}
	}
	if err := ents.Err(); err != nil {
		return fmt.Errorf("sqlite: entities: %w", err)
	}
	return nil
}

// cursor walks rows ordered by entity and hands out those of one entity.
type cursor struct {
	rows *sql.Rows
	head []string // entity, a, b, c of the row read ahead; nil at the end
	err  error
}

func newCursor(ctx context.Context, tx *sql.Tx, q string) (*cursor, error) {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("sqlite: entities: %w", err)
	}
	c := &cursor{rows: rows}
	c.advance()
	return c, nil
}

func (c *cursor) advance() {
	c.head = nil
	if !c.rows.Next() {
		return
	}
	r := make([]string, 4)
	if err := c.rows.Scan(&r[0], &r[1], &r[2], &r[3]); err != nil {
		c.err = err
		return
	}
	c.head = r
}

// take returns the [a, b, c] of the rows of entity id; rows of entities
// before id (which cannot exist) are skipped.
func (c *cursor) take(id string) [][]string {
	var out [][]string
	for c.head != nil && c.head[0] <= id {
		if c.head[0] == id {
			out = append(out, c.head[1:])
		}
		c.advance()
	}
	return out
}

func (c *cursor) close() { c.rows.Close() }
