package cli

import (
	"context"
	"fmt"
	"slices"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/graph/exposure"
	"github.com/ownex/ownex/ingest"
)

// A change report (`ingest --changes`) compares the verdicts of the
// entities a load can affect, before and after it, as of one date D. A
// verdict on D depends only on the entity's upstream closure through the
// relations in force on D (and the records same-as linked to it), so only
// the entities downstream of a record the load writes can change: the
// scope. Every record the load writes or changes has its target (the
// designated entity, the owned or controlled entity, both ends of a
// same-as link, the entity itself) in the touched set T; so the scope,
// the downstream closure of T through the holdings and control edges in
// force on D and through same-as links, is the same before and after the
// load (a path from T leaves T's targets through unchanged relations
// only). Before the load the scope's upstream closure on D is read and
// analysed. After it, only what the load can have changed is read again:
// T's records and their direct owners and controllers (every date), and,
// for an owner or controller the closure did not hold (a new holding's
// owner), its upstream closure on D; they replace their earlier versions
// in the closure read before (patchSnapshot), which is analysed again.

// changeScope is what a load can change, and the state before it.
type changeScope struct {
	// ids is the scope; nil means every entity of the store (the full
	// comparison, for a list version, which closes records it does not
	// name, or a store that cannot read a downstream closure).
	ids     []string
	touched []string
	asOf    graph.Date
	before  *graph.Snapshot // the scope's upstream closure on asOf (or the whole store, every date)
}

