// Package neo4j is ownex's production store on Neo4j 5 (Community,
// Enterprise or Aura). It is the only importer of the Neo4j Go driver.
// Besides the store, ImportWriter (export.go) is a graph.DumpSink that
// writes a graph.Dumper's records as the files of a neo4j-admin import.
//
// Model (DESIGN.md, "Neo4j model"):
//
//	(:Entity {id, name, kind, aliases, countries, source, record, stub})  plus :Person, :Company, … per kind
//	(:Entity)-[:HAS_IDENTIFIER]->(:Identifier {key, scheme, value, country})
//	(:Entity)-[:OWNS {key, share_min, share_max, votes_min, votes_max, share_open, votes_open, arrangement, start, end, source, record}]->(:Entity)
//	(:Entity)-[:CONTROLS {key, basis, start, end, source, record}]->(:Entity)
//	(:Entity)-[:DESIGNATED {key, regime, program, listed, delisted, source, record}]->(:Regime {name})
//	(:Entity)-[:SAME_AS {key, method, score, strength, evidence, source, record}]->(:Entity)
//	(:Load {id, source, format, files, checksum, started, finished, status, error, owner, heartbeat (while running), …counts})
//
// Shares are integers in millionths of a percent (graph.Pct), so that
// nothing is rounded on the way through the database; share_open and
// votes_open are bitmasks of the range's open bounds (1 lower, 2 upper; 0
// or missing: closed). Every value reaches
// Cypher as a $parameter; labels and relationship types are constants of
// this package. Writes are batched as UNWIND $rows, one transaction per
// batch (write.go): MERGE in general, CREATE where the load can prove a
// record new, for the same stored graph.
// A load that is interrupted leaves what it wrote, and re-running it
// converges to the state of a clean run because every write is an
// idempotent upsert keyed like the SQLite store's (graph.Holding.Key and
// friends).
//
// Interrupted loads (liveness.go, graph.Writer): a :Load records the owner
// token of its process (owner, internal/procid) and a heartbeat (the
// server's timestamp(), ms) that the loading process refreshes every
// HeartbeatInterval (30 s) until Commit or Abort (which remove it). A
// running load is
// interrupted when it has no owner (an ownex before owner tokens), when its
// process is gone on this host (procid.Check), or, when procid cannot tell
// (another host or pid namespace), when its heartbeat is older than
// HeartbeatTimeout (5 minutes) by the server's clock. Loads shows such
// loads as interrupted; Open and Begin store it. A load of a live process
// of this host stays running whatever its heartbeat.
//
// A list load (LoadMeta.List) is a version of the list: Begin refuses it
// when a complete committed version has a later publication date, and
// Commit closes, at the publication date, the list's designations and
// relations that the load did not write (closeList). A load committed
// with skipped records is a partial version (graph.Load): it closes
// nothing and Begin's check ignores it; Unconfirmed counts what it left
// open.
//
// Reads never invent a value (decode.go): a node or relationship whose
// required property is missing, or any property of the wrong type, fails
// the read with an error that names the element and the property (for
// example `stored OWNS relationship "A" -> "B" (source "s", record "r"):
// property share_max is missing`); only the properties documented as
// optional there (provenance, dates, a stub's lists, …) read as "" or
// nil, and only when absent. Likewise the writer never sends a
// relationship without the node ids of both its ends: a look-up that
// misses fails the Write, naming the entity.
//
// StreamSnapshot, the read behind `ownex analyze` (stream.go,
// stream_parts.go), cuts the entity IDs into ranges by the entity_id index
// and reads each range's entities and holdings as separate statements, two
// sessions at once, merged in a fixed order (entities in ID order, then
// holdings range by range); a holding's ends come as node ids and are
// turned back into IDs from the entities read. StreamCone (cone.go,
// graph.ConeStreamer) reads only the designated cone and the edges into
// it, in one read transaction: a breadth-first walk from the designated
// IDs, one UNWIND statement per batch of the frontier for the holdings
// (never a variable-length path), the control edges and same-as links
// from the relations already read; then the cone's entities and the
// holdings into it by ID, batch by batch, and the owners' entities by
// node id. Its holdings come sorted by owner ID (StreamSnapshot's order
// within a range of owner IDs is the server's).
//
// A SAME_AS relationship always has a strength (strong, possible or
// rejected, graph.LinkStrength): a link without a valid one is refused at
// write, and one read without it fails the read, naming the link. Open
// gives the SAME_AS relationships that an ownex before link strengths
// wrote (no strength property) theirs (migrate.go): name links become
// possible links, every other method strong, with the record as evidence;
// Migrations says so, on that Open only. Detail reads the entity's party
// (graph.PartyOf) with its same-as links.
package neo4j
