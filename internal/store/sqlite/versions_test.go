package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/sqlite"
)

func listLoad(t *testing.T, s *sqlite.Store, list string, published graph.Date, b *graph.Batch) error {
	t.Helper()
	ctx := context.Background()
	l, err := s.Begin(ctx, graph.LoadMeta{Source: list, Format: list, List: list, Published: published})
	if err != nil {
		return err
	}
	if err := l.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	var c graph.Counts
	c.Add(b)
	if err := l.Commit(ctx, c, 0); err != nil {
		t.Fatal(err)
	}
	return nil
}

func plainLoad(t *testing.T, s *sqlite.Store, b *graph.Batch) {
	t.Helper()
	ctx := context.Background()
	l, err := s.Begin(ctx, graph.LoadMeta{Source: "csv", Format: "csv"})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	var c graph.Counts
	c.Add(b)
	if err := l.Commit(ctx, c, 0); err != nil {
		t.Fatal(err)
	}
}

func lp(rec string) graph.Provenance { return graph.Provenance{Source: "un", Record: rec} }

// TestOpenVersion1 opens a database file created with the schema of
// version 1, with data in it, and checks that it reads and loads as a new
// one would.
func TestOpenVersion1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	ddl, err := os.ReadFile("testdata/schema_v1.sql")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{string(ddl), `PRAGMA user_version = 1`,
		`INSERT INTO loads (source, format, files, checksum, started, finished, status, entities, designations)
			VALUES ('un', 'un', '["un.xml"]', 'sum', '2024-01-01T00:00:00Z', '2024-01-01T00:01:00Z', 'committed', 1, 1)`,
		`INSERT INTO entities (id, kind, name, countries, stub, source, record, load_id)
			VALUES ('un:1', 'person', 'Old One', 'IQ', 0, 'un', 'r1', 1)`,
		`INSERT INTO aliases (entity, pos, alias, source, record, load_id) VALUES ('un:1', 0, 'Uno', 'un', 'r1', 1)`,
		`INSERT INTO designations (key, entity, regime, program, listed, delisted, source, record, load_id)
			VALUES ('un` + "\x1f" + `un:1` + "\x1f" + `un` + "\x1f" + `P` + "\x1f" + `2020-01-01', 'un:1', 'un', 'P', '2020-01-01', '', 'un', 'r1', 1)`,
		`INSERT INTO holdings (key, owner, owned, share_lo, share_hi, votes_lo, votes_hi, arrangement, start_date, end_date, source, record, load_id)
			VALUES ('old-holding', 'un:1', 'un:2', 25000000, 50000000, 25000000, 50000000, '', '', '', 'un', 'r1', 1)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("open a version 1 database: %v", err)
	}
	log, err := s.Loads(ctx)
	if err != nil || len(log) != 1 || log[0].Counts.Entities != 1 || log[0].List != "" || log[0].Counts.Links != 0 {
		t.Fatalf("load log of the old file = %+v, %v", log, err)
	}
	e, err := s.Entity(ctx, "un:1")
	if err != nil || e.Name != "Old One" || !reflect.DeepEqual(e.Aliases, []string{"Uno"}) || e.WeakAliases != nil {
		t.Fatalf("old entity = %+v, %v", e, err)
	}
	if c, err := s.Counts(ctx); err != nil || c != (graph.Counts{Entities: 1, Designations: 1, Holdings: 1}) {
		t.Fatalf("counts = %+v, %v", c, err)
	}
	// A holding written before share_open existed is a closed band.
	if snap, err := s.Snapshot(ctx, "2025-01-01"); err != nil || len(snap.Holdings) != 1 ||
		snap.Holdings[0].Share != (graph.Range{Lo: 25 * graph.PctScale, Hi: graph.Fifty}) || snap.Holdings[0].Votes != snap.Holdings[0].Share {
		t.Fatalf("old holding = %+v, %v", snap, err)
	}
	// A list version on top of the old data: the record changes (its old
	// version valid since always), the designation is restated, a link
	// is new.
	b := &graph.Batch{
		Entities: []graph.Entity{{ID: "un:1", Kind: graph.KindPerson, Name: "New One", Countries: []string{"IQ"},
			Facts: []graph.Fact{{Type: graph.FactBirthDate, Value: "1950"}}, Provenance: lp("r1")}},
		Designations: []graph.Designation{{Entity: "un:1", Regime: graph.RegimeUN, Program: "P", Listed: "2020-01-01", Provenance: lp("r1")}},
		Links:        []graph.Link{{From: "un:1", ToName: "Somebody", Type: graph.LinkAssociateOf, Provenance: lp("r1")}},
	}
	if err := listLoad(t, s, "un", "2024-06-01", b); err != nil {
		t.Fatal(err)
	}
	d, err := s.Detail(ctx, "un:1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Entity.Name != "New One" || d.Since != "2024-06-01" || len(d.Versions) != 1 ||
		d.Versions[0].Name != "Old One" || d.Versions[0].ValidFrom != "" || d.Versions[0].ValidTo != "2024-06-01" ||
		len(d.Designations) != 1 || d.Designations[0].Delisted != "" || len(d.LinksOut) != 1 {
		t.Errorf("detail after a list load on the old file = %+v", d)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Opening again (already migrated) changes nothing.
	s, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	log, err = s.Loads(ctx)
	if err != nil || len(log) != 2 || log[1].List != "un" || log[1].Published != "2024-06-01" || log[1].Counts.Links != 1 {
		t.Fatalf("load log after reopening = %+v, %v", log, err)
	}
	db, err = sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil || v != 5 {
		t.Errorf("user_version = %d, %v; want 5", v, err)
	}
}

func TestOlderListVersionRefused(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	defer s.Close()
	b := &graph.Batch{Entities: []graph.Entity{{ID: "un:1", Kind: graph.KindPerson, Name: "One", Provenance: lp("1")}}}
	if err := listLoad(t, s, "un", "2024-06-01", b); err != nil {
		t.Fatal(err)
	}
	err := listLoad(t, s, "un", "2024-05-31", b)
	if !errors.Is(err, graph.ErrOlderVersion) || !strings.Contains(err.Error(), "un") || !strings.Contains(err.Error(), "2024-05-31") ||
		!strings.Contains(err.Error(), "2024-06-01") {
		t.Fatalf("older version: err = %v, want one naming the list and both dates", err)
	}
	// Another list, and a non-list load, are not concerned.
	if err := listLoad(t, s, "uk", "2020-01-01", &graph.Batch{}); err != nil {
		t.Errorf("another list: %v", err)
	}
	plainLoad(t, s, &graph.Batch{})
	log, _ := s.Loads(ctx)
	if len(log) != 4 || log[1].Status != graph.LoadFailed || !strings.Contains(log[1].Error, "2024-06-01") {
		t.Errorf("load log = %+v, want the refused load logged as failed", log)
	}
	// A failed load of a later date does not count as a version.
	l, err := s.Begin(ctx, graph.LoadMeta{Source: "un", Format: "un", List: "un", Published: "2025-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Abort(ctx, errors.New("stop")); err != nil {
		t.Fatal(err)
	}
	if err := listLoad(t, s, "un", "2024-07-01", b); err != nil {
		t.Errorf("after a failed later load: %v", err)
	}
}

func TestEntitySince(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	defer s.Close()
	one := graph.Entity{ID: "un:1", Kind: graph.KindPerson, Name: "One", Provenance: lp("1")}
	since := func(id string) (graph.Date, int) {
		t.Helper()
		d, err := s.Detail(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return d.Since, len(d.Versions)
	}
	// A stub replaced by the list's record: new, since the list date.
	plainLoad(t, s, &graph.Batch{Holdings: []graph.Holding{{Owner: "un:1", Owned: "c:1", Share: graph.Unknown(),
		Votes: graph.Unknown(), Provenance: graph.Provenance{Source: "csv", Record: "h"}}}})
	if err := listLoad(t, s, "un", "2024-01-01", &graph.Batch{Entities: []graph.Entity{one}}); err != nil {
		t.Fatal(err)
	}
	if d, n := since("un:1"); d != "2024-01-01" || n != 0 {
		t.Errorf("after the first version: since %q, %d versions", d, n)
	}
	// Unchanged (a new provenance record only): keeps its since.
	one.Record = "1b"
	if err := listLoad(t, s, "un", "2024-02-01", &graph.Batch{Entities: []graph.Entity{one}}); err != nil {
		t.Fatal(err)
	}
	if d, n := since("un:1"); d != "2024-01-01" || n != 0 {
		t.Errorf("unchanged record: since %q, %d versions", d, n)
	}
	// Changed twice on the same date: one earlier version, not two, and
	// the latest content.
	one.Name = "One Changed"
	if err := listLoad(t, s, "un", "2024-03-01", &graph.Batch{Entities: []graph.Entity{one}}); err != nil {
		t.Fatal(err)
	}
	one.Aliases = []string{"Uno"}
	if err := listLoad(t, s, "un", "2024-03-01", &graph.Batch{Entities: []graph.Entity{one}}); err != nil {
		t.Fatal(err)
	}
	d, err := s.Detail(ctx, "un:1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Since != "2024-03-01" || len(d.Versions) != 1 || d.Versions[0].Name != "One" || d.Versions[0].Record != "1b" ||
		d.Versions[0].ValidFrom != "2024-01-01" || d.Entity.Name != "One Changed" || len(d.Entity.Aliases) != 1 {
		t.Errorf("detail = %+v", d)
	}
	// A non-list load keeps no history and leaves since empty.
	plainLoad(t, s, &graph.Batch{Entities: []graph.Entity{{ID: "c:1", Kind: graph.KindCompany, Name: "C",
		Provenance: graph.Provenance{Source: "csv", Record: "c"}}}})
	plainLoad(t, s, &graph.Batch{Entities: []graph.Entity{{ID: "c:1", Kind: graph.KindCompany, Name: "C2",
		Provenance: graph.Provenance{Source: "csv", Record: "c"}}}})
	if d, n := since("c:1"); d != "" || n != 0 {
		t.Errorf("non-list entity: since %q, %d versions", d, n)
	}
	if _, err := s.Detail(ctx, "nobody"); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("detail of an unknown id: %v", err)
	}
}

// TestListClosesOnlyItsSource: a list version closes the records of its
// own source only; relations of other sources on the same entities stay.
func TestListClosesOnlyItsSource(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	defer s.Close()
	csv := graph.Provenance{Source: "csv", Record: "h"}
	plainLoad(t, s, &graph.Batch{
		Holdings:     []graph.Holding{{Owner: "un:1", Owned: "c:1", Share: graph.Unknown(), Votes: graph.Unknown(), Provenance: csv}},
		Designations: []graph.Designation{{Entity: "un:1", Regime: graph.RegimeOFAC, Provenance: csv}},
	})
	v1 := &graph.Batch{
		Designations: []graph.Designation{{Entity: "un:1", Regime: graph.RegimeUN, Listed: "2020-01-01", Provenance: lp("1")}},
		Controls:     []graph.Control{{Controller: "un:1", Controlled: "c:1", Basis: graph.BasisOther, Provenance: lp("1")}},
		Links:        []graph.Link{{From: "un:1", To: "c:1", Type: graph.LinkOther, Span: graph.Span{End: "2023-01-01"}, Provenance: lp("1")}},
	}
	if err := listLoad(t, s, "un", "2024-01-01", v1); err != nil {
		t.Fatal(err)
	}
	if err := listLoad(t, s, "un", "2024-06-01", &graph.Batch{}); err != nil {
		t.Fatal(err)
	}
	d, err := s.Detail(ctx, "un:1")
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range d.Designations {
		want := graph.Date("")
		if x.Source == "un" {
			want = "2024-06-01"
		}
		if x.Delisted != want {
			t.Errorf("designation %+v: want delisted %q", x, want)
		}
	}
	if len(d.HoldingsOut) != 1 || d.HoldingsOut[0].End != "" {
		t.Errorf("holding of another source: %+v", d.HoldingsOut)
	}
	if len(d.ControlsOut) != 1 || d.ControlsOut[0].End != "2024-06-01" {
		t.Errorf("control of the list: %+v", d.ControlsOut)
	}
	if len(d.LinksOut) != 1 || d.LinksOut[0].End != "2023-01-01" {
		t.Errorf("a link that had ended keeps its end: %+v", d.LinksOut)
	}
	if d.Names["c:1"] != "c:1" || len(d.Names) != 1 {
		t.Errorf("names = %v", d.Names)
	}
	c, _ := s.Detail(ctx, "c:1")
	if len(c.LinksIn) != 1 || len(c.ControlsIn) != 1 || len(c.HoldingsIn) != 1 || c.Names["un:1"] != "un:1" {
		t.Errorf("detail of c:1 = %+v", c)
	}
}

// TestLinkWithoutSource: a link must name its source entity.
func TestLinkWithoutSource(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	defer s.Close()
	l, err := s.Begin(ctx, graph.LoadMeta{Source: "t", Format: "t", Started: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Abort(ctx, nil)
	if err := l.Write(ctx, &graph.Batch{Links: []graph.Link{{To: "x", Type: graph.LinkOther}}}); err == nil {
		t.Error("a link without From was accepted")
	}
}
