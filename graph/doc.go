// Package graph holds ownex's domain types: entities, designations,
// holdings with exact-decimal share ranges, control edges, verdicts and the
// proofs that explain them, plus the small interfaces that stores implement.
// Store embeds every interface that both stores implement, so that a
// store lacking one does not compile; only the capabilities of one store
// (Dumper, VerdictStore) are optional and checked at run time.
//
// The package imports only the standard library. Every other package of
// ownex speaks in these types: ingesters produce them, stores keep them,
// the engines in graph/exposure turn a Snapshot into Verdicts.
//
// Parties (RULES.md section 2, "Parties and links", party.go): strong
// same-as links join records into parties. A verdict is given per record
// and names its party (Verdict.Party); a record without a name of its own
// (Named: a stub, named by its id) shows its party's name (PartyName).
//
// Percentages are exact: a Pct counts millionths of a percent, so 50 % is
// 50_000_000 and no threshold is ever compared in floating point.
package graph
