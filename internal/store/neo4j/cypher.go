package neo4j

// The generic upserts, one map per row. The batched writer (write.go)
// uses them for designations, same-as links and links; a test-only
// per-row store (Store.perRow, OpenPerRow) runs all of them one row at a
// time. Labels and relationship types are constants here; every value
// comes from $rows or $load.

// cypherSetEntity writes row r onto the existing or new entity e, for
// the generic upsert and the batched writer's update (write.go). In a
// list load ($list not null) a record whose content changed keeps its
// earlier version as an (:EntityVersion) valid until $published, and
// "since" moves to $published.
const cypherSetEntity = `
WITH e, r, ($list IS NOT NULL AND e.content IS NOT NULL AND NOT coalesce(e.stub, false) AND e.content <> r.content) AS changed
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END |
  CREATE (e)-[:PREVIOUS_VERSION]->(:EntityVersion {content: e.content, valid_from: e.since, valid_to: $published,
                                                   source: e.source, record: e.record}))
SET e.since = CASE WHEN $list IS NULL THEN e.since
                   WHEN changed OR e.content IS NULL OR coalesce(e.stub, false) THEN $published
                   ELSE e.since END,
    e.name = r.name, e.kind = r.kind, e.aliases = r.aliases, e.aliases_text = r.aliases_text,
    e.weak_aliases = r.weak_aliases, e.countries = r.countries, e.content = r.content,
    e.source = r.source, e.record = r.record, e.stub = false, e.load_id = $load`

// cypherUpsertEntities upserts entities. In a list load ($list not null)
// a record whose content changed keeps its earlier version as an
// (:EntityVersion) valid until $published, and "since" moves to $published.
const cypherUpsertEntities = `
UNWIND $rows AS r
MERGE (e:Entity {id: r.id})` + cypherSetEntity + `
REMOVE e:Person:Company:Organization:Vessel:Aircraft:Unknown
FOREACH (_ IN CASE r.kind WHEN 'person' THEN [1] ELSE [] END | SET e:Person)
FOREACH (_ IN CASE r.kind WHEN 'company' THEN [1] ELSE [] END | SET e:Company)
FOREACH (_ IN CASE r.kind WHEN 'organization' THEN [1] ELSE [] END | SET e:Organization)
FOREACH (_ IN CASE r.kind WHEN 'vessel' THEN [1] ELSE [] END | SET e:Vessel)
FOREACH (_ IN CASE r.kind WHEN 'aircraft' THEN [1] ELSE [] END | SET e:Aircraft)
FOREACH (_ IN CASE r.kind WHEN 'unknown' THEN [1] ELSE [] END | SET e:Unknown)
WITH e, r
OPTIONAL MATCH (e)-[old:HAS_IDENTIFIER]->()
DELETE old
WITH DISTINCT e, r
FOREACH (idf IN r.identifiers |
  MERGE (i:Identifier {key: idf.key})
  ON CREATE SET i.scheme = idf.scheme, i.value = idf.value, i.country = idf.country
  MERGE (e)-[:HAS_IDENTIFIER]->(i))
`

const cypherUpsertDesignations = `
UNWIND $rows AS r
MERGE (e:Entity {id: r.entity})
ON CREATE SET e.name = r.entity, e.kind = 'unknown', e.stub = true, e.load_id = $load, e:Unknown
MERGE (g:Regime {name: r.regime})
MERGE (e)-[d:DESIGNATED {key: r.key}]->(g)
SET d.regime = r.regime, d.program = r.program, d.listed = r.listed, d.delisted = r.delisted,
    d.source = r.source, d.record = r.record, d.load_id = $load
`

const cypherUpsertHoldings = `
UNWIND $rows AS r
MERGE (o:Entity {id: r.owner})
ON CREATE SET o.name = r.owner, o.kind = 'unknown', o.stub = true, o.load_id = $load, o:Unknown
MERGE (c:Entity {id: r.owned})
ON CREATE SET c.name = r.owned, c.kind = 'unknown', c.stub = true, c.load_id = $load, c:Unknown
MERGE (o)-[h:OWNS {key: r.key}]->(c)
SET h.share_min = r.share_min, h.share_max = r.share_max, h.votes_min = r.votes_min, h.votes_max = r.votes_max,
    h.share_open = r.share_open, h.votes_open = r.votes_open,
    h.arrangement = r.arrangement, h.start = r.start, h.end = r.end, h.source = r.source, h.record = r.record,
    h.load_id = $load
`

