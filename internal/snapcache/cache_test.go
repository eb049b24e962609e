package snapcache

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/graph/exposure/exposuretest"
)

// fakeStore streams an in-memory snapshot as a store does (graph.FeedSnapshot
// gives the contents and order of a SnapshotStreamer).
type fakeStore struct {
	snap  *graph.Snapshot
	loads []graph.LoadRecord
}

func (s *fakeStore) StreamSnapshot(_ context.Context, asOf graph.Date, sink graph.SnapshotSink) error {
	return graph.FeedSnapshot(s.snap, asOf, sink)
}

func (s *fakeStore) Loads(context.Context) ([]graph.LoadRecord, error) { return s.loads, nil }

// dated is a graph with every kind of record, dates on holdings, control
// edges and designations, arrangements, sources, a same-as cluster and
// holding ends without an entity record (P1, P2).
func dated(t testing.TB) *graph.Snapshot {
	s := exposuretest.Snap(t, `X>A 60 #reg 2020-01-01..2024-01-01; X>A 30 #other 2024-01-01..; A>B 50 @j1;
		Q>B 10 @j1 #reg; B>C 51 ..2025-01-01; C>D 100; Y>D 20 2023-05-05..; Y=E board-appointment;
		E~F strong; Q~H possible; F>G 70; P1>G 40; A>P2 60 2021-01-01..2026-01-01; Z>H 50/60; H>I 50-60 @j2; Q>I 10 @j2`,
		"X:ofac:2019-01-01..", "Y:uk:2022-01-01..2025-03-01", "Z:eu", "Y:eu:..2024-06-01")
	s.Controls[0].Span = graph.Span{Start: "2022-01-01"}
	s.Entities = slices.DeleteFunc(s.Entities, func(e graph.Entity) bool { return e.ID == "P1" || e.ID == "P2" })
	for i := range s.Holdings {
		if i%3 != 2 { // and some without a record
			s.Holdings[i].Record = fmt.Sprintf("ownership.csv:%d", 2+i*1000)
		}
	}
	slices.SortFunc(s.Entities, func(a, b graph.Entity) int { return cmpStr(a.ID, b.ID) })
	return s
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

var dates = []graph.Date{"", "2019-06-01", "2021-06-30", "2023-12-31", "2024-01-01", "2024-07-01", "2025-06-30", "2027-01-01"}

// recorder keeps everything a sink gets, copied; the holdings' records
// when keep is set (it keeps records: graph.RecordKeeper).
type recorder struct {
	keep  bool
	des   []graph.Designation
	ctl   []graph.Control
	same  []graph.SameAs
	ents  []graph.Entity
	holds []graph.HoldingRow
}

func (r *recorder) Relations(d []graph.Designation, c []graph.Control, s []graph.SameAs) error {
	r.des, r.ctl, r.same = slices.Clone(d), slices.Clone(c), slices.Clone(s)
	return nil
}

func (r *recorder) Entity(row graph.EntityRow) error {
	r.ents = append(r.ents, graph.Entity{ID: string(row.ID), Name: string(row.Name)})
	return nil
}

func (r *recorder) Holding(row *graph.HoldingRow) error {
	c := graph.HoldingRow{Share: row.Share, Votes: row.Votes}
	for _, p := range []struct {
		dst *[]byte
		src []byte
	}{{&c.Owner, row.Owner}, {&c.Owned, row.Owned},
		{&c.Arrangement, row.Arrangement}, {&c.Source, row.Source}, {&c.Start, row.Start}, {&c.End, row.End}} {
		if len(p.src) > 0 {
			*p.dst = bytes.Clone(p.src)
		}
	}
	if r.keep && len(row.Record) > 0 {
		c.Record = bytes.Clone(row.Record)
	}
	r.holds = append(r.holds, c)
	return nil
}

func (r *recorder) KeepsRecords() bool { return r.keep }

func build(t testing.TB, s *graph.Snapshot) (string, string) {
	t.Helper()
	st := &fakeStore{snap: s, loads: []graph.LoadRecord{{ID: 1, Status: graph.LoadCommitted, Finished: time.Unix(1700000000, 0)}}}
	path := filepath.Join(t.TempDir(), "ownex.db.snapshot")
	if err := Build(context.Background(), st, path, Tag(st.loads)); err != nil {
		t.Fatal(err)
	}
	return path, Tag(st.loads)
}

// TestRowsAsTheStore: on every date the cache streams the rows the store
// streams, in the same order; with each holding's record to a sink that
// keeps records.
func TestRowsAsTheStore(t *testing.T) {
	s := dated(t)
	path, tag := build(t, s)
	c, err := Open(path, tag)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, keep := range []bool{false, true} {
		for _, d := range dates {
			want, got := recorder{keep: keep}, recorder{keep: keep}
			if err := graph.FeedSnapshot(s, d, &want); err != nil {
				t.Fatal(err)
			}
			if err := c.StreamSnapshot(context.Background(), d, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(normal(got), normal(want)) {
				t.Errorf("as of %q, records %v:\n got %+v\nwant %+v", d, keep, got, want)
			}
			if len(got.holds) == 0 || len(got.ents) != len(s.Entities) {
				t.Errorf("as of %q: %d holdings, %d entities", d, len(got.holds), len(got.ents))
			}
			recs := 0
			for _, h := range got.holds {
				if len(h.Record) > 0 {
					recs++
				}
			}
			if keep != (recs > 0) {
				t.Errorf("as of %q, records %v: %d holdings with a record", d, keep, recs)
			}
		}
	}
}

// normal makes empty and nil slices alike (JSON round trips lose the
// difference, which no sink sees).
func normal(r recorder) recorder {
	if len(r.des) == 0 {
		r.des = nil
	}
	if len(r.ctl) == 0 {
		r.ctl = nil
	}
	if len(r.same) == 0 {
		r.same = nil
	}
	return r
}

// TestColumnsAsTheRows: the engines' builder fed the cache's columns gives
// the verdicts of the builder fed the store's rows, on every date; on
// the fixed graph and on random ones with clusters, ends without a record
// and dates.
func TestColumnsAsTheRows(t *testing.T) {
	snaps := []*graph.Snapshot{dated(t)}
	for seed := range uint64(30) {
		snaps = append(snaps, exposuretest.RandomDated(seed))
	}
	for i, s := range snaps {
		path, tag := build(t, s)
		c, err := Open(path, tag)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range dates[1:] {
			want := analyse(t, func(b *exposure.Builder) error { return graph.FeedSnapshot(s, d, rowsOnly{b}) }, d)
			got := analyse(t, func(b *exposure.Builder) error { return c.StreamSnapshot(context.Background(), d, b) }, d)
			if got.Len() != want.Len() {
				t.Fatalf("graph %d as of %s: %d nodes from the cache, %d from rows", i, d, got.Len(), want.Len())
			}
			for _, reg := range graph.Engines {
				g, w := slices.Collect(got.Verdicts(reg)), slices.Collect(want.Verdicts(reg))
				if !reflect.DeepEqual(g, w) {
					t.Fatalf("graph %d as of %s, %s:\n got %+v\nwant %+v", i, d, reg, g, w)
				}
			}
		}
		c.Close()
	}
}

// discard is a sink that keeps nothing.
type discard struct{}

func (discard) Relations([]graph.Designation, []graph.Control, []graph.SameAs) error { return nil }
func (discard) Entity(graph.EntityRow) error                                         { return nil }
func (discard) Holding(*graph.HoldingRow) error                                      { return nil }

// discardRecords is a discard that keeps records: the cache reads them.
type discardRecords struct{ discard }

func (discardRecords) KeepsRecords() bool { return true }

// rowsOnly hides the builder's ColumnSink: it gets rows.
type rowsOnly struct{ graph.SnapshotSink }

func analyse(t *testing.T, feed func(*exposure.Builder) error, d graph.Date) *exposure.Result {
	t.Helper()
	return analyseWith(t, feed, d, graph.Engines, false)
}

// TestDamagedFilesAreRefused: a byte changed anywhere, a file cut
// anywhere, another version, another tag or another kind of file is
// refused with the matching error, at Open or at the end of the stream,
// never read as good.
func TestDamagedFilesAreRefused(t *testing.T) {
	path, tag := build(t, dated(t))
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	try := func(b []byte, tag string) error {
		p := filepath.Join(t.TempDir(), "c")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := Open(p, tag)
		if err != nil {
			return err
		}
		defer c.Close()
		// Each stream reads its part; between them they read every byte.
		if err := c.StreamSnapshot(context.Background(), "2025-06-30", discard{}); err != nil {
			return err
		}
		if err := c.StreamSnapshot(context.Background(), "2025-06-30", discardRecords{}); err != nil {
			return err
		}
		for _, regimes := range coneRegimes[:4] {
			if err := c.StreamCone(context.Background(), "2025-06-30", regimes, discard{}); err != nil {
				return err
			}
		}
		return nil
	}
	if err := try(good, tag); err != nil {
		t.Fatalf("the good file: %v", err)
	}
	for i := range good {
		bad := slices.Clone(good)
		bad[i] ^= 0x20
		if err := try(bad, tag); !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrVersion) && !errors.Is(err, ErrStale) {
			t.Fatalf("byte %d of %d changed: %v", i, len(good), err)
		}
	}
	for n := range len(good) {
		if err := try(good[:n], tag); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("cut at %d of %d: %v", n, len(good), err)
		}
	}
	if err := try(append(slices.Clone(good), 0), tag); !errors.Is(err, ErrCorrupt) {
		t.Errorf("a byte more: %v", err)
	}
	v2 := slices.Clone(good)
	binary.LittleEndian.PutUint32(v2[8:], version+1)
	if err := try(v2, tag); !errors.Is(err, ErrVersion) {
		t.Errorf("version %d: %v", version+1, err)
	}
	if err := try(good, Tag(nil)); !errors.Is(err, ErrStale) {
		t.Errorf("another tag: %v", err)
	}
	if err := try([]byte("SQLite format 3\x00 and more bytes"), tag); !errors.Is(err, ErrCorrupt) {
		t.Errorf("another file: %v", err)
	}
}

