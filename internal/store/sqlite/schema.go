package sqlite

import "github.com/ownex/ownex/graph"

// schemaVersion is stored in PRAGMA user_version. Version 1 had no
// links, entity_versions, rich entity columns nor list columns in loads;
// version 2 had no share_open and votes_open in holdings; version 3 had no
// strength and evidence in same_as; version 4 had no owner in loads; init
// (store.go) adds what is missing, see migrations and migrate.go.
const schemaVersion = 5

const schema = `
CREATE TABLE IF NOT EXISTS loads (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	source       TEXT NOT NULL,
	format       TEXT NOT NULL,
	files        TEXT NOT NULL,            -- JSON array
	checksum     TEXT NOT NULL,
	started      TEXT NOT NULL,            -- RFC 3339, UTC
	finished     TEXT NOT NULL DEFAULT '',
	status       TEXT NOT NULL,            -- running, committed, failed, interrupted
	error        TEXT NOT NULL DEFAULT '',
	entities     INTEGER NOT NULL DEFAULT 0,
	designations INTEGER NOT NULL DEFAULT 0,
	holdings     INTEGER NOT NULL DEFAULT 0,
	controls     INTEGER NOT NULL DEFAULT 0,
	same_as      INTEGER NOT NULL DEFAULT 0,
	skipped      INTEGER NOT NULL DEFAULT 0,
	links        INTEGER NOT NULL DEFAULT 0,
	list         TEXT NOT NULL DEFAULT '',  -- graph.LoadMeta.List
	published    TEXT NOT NULL DEFAULT '',  -- graph.LoadMeta.Published
	owner        TEXT NOT NULL DEFAULT ''   -- procid token of the loading process ('' before version 5)
);

CREATE TABLE IF NOT EXISTS entities (
	id        TEXT PRIMARY KEY,
	kind      TEXT NOT NULL,
	name      TEXT NOT NULL,
	countries TEXT NOT NULL DEFAULT '',    -- joined with U+001F
	stub      INTEGER NOT NULL DEFAULT 0,  -- 1: created for a relation endpoint
	source    TEXT NOT NULL,
	record    TEXT NOT NULL,
	load_id   INTEGER NOT NULL,
	weak_aliases TEXT NOT NULL DEFAULT '', -- JSON array, '' when none
	addresses    TEXT NOT NULL DEFAULT '', -- JSON array of graph.Address, '' when none
	facts        TEXT NOT NULL DEFAULT '', -- JSON array of graph.Fact, '' when none
	since        TEXT NOT NULL DEFAULT ''  -- validity start of this version (list loads)
);

-- Earlier versions of entity records, replaced by a newer list version.
CREATE TABLE IF NOT EXISTS entity_versions (
	entity     TEXT NOT NULL,
	valid_from TEXT NOT NULL,              -- '' : since always
	valid_to   TEXT NOT NULL,              -- exclusive
	data       TEXT NOT NULL,              -- JSON graph.Entity, provenance included
	load_id    INTEGER NOT NULL            -- the load that replaced it
);
CREATE INDEX IF NOT EXISTS entity_versions_entity ON entity_versions(entity, valid_to);

CREATE TABLE IF NOT EXISTS identifiers (
	entity  TEXT NOT NULL,
	pos     INTEGER NOT NULL,
	scheme  TEXT NOT NULL,
	value   TEXT NOT NULL,
	country TEXT NOT NULL DEFAULT '',
	source  TEXT NOT NULL,
	record  TEXT NOT NULL,
	load_id INTEGER NOT NULL,
	PRIMARY KEY (entity, pos)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS identifiers_value ON identifiers(scheme, value);

CREATE TABLE IF NOT EXISTS aliases (
	entity  TEXT NOT NULL,
	pos     INTEGER NOT NULL,
	alias   TEXT NOT NULL,
	source  TEXT NOT NULL,
	record  TEXT NOT NULL,
	load_id INTEGER NOT NULL,
	PRIMARY KEY (entity, pos)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS designations (
	key      TEXT NOT NULL UNIQUE,          -- graph.Designation.Key()
	entity   TEXT NOT NULL,
	regime   TEXT NOT NULL,
	program  TEXT NOT NULL,
	listed   TEXT NOT NULL,
	delisted TEXT NOT NULL,
	source   TEXT NOT NULL,
	record   TEXT NOT NULL,
	load_id  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS designations_entity ON designations(entity);
CREATE INDEX IF NOT EXISTS designations_source ON designations(source);

CREATE TABLE IF NOT EXISTS holdings (
	key         TEXT NOT NULL UNIQUE,       -- graph.Holding.Key()
	owner       TEXT NOT NULL,
	owned       TEXT NOT NULL,
	share_lo    INTEGER NOT NULL,           -- millionths of a percent
	share_hi    INTEGER NOT NULL,
	votes_lo    INTEGER NOT NULL,
	votes_hi    INTEGER NOT NULL,
	share_open  INTEGER NOT NULL DEFAULT 0, -- bit 1: share_lo open, bit 2: share_hi open
	votes_open  INTEGER NOT NULL DEFAULT 0, -- the same for votes
	arrangement TEXT NOT NULL,
	start_date  TEXT NOT NULL,
	end_date    TEXT NOT NULL,
	source      TEXT NOT NULL,
	record      TEXT NOT NULL,
	load_id     INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS holdings_owned ON holdings(owned);
CREATE INDEX IF NOT EXISTS holdings_owner ON holdings(owner);

CREATE TABLE IF NOT EXISTS controls (
	key        TEXT NOT NULL UNIQUE,        -- graph.Control.Key()
	controller TEXT NOT NULL,
	controlled TEXT NOT NULL,
	basis      TEXT NOT NULL,
	start_date TEXT NOT NULL,
	end_date   TEXT NOT NULL,
	source     TEXT NOT NULL,
	record     TEXT NOT NULL,
	load_id    INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS controls_controlled ON controls(controlled);
CREATE INDEX IF NOT EXISTS controls_controller ON controls(controller);

CREATE TABLE IF NOT EXISTS same_as (
	key     TEXT NOT NULL UNIQUE,           -- graph.SameAs.Key()
	a       TEXT NOT NULL,
	b       TEXT NOT NULL,
	method  TEXT NOT NULL,
	score   REAL NOT NULL,
	source  TEXT NOT NULL,
	record  TEXT NOT NULL,
	load_id INTEGER NOT NULL,
	strength TEXT NOT NULL,                 -- graph.LinkStrength: strong, possible or rejected
	evidence TEXT NOT NULL DEFAULT ''       -- graph.SameAs.Evidence, '' when none
);
CREATE INDEX IF NOT EXISTS same_as_a ON same_as(a);
CREATE INDEX IF NOT EXISTS same_as_b ON same_as(b);

CREATE TABLE IF NOT EXISTS links (
	key        TEXT NOT NULL UNIQUE,        -- graph.Link.Key()
	from_id    TEXT NOT NULL,
	to_id      TEXT NOT NULL,               -- '' when unresolved
	to_name    TEXT NOT NULL,
	type       TEXT NOT NULL,
	start_date TEXT NOT NULL,
	end_date   TEXT NOT NULL,
	source     TEXT NOT NULL,
	record     TEXT NOT NULL,
	load_id    INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS links_from ON links(from_id);
CREATE INDEX IF NOT EXISTS links_to ON links(to_id) WHERE to_id <> '';
CREATE INDEX IF NOT EXISTS links_source ON links(source);
`

