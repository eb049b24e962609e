package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/sqlite"
	"github.com/ownex/ownex/internal/store/storetest"
)

func open(t *testing.T) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "ownex.db"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestContract(t *testing.T) {
	storetest.Run(t, open)
}

func TestNothingVisibleBeforeCommit(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	defer s.Close()
	l, err := s.Begin(ctx, graph.LoadMeta{Source: "t", Format: "t"})
	if err != nil {
		t.Fatal(err)
	}
	b := &graph.Batch{Holdings: []graph.Holding{{Owner: "a", Owned: "b", Share: graph.Unknown(), Votes: graph.Unknown(),
		Provenance: graph.Provenance{Source: "t", Record: "1"}}}}
	if err := l.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	if c, err := s.Counts(ctx); err != nil || c != (graph.Counts{}) {
		t.Fatalf("counts during the load = %+v, %v; want nothing visible", c, err)
	}
	if err := l.Commit(ctx, graph.Counts{Holdings: 1}, 0); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Counts(ctx); c != (graph.Counts{Entities: 2, Holdings: 1}) {
		t.Fatalf("counts after commit = %+v", c)
	}
}

func TestCancelledLoadIsLoggedFailed(t *testing.T) {
	s := open(t)
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	l, err := s.Begin(ctx, graph.LoadMeta{Source: "t", Format: "t"})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := l.Abort(ctx, context.Canceled); err != nil {
		t.Fatalf("abort: %v", err)
	}
	log, err := s.Loads(context.Background())
	if err != nil || len(log) != 1 || log[0].Status != graph.LoadFailed {
		t.Fatalf("load log = %+v, %v; want one failed load", log, err)
	}
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	l, _ := s.Begin(ctx, graph.LoadMeta{Source: "t", Format: "t"})
	l.Write(ctx, &graph.Batch{Entities: []graph.Entity{{ID: "e", Name: "E", Kind: graph.KindCompany}}})
	if err := l.Commit(ctx, graph.Counts{Entities: 1}, 0); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if e, err := s.Entity(ctx, "e"); err != nil || e.Name != "E" {
		t.Fatalf("entity after reopen = %+v, %v", e, err)
	}
}

func TestSizeHint(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	defer s.Close()
	if e, h, err := s.SizeHint(ctx); err != nil || e != 0 || h != 0 {
		t.Fatalf("empty store: SizeHint = %d, %d, %v", e, h, err)
	}
	l, err := s.Begin(ctx, graph.LoadMeta{Source: "t", Format: "t"})
	if err != nil {
		t.Fatal(err)
	}
	b := &graph.Batch{Holdings: []graph.Holding{{Owner: "a", Owned: "b", Share: graph.Unknown(), Votes: graph.Unknown(),
		Provenance: graph.Provenance{Source: "t", Record: "1"}}}}
	if err := l.Write(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := l.Commit(ctx, graph.Counts{Holdings: 1}, 0); err != nil {
		t.Fatal(err)
	}
	if e, h, err := s.SizeHint(ctx); err != nil || e < 2 || h < 1 {
		t.Fatalf("SizeHint = %d, %d, %v; want at least 2 entities and 1 holding", e, h, err)
	}
}

func TestConeOrder(t *testing.T) {
	s := open(t)
	defer s.Close()
	storetest.ConeOrder(t, s)
}
