// Command components measures how an ownership graph splits into weakly
// connected components (docs/SCALE.md): the number of components by size
// bucket, the largest component in entities, holdings and control edges,
// the largest strongly connected component (ownership cycles), and the
// downstream cone of the designated entities, the only entities whose
// status can be other than clear, with the edges that end in it, and the
// cone's parts (its weakly connected components) by size.
//
// A weakly connected component is a set of entities joined by holdings,
// control edges and same-as links taken as undirected edges. The links
// are those graph.PartyLinks keeps, strong and possible (a possible link
// changes no status but feeds the possible run's flags; a link rejected
// by a person does not count). Every record read counts, whatever its
// dates and whether a designation is delisted: the components are those
// of every date at once, so a partition by them holds for any --as-of.
// Entities that no edge touches are components of one.
//
// The graph is read with the project's own readers: a folder of generic
// CSV files through the csv ingester (ingest/csv), or a SQLite store
// through its Dump (after `ownex ingest <format> ...` of any format). The
// components are found with exposure.Components (Tarjan) on the graph
// with every edge in both directions, so the project keeps one
// component search.
//
//	go run ./internal/tools/components -csv /tmp/s1m/g
//	go run ./internal/tools/components -db store.db
package main
