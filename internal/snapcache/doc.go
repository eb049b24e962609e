// Package snapcache keeps a compact binary snapshot of a store's graph in
// a file (issue 18 item 1): every entity, every holding of every date and
// the few designations, control edges and same-as links, tagged with the
// state of the store's load log, and beside them the designated cone of
// every date (cone_write.go) and the holdings' records that proofs cite.
// `analyze`, `export parquet`, `screen` and `serve` read it instead of
// the store when the tag matches: StreamSnapshot reads the whole graph
// (with the records for a sink that keeps them: graph.WantsRecords, the
// whole-store analysis that screen and serve explain from,
// queries.Analyze), StreamCone (graph.ConeStreamer) a cone alone, for
// `analyze` without --all. Any other state of the file (another tag, another format
// version, a bad checksum, a truncation, an index out of range) is an
// error, and the caller reads the store and rebuilds the file: a cache is
// never trusted beyond what it proves.
//
// The file is written whole to a temporary file in the target's folder,
// synced and renamed over the target: a reader sees the old file or the
// new one, never a part.
//
// # Format, version 3
//
// All integers are little-endian. The file is a header followed by
// sections, in this order:
//
//	header:  magic "OWNEXSNP" (8 bytes), format version (uint32, 3),
//	         section count (uint32, 28)
//	section: kind (uint32), length in bytes (uint64), CRC-32C
//	         (Castagnoli) of the body (uint32), body
//
// The sections, by kind:
//
//	1 tag        the tag (Tag: the load log, and what else the caller
//	             knows of the store, such as a Neo4j store's counts), UTF-8
//	2 tables     the numbers of arrangements, sources and spans (uvarint),
//	             then each string (a span as its start and its end) as its
//	             length (uvarint) and its bytes: the distinct values the
//	             holdings index
//	3-7          the whole graph's part
//	8-27         four designated cones' parts, one of every designation's
//	             cone, then one of each engine's (OFAC, UK, EU: the
//	             designations that seed it, graph.Seeds): the closure of
//	             the seeds of any date along every holding and control edge
//	             of any date and every same-as link (both ways), with the
//	             owners and controllers of its entities; every designation,
//	             the control edges into the cone, the same-as links inside
//	             it, the holdings into it
//	28 records   the record (graph.Provenance.Record) of each holding of
//	             the whole part, in its order: its length (uvarint) and
//	             its bytes
//
// A part is five sections, from its first kind on:
//
//	+0 counts    entities, nodes, holdings (3 × uint64); nodes counts the
//	             entities and then the holding ends no entity names
//	+1 relations the numbers of designations, control edges and same-as
//	             links (uvarint), then each record's fields (relations.go),
//	             a string as its length (uvarint) and its bytes, a score as
//	             its float64 bits (uint64), in the store's order
//	+2 ids       nodes+1 offsets (uint64) into the bytes that follow: the
//	             entity IDs in ascending byte order, then the ends
//	+3 names     entities+1 offsets (uint64) and the entities' names
//	+4 holdings  the holdings in the store's order, in chunks of 65,536
//	             (the last one shorter), each chunk's columns one after
//	             the other: owner and owned (uint32 node indexes of the
//	             part), share low, share high, votes low, votes high (int64
//	             millionths of a percent, graph.Pct), openness (uint8:
//	             bit 0 share low open, 1 share high open, 2 votes low open,
//	             3 votes high open), arrangement, source and span (int32
//	             indexes into the tables, -1 for none)
//
// Open checks the magic, the version, every section's kind and length
// against the file and the counts, and reads the tag, the tables and the
// counts; a stream reads its part's relations and strings (checking their
// checksums and offsets) before its sink gets anything, then the holdings
// in chunks, without a Go object per record, checking every index, and
// their checksum before it reports success. The entity IDs and names are
// one allocation each, which the strings handed to a graph.ColumnSink
// point into. The records section is read beside the holdings, a chunk at
// a time, only for a sink that keeps records; its checksum, and that it
// holds exactly one record a holding, are checked at the end. Files of
// versions 1 (JSON tables and relations, no cone parts) and 2 (no
// records) are refused with ErrVersion, and rebuilt.
package snapcache
