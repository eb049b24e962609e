// Package snapcache keeps a compact binary snapshot of a store's graph in
// a file (issue 18 item 1): every entity, every holding of every date and
// the few designations, control edges and same-as links, tagged with the
// state of the store's load log. `analyze` and `export parquet` read it
// instead of the store when the tag matches; any other state of the file
// (another tag, another format version, a bad checksum, a truncation, an
// index out of range) is an error, and the caller reads the store and
// rebuilds the file: a cache is never trusted beyond what it proves.
//
// The file is written whole to a temporary file in the target's folder,
// synced and renamed over the target: a reader sees the old file or the
// new one, never a part.
//
// # Format, version 1
//
// All integers are little-endian. The file is a header followed by
// sections, in this order:
//
//	header:  magic "OWNEXSNP" (8 bytes), format version (uint32, 1),
//	         section count (uint32)
//	section: kind (uint32), length in bytes (uint64), CRC-32C
//	         (Castagnoli) of the body (uint32), body
//
// The sections, by kind:
//
//	1 tag        the tag (Tag: the load log, and what else the caller
//	             knows of the store, such as a Neo4j store's counts), UTF-8
//	2 counts     entities, nodes, holdings (3 × uint64); nodes counts the
//	             entities and then the holding ends no entity names
//	3 relations  JSON {"designations": [...], "controls": [...],
//	             "same_as": [...]} of every date, in the store's order,
//	             in the JSON of package graph's types
//	4 tables     JSON {"arrangements": [...], "sources": [...],
//	             "spans": [{"start": ..., "end": ...}, ...]}: the distinct
//	             values the holdings index
//	5 ids        nodes+1 offsets (uint64) into the bytes that follow: the
//	             entity IDs in ascending byte order, then the ends
//	6 names      entities+1 offsets (uint64) and the entities' names
//	7 holdings   the holdings in the store's order, in chunks of 65,536
//	             (the last one shorter), each chunk's columns one after
//	             the other: owner and owned (uint32 node indexes),
//	             share low, share high, votes low, votes high (int64
//	             millionths of a percent, graph.Pct), openness (uint8:
//	             bit 0 share low open, 1 share high open, 2 votes low open,
//	             3 votes high open), arrangement, source and span (int32
//	             indexes into the tables, -1 for none)
//
// A reader checks the magic, the version, the section kinds and lengths
// against the counts, every checksum and every index; the holdings are
// read in chunks, without a Go object per record, and their checksum is
// checked before the read reports success. The entity IDs and names are
// one allocation each, which the strings handed to a graph.ColumnSink
// point into.
package snapcache
