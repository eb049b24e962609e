package neo4j

import (
	"context"
	"fmt"
	"hash/maphash"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/procid"
)

// Begin marks interrupted the loads whose process is gone (liveness.go),
// then records a new running load with this process's owner token and a
// heartbeat, which the load refreshes until Commit or Abort.
func (s *Store) Begin(ctx context.Context, meta graph.LoadMeta) (graph.Load, error) {
	if err := s.markInterrupted(ctx); err != nil {
		return nil, fmt.Errorf("neo4j: begin load: %w", err)
	}
	if err := s.checkListVersion(ctx, meta); err != nil {
		return nil, err
	}
	var id int64
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(ctx)
	v, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, `
			MERGE (c:Counter {name: 'load'})
			SET c.value = coalesce(c.value, 0) + 1
			CREATE (l:Load {id: c.value, source: $source, format: $format, files: $files,
			                checksum: $checksum, started: $started, status: $status,
			                list: $list, published: $published, owner: $owner, heartbeat: timestamp()})
			RETURN l.id`, map[string]any{
			"source": meta.Source, "format": meta.Format, "files": meta.Files, "checksum": meta.Checksum,
			"started": meta.Started.UTC().Format(time.RFC3339Nano), "status": graph.LoadRunning,
			"list": nullable(meta.List), "published": nullable(string(meta.Published)),
			"owner": procid.Self().String(),
		})
		if err != nil {
			return nil, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return nil, err
		}
		return rec.Values[0], nil
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j: begin load: %w", s.describe(err))
	}
	if id, err = countOf("neo4j: begin load: the new load's id", []any{v}); err != nil {
		return nil, err
	}
	return &load{s: s, id: id, meta: meta, seed: maphash.MakeSeed(), owns: newRelTracker(), controls: newRelTracker(),
		beat: s.startHeartbeat(id)}, nil
}

type load struct {
	s    *Store
	id   int64
	meta graph.LoadMeta
	done bool
	beat *heartbeat // stopped at Commit or Abort

	// State of the batched writer (write.go).
	nodes          nodeCache
	owns, controls relTracker
	seed           maphash.Seed
}

// params adds the load's own parameters to p.
func (l *load) params(p map[string]any) map[string]any {
	p["load"] = l.id
	p["list"] = nullable(l.meta.List)
	p["published"] = nullable(string(l.meta.Published))
	p["since"] = nil // the version start of a created entity
	if l.meta.List != "" {
		p["since"] = p["published"]
	}
	return p
}

// ID returns the load's id in the load log.
func (l *load) ID() int64 { return l.id }

// Write upserts b in batches of the configured size, one transaction per
// batch (write.go). Entities first, then relations, whose missing
// endpoints become stubs.
func (l *load) Write(ctx context.Context, b *graph.Batch) error {
	if l.done {
		return fmt.Errorf("neo4j: load %d is already finished", l.id)
	}
	// A link without a valid strength fails the Write before anything
	// of the batch is written.
	same, err := sameAsRows(b.SameAs)
	if err != nil {
		return err
	}
	if !l.s.perRow {
		return l.writeBatched(ctx, b, same)
	}
	steps := []struct {
		what  string
		query string
		rows  []map[string]any
	}{
		{"entities", cypherUpsertEntities, entityRows(b.Entities)},
		{"designations", cypherUpsertDesignations, designationRows(b.Designations)},
		{"holdings", cypherUpsertHoldings, holdingRows(b.Holdings)},
		{"control edges", cypherUpsertControls, controlRows(b.Controls)},
		{"same-as links", cypherUpsertSameAs, same},
		{"links", cypherUpsertLinks, linkRows(b.Links)},
	}
	for _, st := range steps {
		if err := l.writePerRow(ctx, st.what, st.query, st.rows); err != nil {
			return err
		}
	}
	return nil
}

// writePerRow writes each row with its own statement and transaction: the
// naive loader that BenchmarkLoadHoldings compares with UNWIND batches.
func (l *load) writePerRow(ctx context.Context, what, query string, rows []map[string]any) error {
	q := strings.Replace(query, "UNWIND $rows AS r", "WITH $row AS r", 1)
	for _, row := range rows {
		if err := l.s.write(ctx, q, l.params(map[string]any{"row": row})); err != nil {
			return fmt.Errorf("neo4j: write %s: %w", what, err)
		}
	}
	return nil
}