// touchedIDs parses files as the load will and returns the entities whose
// records the load writes: designated entities, owned and controlled
// entities, both ends of same-as links, and the entities themselves.
// Owners and controllers are not touched: a new holding changes what its
// owned entity is, not what its owner is. Bad records are skipped here
// (the load itself reports or refuses them).
func touchedIDs(ctx context.Context, src ingest.Source, files []string) ([]string, error) {
	seen := map[string]bool{}
	add := func(id string) {
		if id != "" {
			seen[id] = true
		}
	}
	popt := ingest.ParseOptions{Lenient: true, Skip: func(*ingest.RowError) {}}
	err := src.Parse(ctx, files, popt, func(b *graph.Batch) error {
		for _, e := range b.Entities {
			add(e.ID)
		}
		for _, d := range b.Designations {
			add(d.Entity)
		}
		for _, h := range b.Holdings {
			add(h.Owned)
		}
		for _, c := range b.Controls {
			add(c.Controlled)
		}
		for _, s := range b.SameAs {
			add(s.A)
			add(s.B)
		}
		return ctx.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("read the load's records: %w", err)
	}
	ids := make([]string, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, nil
}

// scopeOf returns the downstream closure of touched through holdings,
// control edges (of any date) and same-as links, and its upstream
// closure. Downstream does not cross same-as links and Upstream does, so
// the two alternate until the upstream closure holds no same-as link from
// the scope to an entity outside it.
func scopeOf(ctx context.Context, st graph.Store, touched []string, asOf graph.Date) (*changeScope, error) {
	in := map[string]bool{}
	var ids []string
	frontier := touched
	for {
		if len(frontier) > 0 {
			down, err := st.DownstreamIDs(ctx, frontier, asOf)
			if err != nil {
				return nil, fmt.Errorf("downstream closure of %d entities: %w", len(frontier), err)
			}
			for _, id := range down {
				if !in[id] {
					in[id] = true
					ids = append(ids, id)
				}
			}
			for _, id := range frontier { // touched ids not (yet) in the store
				if !in[id] {
					in[id] = true
					ids = append(ids, id)
				}
			}
		}
		up, err := upstreamLean(ctx, st, ids, asOf)
		if err != nil {
			return nil, fmt.Errorf("upstream closure of %d entities: %w", len(ids), err)
		}
		frontier = frontier[:0:0]
		for _, s := range up.SameAs {
			for _, p := range [][2]string{{s.A, s.B}, {s.B, s.A}} {
				if in[p[0]] && !in[p[1]] && !slices.Contains(frontier, p[1]) {
					frontier = append(frontier, p[1])
				}
			}
		}
		if len(frontier) == 0 {
			slices.Sort(ids)
			if ids == nil {
				ids = []string{}
			}
			return &changeScope{ids: ids, touched: touched, asOf: asOf, before: up}, nil
		}
	}
}

// after reads the scope's upstream closure after the load: the whole
// store again, or the closure read before with what the load can have
// changed read again (see above).
func (sc *changeScope) after(ctx context.Context, st graph.Store) (*graph.Snapshot, error) {
	if sc.ids == nil {
		s, err := st.Snapshot(ctx, "")
		if err != nil {
			return nil, fmt.Errorf("read the store: %w", err)
		}
		return s, nil
	}
	fresh, err := st.UpstreamDepth(ctx, sc.touched, 1, "")
	if err != nil {
		return nil, fmt.Errorf("the records of %d entities the load wrote: %w", len(sc.touched), err)
	}
	known := make(map[string]bool, len(sc.before.Entities))
	for _, e := range sc.before.Entities {
		known[e.ID] = true
	}
	var missing []string
	for _, e := range fresh.Entities {
		if !known[e.ID] {
			missing = append(missing, e.ID)
		}
	}
	more := &graph.Snapshot{}
	if len(missing) > 0 {
		if more, err = st.Upstream(ctx, missing, sc.asOf); err != nil {
			return nil, fmt.Errorf("upstream closure of %d new owners: %w", len(missing), err)
		}
	}
	return patchSnapshot(sc.before, fresh, more, sc.touched), nil
}

// patchSnapshot returns before with the records a load can have changed
// read again: the records that target a touched entity (its entity
// record, designations, the holdings and control edges of which it is the
// owned or controlled end, the same-as links between two touched
// entities) are taken from fresh instead of before, and more adds the
// records that target an entity before did not hold (the closure of a new
// owner). Records are matched by what they target, not by Key: a store
// reads back two reports of one stake (graph.Holding.Nth) with the same
// Key.
func patchSnapshot(before, fresh, more *graph.Snapshot, touched []string) *graph.Snapshot {
	t := make(map[string]bool, len(touched))
	for _, id := range touched {
		t[id] = true
	}
	known := make(map[string]bool, len(before.Entities))
	for _, e := range before.Entities {
		known[e.ID] = true
	}
	out := &graph.Snapshot{AsOf: before.AsOf}
	// keep(target) tells, for a record of before, whether it stays; take
	// tells, for fresh and more, whether the record is added.
	fromFresh := func(target string) bool { return t[target] }
	fromMore := func(target string) bool { return !t[target] && !known[target] }
	out.Entities = patch(before.Entities, fresh.Entities, more.Entities, func(e graph.Entity) string { return e.ID }, fromFresh, fromMore)
	out.Designations = patch(before.Designations, fresh.Designations, more.Designations, func(d graph.Designation) string { return d.Entity }, fromFresh, fromMore)
	out.Holdings = patch(before.Holdings, fresh.Holdings, more.Holdings, func(h graph.Holding) string { return h.Owned }, fromFresh, fromMore)
	out.Controls = patch(before.Controls, fresh.Controls, more.Controls, func(c graph.Control) string { return c.Controlled }, fromFresh, fromMore)
	// A same-as link the load wrote joins two touched entities.
	both := func(s graph.SameAs) string {
		if t[s.A] && t[s.B] {
			return s.A
		}
		return ""
	}
	out.SameAs = patch(before.SameAs, fresh.SameAs, nil, both, func(a string) bool { return a != "" }, nil)
	for _, s := range more.SameAs {
		if both(s) == "" && (!known[s.A] || !known[s.B]) {
			out.SameAs = append(out.SameAs, s)
		}
	}
	return out
}

// patch keeps the records of before whose target fromFresh refuses, then
// adds those of fresh it accepts and those of more that fromMore accepts.
func patch[T any](before, fresh, more []T, target func(T) string, fromFresh, fromMore func(string) bool) []T {
	out := make([]T, 0, len(before)+len(fresh))
	for _, r := range before {
		if !fromFresh(target(r)) {
			out = append(out, r)
		}
	}
	for _, r := range fresh {
		if fromFresh(target(r)) {
			out = append(out, r)
		}
	}
	for _, r := range more {
		if fromMore != nil && fromMore(target(r)) {
			out = append(out, r)
		}
	}
	return out
}

// touchedSet tells whether the load touched an entity; nil when the scope
// is the whole store (loadCauseIndex then compares every record).
func (sc *changeScope) touchedSet() func(string) bool {
	if sc.ids == nil {
		return nil
	}
	t := make(map[string]bool, len(sc.touched))
	for _, id := range sc.touched {
		t[id] = true
	}
	return func(id string) bool { return t[id] }
}

// scopeVerdicts analyses snap as of asOf and returns the non-clear
// verdicts of the scope (every entity of snap when the scope is the whole
// store), by regime and entity.
// The result holds every entity of snap: the scope's upstream closure,
// whose verdicts tell which owners count (causeIndex.causes).
func (sc *changeScope) verdicts(snap *graph.Snapshot, asOf graph.Date, regimes []graph.Regime) (map[graph.Regime]map[string]graph.Verdict, *exposure.Result, error) {
	res, err := analyzeSnapshot(snap, asOf, regimes)
	if err != nil {
		return nil, nil, err
	}
	out := map[graph.Regime]map[string]graph.Verdict{}
	for _, r := range regimes {
		m := map[string]graph.Verdict{}
		keep := func(v graph.Verdict) {
			if v.Status != graph.StatusClear {
				m[v.Entity] = v
			}
		}
		if sc.ids == nil {
			for v := range res.Verdicts(r) {
				keep(v)
			}
		} else {
			for _, id := range sc.ids {
				if v, ok := res.Verdict(id, r); ok {
					keep(v)
				}
			}
		}
		out[r] = m
	}
	return out, res, nil
}

// upstreamLean reads the upstream closure of ids as of asOf through the
// store's lean stream (graph.UpstreamStreamer): entities with their id
// and name only — the verdicts before and the report's lines need no
// more, and the records of touched entities are read again whole after
// the load (patchSnapshot) — and the relations in force on asOf with
// their records. The entities' aliases, identifiers and facts
// were most of the time of the report's closure read at 10M (issue 17).
func upstreamLean(ctx context.Context, st graph.UpstreamStreamer, ids []string, asOf graph.Date) (*graph.Snapshot, error) {
	c := &snapshotCollector{s: &graph.Snapshot{AsOf: asOf}}
	if err := st.StreamUpstream(ctx, ids, asOf, c); err != nil {
		return nil, err
	}
	return c.s, nil
}

// snapshotCollector is a graph.SnapshotSink that keeps what it receives
// as a snapshot (entities by id and name).
type snapshotCollector struct{ s *graph.Snapshot }

func (c *snapshotCollector) Relations(des []graph.Designation, ctl []graph.Control, same []graph.SameAs) error {
	c.s.Designations, c.s.Controls, c.s.SameAs = des, ctl, same
	return nil
}

func (c *snapshotCollector) Entity(row graph.EntityRow) error {
	c.s.Entities = append(c.s.Entities, graph.Entity{ID: string(row.ID), Name: string(row.Name)})
	return nil
}

func (c *snapshotCollector) Holding(row *graph.HoldingRow) error {
	c.s.Holdings = append(c.s.Holdings, graph.Holding{Owner: string(row.Owner), Owned: string(row.Owned),
		Share: row.Share, Votes: row.Votes, Arrangement: string(row.Arrangement),
		Span:       graph.Span{Start: graph.Date(row.Start), End: graph.Date(row.End)},
		Provenance: graph.Provenance{Source: string(row.Source), Record: string(row.Record)}})
	return nil
}