const cypherUpsertControls = `
UNWIND $rows AS r
MERGE (a:Entity {id: r.controller})
ON CREATE SET a.name = r.controller, a.kind = 'unknown', a.stub = true, a.load_id = $load, a:Unknown
MERGE (b:Entity {id: r.controlled})
ON CREATE SET b.name = r.controlled, b.kind = 'unknown', b.stub = true, b.load_id = $load, b:Unknown
MERGE (a)-[c:CONTROLS {key: r.key}]->(b)
SET c.basis = r.basis, c.start = r.start, c.end = r.end, c.source = r.source, c.record = r.record, c.load_id = $load
`

const cypherUpsertSameAs = `
UNWIND $rows AS r
MERGE (a:Entity {id: r.a})
ON CREATE SET a.name = r.a, a.kind = 'unknown', a.stub = true, a.load_id = $load, a:Unknown
MERGE (b:Entity {id: r.b})
ON CREATE SET b.name = r.b, b.kind = 'unknown', b.stub = true, b.load_id = $load, b:Unknown
MERGE (a)-[s:SAME_AS {key: r.key}]-(b)
SET s.method = r.method, s.score = r.score, s.strength = r.strength, s.evidence = r.evidence,
    s.source = r.source, s.record = r.record, s.load_id = $load
`

// cypherUpsertLinks upserts links; an unresolved target is a (:Mention)
// node holding the published name.
const cypherUpsertLinks = `
UNWIND $rows AS r
MERGE (a:Entity {id: r.from})
ON CREATE SET a.name = r.from, a.kind = 'unknown', a.stub = true, a.load_id = $load, a:Unknown
WITH a, r
CALL {
  WITH a, r
  WITH a, r WHERE r.to IS NOT NULL
  MERGE (b:Entity {id: r.to})
  ON CREATE SET b.name = r.to, b.kind = 'unknown', b.stub = true, b.load_id = $load, b:Unknown
  MERGE (a)-[l:LINKED {key: r.key}]->(b)
  SET l.type = r.type, l.to_name = r.to_name, l.start = r.start, l.end = r.end, l.source = r.source, l.record = r.record, l.load_id = $load
  RETURN count(*) AS resolved
}
CALL {
  WITH a, r
  WITH a, r WHERE r.to IS NULL
  MERGE (m:Mention {name: coalesce(r.to_name, '')})
  MERGE (a)-[l:LINKED {key: r.key}]->(m)
  SET l.type = r.type, l.to_name = r.to_name, l.start = r.start, l.end = r.end, l.source = r.source, l.record = r.record, l.load_id = $load
  RETURN count(*) AS unresolved
}
RETURN count(*)
`

// Closing statements of a list load: what this load did not restate is
// closed at $published, in chunks.
const (
	// cypherUnconfirmed counts what cypherCloseDesignations would close.
	cypherUnconfirmed = `MATCH ()-[r:DESIGNATED]->() WHERE r.source = $list AND r.load_id <> $load AND r.delisted IS NULL
RETURN count(r)`
	cypherCloseDesignations = `MATCH ()-[r:DESIGNATED]->() WHERE r.source = $list AND r.load_id <> $load AND r.delisted IS NULL
WITH r LIMIT 10000 SET r.delisted = $published RETURN count(r)`
	cypherCloseHoldings = `MATCH ()-[r:OWNS]->() WHERE r.source = $list AND r.load_id <> $load AND r.end IS NULL
WITH r LIMIT 10000 SET r.end = $published RETURN count(r)`
	cypherCloseControls = `MATCH ()-[r:CONTROLS]->() WHERE r.source = $list AND r.load_id <> $load AND r.end IS NULL
WITH r LIMIT 10000 SET r.end = $published RETURN count(r)`
	cypherCloseLinks = `MATCH ()-[r:LINKED]->() WHERE r.source = $list AND r.load_id <> $load AND r.end IS NULL
WITH r LIMIT 10000 SET r.end = $published RETURN count(r)`
)
