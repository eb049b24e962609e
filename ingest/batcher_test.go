package ingest_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

// collect returns an emit func that records each batch's entity IDs,
// holdings owners and links' From, in that order.
func collect(got *[][]string) func(*graph.Batch) error {
	return func(b *graph.Batch) error {
		var ids []string
		for _, e := range b.Entities {
			ids = append(ids, e.ID)
		}
		for _, d := range b.Designations {
			ids = append(ids, "d:"+d.Entity)
		}
		for _, h := range b.Holdings {
			ids = append(ids, "h:"+h.Owner)
		}
		for _, c := range b.Controls {
			ids = append(ids, "c:"+c.Controller)
		}
		for _, s := range b.SameAs {
			ids = append(ids, "s:"+s.A)
		}
		for _, l := range b.Links {
			ids = append(ids, "l:"+l.From)
		}
		*got = append(*got, ids)
		return nil
	}
}

func TestBatcherAddFlush(t *testing.T) {
	var got [][]string
	b := ingest.NewBatcher(context.Background(), ingest.ParseOptions{BatchSize: 2}, collect(&got))
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		b.Batch().Entities = append(b.Batch().Entities, graph.Entity{ID: id})
		if err := b.Add(); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := b.Flush(); err != nil { // nothing left: no empty batch
		t.Fatal(err)
	}
	want := [][]string{{"a", "b"}, {"c", "d"}, {"e"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("batches %v, want %v", got, want)
	}
}

func TestBatcherAddGroupOverflows(t *testing.T) {
	// A group appended at once may make a batch larger than the size; it is
	// emitted whole.
	var got [][]string
	b := ingest.NewBatcher(context.Background(), ingest.ParseOptions{BatchSize: 2}, collect(&got))
	bt := b.Batch()
	bt.Entities = append(bt.Entities, graph.Entity{ID: "a"})
	bt.Designations = append(bt.Designations, graph.Designation{Entity: "a"}, graph.Designation{Entity: "a"})
	if err := b.Add(); err != nil {
		t.Fatal(err)
	}
	if want := [][]string{{"a", "d:a", "d:a"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("batches %v, want %v", got, want)
	}
}

func TestBatcherCommit(t *testing.T) {
	var got [][]string
	b := ingest.NewBatcher(context.Background(), ingest.ParseOptions{BatchSize: 3}, collect(&got))
	group := func(id string, holdings int) {
		t.Helper()
		q := b.Group()
		q.Entities = append(q.Entities, graph.Entity{ID: id})
		for range holdings {
			q.Holdings = append(q.Holdings, graph.Holding{Owner: id})
		}
		if err := b.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	group("a", 0) // batch: a
	group("b", 1) // a, b, h:b: full, emitted
	group("c", 1) // c, h:c
	group("d", 1) // does not fit: c, h:c emitted first
	// A bad record's group is dropped.
	b.Group().Entities = append(b.Group().Entities, graph.Entity{ID: "bad"})
	b.Discard()
	group("e", 4)                      // alone larger than the size: emitted alone, after d
	if err := b.Commit(); err != nil { // empty group: nothing
		t.Fatal(err)
	}
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"a", "b", "h:b"},
		{"c", "h:c"},
		{"d", "h:d"},
		{"e", "h:e", "h:e", "h:e", "h:e"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("batches %v, want %v", got, want)
	}
}

func TestBatcherAddEach(t *testing.T) {
	var got [][]string
	b := ingest.NewBatcher(context.Background(), ingest.ParseOptions{BatchSize: 4}, collect(&got))
	all := &graph.Batch{
		Links:        []graph.Link{{From: "l1"}},
		SameAs:       []graph.SameAs{{A: "s1"}},
		Controls:     []graph.Control{{Controller: "c1"}},
		Holdings:     []graph.Holding{{Owner: "h1"}, {Owner: "h2"}},
		Designations: []graph.Designation{{Entity: "x"}},
		Entities:     []graph.Entity{{ID: "x"}, {ID: "y"}},
	}
	if err := b.AddEach(all); err != nil {
		t.Fatal(err)
	}
	if err := b.Flush(); err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"x", "y", "d:x", "h:h1"}, {"h:h2", "c:c1", "s:s1", "l:l1"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("batches %v, want %v", got, want)
	}
}

func TestBatcherEmitError(t *testing.T) {
	stop := errors.New("stop")
	b := ingest.NewBatcher(context.Background(), ingest.ParseOptions{BatchSize: 1}, func(*graph.Batch) error { return stop })
	b.Batch().Entities = append(b.Batch().Entities, graph.Entity{ID: "a"})
	if err := b.Add(); err != stop {
		t.Errorf("Add: %v, want the emit error as is", err)
	}
	if err := b.AddEach(&graph.Batch{Links: []graph.Link{{From: "a"}}}); err != stop {
		t.Errorf("AddEach: %v, want the emit error as is", err)
	}
}

func TestBad(t *testing.T) {
	e := &ingest.RowError{File: "f", Line: 2, Reason: "bad"}
	strict := ingest.NewBatcher(context.Background(), ingest.ParseOptions{}, nil)
	if err := strict.Bad(e); err != e {
		t.Errorf("strict: %v, want the row error", err)
	}
	var skipped []*ingest.RowError
	lenient := ingest.NewBatcher(context.Background(),
		ingest.ParseOptions{Lenient: true, Skip: func(e *ingest.RowError) { skipped = append(skipped, e) }}, nil)
	if err := lenient.Bad(e); err != nil || len(skipped) != 1 || skipped[0] != e {
		t.Errorf("lenient: %v, skipped %v", err, skipped)
	}
	// Skip may be nil.
	if err := (ingest.ParseOptions{Lenient: true}).Bad(e); err != nil {
		t.Errorf("lenient without Skip: %v", err)
	}
}

func TestBatcherTick(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	b := ingest.NewBatcher(ctx, ingest.ParseOptions{}, nil)
	cancel()
	for i := 1; i <= 8; i++ {
		err := b.Tick(4)
		if want := i%4 == 0; (err != nil) != want || (err != nil && !errors.Is(err, context.Canceled)) {
			t.Errorf("tick %d: %v", i, err)
		}
	}
}

func TestEachFile(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	os.WriteFile(a, []byte("A"), 0o644)
	os.WriteFile(b, []byte("B"), 0o644)
	var seen []string
	read := func(name string, r io.Reader) error {
		if _, ok := r.(io.ReadSeeker); !ok {
			t.Errorf("%s: reader is not an io.ReadSeeker", name)
		}
		data, err := io.ReadAll(r)
		seen = append(seen, filepath.Base(name)+"="+string(data))
		return err
	}
	if err := ingest.EachFile(context.Background(), []string{b, a}, read); err != nil {
		t.Fatal(err)
	}
	if want := []string{"b.txt=B", "a.txt=A"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("read %v, want %v", seen, want)
	}

	// A missing file: the open error, naming the file; later files unread.
	seen = nil
	missing := filepath.Join(dir, "missing.txt")
	err := ingest.EachFile(context.Background(), []string{a, missing, b}, read)
	if err == nil || !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: %v", err)
	}
	if want := []string{"a.txt=A"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("read %v, want %v", seen, want)
	}

	// fn's error is returned as is and stops the loop.
	stop := errors.New("stop")
	n := 0
	err = ingest.EachFile(context.Background(), []string{a, b}, func(string, io.Reader) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("fn error: %v after %d files", err, n)
	}

	// A cancelled context stops before the first file.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	n = 0
	err = ingest.EachFile(ctx, []string{a}, func(string, io.Reader) error { n++; return nil })
	if !errors.Is(err, context.Canceled) || n != 0 {
		t.Errorf("cancelled: %v after %d files", err, n)
	}
}
