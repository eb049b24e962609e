package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/ownex/ownex/graph"
)

// Writing one planned batch (load.go, Write).

// write writes the batch of p, as p planned it.
func (l *load) write(ctx context.Context, p *plan, r runner) error {
	b := p.b
	l.keys, l.stubs = p.keys, p.stubs
	for i := 0; i < len(b.Entities); {
		n := l.chunk(len(b.Entities) - i)
		if l.list != "" {
			n = 1 // history reads the row the previous record wrote
		}
		if err := l.writeEntities(ctx, r, b.Entities[i:i+n], p.ents[i:i+n]); err != nil {
			return err
		}
		i += n
	}
	if err := writeChunks(l, r, b.Designations, stUpsertDesignation, func(d *graph.Designation) error {
		return l.stub(r, d.Entity, d.Provenance)
	}, func(r runner, d *graph.Designation) {
		r.text(l.key())
		r.text(d.Entity)
		r.text(string(d.Regime))
		r.text(d.Program)
		r.text(string(d.Listed))
		r.text(string(d.Delisted))
		r.text(d.Source)
		r.text(d.Record)
		r.int(l.id)
	}, func(d *graph.Designation) string {
		return fmt.Sprintf("designation %s %s (%s)", d.Entity, d.Regime, d.Record)
	}); err != nil {
		return err
	}
	if err := writeChunks(l, r, b.Holdings, stUpsertHolding, func(h *graph.Holding) error {
		if err := l.stub(r, h.Owner, h.Provenance); err != nil {
			return err
		}
		return l.stub(r, h.Owned, h.Provenance)
	}, func(r runner, h *graph.Holding) {
		r.text(l.key())
		r.text(h.Owner)
		r.text(h.Owned)
		r.int(int64(h.Share.Lo))
		r.int(int64(h.Share.Hi))
		r.int(int64(h.Votes.Lo))
		r.int(int64(h.Votes.Hi))
		r.text(h.Arrangement)
		r.text(string(h.Start))
		r.text(string(h.End))
		r.text(h.Source)
		r.text(h.Record)
		r.int(l.id)
		r.int(openBits(h.Share))
		r.int(openBits(h.Votes))
	}, func(h *graph.Holding) string {
		return fmt.Sprintf("holding %s -> %s (%s)", h.Owner, h.Owned, h.Record)
	}); err != nil {
		return err
	}
	if err := writeChunks(l, r, b.Controls, stUpsertControl, func(c *graph.Control) error {
		if err := l.stub(r, c.Controller, c.Provenance); err != nil {
			return err
		}
		return l.stub(r, c.Controlled, c.Provenance)
	}, func(r runner, c *graph.Control) {
		r.text(l.key())
		r.text(c.Controller)
		r.text(c.Controlled)
		r.text(string(c.Basis))
		r.text(string(c.Start))
		r.text(string(c.End))
		r.text(c.Source)
		r.text(c.Record)
		r.int(l.id)
	}, func(c *graph.Control) string {
		return fmt.Sprintf("control %s -> %s (%s)", c.Controller, c.Controlled, c.Record)
	}); err != nil {
		return err
	}
	if err := writeChunks(l, r, b.SameAs, stUpsertSameAs, func(s *graph.SameAs) error {
		a, bb := sameAsEnds(s)
		if err := l.stub(r, a, s.Provenance); err != nil {
			return err
		}
		return l.stub(r, bb, s.Provenance)
	}, func(r runner, s *graph.SameAs) {
		a, bb := sameAsEnds(s)
		r.text(l.key())
		r.text(a)
		r.text(bb)
		r.text(s.Method)
		r.float(s.Score)
		r.text(s.Source)
		r.text(s.Record)
		r.int(l.id)
		r.text(string(s.Strength))
		r.text(s.Evidence)
	}, func(s *graph.SameAs) string {
		a, bb := sameAsEnds(s)
		return fmt.Sprintf("same-as %s = %s (%s)", a, bb, s.Record)
	}); err != nil {
		return err
	}
	return writeChunks(l, r, b.Links, stUpsertLink, func(k *graph.Link) error {
		if err := l.stub(r, k.From, k.Provenance); err != nil {
			return err
		}
		if k.To != "" {
			return l.stub(r, k.To, k.Provenance)
		}
		return nil
	}, func(r runner, k *graph.Link) {
		r.text(l.key())
		r.text(k.From)
		r.text(k.To)
		r.text(k.ToName)
		r.text(string(k.Type))
		r.text(string(k.Start))
		r.text(string(k.End))
		r.text(k.Source)
		r.text(k.Record)
		r.int(l.id)
	}, func(k *graph.Link) string {
		return fmt.Sprintf("link %s -> %s%s (%s)", k.From, k.To, k.ToName, k.Record)
	})
}

// sameAsEnds returns the ends of s in the order the store keeps them.
func sameAsEnds(s *graph.SameAs) (a, b string) {
	a, b = s.A, s.B
	if b < a {
		a, b = b, a
	}
	return a, b
}

// key returns the key of the next relation of the batch being written.
func (l *load) key() string {
	k := l.keys[0]
	l.keys = l.keys[1:]
	return k
}

