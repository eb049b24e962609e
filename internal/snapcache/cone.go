package snapcache

import (
	"context"
	"fmt"
	"slices"

	"github.com/ownex/ownex/graph"
)

var _ graph.ConeStreamer = (*Cache)(nil)

// StreamCone implements graph.ConeStreamer from one of the file's cone
// parts (cone_write.go): for one engine regime, the closure of that
// engine's seeds; for several (or none given), of every designation. The
// part holds the cone and the boundary of every date, and more; it is
// streamed as StreamSnapshot streams the whole part (records valid on
// asOf, in the store's order; the holdings' checksum checked at the end),
// and the engines' builder, with exposure.Options.Cone, keeps what the
// date's cone needs. At 10M generated entities the part of every
// designation is some 5 % of the file.
func (c *Cache) StreamCone(ctx context.Context, asOf graph.Date, regimes []graph.Regime, sink graph.SnapshotSink) error {
	p := &c.cones[0]
	if len(regimes) == 1 {
		if i := slices.Index(coneEngines[:], regimes[0]); i > 0 {
			p = &c.cones[i]
		}
	}
	if err := c.stream(ctx, p, asOf, sink); err != nil {
		return fmt.Errorf("snapcache: stream the designated cone from %s: %w", c.path, err)
	}
	return nil
}
