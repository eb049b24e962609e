package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "ownex.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// bulkBatches returns a varied load: enough records of each kind for the
// multi-row statements, duplicates inside and across batches (the later
// wins), stubs, aliases and identifiers that a later record of the same
// entity replaces, unresolved links. v changes shares, aliases and dates
// between two loads.
func bulkBatches(v int) []*graph.Batch {
	p := func(src string, i int) graph.Provenance {
		return graph.Provenance{Source: src, Record: fmt.Sprintf("r%d-%d", v, i)}
	}
	var out []*graph.Batch
	for part := range 3 {
		b := new(graph.Batch)
		for i := range 70 {
			n := part*50 + i // overlaps the next part: duplicates across batches
			e := graph.Entity{ID: fmt.Sprintf("e:%03d", n), Kind: graph.KindCompany, Name: fmt.Sprintf("E %d v%d", n, v),
				Countries: []string{"gb", "fr"}[:1+n%2], Provenance: p("ent", n)}
			if n%3 == v%3 {
				e.Aliases = []string{fmt.Sprintf("Alias %d", n), fmt.Sprintf("Other %d v%d", n, v)}[:1+(n+v)%2]
			}
			if n%4 == 0 {
				e.Identifiers = []graph.Identifier{{Scheme: "lei", Value: fmt.Sprintf("L%d", n+v)}}
			}
			if n%7 == 0 {
				e.WeakAliases = []string{"w"}
				e.Facts = []graph.Fact{{Type: "note", Value: fmt.Sprint(v)}}
			}
			b.Entities = append(b.Entities, e)
			if i%10 == 0 { // same id twice in a batch
				e.Name += " again"
				e.Aliases = nil
				b.Entities = append(b.Entities, e)
			}
		}
		for i := range 80 {
			n := part*60 + i
			share := graph.Exact(graph.Pct((n*7+v)%100) * graph.PctScale)
			h := graph.Holding{Owner: fmt.Sprintf("e:%03d", (n*13)%260), Owned: fmt.Sprintf("x:%03d", n%90),
				Share: share, Votes: share, Provenance: p("own", n)}
			if n%5 == 0 {
				h.Arrangement = "j"
			}
			if n%9 == 0 {
				h.Start, h.End = "2020-01-01", graph.Date(fmt.Sprintf("202%d-01-01", 1+v))
			}
			if n%11 == 0 {
				h.Share, h.Votes = graph.Unknown(), graph.Unknown()
			}
			b.Holdings = append(b.Holdings, h)
			d := graph.Designation{Entity: fmt.Sprintf("d:%03d", n%50), Regime: graph.RegimeOFAC, Program: "P",
				Listed: "2020-01-01", Provenance: p("des", n%45)}
			if (n+v)%6 == 0 {
				d.Delisted = "2024-01-01"
			}
			b.Designations = append(b.Designations, d)
			b.Controls = append(b.Controls, graph.Control{Controller: fmt.Sprintf("c:%03d", n%70), Controlled: fmt.Sprintf("e:%03d", n),
				Basis: graph.BasisDirector, Provenance: p("ctl", n)})
			b.SameAs = append(b.SameAs, graph.SameAs{A: fmt.Sprintf("e:%03d", n%60), B: fmt.Sprintf("s:%03d", n%40),
				Method: "name", Score: float64(n%10) / 10, Strength: linkStrengths[n%3], Evidence: fmt.Sprintf("ev %d", n%7),
				Provenance: p("same", n)})
			k := graph.Link{From: fmt.Sprintf("e:%03d", n%75), Type: graph.LinkLinkedTo, Provenance: p("link", n)}
			if n%2 == 0 {
				k.To = fmt.Sprintf("l:%03d", n%33)
			} else {
				k.ToName = fmt.Sprintf("Name %d", n%17)
			}
			b.Links = append(b.Links, k)
		}
		out = append(out, b)
	}
	return out
}

// linkStrengths are the strengths bulkBatches gives its same-as links in turn.
var linkStrengths = []graph.LinkStrength{graph.StrengthStrong, graph.StrengthPossible, graph.StrengthRejected}

// dump returns every row of the record tables, in storage order.
func dump(t *testing.T, s *Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, q := range []string{
		`SELECT * FROM entities ORDER BY rowid`, `SELECT * FROM aliases ORDER BY entity, pos`,
		`SELECT * FROM identifiers ORDER BY entity, pos`, `SELECT * FROM designations ORDER BY rowid`,
		`SELECT * FROM holdings ORDER BY rowid`, `SELECT * FROM controls ORDER BY rowid`,
		`SELECT * FROM same_as ORDER BY rowid`, `SELECT * FROM links ORDER BY rowid`,
		`SELECT * FROM entity_versions ORDER BY rowid`,
		`SELECT id, source, format, files, checksum, status, error, entities, designations, holdings, controls,
			same_as, skipped, links, list, published FROM loads ORDER BY id`,
		`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name`,
	} {
		rows, err := s.db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			v := make([]any, len(cols))
			p := make([]any, len(cols))
			for i := range v {
				p[i] = &v[i]
			}
			if err := rows.Scan(p...); err != nil {
				t.Fatal(err)
			}
			out[q] = append(out[q], fmt.Sprintf("%q", v))
		}
		rows.Close()
	}
	return out
}

