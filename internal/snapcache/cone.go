package snapcache

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/reach"
)

var _ graph.ConeStreamer = (*Cache)(nil)

// StreamCone implements graph.ConeStreamer from the file, in two reads of
// the holdings section: the first decodes each holding's ends and span
// alone, for the cone's walk (internal/reach), and checks the section's
// checksum before the sink gets anything; the second hands over the
// holdings into the cone, and checks it again. The sink gets only the
// nodes of the cone and its boundary, renumbered in their order.
func (c *Cache) StreamCone(ctx context.Context, asOf graph.Date, sink graph.SnapshotSink) error {
	if err := c.streamCone(ctx, asOf, sink); err != nil {
		return fmt.Errorf("snapcache: stream the designated cone from %s: %w", c.path, err)
	}
	return nil
}

func (c *Cache) streamCone(ctx context.Context, asOf graph.Date, sink graph.SnapshotSink) error {
	des, ctl := c.relationsOn(asOf)
	valid := c.validSpans(asOf)
	v := c.vertices()

	// The walk's edges: holdings valid on the date, control edges, same-as
	// links both ways. Relation ends that are no node get vertices after
	// the nodes.
	seeds := make([]int32, len(des))
	for i, d := range des {
		seeds[i] = v.of(d.Entity)
	}
	cFrom, cTo := make([]int32, len(ctl)), make([]int32, len(ctl))
	for i, k := range ctl {
		cFrom[i], cTo[i] = v.of(k.Controller), v.of(k.Controlled)
	}
	var lA, lB []int32
	for _, l := range c.rels.SameAs {
		a, b := v.of(l.A), v.of(l.B)
		lA, lB = append(lA, a, b), append(lB, b, a)
	}
	nodes := len(c.ids)
	hOwner, hOwned := make([]int32, 0, c.nHold), make([]int32, 0, c.nHold)
	err := c.holdings(ctx, (*chunk).decodeEnds, func(ch *chunk) error {
		for k, sp := range ch.span {
			if sp < -1 || int(sp) >= len(valid) {
				return corrupt("holdings: span %d of %d", sp, len(valid))
			}
			ow, od := ch.owner[k], ch.owned[k]
			if ow < 0 || int(ow) >= nodes || od < 0 || int(od) >= nodes {
				return corrupt("holdings: an end out of range")
			}
			if sp < 0 || valid[sp] {
				hOwner, hOwned = append(hOwner, ow), append(hOwned, od)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	inCone, err := reach.Forward(nodes+len(v.extra), seeds,
		reach.Edges{From: hOwner, To: hOwned}, reach.Edges{From: cFrom, To: cTo}, reach.Edges{From: lA, To: lB})
	if err != nil {
		return corrupt("the designated cone: %v", err)
	}

	// The nodes to hand over: the cone's and the boundary's.
	keep := slices.Clone(inCone[:nodes])
	into := 0 // the holdings into the cone
	for i, od := range hOwned {
		if inCone[od] {
			keep[hOwner[i]] = true
			into++
		}
	}
	for i, to := range cTo {
		if inCone[to] && int(cFrom[i]) < nodes {
			keep[cFrom[i]] = true
		}
	}
	hOwner, hOwned = nil, nil
	newNode := make([]int32, nodes)
	var ids, names []string
	entities := 0
	for i := range nodes {
		newNode[i] = -1
		if keep[i] {
			newNode[i] = int32(len(ids))
			ids, names = append(ids, c.ids[i]), append(names, c.names[i])
			if i < c.entities {
				entities++
			}
		}
	}

	if err := sink.Relations(des, ctl, c.rels.SameAs); err != nil {
		return err
	}
	cs, columns := sink.(graph.ColumnSink)
	if err := nodesTo(sink, ids, names, entities, into); err != nil {
		return err
	}
	return c.holdings(ctx, (*chunk).decode, func(ch *chunk) error {
		out := &ch.out
		out.Arrangements, out.Sources, out.Spans = c.tabs.Arrangements, c.tabs.Sources, c.tabs.Spans
		if err := ch.filter(valid, inCone[:nodes], nodes, len(c.tabs.Arrangements), len(c.tabs.Sources)); err != nil {
			return err
		}
		for k := range out.Owner {
			out.Owner[k], out.Owned[k] = newNode[out.Owner[k]], newNode[out.Owned[k]]
		}
		if columns {
			return cs.Holdings(out)
		}
		return rows(ids, out, sink)
	})
}

// vertices numbers the IDs of the cone's walk: the cache's nodes, then
// the relation ends that are no node, in the order first asked.
type vertices struct {
	c     *Cache
	ends  map[string]int32 // the nodes without an entity record
	extra map[string]int32
}

func (c *Cache) vertices() *vertices {
	v := &vertices{c: c, extra: map[string]int32{}}
	if len(c.ids) > c.entities {
		v.ends = make(map[string]int32, len(c.ids)-c.entities)
		for i := c.entities; i < len(c.ids); i++ {
			v.ends[c.ids[i]] = int32(i)
		}
	}
	return v
}

// of returns the vertex of id: its entity's (the entity IDs are in
// ascending byte order), its end's, or a new one after the nodes.
func (v *vertices) of(id string) int32 {
	ents := v.c.ids[:v.c.entities]
	if i, ok := slices.BinarySearchFunc(ents, id, strings.Compare); ok {
		return int32(i)
	}
	if i, ok := v.ends[id]; ok {
		return i
	}
	if i, ok := v.extra[id]; ok {
		return i
	}
	i := int32(len(v.c.ids) + len(v.extra))
	v.extra[id] = i
	return i
}
