// Package idtable holds the tables that number IDs and strings without a
// Go object per entry: Table maps string IDs to their positions in a
// slice the caller owns (an open-addressing hash table of 8 bytes a slot,
// with no pointer for the garbage collector to scan); Strings and Spans
// number distinct strings and date pairs; Arena copies byte strings into
// large shared chunks. The engines' builder (graph/exposure) and the
// snapshot cache (internal/snapcache) use them, so that both number
// entities, arrangements, sources and spans the same way.
package idtable
