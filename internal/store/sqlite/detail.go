package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/ownex/ownex/graph"
)

// Detail returns everything the store knows about id (graph.Detailer):
// the current record and the validity start of its version, earlier
// versions oldest first, all its designations (closed ones included),
// holdings, control edges and links in both directions and its same-as
// links (with their strength and evidence), whatever their dates, each
// list ordered by the record's key, its party (graph.PartyOf) and the
// names of the other entities they mention. An unknown id is an error
// wrapping graph.ErrNotFound.
func (s *Store) Detail(ctx context.Context, id string) (graph.EntityDetail, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return graph.EntityDetail{}, fmt.Errorf("sqlite: detail %s: %w", id, err)
	}
	defer tx.Rollback()
	d, err := readDetail(ctx, tx, id)
	if err != nil {
		return graph.EntityDetail{}, fmt.Errorf("sqlite: detail %s: %w", id, err)
	}
	return d, nil
}

func readDetail(ctx context.Context, tx *sql.Tx, id string) (graph.EntityDetail, error) {
	var d graph.EntityDetail
	var err error
	if d.Entity, d.Since, err = readEntitySince(ctx, tx, id); err != nil {
		return d, err
	}
	if d.Versions, err = readVersions(ctx, tx, id); err != nil {
		return d, err
	}
	if d.Designations, err = detailDesignations(ctx, tx, id); err != nil {
		return d, err
	}
	if d.HoldingsIn, err = detailHoldings(ctx, tx, "owned", id); err != nil {
		return d, err
	}
	if d.HoldingsOut, err = detailHoldings(ctx, tx, "owner", id); err != nil {
		return d, err
	}
	if d.ControlsIn, err = detailControls(ctx, tx, "controlled", id); err != nil {
		return d, err
	}
	if d.ControlsOut, err = detailControls(ctx, tx, "controller", id); err != nil {
		return d, err
	}
	if d.LinksOut, err = detailLinks(ctx, tx, "from_id", id); err != nil {
		return d, err
	}
	if d.LinksIn, err = detailLinks(ctx, tx, "to_id", id); err != nil {
		return d, err
	}
	if d.SameAs, err = detailSameAs(ctx, tx, id); err != nil {
		return d, err
	}
	if d.Party, err = graph.PartyOf(id, func(ids []string) ([]graph.SameAs, error) {
		return sameAsOf(ctx, tx, ids)
	}); err != nil {
		return d, err
	}
	var others []string
	add := func(x string) {
		if x != "" && x != id {
			others = append(others, x)
		}
	}
	for _, h := range slices.Concat(d.HoldingsIn, d.HoldingsOut) {
		add(h.Owner)
		add(h.Owned)
	}
	for _, c := range slices.Concat(d.ControlsIn, d.ControlsOut) {
		add(c.Controller)
		add(c.Controlled)
	}
	for _, l := range slices.Concat(d.LinksOut, d.LinksIn) {
		add(l.From)
		add(l.To)
	}
	for _, x := range d.SameAs {
		add(x.A)
		add(x.B)
	}
	for _, x := range d.Party {
		add(x)
	}
	if d.Names, err = readNames(ctx, tx, others); err != nil {
		return d, err
	}
	return d, nil
}

// readVersions returns the earlier versions of id, oldest first.
func readVersions(ctx context.Context, q queryer, id string) ([]graph.EntityVersion, error) {
	rows, err := q.QueryContext(ctx, `SELECT valid_from, valid_to, data FROM entity_versions
		WHERE entity = ? ORDER BY valid_to, valid_from, rowid`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []graph.EntityVersion
	for rows.Next() {
		var v graph.EntityVersion
		var from, to, data string
		if err := rows.Scan(&from, &to, &data); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(data), &v.Entity); err != nil {
			return nil, fmt.Errorf("version of %s valid to %s: %w", id, to, err)
		}
		v.ValidFrom, v.ValidTo = graph.Date(from), graph.Date(to)
		out = append(out, v)
	}
	return out, rows.Err()
}