// migrations are the columns added since schema version 1, added with
// ALTER TABLE to a database file created by an older ownex (CREATE TABLE
// IF NOT EXISTS leaves existing tables as they are).
var migrations = []struct{ table, column, decl string }{
	{"loads", "links", "INTEGER NOT NULL DEFAULT 0"},
	{"loads", "list", "TEXT NOT NULL DEFAULT ''"},
	{"loads", "published", "TEXT NOT NULL DEFAULT ''"},
	// '' is a load recorded before owner tokens: interrupted if running
	// (liveness.go).
	{"loads", "owner", "TEXT NOT NULL DEFAULT ''"},
	{"entities", "weak_aliases", "TEXT NOT NULL DEFAULT ''"},
	{"entities", "addresses", "TEXT NOT NULL DEFAULT ''"},
	{"entities", "facts", "TEXT NOT NULL DEFAULT ''"},
	{"entities", "since", "TEXT NOT NULL DEFAULT ''"},
	{"holdings", "share_open", "INTEGER NOT NULL DEFAULT 0"},
	{"holdings", "votes_open", "INTEGER NOT NULL DEFAULT 0"},
	// The '' default exists only for the rows of a version 3 file, which
	// migrateLinks (migrate.go) gives a strength in the same transaction;
	// a '' strength is an error on read.
	{"same_as", "strength", "TEXT NOT NULL DEFAULT ''"},
	{"same_as", "evidence", "TEXT NOT NULL DEFAULT ''"},
}

// Bits of the share_open and votes_open columns: which bounds of the
// range are open (graph.Range.LoOpen, HiOpen). 0, the default of rows
// written before schema version 3, is a closed range.
const (
	openLo = 1
	openHi = 2
)

