// Package baseline holds the reference implementations that ownex's
// engines are measured against (issue 7): the same answers computed the
// straightforward way with general-purpose graph libraries, on the same
// data, in the same run.
//
// # gonum simple.WeightedDirectedGraph (simple.go, fixpoint.go)
//
// Build turns a *graph.Snapshot as of a date into a gonum
// simple.WeightedDirectedGraph — the map-based graph of gonum v0.17
// (map[int64]graph.Node nodes, map[int64]map[int64]graph.WeightedEdge out-
// and in-edges) — with one node per entity ID and one *Stake edge per
// (owner or controller, owned or controlled) pair carrying the exact
// shares and votes (graph.Pct millionths, int64) of both runs, the pair's
// joint-arrangement holdings and its control bases. Analyze then runs the
// OFAC, EU and UK fixpoints of RULES.md section 2 the way a team using
// that library would write them: map-based state (map[int64]uint8
// statuses, map[int64]graph.Pct sums), iteration in rounds until nothing
// joins, each candidate's owners read with g.To(v) and their stakes with
// g.WeightedEdge(u, v), successors with g.From(u). Every threshold is
// compared on exact integer sums, never in floating point. Regimes run
// concurrently, as exposure.Analyze runs them.
//
// What it implements, and what it does not:
//
//   - Implemented: as-of filtering of holdings, control edges and
//     designations; self-holdings dropped; the holdings of one owner in one
//     entity merged first (RULES.md "Reports of one stake", graph.MergeStake);
//     capping of share and votes upper bounds per owned entity; both runs
//     (definite on lower bounds, possible on capped upper bounds) and
//     their combination into designated / blocked or owned / controlled /
//     undetermined / clear; OFAC aggregation through blocked entities;
//     EU ownership (>= 50 % shares), control by votes (> 50 %) and by
//     board-appointment, voting-agreement, dominant-influence and de-facto
//     edges; UK per-person closures with conduits (votes > 50 % or a
//     board, voting-agreement or dominant-influence right; de facto
//     control makes an entity controlled but not a conduit) and pooled
//     joint arrangements; un designations seeding UK and EU.
//   - Not implemented: open share bounds ((25,50], >50...: Build refuses
//     a holding in force with an open bound, wrapping ErrUnsupported),
//     same-as clusters (Build refuses a snapshot with same-as links),
//     flags (minority-exposure, rebuttable...), counted share ranges and
//     proofs. Only statuses are computed and compared.
//
// The tests compare every entity's status under the three regimes with
// exposure.Analyze on the RULES.md section 3 vectors (exposuretest.Vectors,
// shared with the engines' tests, and the CSV fixtures
// of testdata/vectors) and on graphs of 20,000 entities from
// internal/gen (several seeds). Generated graphs have closed bounds and
// no same-as links, so the comparison covers them whole.
// BenchmarkAnalyze1M times exposure.Analyze ("engine") and this Analyze
// ("gonum-simple") on the same gen.Graph(1_000_000, 1), and checks once
// per process that all their verdicts agree.
//
// # networkx look-through (nx/lookthrough.py, lookthrough.go)
//
// nx/lookthrough.py reads the generic CSV written by `ownex gen --out DIR`
// and computes, with networkx, the look-through (integrated) ownership
// that exposure.LookThrough computes (docs/LOOKTHROUGH.md): holdings in
// force on the as-of date, one edge per owner/owned pair with parallel
// holdings added up and capped at 100 %, upper bounds capped per owned
// entity as RULES.md section 2 caps them, the target's upstream closure
// (nx.ancestors), and W(u) = [u = t] + Σ a(u, v)·W(v) solved component by
// component over nx.condensation in reverse topological order, once on
// lower and once on capped upper bounds. Cross-holding groups are solved
// by Gauss–Seidel sweeps in pure Python (exposure uses a dense LU
// factorisation up to 400 members and the same sweeps beyond); a group
// whose walk sum diverges is reported as inf, as exposure reports +Inf.
// The Go test runs it on small generated graphs and hand-made cyclic and
// divergent cases and compares every party's lower and upper share with
// exposure.LookThrough to 1e-9 (relative, in percent), and the same
// parties (and that exposure.LookThroughIndex, built once for the graph,
// gives exactly exposure.LookThrough's result). BenchmarkLookThrough1M
// times both on the same 1M graph for the same 1,000 targets
// (LookThroughSample) — the engine with and without cutting each target's
// upstream closure out of the snapshot first ("engine", "engine-precut"),
// and the engine's index built once, untimed, as networkx's graph is
// ("engine-index") — and checks that their per-target summaries agree.
//
// The Python interpreter is OWNEX_PYTHON, else ~/.cache/ownex/venv/bin/python,
// which deploy/python/setup.sh creates (python3 -m venv, pip install
// networkx). Without it the networkx tests skip, saying so, unless
// CI=true, where they fail.
package baseline
