package snapcache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/ownex/ownex/graph"
)

// Tag is the tag of a store whose load log is loads: a SHA-256 of what
// identifies the state of each load (its id, status, finish time, source,
// checksum and counts). Every change to a store's data goes through a load
// (graph.Writer), and a load that ends changes its record: an unchanged
// tag means unchanged data.
func Tag(loads []graph.LoadRecord) string {
	h := sha256.New()
	fmt.Fprintf(h, "ownex snapshot cache v%d\n", version)
	for _, l := range loads {
		fmt.Fprintf(h, "%d %s %d %s %s %+v\n", l.ID, l.Status, l.Finished.UnixNano(), l.Source, l.Checksum, l.Counts)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Store is what Build reads: the whole snapshot and the load log.
type Store interface {
	graph.SnapshotStreamer
	Loads(ctx context.Context) ([]graph.LoadRecord, error)
}

// sizeHinter is implemented by stores that know at once about how many
// entities and holdings they hold (SQLite).
type sizeHinter interface {
	SizeHint(ctx context.Context) (entities, holdings int, err error)
}

// Build reads st's whole snapshot (every date) and writes it to path,
// tagged with the state of st's load log read before the snapshot: a load
// that commits while the snapshot is read changes the log, so that the
// file is rebuilt at its next use, never trusted for data it lacks.
func Build(ctx context.Context, st Store, path string) error {
	loads, err := st.Loads(ctx)
	if err != nil {
		return fmt.Errorf("snapcache: build %s: read the load log: %w", path, err)
	}
	c := NewCollector()
	if h, ok := st.(sizeHinter); ok {
		if entities, holdings, err := h.SizeHint(ctx); err == nil {
			c.Grow(entities, holdings)
		}
	}
	if err := st.StreamSnapshot(ctx, "", c); err != nil {
		return fmt.Errorf("snapcache: build %s: %w", path, err)
	}
	return c.WriteFile(path, Tag(loads))
}
