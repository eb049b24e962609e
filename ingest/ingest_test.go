package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/ingest"
)

func TestRowErrorFormat(t *testing.T) {
	tests := []struct {
		e    ingest.RowError
		want string
	}{
		{ingest.RowError{File: "ownership.csv", Line: 12, Column: "share", Reason: `bad percentage "abc"`},
			`ownership.csv:12: column "share": bad percentage "abc"`},
		{ingest.RowError{File: "x.csv", Line: 3, Reason: "row has 2 fields"}, "x.csv:3: row has 2 fields"},
		{ingest.RowError{File: "x.csv", Reason: "unreadable"}, "x.csv: unreadable"},
	}
	for _, tc := range tests {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
	err := fmt.Errorf("ingest: %w", &tests[0].e)
	if re, ok := ingest.AsRowError(err); !ok || re.Line != 12 || !ingest.IsRowError(err) {
		t.Errorf("AsRowError(%v) = %v, %v", err, re, ok)
	}
	if ingest.IsRowError(errors.New("other")) {
		t.Errorf("IsRowError on a plain error")
	}
}

// fakeSource emits one holding per entry of rows; an entry "bad" is a bad
// record.
type fakeSource struct{ rows []string }

func (fakeSource) Name() string { return "fake" }

func (s fakeSource) Parse(ctx context.Context, files []string, opt ingest.ParseOptions, emit func(*graph.Batch) error) error {
	b := new(graph.Batch)
	for i, r := range s.rows {
		if r == "bad" {
			e := &ingest.RowError{File: files[0], Line: i + 1, Column: "x", Reason: "bad"}
			if !opt.Lenient {
				return e
			}
			opt.Skip(e)
			continue
		}
		b.Holdings = append(b.Holdings, graph.Holding{Owner: r, Owned: "o"})
		if b.Len() >= opt.Size() {
			if err := emit(b); err != nil {
				return err
			}
			b = new(graph.Batch)
		}
	}
	if b.Len() > 0 {
		return emit(b)
	}
	return nil
}

type fakeStore struct {
	begun     []graph.LoadMeta
	writes    int
	committed *graph.Counts
	skipped   int
	aborted   error
}

func (s *fakeStore) Begin(_ context.Context, m graph.LoadMeta) (graph.Load, error) {
	s.begun = append(s.begun, m)
	return s, nil
}
func (s *fakeStore) Write(context.Context, *graph.Batch) error { s.writes++; return nil }
func (s *fakeStore) Commit(_ context.Context, c graph.Counts, skipped int) error {
	s.committed, s.skipped = &c, skipped
	return nil
}
func (s *fakeStore) Abort(_ context.Context, cause error) error { s.aborted = cause; return nil }

func file(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "in.txt")
	if err := os.WriteFile(p, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRunStrictValidatesFirst(t *testing.T) {
	st := &fakeStore{}
	_, err := ingest.Run(context.Background(), st, fakeSource{[]string{"a", "b", "bad", "c"}}, []string{file(t)},
		ingest.Options{BatchSize: 1})
	if !ingest.IsRowError(err) {
		t.Fatalf("err = %v, want a RowError", err)
	}
	// Nothing is written; the failure is logged: one load begun and
	// aborted with the bad record's error, never committed.
	if len(st.begun) != 1 || st.writes != 0 || st.committed != nil || !ingest.IsRowError(st.aborted) {
		t.Errorf("strict run with a bad row began %d loads, wrote %d batches, committed %v, aborted with %v; want 1, 0, nil, the RowError",
			len(st.begun), st.writes, st.committed, st.aborted)
	}
}

func TestRunStrict(t *testing.T) {
	st := &fakeStore{}
	var progress []int
	f := file(t)
	rep, err := ingest.Run(context.Background(), st, fakeSource{[]string{"a", "b", "c"}}, []string{f},
		ingest.Options{BatchSize: 2, Progress: func(n, total int) { progress = append(progress, n, total) }})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counts.Holdings != 3 || st.writes != 2 || st.committed == nil || st.committed.Holdings != 3 {
		t.Errorf("report %+v, writes %d, committed %+v", rep, st.writes, st.committed)
	}
	// done/total pairs: the validation pass counted 3 records.
	if fmt.Sprint(progress) != "[2 3 3 3]" {
		t.Errorf("progress = %v", progress)
	}
	m := st.begun[0]
	// sha256("hello")
	if m.Checksum != "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" || m.Format != "fake" ||
		len(m.Files) != 1 || m.Started.IsZero() {
		t.Errorf("load meta = %+v", m)
	}
}

func TestRunLenient(t *testing.T) {
	st := &fakeStore{}
	rep, err := ingest.Run(context.Background(), st, fakeSource{[]string{"a", "bad", "c", "bad"}}, []string{file(t)},
		ingest.Options{Lenient: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counts.Holdings != 2 || len(rep.Skipped) != 2 || rep.Skipped[1].Line != 4 || st.skipped != 2 {
		t.Errorf("report = %+v, store skipped %d", rep, st.skipped)
	}
}

func TestRunMissingFile(t *testing.T) {
	st := &fakeStore{}
	_, err := ingest.Run(context.Background(), st, fakeSource{}, []string{filepath.Join(t.TempDir(), "nope")}, ingest.Options{})
	if err == nil || len(st.begun) != 0 {
		t.Errorf("err = %v, loads begun %d", err, len(st.begun))
	}
}

func TestRunCancelledAborts(t *testing.T) {
	st := &fakeStore{}
	ctx, cancel := context.WithCancel(context.Background())
	src := cancelSource{cancel}
	_, err := ingest.Run(ctx, st, src, []string{file(t)}, ingest.Options{Lenient: true})
	if !errors.Is(err, context.Canceled) || st.aborted == nil || st.committed != nil {
		t.Errorf("err = %v, aborted %v, committed %v", err, st.aborted, st.committed)
	}
}

type cancelSource struct{ cancel func() }

func (cancelSource) Name() string { return "cancel" }
func (s cancelSource) Parse(ctx context.Context, _ []string, _ ingest.ParseOptions, emit func(*graph.Batch) error) error {
	s.cancel()
	return emit(&graph.Batch{Holdings: []graph.Holding{{Owner: "a", Owned: "b"}}})
}
