// Package queries holds the read-side use cases that the command line and
// (later) the HTTP API share: who owns an entity (Owners), what it holds
// (Holdings), how two entities are connected by ownership (Paths), and its
// look-through ownership (LookThrough).
//
// Every function works on either store through the graph interfaces only —
// graph.Reader (Entity, Upstream), graph.Downstreamer and
// graph.UpstreamDepther (Store) — and returns plain structs; no Cypher, no
// driver, no gonum type. The named Cypher queries for people working in
// Neo4j live in queries/cypher.
//
// Screening (screen*.go) matches the rows of a client's book to the
// store's records — by identifier, else by name with resolve.ScreenScorer
// over an index of every record (MatchIndex, screen_match.go: every distinct
// token of the store's names filed under resolve.TokenKeys in a keyTable,
// screen_keys.go, a row's candidates ranked by the weight of the tokens
// they share; the records are read and prepared on one goroutine while
// another files them, and the index keeps of each the fields that prepare
// it again, in a byte arena, screen_source.go, so that only a row's
// candidates are prepared and scored) — and decides
// per party (screen_decide.go): the records of one strong same-as cluster
// are one match (Match.Party), parties that are only possible links of
// the best one are listed in Match.PossiblySame instead of making the row
// ambiguous, and every match and candidate says why (Match.Why,
// Candidate.Why: the name or alias matched, the token pairs, the
// evidence). The optional dob column of the book (screen_input.go) is
// evidence for persons. docs/RESOLVE.md ("Screening") gives the rules.
// A matched entity's proof is built graph.ProofDepth levels deep, deeper
// levels summed up (graph.ProofElision), once per entity and regime.
// Lookback screening (issue 17 item 2, screen_asof.go): a row with a date
// is decided as of it on the upstream closure of its matched entity (one
// closure analysis per distinct date and chunk of rows), and carries its
// status as of the screening's as-of date too (RowVerdict.StatusToday);
// docs/SCREENING.md ("Lookback") gives the figures behind that choice. The
// whole-store analysis a screening reads is an Analysis
// (screen_analysis.go: the verdicts, the holdings designated parties
// reach, the same-as parties), read from an AnalysisSource — a store, or
// its snapshot cache (internal/snapcache), which streams the same
// records: the whole snapshot with the holdings' records into the
// engines' builder, then the designated cone for the look-through index. NewScreener makes an Analysis and a
// MatchIndex for its screening alone; the HTTP server keeps Analyses by
// date and one MatchIndex (it depends on no date nor threshold) for every
// screening (NewScreenerFrom).
//
// The whole-store summary (Summarize, summary*.go, `ownex report`) works on
// parties (RULES.md "Parties and links"): the records of one strong
// same-as cluster are counted once under the id that stands for them
// (graph.Verdict.Party) and listed once with all their record ids
// (EntityRef.Records); a stub made for a cross-reference is a record of
// the party that refers to it, never a party of its own. Summary.Entities
// still counts records.
//
// Timeline (timeline.go) gives the maximal intervals on which an entity's
// verdict under each regime (status and counted share) is constant, with
// the events on each interval's start. It is exact: it analyses the
// upstream closure, read with every record of every date, once per span
// between the dates on which some record of the closure starts or ends.
//
// Multiplied shares (a path's product of shares, look-through ownership)
// are an analytic measure for risk teams, never a verdict (RULES.md
// section 1): they are float64 percentages, reported as a lower and an
// upper value computed from the lower and upper bounds of every share
// range, and they are never compared with a legal threshold.
// docs/LOOKTHROUGH.md defines them and derives the test examples.
package queries
