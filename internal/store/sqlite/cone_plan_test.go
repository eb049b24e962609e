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
// 15M), and the entities and holdings come in order without a sort. The stores
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
	for _, q := range append([]string{`CREATE TEMP TABLE upstream (id TEXT PRIMARY KEY) WITHOUT ROWID`}, coneTables...) {
		if _, err := conn.ExecContext(ctx, q); err != nil {
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
		{"holdings into the cone", coneHoldingsQuery, []any{nil, "2025-06-30"}},
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
			if (c.what == "entities" || c.what == "holdings") && strings.Contains(d, "TEMP B-TREE") {
				t.Errorf("%s: sorted after the read, not read in order:\n%s", c.what, strings.Join(plan, "\n"))
			}
		}
		if searches == 0 {
			t.Errorf("%s: no index search in\n%s", c.what, strings.Join(plan, "\n"))
		}
	}
}
