package queries

import (
	"context"
	"testing"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/gen"
)

// entitySlice lists entities from memory.
type entitySlice []graph.Entity

func (s entitySlice) Entities(ctx context.Context, each func(graph.Entity) error) error {
	for _, e := range s {
		if err := each(e); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkMatchIndex builds the match index of the generated graph's
// entities, listed from memory (no store's read).
func BenchmarkMatchIndex(b *testing.B) {
	ents := entitySlice(gen.Graph(300_000, 11).Entities)
	for b.Loop() {
		if _, err := NewMatchIndex(context.Background(), ents); err != nil {
			b.Fatal(err)
		}
	}
}