// Commit records the load as committed with its counts. A complete list
// version (skipped == 0) first closes what it did not restate; a partial
// one closes nothing (graph.Load).
func (l *load) Commit(ctx context.Context, c graph.Counts, skipped int) error {
	if l.done {
		return fmt.Errorf("neo4j: load %d is already finished", l.id)
	}
	if l.meta.List != "" && skipped == 0 {
		if err := l.closeList(ctx); err != nil {
			return err
		}
	}
	l.done = true
	l.beat.stop()
	err := l.s.write(ctx, `MATCH (l:Load {id: $id})
		SET l.status = $status, l.finished = $finished, l.entities = $entities, l.designations = $designations,
		    l.holdings = $holdings, l.controls = $controls, l.same_as = $same_as, l.links = $links, l.skipped = $skipped
		REMOVE l.heartbeat`,
		map[string]any{"id": l.id, "status": graph.LoadCommitted, "finished": time.Now().UTC().Format(time.RFC3339Nano),
			"entities": c.Entities, "designations": c.Designations, "holdings": c.Holdings, "controls": c.Controls,
			"same_as": c.SameAs, "links": c.Links, "skipped": skipped})
	if err != nil {
		return fmt.Errorf("neo4j: commit load %d: %w", l.id, err)
	}
	return nil
}

// closeList closes, at the list version's publication date, the
// designations and relations of the list that this load did not restate.
// Nothing is deleted: as-of questions about earlier dates still see them.
func (l *load) closeList(ctx context.Context) error {
	for _, q := range []string{cypherCloseDesignations, cypherCloseHoldings, cypherCloseControls, cypherCloseLinks} {
		for {
			n, err := l.s.writeCount(ctx, q, l.params(map[string]any{}))
			if err != nil {
				return fmt.Errorf("neo4j: close earlier version of list %s: %w", l.meta.List, err)
			}
			if n == 0 {
				break
			}
		}
	}
	return nil
}

