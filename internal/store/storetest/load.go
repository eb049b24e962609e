package storetest

import (
	"context"
	"testing"

	"github.com/ownex/ownex/graph"
)

// Load writes batches into w as one committed load described by meta,
// with the counts of the batches, and fails t on any error. It is the
// set-up step of store tests outside the contract suite.
func Load(t testing.TB, w graph.Writer, meta graph.LoadMeta, batches ...*graph.Batch) {
	t.Helper()
	ctx := context.Background()
	l, err := w.Begin(ctx, meta)
	if err != nil {
		t.Fatalf("begin load: %v", err)
	}
	var c graph.Counts
	for _, b := range batches {
		if err := l.Write(ctx, b); err != nil {
			t.Fatalf("write: %v", err)
		}
		c.Add(b)
	}
	if err := l.Commit(ctx, c, 0); err != nil {
		t.Fatalf("commit load: %v", err)
	}
}
