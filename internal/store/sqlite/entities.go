package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ownex/ownex/graph"
)

// Entities streams every entity ordered by ID with its aliases, weak
// aliases, identifiers, countries, addresses and facts (dates of birth:
// what resolve compares): three ordered scans merged, no query per
// entity. Stubs are included (their name is their id).
func (s *Store) Entities(ctx context.Context, each func(graph.Entity) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("sqlite: entities: %w", err)
	}
	defer tx.Rollback()
	ents, err := tx.QueryContext(ctx, `SELECT id, kind, name, countries, weak_aliases, addresses, facts, source, record FROM entities ORDER BY id`)
	if err != nil {
		return fmt.Errorf("sqlite: entities: %w", err)
	}
	defer ents.Close()
	parts, err := openEntityParts(ctx, tx)
	if err != nil {
		return fmt.Errorf("sqlite: entities: %w", err)
	}
	defer parts.close()
	for ents.Next() {
		var e graph.Entity
		var kind, countries, weak, addrs, facts string
		if err := ents.Scan(&e.ID, &kind, &e.Name, &countries, &weak, &addrs, &facts, &e.Source, &e.Record); err != nil {
			return fmt.Errorf("sqlite: entities: %w", err)
		}
		e.Kind, e.Countries = graph.Kind(kind), splitList(countries)
		if err := decodeEntityColumns(&e, weak, addrs, facts); err != nil {
			return fmt.Errorf("sqlite: entities: %w", err)
		}
		parts.fill(&e)
		if err := each(e); err != nil {
			return err
		}
	}
	if err := ents.Err(); err != nil {
		return fmt.Errorf("sqlite: entities: %w", err)
	}
	if err := parts.err(); err != nil { // else entities would lack aliases or identifiers unnoticed
		return fmt.Errorf("sqlite: entities: aliases and identifiers: %w", err)
	}
	return nil
}

// entityParts hands out the aliases and identifiers of entities read in
// ascending ID order (Entities, Dump): two scans in the same order, merged
// with the entity scan, instead of a query per entity.
type entityParts struct{ aliases, idents *cursor }

// openEntityParts starts the scans of aliases and identifiers in tx.
func openEntityParts(ctx context.Context, tx *sql.Tx) (*entityParts, error) {
	aliases, err := newCursor(ctx, tx, `SELECT entity, alias, '', '' FROM aliases ORDER BY entity, pos`)
	if err != nil {
		return nil, fmt.Errorf("read aliases: %w", err)
	}
	idents, err := newCursor(ctx, tx, `SELECT entity, scheme, value, country FROM identifiers ORDER BY entity, pos`)
	if err != nil {
		aliases.close()
		return nil, fmt.Errorf("read identifiers: %w", err)
	}
	return &entityParts{aliases: aliases, idents: idents}, nil
}

// fill appends to e its aliases and identifiers in their stored order. It
// is called for entities in ascending ID order, each once.
func (p *entityParts) fill(e *graph.Entity) {
	for _, r := range p.aliases.take(e.ID) {
		e.Aliases = append(e.Aliases, r[0])
	}
	for _, r := range p.idents.take(e.ID) {
		e.Identifiers = append(e.Identifiers, graph.Identifier{Scheme: r[0], Value: r[1], Country: r[2]})
	}
}

// err returns the errors of the two scans, nil if they read every row.
func (p *entityParts) err() error { return errors.Join(p.aliases.err, p.idents.err) }

func (p *entityParts) close() {
	p.aliases.close()
	p.idents.close()
}

// cursor walks rows ordered by entity and hands out those of one entity.
type cursor struct {
	rows *sql.Rows
	head []string // entity, a, b, c of the row read ahead; nil at the end
	err  error    // the error that ended the scan early, if any
}

func newCursor(ctx context.Context, tx *sql.Tx, q string) (*cursor, error) {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	c := &cursor{rows: rows}
	c.advance()
	return c, nil
}

func (c *cursor) advance() {
	c.head = nil
	if !c.rows.Next() {
		c.err = c.rows.Err()
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
// before id (which have no entity row) are skipped.
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