func detailDesignations(ctx context.Context, q queryer, id string) ([]graph.Designation, error) {
	rows, err := q.QueryContext(ctx, `SELECT entity, regime, program, listed, delisted, source, record
		FROM designations WHERE entity = ? ORDER BY key`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []graph.Designation{}
	for rows.Next() {
		var d graph.Designation
		var regime, listed, delisted string
		if err := rows.Scan(&d.Entity, &regime, &d.Program, &listed, &delisted, &d.Source, &d.Record); err != nil {
			return nil, err
		}
		d.Regime, d.Listed, d.Delisted = graph.Regime(regime), graph.Date(listed), graph.Date(delisted)
		out = append(out, d)
	}
	return out, rows.Err()
}

// detailHoldings returns the holdings whose column col (owner or owned) is id.
func detailHoldings(ctx context.Context, q queryer, col, id string) ([]graph.Holding, error) {
	rows, err := q.QueryContext(ctx, `SELECT owner, owned, share_lo, share_hi, votes_lo, votes_hi,
		arrangement, start_date, end_date, source, record, share_open, votes_open FROM holdings WHERE `+col+` = ? ORDER BY key`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []graph.Holding{}
	for rows.Next() {
		var h graph.Holding
		var start, end string
		var shOpen, vtOpen int64
		if err := rows.Scan(&h.Owner, &h.Owned, &h.Share.Lo, &h.Share.Hi, &h.Votes.Lo, &h.Votes.Hi,
			&h.Arrangement, &start, &end, &h.Source, &h.Record, &shOpen, &vtOpen); err != nil {
			return nil, err
		}
		setOpen(&h.Share, shOpen)
		setOpen(&h.Votes, vtOpen)
		h.Start, h.End = graph.Date(start), graph.Date(end)
		out = append(out, h)
	}
	return out, rows.Err()
}

// detailControls returns the control edges whose column col (controller
// or controlled) is id.
func detailControls(ctx context.Context, q queryer, col, id string) ([]graph.Control, error) {
	rows, err := q.QueryContext(ctx, `SELECT controller, controlled, basis, start_date, end_date, source, record
		FROM controls WHERE `+col+` = ? ORDER BY key`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []graph.Control{}
	for rows.Next() {
		var c graph.Control
		var basis, start, end string
		if err := rows.Scan(&c.Controller, &c.Controlled, &basis, &start, &end, &c.Source, &c.Record); err != nil {
			return nil, err
		}
		c.Basis, c.Start, c.End = graph.Basis(basis), graph.Date(start), graph.Date(end)
		out = append(out, c)
	}
	return out, rows.Err()
}

// detailLinks returns the links whose column col (from_id or to_id) is id.
func detailLinks(ctx context.Context, q queryer, col, id string) ([]graph.Link, error) {
	rows, err := q.QueryContext(ctx, `SELECT from_id, to_id, to_name, type, start_date, end_date, source, record
		FROM links WHERE `+col+` = ? ORDER BY key`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []graph.Link{}
	for rows.Next() {
		var l graph.Link
		var typ, start, end string
		if err := rows.Scan(&l.From, &l.To, &l.ToName, &typ, &start, &end, &l.Source, &l.Record); err != nil {
			return nil, err
		}
		l.Type, l.Start, l.End = graph.LinkType(typ), graph.Date(start), graph.Date(end)
		out = append(out, l)
	}
	return out, rows.Err()
}

func detailSameAs(ctx context.Context, q queryer, id string) ([]graph.SameAs, error) {
	return sameAsOf(ctx, q, []string{id})
}

// sameAsOf returns every same-as link with an end in ids, ordered by key,
// each once.
func sameAsOf(ctx context.Context, q queryer, ids []string) ([]graph.SameAs, error) {
	b, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT a, b, method, score, source, record, strength, evidence FROM same_as
		WHERE a IN (SELECT value FROM json_each(?1)) OR b IN (SELECT value FROM json_each(?1)) ORDER BY key`, string(b))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []graph.SameAs{}
	for rows.Next() {
		var s graph.SameAs
		var strength string
		if err := rows.Scan(&s.A, &s.B, &s.Method, &s.Score, &s.Source, &s.Record, &strength, &s.Evidence); err != nil {
			return nil, err
		}
		s.Strength = graph.LinkStrength(strength)
		if err := s.CheckStrength(); err != nil {
			return nil, fmt.Errorf("stored %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// readNames returns the names of the entities ids (stubs are named by
// their id).
func readNames(ctx context.Context, q queryer, ids []string) (map[string]string, error) {
	names := map[string]string{}
	if len(ids) == 0 {
		return names, nil
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	b, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM entities WHERE id IN (SELECT value FROM json_each(?))`, string(b))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		names[id] = name
	}
	return names, rows.Err()
}
