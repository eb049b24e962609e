// Package idtable maps string IDs to their positions in a slice that the
// caller owns: an open-addressing hash table of 8 bytes a slot, with no
// pointer for the garbage collector to scan. The engines' builder
// (graph/exposure) numbers entities with it, and the snapshot cache
// (internal/snapcache) resolves the ends of holdings with it.
package idtable
