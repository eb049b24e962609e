// Package exposure implements ownex's three sanctions exposure engines —
// US OFAC, UK and EU — exactly as RULES.md section 2 specifies them, and
// explains each verdict with a finite proof tree.
//
// # Use
//
//	res, err := exposure.Analyze(snapshot, exposure.Options{AsOf: "2025-06-30"})
//	for v := range res.Verdicts(graph.RegimeOFAC) { ... }
//	proof, err := res.Explain("gb-coh:01234567", graph.RegimeUK)
//	short, err := res.ExplainDepth("gb-coh:01234567", graph.RegimeUK, 25)
//
// AnalyzeUpstream analyses one entity's upstream closure read from a store
// (`ownex explain`, the API's odd dates), streamed into a Builder that
// keeps the holdings' records (graph.UpstreamStreamer). A Builder is also a
// graph.ColumnSink: the snapshot cache (internal/snapcache) hands it the
// nodes and the holdings as columns, and it builds what the rows would
// (builder_columns.go).
//
// Options.Cone analyses only the designated cone (cone.go): the entities
// that the analysed regimes' designations reach along holdings, control
// edges and possible links, with the owners and controllers of its
// entities. Every verdict that is not clear, or carries a possible link,
// is the whole graph's; `ownex analyze` without --all writes no other, and
// reads only the cone from a store or a snapshot cache
// (graph.ConeStreamer). At 10M generated entities the cone is under 5 %
// of the graph.
//
// # Compact graph
//
// Analyze first builds one compact in-memory graph of the records in force
// on the as-of date: entity IDs are sorted once (byte order) and nodes are
// their int32 indexes, found from an ID through a pointer-free hash table
// (internal/idtable); holdings are compressed sparse row (CSR) arrays indexed
// both by owned and by owning node, with shares as exact graph.Pct fixed
// point, and the few control edges are sorted arrays searched by node.
// Share upper bounds are capped per owned entity before any run (RULES.md
// section 2, "Holdings"). A fed snapshot's holdings are not copied: the
// graph keeps each holding's record index and reads shares, votes and
// sources from the records; only streamed holdings keep their columns,
// the builder's own, with each edge's row (with each one's span and record
// when the builder keeps records, for `ownex explain`: Builder.KeepRecords).
// The holdings' ends are resolved concurrently, in batches whose cache
// misses overlap (feed.go). The compact
// graph implements gonum's graph.Directed (an edge u -> v when u holds
// shares in or controls v), used with gonum's traverse package to walk an
// entity's upstream closure; no gonum type appears in this package's API.
// Strongly connected components have one implementation, Components
// (scc.go, an iterative Tarjan on compressed rows): the look-through
// solver, the cycle notes of proofs and the cycles of `ownex report`
// (package queries) use it.
//
// # Fixed points
//
// Each regime runs twice: the definite run on lower bounds of share
// ranges, the possible run on capped upper bounds. OFAC and EU are least
// fixed points computed by a worklist: the members start as the seeds;
// when a node joins, each of its out-holdings adds its share (and votes) to
// the target's accumulator and the target joins when it passes the test,
// so each run visits every holding at most once. UK runs one such closure
// per designated person P, never adding different persons' holdings, and
// its work is bounded by what P reaches. Every run records the order in
// which nodes joined; a proof nests an owner's proof only when the owner
// joined before the entity it supports, so proofs are finite and well
// founded even on cyclic graphs. UK proofs recompute the closure of the
// deciding person on demand rather than storing every person's order.
// Proofs are built on an explicit stack, each owner once, so a chain of
// 100,000 companies costs 100,000 small nodes and no deep goroutine stack;
// ExplainDepth cuts a proof below a depth and only counts the rest
// (graph.ProofElision), for readers that show a few levels (issue 15).
// Regimes run concurrently. A run (and a UK closure) keeps its per-node
// state only for the nodes it touches — members and the targets of their
// holdings and control edges, a few thousand on a registry of millions —
// in arrays indexed by a slot that a small hash table gives each touched
// node (slots.go); every other node is clear with nothing counted. So the
// memory of the runs follows the exposure, not the size of the registry.
//
// # Open and closed bounds
//
// A share or votes range may have open bounds: (25, 50] is "more than 25 %
// but not more than 50 %" (docs/SHARES.md). The engines respect them
// exactly with integer arithmetic only (bounds.go): each run counts an
// amount v + k·ε, where the definite run adds k = +1 per open lower bound
// and the possible run k = −1 per open upper bound, and the tests compare
// lexicographically: "50 or more" is v > 50 or v = 50 and k >= 0, "more
// than 50" is v > 50 or v = 50 and k > 0. So a lone (25, 50] is
// undetermined under OFAC and EU (it may reach 50) and clear under UK (it
// is never more than 50); two (25, 50] holdings of one person, or of one
// joint arrangement, sum to (50, 100] and make the entity UK-owned; a
// definite [50, 75) is OFAC-blocked and EU-owned but UK-undetermined, and
// [0, 50) can never reach 50. Capping treats the cap 100 − Σ lo as open
// when one of the lower bounds it subtracts is open (capRange).
// Entities, runs and holdings without open bounds pay nothing: the k
// counters are only allocated when the snapshot has an open bound.
//
// # Rules live in one file per regime
//
// ofac.go, uk.go and eu.go each hold one regime's tests, thresholds, rule
// sentences and citations, so that a lawyer can read and change them.
//
// # Product choices where the law is unsettled
//
// RULES.md section 2 is the product's documented choice where the law is
// unsettled, and this package implements it as written:
//
//   - EU chain arithmetic: holdings of owned or controlled entities count
//     in full (never multiplied down a chain), and members' holdings are
//     aggregated across persons. Any EU result that needs control
//     somewhere in its derivation is flagged rebuttable (CJEU C-84/24).
//   - UK Schedule 1 paragraph 9: indirect holdings count only through
//     entities in which P holds a majority stake, read as a majority of
//     voting rights or a board-appointment, voting-agreement or
//     dominant-influence right; a majority of shares without votes makes
//     an entity owned but not a conduit, and de facto control alone makes
//     it controlled but not a conduit.
//   - Joint arrangements: pooled under UK law only (with any partner,
//     designated or not); under OFAC and EU a joint arrangement with a
//     member party only raises the joint-arrangement flag.
//
// Further choices of this implementation:
//
//   - Votes are taken as given: "votes default to the share" is applied by
//     the ingesters (generic CSV, PSC, BODS...), so that a holding of
//     non-voting shares (votes 0) stays expressible.
//   - Self-holdings (treasury shares) are ignored.
//   - Flags are computed on the definite run. minority-exposure means
//     members hold 25 % or more but less than 50 % under OFAC and EU, and
//     that one person holds 25–50 % (inclusive) under UK, tested on the
//     definite amount: an open lower bound of exactly 25 is in the band
//     ((25, 30] is), one of 24.99 is not ((24.99, 30] may be below 25),
//     and a definite (50, …) is past the UK band. over-allocated means
//     the lower bounds of shares or of votes into the entity sum past 100
//     (more than 100, or exactly 100 with an open lower bound among them);
//     political-office and (OFAC) control-risk need a control edge from a
//     member (UK: from P or one of its conduits).
//   - A verdict's Share is the counted share range: members' shares under
//     OFAC and EU, and the largest single person's count under UK; Lo
//     comes from the definite run and Hi from the possible run, each open
//     when its run's amount is (k > 0 for Lo, k < 0 for Hi). In the one
//     contradictory case where both ends meet and one would be open (an
//     over-allocated entity whose cap fell to an open lower bound), the
//     range is given closed. In proofs, a run's amount with an open bound
//     is shown one-sided: (25, 100] for "more than 25" in the definite
//     run, [0, 50) for "less than 50" in the possible run.
//   - Parties (RULES.md section 2, "Parties and links"): strong same-as
//     links (graph.SameAs.Strong: identifiers, cross-references,
//     confirmations, corroborated names) join records into clusters, and
//     a cluster is analysed as one party (clusters.go); a rejection undoes
//     every other link of its pair (graph.PartyLinks). Every record keeps
//     a verdict of its own, the party's, with the party's id
//     (graph.Verdict.Party, Result.Party: the cluster's representative,
//     its smallest id); a member without a name of its own, such as the
//     stub of a UN record that an EU or UK entry refers to, shows the
//     party's name (graph.PartyName) in verdicts and proofs. Possible links
//     never merge and never change a status: they give the flags
//     possibly-same-as and possibly-exposed, the latter from a third run
//     with the possible links merged, limited to what merging can change
//     (possible.go).
//   - Reports of one stake (RULES.md section 2): before capping, the
//     holdings in force of one owner party in one entity are merged by
//     graph.MergeStake (reconcile.go), with or without clusters, in every
//     run and in look-through: a source's records add up (exact
//     duplicates once), the sources' totals meet or else span their hull,
//     flagged conflicting-reports on the entity under every regime. Where
//     the reports name different joint arrangements (RULES.md is silent),
//     the merged stake keeps the arrangement of the first report of the
//     first source in byte order, else the first one named: a report that
//     names no arrangement does not contradict one that does. The proof
//     of a merged stake lists every report (graph.StakeMerge).
package exposure