// Unconfirmed counts, in a list load, the open designations of the list
// that this load has not written (graph.UnconfirmedCounter).
func (l *load) Unconfirmed(ctx context.Context) (int, error) {
	if l.meta.List == "" {
		return 0, nil
	}
	var n int64
	err := l.s.read(ctx, cypherUnconfirmed, l.params(map[string]any{}), func(r *neo4j.Record) error {
		c, err := countOf("neo4j: unconfirmed designations of list "+l.meta.List, r.Values)
		n = c
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("neo4j: count unconfirmed designations of list %s: %w", l.meta.List, err)
	}
	return int(n), nil
}

// checkListVersion refuses a list version older than one already loaded;
// a partial version (skipped records, graph.Load) does not count.
func (s *Store) checkListVersion(ctx context.Context, meta graph.LoadMeta) error {
	if meta.List == "" {
		return nil
	}
	latest := ""
	err := s.read(ctx, `MATCH (l:Load {list: $list, status: $committed}) WHERE coalesce(l.skipped, 0) = 0 RETURN max(l.published)`,
		map[string]any{"list": meta.List, "committed": graph.LoadCommitted}, func(r *neo4j.Record) error {
			f := newFields([]string{"max(l.published)"}, r.Values)
			latest = f.opt(0)
			return f.check(func() string { return "load of list " + meta.List })
		})
	if err != nil {
		return fmt.Errorf("neo4j: list versions of %s: %w", meta.List, err)
	}
	if latest > string(meta.Published) {
		return fmt.Errorf("list %s: the version of %s is %w of %s", meta.List, meta.Published, graph.ErrOlderVersion, latest)
	}
	return nil
}

// Abort records the load as failed. What its batches wrote stays: Neo4j
// loads are not atomic, and re-running the load converges.
func (l *load) Abort(ctx context.Context, cause error) error {
	if l.done {
		return nil
	}
	l.done = true
	l.beat.stop()
	msg := ""
	if cause != nil {
		msg = cause.Error()
	}
	// The server may be the cause: do not wait for the full retry time.
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	err := l.s.write(ctx, `MATCH (l:Load {id: $id}) SET l.status = $status, l.finished = $finished, l.error = $error
		REMOVE l.heartbeat`,
		map[string]any{"id": l.id, "status": graph.LoadFailed, "finished": time.Now().UTC().Format(time.RFC3339Nano), "error": msg})
	if err != nil {
		return fmt.Errorf("neo4j: abort load %d: %w", l.id, err)
	}
	return nil
}

// nullable maps "" to nil so that Neo4j stores no property.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func entityRows(es []graph.Entity) []map[string]any {
	rows := make([]map[string]any, len(es))
	for i, e := range es {
		ids := make([]map[string]any, len(e.Identifiers))
		for j, id := range e.Identifiers {
			ids[j] = map[string]any{"key": id.String(), "scheme": id.Scheme, "value": id.Value, "country": nullable(id.Country)}
		}
		kind := e.Kind
		if kind == "" {
			kind = graph.KindUnknown
		}
		rows[i] = map[string]any{"id": e.ID, "name": e.Name, "kind": string(kind), "aliases": nonNil(e.Aliases),
			"aliases_text": strings.Join(append(append([]string{}, e.Aliases...), e.WeakAliases...), "; "),
			"weak_aliases": nonNil(e.WeakAliases), "countries": nonNil(e.Countries), "identifiers": ids,
			"content": e.Content(), "source": nullable(e.Source), "record": nullable(e.Record)}
	}
	return rows
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func designationRows(ds []graph.Designation) []map[string]any {
	rows := make([]map[string]any, len(ds))
	for i, d := range ds {
		rows[i] = map[string]any{"key": d.Key(), "entity": d.Entity, "regime": string(d.Regime), "program": nullable(d.Program),
			"listed": nullable(string(d.Listed)), "delisted": nullable(string(d.Delisted)), "source": nullable(d.Source), "record": nullable(d.Record)}
	}
	return rows
}

func holdingRows(hs []graph.Holding) []map[string]any {
	rows := make([]map[string]any, len(hs))
	for i, h := range hs {
		rows[i] = map[string]any{"key": h.Key(), "owner": h.Owner, "owned": h.Owned,
			"share_min": int64(h.Share.Lo), "share_max": int64(h.Share.Hi), "votes_min": int64(h.Votes.Lo), "votes_max": int64(h.Votes.Hi),
			"share_open": openBits(h.Share), "votes_open": openBits(h.Votes),
			"arrangement": nullable(h.Arrangement), "start": nullable(string(h.Start)), "end": nullable(string(h.End)),
			"source": nullable(h.Source), "record": nullable(h.Record)}
	}
	return rows
}

func controlRows(cs []graph.Control) []map[string]any {
	rows := make([]map[string]any, len(cs))
	for i, c := range cs {
		rows[i] = map[string]any{"key": c.Key(), "controller": c.Controller, "controlled": c.Controlled, "basis": string(c.Basis),
			"start": nullable(string(c.Start)), "end": nullable(string(c.End)), "source": nullable(c.Source), "record": nullable(c.Record)}
	}
	return rows
}

// sameAsRows refuses a link without a valid strength (graph.SameAs.CheckStrength).
func sameAsRows(ss []graph.SameAs) ([]map[string]any, error) {
	rows := make([]map[string]any, len(ss))
	for i, s := range ss {
		if err := s.CheckStrength(); err != nil {
			return nil, fmt.Errorf("neo4j: %w", err)
		}
		rows[i] = map[string]any{"key": s.Key(), "a": s.A, "b": s.B, "method": s.Method, "score": s.Score,
			"strength": string(s.Strength), "evidence": nullable(s.Evidence),
			"source": nullable(s.Source), "record": nullable(s.Record)}
	}
	return rows, nil
}

func linkRows(ls []graph.Link) []map[string]any {
	rows := make([]map[string]any, len(ls))
	for i, k := range ls {
		rows[i] = map[string]any{"key": k.Key(), "from": k.From, "to": nullable(k.To), "to_name": nullable(k.ToName), "type": string(k.Type),
			"start": nullable(string(k.Start)), "end": nullable(string(k.End)), "source": nullable(k.Source), "record": nullable(k.Record)}
	}
	return rows
}