// openBits returns the share_open / votes_open value of r.
func openBits(r graph.Range) int64 {
	var b int64
	if r.LoOpen {
		b |= openLo
	}
	if r.HiOpen {
		b |= openHi
	}
	return b
}

// setOpen sets the openness of r from a share_open / votes_open value.
func setOpen(r *graph.Range, b int64) {
	r.LoOpen, r.HiOpen = b&openLo != 0, b&openHi != 0
}

// Statements used by a load, prepared once per load.
const (
	sqlUpsertEntity = `INSERT INTO entities (id, kind, name, countries, stub, source, record, load_id,
	weak_aliases, addresses, facts, since)
VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, name = excluded.name, countries = excluded.countries,
	stub = 0, source = excluded.source, record = excluded.record, load_id = excluded.load_id,
	weak_aliases = excluded.weak_aliases, addresses = excluded.addresses, facts = excluded.facts,
	since = excluded.since`
	sqlStubEntity      = `INSERT OR IGNORE INTO entities (id, kind, name, countries, stub, source, record, load_id) VALUES (?, 'unknown', ?, '', 1, ?, ?, ?)`
	sqlDeleteAliases   = `DELETE FROM aliases WHERE entity = ?`
	sqlInsertAlias     = `INSERT INTO aliases (entity, pos, alias, source, record, load_id) VALUES (?, ?, ?, ?, ?, ?)`
	sqlDeleteIdents    = `DELETE FROM identifiers WHERE entity = ?`
	sqlInsertIdent     = `INSERT INTO identifiers (entity, pos, scheme, value, country, source, record, load_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	sqlUpsertDesignate = `INSERT INTO designations (key, entity, regime, program, listed, delisted, source, record, load_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(key) DO UPDATE SET delisted = excluded.delisted, record = excluded.record, load_id = excluded.load_id`
	sqlUpsertHolding = `INSERT INTO holdings (key, owner, owned, share_lo, share_hi, votes_lo, votes_hi, arrangement,
	start_date, end_date, source, record, load_id, share_open, votes_open)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(key) DO UPDATE SET share_lo = excluded.share_lo, share_hi = excluded.share_hi,
	votes_lo = excluded.votes_lo, votes_hi = excluded.votes_hi, end_date = excluded.end_date,
	share_open = excluded.share_open, votes_open = excluded.votes_open,
	record = excluded.record, load_id = excluded.load_id`
	sqlUpsertControl = `INSERT INTO controls (key, controller, controlled, basis, start_date, end_date, source, record, load_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(key) DO UPDATE SET end_date = excluded.end_date, record = excluded.record, load_id = excluded.load_id`
	sqlUpsertSameAs = `INSERT INTO same_as (key, a, b, method, score, source, record, load_id, strength, evidence)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(key) DO UPDATE SET method = excluded.method, score = excluded.score,
	strength = excluded.strength, evidence = excluded.evidence,
	record = excluded.record, load_id = excluded.load_id`
	sqlUpsertLink = `INSERT INTO links (key, from_id, to_id, to_name, type, start_date, end_date, source, record, load_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(key) DO UPDATE SET to_name = excluded.to_name, end_date = excluded.end_date,
	record = excluded.record, load_id = excluded.load_id`
	// Statements of list loads only.
	sqlEntityState   = `SELECT stub, since FROM entities WHERE id = ?`
	sqlInsertVersion = `INSERT INTO entity_versions (entity, valid_from, valid_to, data, load_id) VALUES (?, ?, ?, ?, ?)`
)

// sqlUnconfirmed counts the designations that closeStatements[0] would
// close: ?1 the list, ?2 the load id.
const sqlUnconfirmed = `SELECT count(*) FROM designations WHERE source = ?1 AND load_id <> ?2 AND delisted = ''`

// closeStatements close, at the Commit of a complete list load, what the
// list's earlier versions said and this version does not restate: ?1 the
// list (provenance source), ?2 the publication date, ?3 the load id.
var closeStatements = []string{
	`UPDATE designations SET delisted = ?2 WHERE source = ?1 AND load_id <> ?3 AND delisted = ''`,
	`UPDATE holdings SET end_date = ?2 WHERE source = ?1 AND load_id <> ?3 AND end_date = ''`,
	`UPDATE controls SET end_date = ?2 WHERE source = ?1 AND load_id <> ?3 AND end_date = ''`,
	`UPDATE links SET end_date = ?2 WHERE source = ?1 AND load_id <> ?3 AND end_date = ''`,
}
