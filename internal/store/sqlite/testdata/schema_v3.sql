-- The schema of version 3 (ownex before same-as link strengths, issue 13), to test that a database
-- file created by it opens and its same-as links are migrated. Do not edit.
CREATE TABLE IF NOT EXISTS loads (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	source       TEXT NOT NULL,
	format       TEXT NOT NULL,
	files        TEXT NOT NULL,            -- JSON array
	checksum     TEXT NOT NULL,
	started      TEXT NOT NULL,            -- RFC 3339, UTC
	finished     TEXT NOT NULL DEFAULT '',
	status       TEXT NOT NULL,            -- running, committed, failed
	error        TEXT NOT NULL DEFAULT '',
	entities     INTEGER NOT NULL DEFAULT 0,
	designations INTEGER NOT NULL DEFAULT 0,
	holdings     INTEGER NOT NULL DEFAULT 0,
	controls     INTEGER NOT NULL DEFAULT 0,
	same_as      INTEGER NOT NULL DEFAULT 0,
	skipped      INTEGER NOT NULL DEFAULT 0,
	links        INTEGER NOT NULL DEFAULT 0,
	list         TEXT NOT NULL DEFAULT '',  -- graph.LoadMeta.List
	published    TEXT NOT NULL DEFAULT ''   -- graph.LoadMeta.Published
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
	load_id INTEGER NOT NULL
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
