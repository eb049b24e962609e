package graph

import "context"

// Dumper is implemented by stores that can stream every record they hold,
// as stored, to a DumpSink: the load log, every entity (stubs included),
// every relation with the key and load id it is stored under, and the
// earlier versions of list records. It is what a copy of a store into
// another form needs (`ownex export neo4j-import`); the SQLite store is a
// Dumper, the Neo4j store is not, so Dumper is optional (not in Store).
//
// Dump reads one consistent state of the store (a single read
// transaction where the store has them) and writes nothing to it. It
// calls the sink from a single goroutine, in this order:
//
//  1. Load for every entry of the load log, in ascending ID order.
//  2. Identifier for the identifier of every entity, in the order in which
//     they were first written: earliest load first, then the order in
//     which the entities were first written, then their position in the
//     entity. A key (Identifier.String) shared by several entities comes
//     once per entity; the first call of a key is its first writer.
//  3. Entity for every entity, once, in ascending byte order of ID, with
//     its aliases and identifiers in their stored order.
//  4. Designation, then Holding, Control, SameAs and Link for every record
//     of that kind, once each, in the order in which they were first
//     written (an update keeps a record's place).
//  5. Version for every earlier version of an entity record, in the order
//     in which they were stored.
//
// It stops at the first error a sink method returns and returns it
// (wrapped).
type Dumper interface {
	Dump(ctx context.Context, sink DumpSink) error
}

// DumpSink receives the records of a Dumper (see Dumper for the order).
// A record passed by pointer is valid only during the call: a sink that
// keeps it copies it.
//
// A relation comes with its key, the Key() of the record as it was first
// written, under which later writes of the same record were upserted (a
// store keeps the key rather than every field it is made of, e.g. a
// holding's Ref), and the load id, the LoadRecord.ID of the load that
// last wrote it.
type DumpSink interface {
	// Load receives one entry of the load log.
	Load(r *LoadRecord) error
	// Identifier receives an identifier of an entity before the entities,
	// so that a sink which keeps one node per key can give it the
	// country of its first writer.
	Identifier(id Identifier)
	// Entity receives one entity with its stored state.
	Entity(e *StoredEntity) error
	// Designation receives one designation.
	Designation(key string, loadID int64, d *Designation) error
	// Holding receives one holding.
	Holding(key string, loadID int64, h *Holding) error
	// Control receives one control edge.
	Control(key string, loadID int64, c *Control) error
	// SameAs receives one same-as link.
	SameAs(key string, loadID int64, s *SameAs) error
	// Link receives one link (To empty: unresolved, ToName its target).
	Link(key string, loadID int64, l *Link) error
	// Version receives an earlier version of entity's record, with its
	// validity.
	Version(entity string, v *EntityVersion) error
}

// StoredEntity is an entity as a store holds it: the record, whether it
// is a stub (a relation endpoint that no entity record described: its
// name is its id, its kind unknown), the load that last wrote it and the
// start of its current version (list loads; empty when unknown).
type StoredEntity struct {
	Entity
	Stub   bool
	LoadID int64
	Since  Date
}
