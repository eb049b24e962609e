// Package sqlite is ownex's embedded store: one SQLite file through
// modernc.org/sqlite (pure Go), implementing graph.Store, graph.Detailer,
// graph.Atomic and graph.Dumper (dump.go: every record as stored, in one
// read transaction, for `ownex export`). It is the only package that
// imports the driver.
//
// Schema (see schema.go): entities (with stub flag), identifiers, aliases,
// designations, holdings, controls, same_as, links, entity_versions and
// the load log loads. Every record row keeps its provenance (source,
// record) and the id of the load that last wrote it; relations carry a
// unique key column holding their graph Key() string, so writes are
// idempotent upserts. Shares are stored as INTEGER millionths of a percent
// (share_lo, share_hi, votes_lo, votes_hi), with the openness of each range
// as a bitmask (share_open, votes_open: 1 the lower bound is open, 2 the
// upper bound; 0 closed); dates as TEXT "YYYY-MM-DD", the
// empty string when unset. An entity's weak aliases, addresses and facts
// are JSON arrays in columns of its row (the empty string when none); Snapshot and
// Upstream do not read them (the engines need id, name and kind only),
// Entity and Detail do.
//
// StreamSnapshot (graph.SnapshotStreamer) and StreamUpstream
// (graph.UpstreamStreamer, for `ownex explain`) hand the whole store, or
// the upstream closure Upstream finds, to a sink row by row, scanned into
// reused buffers; an upstream stream's holdings carry their span and
// record. StreamCone (graph.ConeStreamer, cone.go) hands the designated
// cone and the edges into it: the closure is one recursive query (the
// machinery of Downstream, seeded by the designations and following
// same-as links both ways) into the connection's temporary table
// temp.upstream, the holdings into it (rowid and owner) into
// temp.cone_holdings and, with its boundary, its entities into
// temp.cone_entities, all read through the indexes of the owned,
// controlled and same-as ends, in one read transaction.
//
// A same-as link's strength (graph.LinkStrength) is the strength column,
// its evidence the evidence column (empty when none). A link without a valid
// strength is refused at write (graph.SameAs.CheckStrength), and a row
// whose strength is missing or unknown fails the read that meets it,
// naming the link: it is never read as a strong link. Detail also gives
// the entity's party (graph.PartyOf).
//
// The schema version is PRAGMA user_version (5). Open upgrades a file of
// version 1, 2, 3 or 4 in place: new tables are created and missing columns
// added with ALTER TABLE (share_open and votes_open default to 0, closed,
// which is what every older row meant). Only the same-as links of a file
// without the strength column are rewritten (migrate.go): the old
// resolver's name links (method "name") become possible links, every
// other link strong, each with its record as evidence, and Migrations
// (graph.Migrator) returns a notice saying so, on that Open only. Open
// always runs that schema transaction, which rewrites the file's header
// counters even when nothing changes; OpenReadOnly (issue 17, `ownex
// whatif`) runs none, opens every connection query_only and refuses a file
// of another schema version, so that the file stays byte-identical.
//
// A load is one transaction: nothing is visible before Commit, Abort rolls
// everything back. The load log row is written outside that transaction so
// that a failed load stays recorded.
//
// Interrupted loads (liveness.go, graph.Writer): a load's row records the
// owner token of its process (loads.owner, internal/procid: host, boot,
// pid namespace, pid, process start time). A running row whose process is
// gone, or that has no owner (written before schema version 5), is shown
// as interrupted by Loads and stored as interrupted by Open (only if the
// write lock is free at once: Open never waits for another process's load)
// and by Begin. A row of a process that procid cannot check (another host
// or pid namespace) stays running: the file is used by one machine. The
// write lock is not the liveness test: a load takes it only after its row
// is written, and any writer holds it. A file already at the current
// schema version is opened without a write transaction, so that it can be
// opened and read while another process loads (before, Open waited for the
// load's write lock and failed after the busy timeout).
//
// Loads other than list versions take a bulk path (load_fast.go): their own
// connection through modernc.org/sqlite/lib, multi-row upserts, and, when a
// table was empty, its secondary indexes dropped and rebuilt before commit
// (readers see the old state until then; an abort restores everything).
//
// # List versions
//
// A load whose LoadMeta.List is set is a version of that list, published on
// LoadMeta.Published (today when unset):
//
//   - Begin refuses it, and logs it failed, when a complete committed load
//     of the same list has a later publication date.
//   - A load committed with skipped records (Commit's skipped > 0) is a
//     partial version (graph.Load): its writes apply, it closes nothing,
//     and Begin's check above ignores it, so a complete version of the
//     same or an earlier date loads after it. Unconfirmed counts, before
//     Commit, the open designations of the list that the load did not
//     write.
//   - At Commit of a complete version, in the same transaction, every designation, holding,
//     control edge and link whose provenance source is the list and which
//     this load did not write (load_id) is closed: an empty delisted or end
//     date becomes the publication date. Nothing is deleted. A record that
//     a later version restates with the same key is reopened by the upsert
//     (its delisted or end date is the one the list gives, usually empty).
//   - Entity history: a new entity (or a stub becoming a record) is valid
//     since the publication date; a record whose graph.Entity.Content is
//     unchanged keeps its since; a changed record whose current version is
//     older than the publication date is copied, as it was, into
//     entity_versions with valid_from = its since and valid_to = the
//     publication date, and the row's since becomes the publication date.
//     A changed record whose current version is not older (the same list
//     version loaded again, or the same id twice in one load) is replaced
//     in place, without an earlier version.
//
// Loads without a list keep no history: they write an empty since (the
// validity start of their records is unknown) and never touch
// entity_versions, nor close anything. Their entity writes are blind
// upserts, which keeps bulk loads fast.
package sqlite
