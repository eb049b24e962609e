package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ownex/ownex/graph"
	"github.com/ownex/ownex/internal/store/neo4j"
)

// ExportOptions are the flags of `ownex export`.
type ExportOptions struct {
	// Database is the Neo4j database the printed command imports into.
	Database string
}

// ExportTargets lists what `ownex export` writes.
var ExportTargets = []string{"neo4j-import"}

// sqliteSchemaVersion is the SQLite store's schema version (PRAGMA
// user_version) that the export reads.
const sqliteSchemaVersion = 3

// Export writes the configured store in the form of target into dir.
//
// neo4j-import: the CSV files of `neo4j-admin database import full`
// (internal/store/neo4j, export.go), which give an empty Neo4j the graph
// that the Neo4j store's batched writer builds from the same records, and
// prints the import command. The SQLite store is read as it is on disk,
// every table in one read transaction, row by row: no record is held in
// memory beyond the one being written (and the keys of shared identifier,
// regime and mention nodes). dir must not exist or be empty; the files
// are written beside it and moved into place at the end, so that a failed
// export leaves nothing.
func Export(ctx context.Context, env Env, cfg Config, target, dir string, opt ExportOptions) error {
	if target != "neo4j-import" {
		return Usagef("unknown export %q: want %s", target, strings.Join(ExportTargets, ", "))
	}
	if dir == "" {
		return Usagef("export %s: a folder is required", target)
	}
	if cfg.Store != "" && cfg.Store != "sqlite" {
		return Usagef("export %s reads the SQLite store (--store sqlite --db FILE), not %s", target, cfg.Store)
	}
	if opt.Database == "" {
		opt.Database = "neo4j"
	}
	path := cfg.DB
	if path == "" {
		path = "ownex.db"
	}
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return Usagef("export %s: no SQLite store at %s (--db)", target, path)
	}
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return Usagef("export %s: %s is not empty", target, dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("export %s: %w", target, err)
	}
	t0 := time.Now()
	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Clean(dir)), "."+filepath.Base(filepath.Clean(dir))+".tmp-*")
	if err != nil {
		return fmt.Errorf("export %s: %w", target, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil { // a server account reads it
		os.RemoveAll(tmp)
		return fmt.Errorf("export %s: %w", target, err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	w, err := neo4j.NewImportWriter(tmp)
	if err != nil {
		return err
	}
	if err := exportSQLite(ctx, path, w); err != nil {
		w.Close()
		return err
	}
	plan, err := w.Close()
	if err != nil {
		return err
	}
	os.Remove(dir) // an empty folder; a non-empty one was refused above
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("export %s: %w", target, err)
	}
	done = true
	plan.Dir = dir
	cmd, err := plan.CommandLine(opt.Database)
	if err != nil {
		return err
	}
	c, took := plan.Counts, time.Since(t0)
	fmt.Fprintf(env.Stdout, "wrote %d nodes (%d entities, %d of them stubs) and %d relationships (%d holdings) to %s in %s (%.0f rows/s)\n",
		c.Nodes(), c.Entities, c.Stubs, c.Relationships(), c.Holdings, dir, took.Round(time.Millisecond),
		float64(c.Rows())/took.Seconds())
	fmt.Fprintf(env.Stdout, "import into a Neo4j whose server is stopped (the database must be new or empty):\n  %s\n", cmd)
	fmt.Fprintf(env.Stdout, "then run the statements of %s once on it before use (repeat a statement while it returns a count above 0)\n",
		filepath.Join(dir, plan.Finish))
	fmt.Fprintf(env.Stdout, "or, for the local Neo4j of deploy/neo4j (both steps, before the server starts):\n  bash deploy/neo4j/import.sh %s\n", dir)
	return nil
}

// exportSQLite streams every record of the SQLite store at path into w.
func exportSQLite(ctx context.Context, path string, w *neo4j.ImportWriter) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "query_only(1)")
	db, err := sql.Open("sqlite", "file:"+abs+"?"+q.Encode())
	if err != nil {
		return fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	defer db.Close()
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("open sqlite store %s: %w", path, err)
	}
	if version != sqliteSchemaVersion {
		return fmt.Errorf("sqlite store %s has schema version %d, the export reads version %d "+
			"(open it once with this ownex, e.g. `ownex --db %s analyze`, to upgrade it)", path, version, sqliteSchemaVersion, path)
	}
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("sqlite store %s: %w", path, err)
	}
	defer tx.Rollback()
	e := &exporter{ctx: ctx, tx: tx, w: w, path: path}
	for _, step := range []func() error{e.loads, e.identifiers, e.entities, e.designations, e.holdings,
		e.controls, e.sameAs, e.links, e.versions} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

type exporter struct {
	ctx  context.Context
	tx   *sql.Tx
	w    *neo4j.ImportWriter
	path string
}

