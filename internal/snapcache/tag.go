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
// tag means unchanged data. extra is what else the caller knows of the
// store's state (a Neo4j store's counts: a database can be replaced
// without a load, by neo4j-admin import).
func Tag(loads []graph.LoadRecord, extra ...string) string {
	h := sha256.New()
	fmt.Fprintf(h, "ownex snapshot cache v%d\n", version)
	for _, l := range loads {
		fmt.Fprintf(h, "%d %s %d %s %s %+v\n", l.ID, l.Status, l.Finished.UnixNano(), l.Source, l.Checksum, l.Counts)
	}
	for _, x := range extra {
		fmt.Fprintf(h, "extra %q\n", x)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// sizeHinter is implemented by stores that know at once about how many
// entities and holdings they hold (SQLite).
type sizeHinter interface {
	SizeHint(ctx context.Context) (entities, holdings int, err error)
}

// Build reads st's whole snapshot (every date) and writes it to path,
// tagged tag. The caller takes the tag before the read: a load that
// commits while the snapshot is read changes the store's tag, so that the
// file is rebuilt at its next use, never trusted for data it lacks.
func Build(ctx context.Context, st graph.SnapshotStreamer, path, tag string) error {
	c := NewCollector()
	if h, ok := st.(sizeHinter); ok {
		if entities, holdings, err := h.SizeHint(ctx); err == nil {
			c.Grow(entities, holdings)
		}
	}
	if err := st.StreamSnapshot(ctx, "", c); err != nil {
		return fmt.Errorf("snapcache: build %s: %w", path, err)
	}
	return c.WriteFile(path, tag)
}
