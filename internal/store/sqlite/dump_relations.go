package sqlite

import (
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/ownex/ownex/graph"
)

// The steps of Dump after the entities: every relation with its key and
// load id, by rowid (first-write order), then the earlier entity versions.

func (d *dumper) designations() error {
	return d.each("designations", `SELECT key, entity, regime, program, listed, delisted, source, record, load_id
		FROM designations ORDER BY rowid`, func(rows *sql.Rows) error {
		var r graph.Designation
		var key, regime, listed, delisted string
		var load int64
		if err := rows.Scan(&key, &r.Entity, &regime, &r.Program, &listed, &delisted, &r.Source, &r.Record, &load); err != nil {
			return err
		}
		r.Regime, r.Listed, r.Delisted = graph.Regime(regime), graph.Date(listed), graph.Date(delisted)
		return d.sink.Designation(key, load, &r)
	})
}

func (d *dumper) holdings() error {
	return d.each("holdings", `SELECT key, owner, owned, share_lo, share_hi, votes_lo, votes_hi, share_open, votes_open,
		arrangement, start_date, end_date, source, record, load_id FROM holdings ORDER BY rowid`, func(rows *sql.Rows) error {
		var h graph.Holding
		var key, start, end string
		var shOpen, vtOpen, load int64
		if err := rows.Scan(&key, &h.Owner, &h.Owned, &h.Share.Lo, &h.Share.Hi, &h.Votes.Lo, &h.Votes.Hi, &shOpen, &vtOpen,
			&h.Arrangement, &start, &end, &h.Source, &h.Record, &load); err != nil {
			return err
		}
		setOpen(&h.Share, shOpen)
		setOpen(&h.Votes, vtOpen)
		h.Start, h.End = graph.Date(start), graph.Date(end)
		return d.sink.Holding(key, load, &h)
	})
}

func (d *dumper) controls() error {
	return d.each("control edges", `SELECT key, controller, controlled, basis, start_date, end_date, source, record, load_id
		FROM controls ORDER BY rowid`, func(rows *sql.Rows) error {
		var c graph.Control
		var key, basis, start, end string
		var load int64
		if err := rows.Scan(&key, &c.Controller, &c.Controlled, &basis, &start, &end, &c.Source, &c.Record, &load); err != nil {
			return err
		}
		c.Basis, c.Start, c.End = graph.Basis(basis), graph.Date(start), graph.Date(end)
		return d.sink.Control(key, load, &c)
	})
}

func (d *dumper) sameAs() error {
	return d.each("same-as links", `SELECT key, a, b, method, score, source, record, load_id, strength, evidence
		FROM same_as ORDER BY rowid`,
		func(rows *sql.Rows) error {
			var s graph.SameAs
			var key, strength string
			var load int64
			if err := rows.Scan(&key, &s.A, &s.B, &s.Method, &s.Score, &s.Source, &s.Record, &load, &strength, &s.Evidence); err != nil {
				return err
			}
			s.Strength = graph.LinkStrength(strength)
			if err := s.CheckStrength(); err != nil {
				return fmt.Errorf("stored %w", err)
			}
			return d.sink.SameAs(key, load, &s)
		})
}

func (d *dumper) links() error {
	return d.each("links", `SELECT key, from_id, to_id, to_name, type, start_date, end_date, source, record, load_id
		FROM links ORDER BY rowid`, func(rows *sql.Rows) error {
		var l graph.Link
		var key, typ, start, end string
		var load int64
		if err := rows.Scan(&key, &l.From, &l.To, &l.ToName, &typ, &start, &end, &l.Source, &l.Record, &load); err != nil {
			return err
		}
		l.Type, l.Start, l.End = graph.LinkType(typ), graph.Date(start), graph.Date(end)
		return d.sink.Link(key, load, &l)
	})
}

func (d *dumper) versions() error {
	return d.each("entity versions", `SELECT entity, valid_from, valid_to, data FROM entity_versions ORDER BY rowid`,
		func(rows *sql.Rows) error {
			var entity, from, to, data string
			if err := rows.Scan(&entity, &from, &to, &data); err != nil {
				return err
			}
			var v graph.EntityVersion
			if err := json.Unmarshal([]byte(data), &v.Entity); err != nil {
				return fmt.Errorf("version of %s: %w", entity, err)
			}
			v.ValidFrom, v.ValidTo = graph.Date(from), graph.Date(to)
			return d.sink.Version(entity, &v)
		})
}