// each runs query and calls scan for every row.
func (e *exporter) each(what, query string, scan func(*sql.Rows) error) error {
	rows, err := e.tx.QueryContext(e.ctx, query)
	if err != nil {
		return fmt.Errorf("sqlite store %s: read %s: %w", e.path, what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("sqlite store %s: %s: %w", e.path, what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite store %s: read %s: %w", e.path, what, err)
	}
	return nil
}

func (e *exporter) loads() error {
	return e.each("load log", `SELECT id, source, format, files, checksum, started, finished, status, error,
		entities, designations, holdings, controls, same_as, links, skipped, list, published FROM loads ORDER BY id`,
		func(rows *sql.Rows) error {
			var r graph.LoadRecord
			var files, started, finished, published string
			if err := rows.Scan(&r.ID, &r.Source, &r.Format, &files, &r.Checksum, &started, &finished, &r.Status,
				&r.Error, &r.Counts.Entities, &r.Counts.Designations, &r.Counts.Holdings, &r.Counts.Controls,
				&r.Counts.SameAs, &r.Counts.Links, &r.Skipped, &r.List, &published); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(files), &r.Files); err != nil {
				return fmt.Errorf("load %d: files: %w", r.ID, err)
			}
			r.Started, _ = time.Parse(time.RFC3339Nano, started)
			r.Finished, _ = time.Parse(time.RFC3339Nano, finished)
			r.Published = graph.Date(published)
			return e.w.Load(&r)
		})
}

// identifiers declares the identifier nodes before the entities, in the
// order in which the batched writer would have created them (earliest
// load first, then the order in which entities were first written), so
// that an identifier shared by several entities keeps the country of the
// first (the batched writer sets it ON CREATE only).
func (e *exporter) identifiers() error {
	return e.each("identifiers", `SELECT i.scheme, i.value, i.country FROM identifiers i JOIN entities e ON e.id = i.entity
		ORDER BY i.load_id, e.rowid, i.pos`, func(rows *sql.Rows) error {
		var id graph.Identifier
		if err := rows.Scan(&id.Scheme, &id.Value, &id.Country); err != nil {
			return err
		}
		e.w.Identifier(id)
		return nil
	})
}

// entities streams the entities in ID order with their aliases and
// identifiers, merged from two further scans in the same order.
func (e *exporter) entities() error {
	aliases, err := newExportCursor(e.ctx, e.tx, `SELECT entity, alias, '', '' FROM aliases ORDER BY entity, pos`)
	if err != nil {
		return fmt.Errorf("sqlite store %s: read aliases: %w", e.path, err)
	}
	defer aliases.close()
	idents, err := newExportCursor(e.ctx, e.tx, `SELECT entity, scheme, value, country FROM identifiers ORDER BY entity, pos`)
	if err != nil {
		return fmt.Errorf("sqlite store %s: read identifiers: %w", e.path, err)
	}
	defer idents.close()
	err = e.each("entities", `SELECT id, kind, name, countries, stub, source, record, load_id, weak_aliases, addresses,
		facts, since FROM entities ORDER BY id`, func(rows *sql.Rows) error {
		var ent neo4j.ImportEntity
		var kind, countries, weak, addrs, facts, since string
		if err := rows.Scan(&ent.ID, &kind, &ent.Name, &countries, &ent.Stub, &ent.Source, &ent.Record, &ent.LoadID,
			&weak, &addrs, &facts, &since); err != nil {
			return err
		}
		ent.Kind, ent.Since = graph.Kind(kind), graph.Date(since)
		if countries != "" {
			ent.Countries = strings.Split(countries, "\x1f")
		}
		for _, f := range []struct {
			col string
			dst any
		}{{weak, &ent.WeakAliases}, {addrs, &ent.Addresses}, {facts, &ent.Facts}} {
			if f.col == "" {
				continue
			}
			if err := json.Unmarshal([]byte(f.col), f.dst); err != nil {
				return fmt.Errorf("entity %s: %w", ent.ID, err)
			}
		}
		for _, r := range aliases.take(ent.ID) {
			ent.Aliases = append(ent.Aliases, r[0])
		}
		for _, r := range idents.take(ent.ID) {
			ent.Identifiers = append(ent.Identifiers, graph.Identifier{Scheme: r[0], Value: r[1], Country: r[2]})
		}
		return e.w.Entity(&ent)
	})
	if err != nil {
		return err
	}
	if aliases.err != nil || idents.err != nil {
		return fmt.Errorf("sqlite store %s: read aliases and identifiers: %w", e.path, errors.Join(aliases.err, idents.err))
	}
	return nil
}

func (e *exporter) designations() error {
	return e.each("designations", `SELECT key, entity, regime, program, listed, delisted, source, record, load_id
		FROM designations ORDER BY rowid`, func(rows *sql.Rows) error {
		var d graph.Designation
		var key, regime, listed, delisted string
		var load int64
		if err := rows.Scan(&key, &d.Entity, &regime, &d.Program, &listed, &delisted, &d.Source, &d.Record, &load); err != nil {
			return err
		}
		d.Regime, d.Listed, d.Delisted = graph.Regime(regime), graph.Date(listed), graph.Date(delisted)
		return e.w.Designation(key, load, &d)
	})
}

func (e *exporter) holdings() error {
	return e.each("holdings", `SELECT key, owner, owned, share_lo, share_hi, votes_lo, votes_hi, share_open, votes_open,
		arrangement, start_date, end_date, source, record, load_id FROM holdings ORDER BY rowid`, func(rows *sql.Rows) error {
		var h graph.Holding
		var key, start, end string
		var shOpen, vtOpen, load int64
		if err := rows.Scan(&key, &h.Owner, &h.Owned, &h.Share.Lo, &h.Share.Hi, &h.Votes.Lo, &h.Votes.Hi, &shOpen, &vtOpen,
			&h.Arrangement, &start, &end, &h.Source, &h.Record, &load); err != nil {
			return err
		}
		h.Share.LoOpen, h.Share.HiOpen = shOpen&1 != 0, shOpen&2 != 0
		h.Votes.LoOpen, h.Votes.HiOpen = vtOpen&1 != 0, vtOpen&2 != 0
		h.Start, h.End = graph.Date(start), graph.Date(end)
		return e.w.Holding(key, load, &h)
	})
}

func (e *exporter) controls() error {
	return e.each("control edges", `SELECT key, controller, controlled, basis, start_date, end_date, source, record, load_id
		FROM controls ORDER BY rowid`, func(rows *sql.Rows) error {
		var c graph.Control
		var key, basis, start, end string
		var load int64
		if err := rows.Scan(&key, &c.Controller, &c.Controlled, &basis, &start, &end, &c.Source, &c.Record, &load); err != nil {
			return err
		}
		c.Basis, c.Start, c.End = graph.Basis(basis), graph.Date(start), graph.Date(end)
		return e.w.Control(key, load, &c)
	})
}

func (e *exporter) sameAs() error {
	return e.each("same-as links", `SELECT key, a, b, method, score, source, record, load_id FROM same_as ORDER BY rowid`,
		func(rows *sql.Rows) error {
			var s graph.SameAs
			var key string
			var load int64
			if err := rows.Scan(&key, &s.A, &s.B, &s.Method, &s.Score, &s.Source, &s.Record, &load); err != nil {
				return err
			}
			return e.w.SameAs(key, load, &s)
		})
}

func (e *exporter) links() error {
	return e.each("links", `SELECT key, from_id, to_id, to_name, type, start_date, end_date, source, record, load_id
		FROM links ORDER BY rowid`, func(rows *sql.Rows) error {
		var l graph.Link
		var key, typ, start, end string
		var load int64
		if err := rows.Scan(&key, &l.From, &l.To, &l.ToName, &typ, &start, &end, &l.Source, &l.Record, &load); err != nil {
			return err
		}
		l.Type, l.Start, l.End = graph.LinkType(typ), graph.Date(start), graph.Date(end)
		return e.w.Link(key, load, &l)
	})
}

func (e *exporter) versions() error {
	return e.each("entity versions", `SELECT entity, valid_from, valid_to, data FROM entity_versions ORDER BY rowid`,
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
			return e.w.Version(entity, &v)
		})
}

// exportCursor walks rows ordered by entity and hands out those of one
// entity (as the SQLite store's Entities does).
type exportCursor struct {
	rows *sql.Rows
	head []string // entity, a, b, c of the row read ahead; nil at the end
	err  error
}

func newExportCursor(ctx context.Context, tx *sql.Tx, q string) (*exportCursor, error) {
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	c := &exportCursor{rows: rows}
	c.advance()
	return c, nil
}

func (c *exportCursor) advance() {
	c.head = nil
	if !c.rows.Next() {
		c.err = c.rows.Err()
		return
	}
	r := make([]string, 4)
	if err := c.rows.Scan(&r[0], &r[1], &r[2], &r[3]); err != nil {
		c.err = err
		return
	}
	c.head = r
}

// take returns the [a, b, c] of the rows of entity id; rows of entities
// before id (which have no entity row) are skipped.
func (c *exportCursor) take(id string) [][]string {
	var out [][]string
	for c.head != nil && c.head[0] <= id {
		if c.head[0] == id {
			out = append(out, c.head[1:])
		}
		c.advance()
	}
	return out
}

func (c *exportCursor) close() { c.rows.Close() }
