package cli

import (
	"context"
	"runtime/debug"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/snapcache"
)

// Per-entity and per-holding live heap of a whole-store analysis at its
// peak, measured at 10M entities (docs/SCALE.md, "Memory model"), and the
// room above them that the collector may use.
const (
	liveBytesPerEntity  = 89
	liveBytesPerHolding = 124
	limitHeadroom       = 1.3
	limitFixed          = 128 << 20
	limitFloor          = 256 << 20
)

// graphMemoryLimit is the soft memory limit of a whole-store analysis of
// a graph of about the given numbers of entities and holdings: its
// expected live heap with 30 % room, plus a fixed part.
//
// Why (issue 18 item 2): the row-by-row read of a store makes garbage as
// fast as the builder keeps data, and under the collector's default goal
// (GOGC=100) the heap grows to about twice the live one: 6.30 GB at 10M
// entities from SQLite. With this limit the collector runs earlier
// instead; at 10M it took the peak to 3.93 GB and the CPU time down
// (57.2 s against 63.9 s: fewer fresh pages). A graph whose live heap
// exceeds the estimate (much longer IDs or names than the measured ones)
// makes the collector run more often, at most half the CPU by the
// runtime's own cap; GOMEMLIMIT (e.g. GOMEMLIMIT=off) overrides.
func graphMemoryLimit(entities, holdings int) int64 {
	live := float64(entities)*liveBytesPerEntity + float64(holdings)*liveBytesPerHolding
	return max(limitFloor, limitFixed+int64(limitHeadroom*live))
}

// limitGraphMemory sets graphMemoryLimit for src's graph when cfg asks
// for it (Config.SizedMemoryLimit): the numbers come from the snapshot
// cache, or a SQLite store's size hint, or the store's counts.
func limitGraphMemory(ctx context.Context, cfg Config, src graph.SnapshotStreamer, st graph.Store) {
	if !cfg.SizedMemoryLimit {
		return
	}
	var entities, holdings int
	switch s := src.(type) {
	case *snapcache.Cache:
		entities, holdings = s.Len()
	case sizeHinter:
		var err error
		if entities, holdings, err = s.SizeHint(ctx); err != nil {
			return
		}
	default:
		c, err := st.Counts(ctx)
		if err != nil {
			return
		}
		entities, holdings = c.Entities, c.Holdings
	}
	debug.SetMemoryLimit(graphMemoryLimit(entities, holdings))
}
