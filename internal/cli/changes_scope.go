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
// entities a load can affect, before and after it. A verdict depends only
// on the entity's upstream closure (its owners and controllers
// transitively, and the records same-as linked to any of them), so only
// the entities downstream of a record the load writes can change: the
// scope. Every record the load writes or changes has its target (the
// designated entity, the owned or controlled entity, both ends of a
// same-as link, the entity itself) in the touched set, so the scope, the
// downstream closure of the touched set through holdings, control edges
// and same-as links of any date, is the same before and after the load;
// the verdicts of the scope are decided on its upstream closure, read
// before the load and again after it.

// changeScope is what a load can change, and the state before it.
type changeScope struct {
	// ids is the scope; nil means every entity of the store (the full
	// comparison, for a list version, which closes records it does not
	// name, or a store that cannot read a downstream closure).
	ids    []string
	before *graph.Snapshot // the scope's upstream closure (or the whole store), every date
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
func scopeOf(ctx context.Context, st graph.Reader, ds graph.Downstreamer, touched []string) (*changeScope, error) {
	in := map[string]bool{}
	var ids []string
	frontier := touched
	for {
		if len(frontier) > 0 {
			down, err := ds.Downstream(ctx, frontier, 0, "")
			if err != nil {
				return nil, fmt.Errorf("downstream closure of %d entities: %w", len(frontier), err)
			}
			for _, e := range down.Entities {
				if !in[e.ID] {
					in[e.ID] = true
					ids = append(ids, e.ID)
				}
			}
			for _, id := range frontier { // touched ids not (yet) in the store
				if !in[id] {
					in[id] = true
					ids = append(ids, id)
				}
			}
		}
		up, err := st.Upstream(ctx, ids, "")
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
			return &changeScope{ids: ids, before: up}, nil
		}
	}
}

// read reads the scope's upstream closure (or the whole store) as it is
// now, every date.
func (sc *changeScope) read(ctx context.Context, st graph.Reader) (*graph.Snapshot, error) {
	if sc.ids == nil {
		s, err := st.Snapshot(ctx, "")
		if err != nil {
			return nil, fmt.Errorf("read the store: %w", err)
		}
		return s, nil
	}
	s, err := st.Upstream(ctx, sc.ids, "")
	if err != nil {
		return nil, fmt.Errorf("upstream closure of %d entities: %w", len(sc.ids), err)
	}
	return s, nil
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