// TestTagFollowsTheLog: any change of a load's state, or of what else the
// caller knows of the store (extra), changes the tag.
func TestTagFollowsTheLog(t *testing.T) {
	base := []graph.LoadRecord{{ID: 1, Status: graph.LoadCommitted, Finished: time.Unix(1700000000, 0), Counts: graph.Counts{Holdings: 3}}}
	tags := map[string]string{"base": Tag(base)}
	for name, change := range map[string]func(*graph.LoadRecord){
		"status":   func(l *graph.LoadRecord) { l.Status = graph.LoadRunning },
		"finished": func(l *graph.LoadRecord) { l.Finished = l.Finished.Add(time.Nanosecond) },
		"counts":   func(l *graph.LoadRecord) { l.Counts.Holdings++ },
		"checksum": func(l *graph.LoadRecord) { l.Checksum = "x" },
	} {
		l := slices.Clone(base)
		change(&l[0])
		tags[name] = Tag(l)
	}
	tags["another load"] = Tag(append(slices.Clone(base), graph.LoadRecord{ID: 2}))
	tags["other counts"] = Tag(base, "entities 5")
	seen := map[string]string{}
	for name, tg := range tags {
		if other, dup := seen[tg]; dup {
			t.Errorf("%s and %s have one tag", name, other)
		}
		seen[tg] = name
	}
}
