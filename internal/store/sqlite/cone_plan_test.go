package sqlite

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestConePlans: every statement of StreamCone reads the holdings,
// control edges, same-as links and entities through an index, from the
// temporary tables, never by a scan of a whole table (at 10M entities
// the cone is some 470k entities of the 10M, its holdings 700k of the
// 15M), and the entities come in ID order without a sort. The stores
// keep no statistics (no ANALYZE), so the plans are those of any size.
func TestConePlans(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	conn, err := st.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, tb := range []string{"upstream", "cone_entities"} {
		if _, err := conn.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS `+tb+` (id TEXT PRIMARY KEY) WITHOUT ROWID`); err != nil {
			t.Fatal(err)
		}
	}
	closure, closureArgs, err := closureQuery(coneWalk, 0, "[]", "2025-06-30")
	if err != nil {
		t.Fatal(err)
	}
	sc := scope{cone: true}
	for _, c := range []struct {
		what string
		q    string
		args []any
	}{
		{"closure", closure, closureArgs},
		{"boundary", coneEntitiesQuery, []any{nil, "2025-06-30"}},
		{"entities", streamEntitiesQuery(sc), nil},
		{"holdings", streamHoldingsQuery(sc), []any{nil, "2025-06-30"}},
	} {
		rows, err := conn.QueryContext(ctx, `EXPLAIN QUERY PLAN `+c.q, c.args...)
		if err != nil {
			t.Fatalf("%s: %v", c.what, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notUsed int
			var detail string
			if err := rows.Scan(&id, &parent, &notUsed, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		searches := 0
		for _, d := range plan {
			f := strings.Fields(d)
			if len(f) >= 2 && f[0] == "SCAN" && slices.Contains([]string{"h", "c", "s", "e", "holdings", "controls", "same_as", "entities"}, f[1]) {
				t.Errorf("%s: scans a whole table: %q in\n%s", c.what, d, strings.Join(plan, "\n"))
			}
			if strings.HasPrefix(d, "SEARCH ") && strings.Contains(d, "USING ") {
				searches++
			}
			if c.what == "entities" && strings.Contains(d, "TEMP B-TREE FOR ORDER BY") {
				t.Errorf("entities: sorted after the read, not read in ID order:\n%s", strings.Join(plan, "\n"))
			}
		}
		if searches == 0 {
			t.Errorf("%s: no index search in\n%s", c.what, strings.Join(plan, "\n"))
		}
	}
}
