package snapcache

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/reach"
)

var _ graph.ConeStreamer = (*Cache)(nil)

// StreamCone implements graph.ConeStreamer from the file, in two reads of
// the holdings section: the first reads each holding's ends and span
// alone (12 of its 53 bytes), for the cone's walk (internal/reach); the
// second reads the section whole, hands over the holdings into the cone
// and checks the section's checksum at the end. As for StreamSnapshot, an
// error then (ErrCorrupt) means that the sink got damaged data: the caller
// drops what it built. The sink gets only the nodes of the cone and its
// boundary, renumbered in their order.
func (c *Cache) StreamCone(ctx context.Context, asOf graph.Date, sink graph.SnapshotSink) error {
	if err := c.streamCone(ctx, asOf, sink); err != nil {
		return fmt.Errorf("snapcache: stream the designated cone from %s: %w", c.path, err)
	}
	return nil
}

func (c *Cache) streamCone(ctx context.Context, asOf graph.Date, sink graph.SnapshotSink) error {
	valid := c.validSpans(asOf)
	nodes := c.nodes
	hOwner, hOwned := make([]int32, 0, c.nHold), make([]int32, 0, c.nHold)
	err := c.ends(ctx, func(owner, owned, span []int32) error {
		for k, sp := range span {
			if sp < -1 || int(sp) >= len(valid) {
				return corrupt("holdings: span %d of %d", sp, len(valid))
			}
			ow, od := owner[k], owned[k]
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

	// The walk's other edges: control edges, same-as links both ways.
	// Relation ends that are no node get vertices after the nodes
	// (resolve).
	des, ctl, same, err := c.relationsOn(asOf)
	if err != nil {
		return err
	}
	seeds := make([]int32, len(des))
	cFrom, cTo := make([]int32, len(ctl)), make([]int32, len(ctl))
	la, lb := make([]int32, len(same)), make([]int32, len(same))
	refs := make([]endRef, 0, len(des)+2*len(ctl)+2*len(la))
	for i, d := range des {
		refs = append(refs, endRef{d.Entity, &seeds[i]})
	}
	for i, k := range ctl {
		refs = append(refs, endRef{k.Controller, &cFrom[i]}, endRef{k.Controlled, &cTo[i]})
	}
	for i, l := range same {
		refs = append(refs, endRef{l.A, &la[i]}, endRef{l.B, &lb[i]})
	}
	extras := c.resolve(refs)
	refs = nil
	lA, lB := append(la, lb...), append(lb, la...)
	inCone, err := reach.Forward(nodes+extras, seeds,
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
			id, name := c.idTab.at(i), ""
			if i < c.entities {
				name = c.nameTab.at(i)
			} else {
				name = id
			}
			ids, names = append(ids, id), append(names, name)
			if i < c.entities {
				entities++
			}
		}
	}

	// The control edges into the cone are all a verdict reads (the
	// builder would walk the others again).
	var ctlIn []graph.Control
	for i, k := range ctl {
		if inCone[cTo[i]] {
			ctlIn = append(ctlIn, k)
		}
	}
	if err := sink.Relations(des, ctlIn, same); err != nil {
		return err
	}
	cs, columns := sink.(graph.ColumnSink)
	if err := nodesTo(sink, ids, names, entities, into); err != nil {
		return err
	}
	return c.holdings(ctx, func(ch *chunk) error {
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

// ends reads the owner, owned and span columns of the holdings section,
// chunk by chunk, without the rest and without the checksum (the second
// read checks it).
func (c *Cache) ends(ctx context.Context, each func(owner, owned, span []int32) error) error {
	var raw []byte
	var owner, owned, span []int32
	col := func(dst []int32, b []byte) []int32 {
		dst = dst[:0]
		for i := 0; i+4 <= len(b); i += 4 {
			dst = append(dst, int32(binary.LittleEndian.Uint32(b[i:])))
		}
		return dst
	}
	for lo := 0; lo < c.nHold; lo += chunkLen {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(chunkLen, c.nHold-lo)
		at := c.holdOff + int64(lo)*holdingBytes
		raw = slices.Grow(raw[:0], 12*n)[:12*n]
		if _, err := c.f.ReadAt(raw[:8*n], at); err != nil {
			return corrupt("holdings: %v", err)
		}
		if _, err := c.f.ReadAt(raw[8*n:], at+int64(49*n)); err != nil {
			return corrupt("holdings: %v", err)
		}
		owner, owned, span = col(owner, raw[:4*n]), col(owned, raw[4*n:8*n]), col(span, raw[8*n:])
		if err := each(owner, owned, span); err != nil {
			return err
		}
	}
	return nil
}

// endRef is a relation end to resolve to its vertex (at).
type endRef struct {
	id string
	at *int32
}

// resolve sets each ref's vertex in the cone's walk: its entity's node
// (the entity IDs are in ascending byte order: the refs, sorted, are
// found in one pass), its end's, or a new vertex after the nodes; it
// returns the number of new vertices.
func (c *Cache) resolve(refs []endRef) int {
	slices.SortFunc(refs, func(a, b endRef) int { return strings.Compare(a.id, b.id) })
	var ends map[string]int32 // the nodes without an entity record
	if c.nodes > c.entities {
		ends = make(map[string]int32, c.nodes-c.entities)
		for i := c.entities; i < c.nodes; i++ {
			ends[c.idTab.at(i)] = int32(i)
		}
	}
	extras, pos := 0, 0
	for i := 0; i < len(refs); {
		id := refs[i].id
		pos = c.idTab.lowerBound(pos, c.entities, id)
		var v int32
		if pos < c.entities && c.idTab.at(pos) == id {
			v = int32(pos)
		} else if e, ok := ends[id]; ok {
			v = e
		} else {
			v = int32(c.nodes + extras)
			extras++
		}
		for ; i < len(refs) && refs[i].id == id; i++ {
			*refs[i].at = v
		}
	}
	return extras
}

// lowerBound returns the first i in [from, n] such that i == n or string
// i >= id, given that the strings before from are less than id and that
// strings [0, n) ascend: a galloping search from from.
func (t strTable) lowerBound(from, n int, id string) int {
	lo, hi, step := from, from, 1
	for hi < n && t.at(hi) < id {
		lo, hi = hi+1, from+step
		step *= 2
	}
	hi = min(hi, n)
	return lo + sort.Search(hi-lo, func(k int) bool { return t.at(lo+k) >= id })
}