// stub makes sure an entity row exists for id without touching a real one,
// when the plan says that the load may have no row for it yet.
func (l *load) stub(r runner, id string, p graph.Provenance) error {
	need := l.stubs[0]
	l.stubs = l.stubs[1:]
	if !need {
		return nil
	}
	r.begin(stStubEntity)
	r.text(id)
	r.text(id)
	r.text(p.Source)
	r.text(p.Record)
	r.int(l.id)
	if _, err := r.exec(); err != nil {
		return fmt.Errorf("sqlite: stub entity %s: %w", id, err)
	}
	return nil
}

// writeEntities upserts ents (one statement for all of them, see
// writeChunks), then replaces the aliases and identifiers of each in
// order.
func (l *load) writeEntities(ctx context.Context, r runner, ents []graph.Entity, plans []entityPlan) error {
	since := l.since[:0]
	for i := range ents {
		var d graph.Date
		if l.list != "" {
			var err error
			if d, err = l.history(ctx, &ents[i], plans[i].kind); err != nil {
				return fmt.Errorf("sqlite: entity %s history: %w", ents[i].ID, err)
			}
		}
		since = append(since, d)
	}
	l.since = since
	if len(ents) == 1 {
		r.begin(stUpsertEntity)
	} else {
		r.begin(stUpsertEntity + multiStmt)
	}
	for i := range ents {
		e, p := &ents[i], &plans[i]
		r.text(e.ID)
		r.text(string(p.kind))
		r.text(e.Name)
		r.text(joinList(e.Countries))
		r.text(e.Source)
		r.text(e.Record)
		r.int(l.id)
		r.text(p.weak)
		r.text(p.addrs)
		r.text(p.facts)
		r.text(string(since[i]))
	}
	if _, err := r.exec(); err != nil {
		if len(ents) == 1 {
			return fmt.Errorf("sqlite: entity %s: %w", ents[0].ID, err)
		}
		return fmt.Errorf("sqlite: one of %d entities from %s to %s: %w", len(ents), ents[0].ID, ents[len(ents)-1].ID, err)
	}
	for i := range ents {
		if err := l.writeNames(r, &ents[i], &plans[i]); err != nil {
			return err
		}
	}
	return nil
}

// writeNames replaces the aliases and identifiers of e.
func (l *load) writeNames(r runner, e *graph.Entity, p *entityPlan) error {
	if p.delAliases {
		r.begin(stDeleteAliases)
		r.text(e.ID)
		if _, err := r.exec(); err != nil {
			return fmt.Errorf("sqlite: entity %s aliases: %w", e.ID, err)
		}
	}
	for i, a := range e.Aliases {
		r.begin(stInsertAlias)
		r.text(e.ID)
		r.int(int64(i))
		r.text(a)
		r.text(e.Source)
		r.text(e.Record)
		r.int(l.id)
		if _, err := r.exec(); err != nil {
			return fmt.Errorf("sqlite: entity %s alias: %w", e.ID, err)
		}
	}
	if p.delIdents {
		r.begin(stDeleteIdents)
		r.text(e.ID)
		if _, err := r.exec(); err != nil {
			return fmt.Errorf("sqlite: entity %s identifiers: %w", e.ID, err)
		}
	}
	for i, id := range e.Identifiers {
		r.begin(stInsertIdent)
		r.text(e.ID)
		r.int(int64(i))
		r.text(id.Scheme)
		r.text(id.Value)
		r.text(id.Country)
		r.text(e.Source)
		r.text(e.Record)
		r.int(l.id)
		if _, err := r.exec(); err != nil {
			return fmt.Errorf("sqlite: entity %s identifier: %w", e.ID, err)
		}
	}
	return nil
}

// history decides, in a list load, the validity start of the record e is
// about to write, and keeps the record it replaces as an earlier version:
//
//   - no row, or a stub: a new record, valid since the list's date;
//   - same content (graph.Entity.Content, provenance aside): unchanged,
//     it keeps its since;
//   - changed content, current version older than the list's date: the
//     old record goes to entity_versions, valid [since, published), and
//     the new one is valid since published;
//   - changed content, current version not older (written by this or an
//     equally dated load): a correction of the same version, replaced in
//     place without history.
func (l *load) history(ctx context.Context, e *graph.Entity, kind graph.Kind) (graph.Date, error) {
	var stub bool
	var since string
	err := l.entityState.QueryRowContext(ctx, e.ID).Scan(&stub, &since)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && stub) {
		return l.published, nil
	}
	if err != nil {
		return "", err
	}
	old, err := readEntity(ctx, l.tx, e.ID)
	if err != nil {
		return "", err
	}
	incoming := *e
	incoming.Kind = kind
	if old.Content() == incoming.Content() {
		return graph.Date(since), nil
	}
	if graph.Date(since) >= l.published && since != "" {
		return graph.Date(since), nil
	}
	data, err := json.Marshal(old)
	if err != nil {
		return "", err
	}
	if _, err := l.insertVersion.ExecContext(ctx, e.ID, since, string(l.published), string(data), l.id); err != nil {
		return "", err
	}
	return l.published, nil
}

// jsonList encodes a non-empty slice as JSON, an empty one as "".
func jsonList[T any](v []T) (string, error) {
	if len(v) == 0 {
		return "", nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// listSep joins list values (countries) in one column.
const listSep = "\x1f"

func joinList(v []string) string { return strings.Join(v, listSep) }

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, listSep)
}
