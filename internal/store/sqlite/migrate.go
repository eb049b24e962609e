package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ownex/ownex/graph"
)

// Upgrading a database file made by an earlier ownex (init, store.go).

// migrate adds the columns that a database created by an older schema
// version lacks, and returns them as "table.column". It is idempotent:
// present columns are left alone.
func migrate(ctx context.Context, tx *sql.Tx) (map[string]bool, error) {
	have := map[string]map[string]bool{}
	added := map[string]bool{}
	for _, m := range migrations {
		cols, ok := have[m.table]
		if !ok {
			cols = map[string]bool{}
			rows, err := tx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, m.table)
			if err != nil {
				return nil, err
			}
			for rows.Next() {
				var name string
				if err := rows.Scan(&name); err != nil {
					rows.Close()
					return nil, err
				}
				cols[name] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, err
			}
			have[m.table] = cols
		}
		if cols[m.column] {
			continue
		}
		if _, err := tx.ExecContext(ctx, `ALTER TABLE `+m.table+` ADD COLUMN `+m.column+` `+m.decl); err != nil {
			return nil, fmt.Errorf("add column %s.%s: %w", m.table, m.column, err)
		}
		cols[m.column] = true
		added[m.table+"."+m.column] = true
	}
	return added, nil
}

// migrateLinks gives the same-as links of a file made before link
// strengths (schema version 3 and older, whose same_as had no strength
// column) the strength the rules give them (RULES.md section 2, "Parties
// and links"; issue 13): the old resolver's name links (method "name")
// become possible links, since a name match alone never merges parties;
// every other method (identifier:<scheme>, referent, unsc-id,
// un-reference, uk-sanctions-list-ref: a shared identifier or a source's
// own cross-reference) is strong. The evidence of each is its record (for
// a name link, the names matched). It returns the notices the store
// gives once (Store.Migrations).
func migrateLinks(ctx context.Context, tx *sql.Tx) ([]string, error) {
	var possible, strong int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(method = ?1), 0), coalesce(sum(method <> ?1), 0)
		FROM same_as WHERE strength = ''`, graph.LegacyNameMethod).Scan(&possible, &strong); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE same_as SET strength = CASE method WHEN ? THEN ? ELSE ? END, evidence = record
		WHERE strength = ''`, graph.LegacyNameMethod, string(graph.StrengthPossible), string(graph.StrengthStrong)); err != nil {
		return nil, err
	}
	return graph.LegacyLinkNotices(possible, strong), nil
}

// Migrations returns the notices of what Open changed in a database file
// made by an earlier ownex (graph.Migrator): empty unless this Open
// migrated it.
func (s *Store) Migrations() []string { return s.notices }