// loadBatches writes batches as one load; with prepare, it first calls
// Prepare with all of them, as ingest.Run does while it parses.
func loadBatches(t *testing.T, s *Store, name string, batches []*graph.Batch, prepare bool) {
	t.Helper()
	ctx := context.Background()
	l, err := s.Begin(ctx, graph.LoadMeta{Source: "t", Format: "t", Files: []string{name}, Checksum: name})
	if err != nil {
		t.Fatal(err)
	}
	if prepare {
		for _, b := range batches {
			l.(*load).Prepare(b)
		}
	}
	var c graph.Counts
	for _, b := range batches {
		if err := l.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
		c.Add(b)
	}
	if err := l.Commit(ctx, c, 0); err != nil {
		t.Fatal(err)
	}
}

// TestBulkPathSameAsRowByRow loads the same records through the bulk path
// (C API, multi-row statements, indexes dropped and created again) and
// through database/sql one row per statement, into an empty store and then
// again into the filled one, and compares every row and the schema.
func TestBulkPathSameAsRowByRow(t *testing.T) {
	bulk := openTest(t)
	l, err := bulk.Begin(context.Background(), graph.LoadMeta{Source: "t", Format: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if l := l.(*load); l.raw == nil || len(l.bulk) == 0 {
		t.Fatalf("load of an empty store: raw statements %v, dropped indexes %v; want the bulk path", l.rawRun != nil, l.bulk)
	}
	l.Abort(context.Background(), errors.New("probe"))
	bulk.db.Exec(`DELETE FROM loads`)
	bulk.db.Exec(`DELETE FROM sqlite_sequence`)

	slow := openTest(t)
	for v, name := range []string{"first", "second", "third"} {
		batches := bulkBatches(v % 2)
		loadBatches(t, bulk, name, batches, v != 1)
		testNoBulk, testSingleRows = true, true
		loadBatches(t, slow, name, batches, false)
		testNoBulk, testSingleRows = false, false
		got, want := dump(t, bulk), dump(t, slow)
		for q := range want {
			if !reflect.DeepEqual(got[q], want[q]) {
				t.Errorf("load %s: %s:\nbulk path %d rows %v\nrow by row %d rows %v", name, q,
					len(got[q]), first(got[q], 8), len(want[q]), first(want[q], 8))
			}
		}
	}
}

func first(s []string, n int) []string { return s[:min(n, len(s))] }

// TestBulkAbortKeepsIndexes: an aborted or discarded bulk load leaves the
// schema, the rows and (for Abort only) a failed entry in the load log.
func TestBulkAbortKeepsIndexes(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	before := dump(t, s)
	l, err := s.Begin(ctx, graph.LoadMeta{Source: "t", Format: "t"})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bulkBatches(0) {
		if err := l.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Abort(ctx, errors.New("boom")); err != nil {
		t.Fatal(err)
	}
	after := dump(t, s)
	for q, rows := range after {
		if strings.Contains(q, "FROM loads") {
			if len(rows) != 1 || !strings.Contains(rows[0], `"failed" "boom"`) {
				t.Errorf("load log after abort = %v, want one failed load", rows)
			}
			continue
		}
		if !reflect.DeepEqual(rows, before[q]) {
			t.Errorf("%s after abort = %v, want %v", q, first(rows, 5), first(before[q], 5))
		}
	}
}

// TestBulkIndexesInMemoryFallback: when an index cannot be built with
// temporary files, it is built in memory and the load commits with every
// index in place.
func TestBulkIndexesInMemoryFallback(t *testing.T) {
	want := openTest(t)
	loadBatches(t, want, "x", bulkBatches(0), false)
	s := openTest(t)
	testSorterFails = true
	defer func() { testSorterFails = false }()
	loadBatches(t, s, "x", bulkBatches(0), true)
	got, exp := dump(t, s), dump(t, want)
	for q := range exp {
		if !reflect.DeepEqual(got[q], exp[q]) {
			t.Errorf("%s: got %d rows %v, want %d rows %v", q, len(got[q]), first(got[q], 5), len(exp[q]), first(exp[q], 5))
		}
	}
}
