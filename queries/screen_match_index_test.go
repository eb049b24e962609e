package queries

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/ownex/ownex/graph"
)

// failingLister lists n entities, then fails.
type failingLister struct {
	n   int
	err error
}

func (l failingLister) Entities(ctx context.Context, each func(graph.Entity) error) error {
	for i := range l.n {
		if err := each(graph.Entity{ID: fmt.Sprintf("e%d", i), Name: fmt.Sprintf("Firm %d", i)}); err != nil {
			return err
		}
	}
	return l.err
}

// TestMatchIndexReadErrors: a store that fails while the index is built
// (before, between and after whole batches) fails the build with its
// error, and a cancelled context stops it; nothing hangs.
func TestMatchIndexReadErrors(t *testing.T) {
	boom := errors.New("disk gone")
	for _, n := range []int{0, 5, 1024, 5000} {
		if _, err := NewMatchIndex(context.Background(), failingLister{n: n, err: boom}); !errors.Is(err, boom) {
			t.Errorf("%d entities then an error: %v, want %v", n, err, boom)
		}
		m, err := NewMatchIndex(context.Background(), failingLister{n: n})
		if err != nil {
			t.Errorf("%d entities: %v", n, err)
		} else if len(m.m.ents) != n {
			t.Errorf("%d entities: %d indexed", n, len(m.m.ents))
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewMatchIndex(ctx, failingLister{n: 5000}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
