package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/sqlite"
	"github.com/ownex/ownex/internal/store/storetest"
)

// v3File creates a database file with the schema of version 3 (same_as
// without strength nor evidence) holding the same-as links that ownex of
// that version wrote (storetest.LegacyLinks) and the stubs of their ends.
func v3File(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v3.db")
	ddl, err := os.ReadFile("testdata/schema_v3.sql")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	k := func(parts ...string) string { return strings.Join(parts, "\x1f") }
	stmts := []string{string(ddl), `PRAGMA user_version = 3`,
		`INSERT INTO loads (source, format, files, checksum, started, finished, status, same_as)
			VALUES ('resolve', 'resolve', '[]', '', '2025-01-01T00:00:00Z', '2025-01-01T00:01:00Z', 'committed', 5)`}
	for _, l := range storetest.LegacyLinks() {
		stmts = append(stmts, `INSERT INTO same_as (key, a, b, method, score, source, record, load_id) VALUES ('`+
			k(l.Source, l.A, l.B)+`', '`+l.A+`', '`+l.B+`', '`+l.Method+`', 0.9, '`+l.Source+`', '`+l.Record+`', 1)`)
		for _, id := range []string{l.A, l.B} { // the stubs of the link's ends
			stmts = append(stmts, `INSERT INTO entities (id, kind, name, stub, source, record, load_id) VALUES ('`+
				id+`', 'unknown', '`+id+`', 1, '`+l.Source+`', '`+l.Record+`', 1)`)
		}
	}
	for _, q := range stmts {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return path
}

// TestOpenVersion3 opens a file made before same-as link strengths: the
// name links become possible links, every other link strong, each with
// its record as evidence, and the store says so on that open only.
func TestOpenVersion3(t *testing.T) {
	ctx := context.Background()
	path := v3File(t)
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("open a version 3 database: %v", err)
	}
	storetest.CheckMigrated(t, s, s.Migrations())
	d, err := s.Detail(ctx, "gb:1")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Party, []string{"gb:1"}) {
		t.Errorf("party of gb:1 = %v, want itself only: its name link is possible now", d.Party)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// Said once: the next open has nothing to say, and new links load.
	s, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := s.Migrations(); len(n) != 0 {
		t.Errorf("notices of the second open = %q, want none", n)
	}
	plainLoad(t, s, &graph.Batch{SameAs: []graph.SameAs{{A: "gb:1", B: "sdn:1", Method: graph.MethodRejected, Score: 1,
		Strength: graph.StrengthRejected, Evidence: "rejected by ann", Provenance: graph.Provenance{Source: graph.SourceReview, Record: "cli"}}}})
	if c, err := s.Counts(ctx); err != nil || c.SameAs != 6 {
		t.Errorf("counts = %+v, %v; want 6 same-as links", c, err)
	}
}

// TestOpenVersion3WithoutLinks: a file without same-as links migrates
// silently.
func TestOpenVersion3WithoutLinks(t *testing.T) {
	ctx := context.Background()
	path := v3File(t)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM same_as`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := s.Migrations(); len(n) != 0 {
		t.Errorf("notices = %q, want none", n)
	}
}

// TestStoredStrengthChecked: a row whose strength is missing or unknown
// (written by hand or by a broken tool) fails every read that meets it,
// naming the link; it is never read as a strong link.
func TestStoredStrengthChecked(t *testing.T) {
	ctx := context.Background()
	for _, bad := range []string{"", "maybe"} {
		path := filepath.Join(t.TempDir(), "bad.db")
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		plainLoad(t, s, &graph.Batch{SameAs: []graph.SameAs{{A: "x:1", B: "x:2", Method: "name", Score: 0.9,
			Strength: graph.StrengthPossible, Provenance: graph.Provenance{Source: "resolve", Record: "X ~ X"}}}})
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `UPDATE same_as SET strength = ?`, bad); err != nil {
			t.Fatal(err)
		}
		db.Close()
		check := func(what string, err error) {
			t.Helper()
			if err == nil {
				t.Errorf("strength %q: %s read the link", bad, what)
				return
			}
			for _, w := range []string{"x:1", "x:2", "resolve"} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("strength %q: %s error %q does not name %q", bad, what, err, w)
				}
			}
		}
		_, err = s.Snapshot(ctx, "")
		check("Snapshot", err)
		_, err = s.Upstream(ctx, []string{"x:1"}, "")
		check("Upstream", err)
		_, err = s.Detail(ctx, "x:1")
		check("Detail", err)
		check("StreamSnapshot", s.StreamSnapshot(ctx, "", discardSink{}))
		check("Dump", s.Dump(ctx, &recordingSink{}))
		s.Close()
	}
}

// discardSink is a graph.SnapshotSink that keeps nothing.
type discardSink struct{}

func (discardSink) Relations([]graph.Designation, []graph.Control, []graph.SameAs) error { return nil }
func (discardSink) Entity(graph.EntityRow) error                                         { return nil }
func (discardSink) Holding(*graph.HoldingRow) error                                      { return nil }
