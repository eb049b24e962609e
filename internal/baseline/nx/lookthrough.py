#!/usr/bin/env python3
"""Look-through (integrated) ownership with networkx: the baseline of
ownex's exposure.LookThrough (graph/exposure/lookthrough.go,
docs/LOOKTHROUGH.md), computed on the generic CSV that `ownex gen --out DIR`
writes (internal/gen/csv.go).

    python lookthrough.py DIR [--as-of 2025-06-30]
        [--targets FILE | --sample N] [--format rows|summary] [--out FILE]
        [--stats FILE] [--repeat N]

What it computes, exactly as exposure.LookThrough does:

* the holdings of DIR's ownership file(s) in force on the as-of date
  (start <= as-of < end; an empty as-of keeps them all), self-holdings
  included;
* each holding's share range [lo, hi] parsed from the generic CSV syntax
  (docs/SHARES.md: "50", "25-50", "(25,50]", ">50", "<=25", empty for
  unknown = [0, 100]) in exact millionths of a percent; open or closed
  bounds make no difference here;
* the rows of one owner in one entity merged first (RULES.md section 2,
  "Reports of one stake"): a source's rows add up, exact duplicates once,
  and the sources' totals meet or else span their hull;
* upper bounds capped per owned entity: hi := max(lo, min(hi, 100 - sum of
  lo of the entity's other holdings));
* one networkx edge per (owner, owned) pair, each run's value capped at 1;
* for a target t, its upstream closure nx.ancestors(G, t) plus t, and per
  run (lower bounds, capped upper bounds) the look-through share
  W(u) = [u = t] + sum over v of a(u, v) * W(v) on that run's positive
  holdings in the closure: components of nx.condensation solved in reverse
  topological order (sinks first), a lone company in one pass, a
  cross-holding group (or a company holding its own shares) by Gauss-Seidel
  sweeps x <- c + A x from 0 until a sweep changes no value by more than
  1e-15 relative; a value past 1e15 or no convergence within 20,000 sweeps
  means the walk sum diverges: the group and everyone holding into it get
  inf (exposure says +Inf). A group whose constant part is zero gets 0.

exposure solves groups of up to 400 members with a dense LU factorisation
(and checks convergence exactly); the sweeps agree with it to rounding
where the walk sum converges.

Output (--out, default stdout), CSV with a header:
  rows:    target,party,lower,upper   (percent; every upstream party, by ID)
  summary: target,parties,sum_lower,sum_upper,inf_lower,inf_upper
           (sums over the parties with a finite value)
Targets: --targets FILE (one ID per line), or --sample N: N companies of the
entities file spread evenly in file order, the i-th being company number
i*C//N of the C companies (baseline.LookThroughSample in Go picks the same).
--stats FILE writes JSON timings: load_s (CSV and graph), compute_s (all
repeats, wall) and compute_cpu_s (their process CPU time), targets,
parties, versions. Timings exclude writing the output.
"""

import argparse
import csv
import glob
import json
import math
import os
import sys
import time

import networkx as nx

SCALE = 1_000_000  # millionths of a percent per percent
HUNDRED = 100 * SCALE

MAX_SWEEPS = 20_000
TOLERANCE = 1e-15
DIVERGENT = 1e15


def parse_pct(text, whole):
    """A decimal percentage as an integer count of millionths."""
    t = text.strip()
    if t.endswith("%"):
        t = t[:-1].strip()
    int_part, _, frac = t.partition(".")
    if (int_part + frac) == "" or not (int_part + frac).isdigit() or len(frac) > 6:
        raise ValueError("bad percentage %r in %r" % (text, whole))
    value = int(int_part or "0") * SCALE + int((frac + "000000")[:6])
    if value > HUNDRED:
        raise ValueError("percentage above 100 in %r" % whole)
    return value


def parse_share(text):
    """The (lo, hi) bounds of a generic CSV share, in millionths."""
    t = text.strip()
    if t == "" or t.lower() == "unknown":
        return 0, HUNDRED
    if t[0] in "([":
        inner = t.rstrip("%").strip()[1:-1]
        lo, _, hi = inner.partition(",")
        return parse_pct(lo, text), parse_pct(hi, text)
    if t[0] in "<>":
        op, rest = t[0], t[1:]
        if rest.startswith("="):
            rest = rest[1:]
        p = parse_pct(rest, text)
        return (p, HUNDRED) if op == ">" else (0, p)
    lo, dash, hi = t.partition("-")
    if dash:
        return parse_pct(lo, text), parse_pct(hi, text)
    p = parse_pct(t, text)
    return p, p


def covers(start, end, as_of):
    if not as_of:
        return True
    return (not start or start <= as_of) and (not end or as_of < end)


def csv_files(folder):
    """The generic CSV files of folder by kind, detected from their header."""
    kinds = {"entities": [], "ownership": []}
    for name in sorted(glob.glob(os.path.join(folder, "*.csv"))):
        with open(name, newline="", encoding="utf-8-sig") as f:
            header = [c.strip().lower() for c in next(csv.reader(f), [])]
        if "owner" in header and "owned" in header:
            kinds["ownership"].append(name)
        elif "id" in header and "name" in header:
            kinds["entities"].append(name)
    return kinds


def load(folder, as_of):
    """The holding graph of folder as of as_of, and its companies in order."""
    files = csv_files(folder)
    companies = []
    for name in files["entities"]:
        with open(name, newline="", encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                if (row.get("kind") or "").strip() == "company":
                    companies.append(row["id"])
    # The reports of one stake (RULES.md section 2): the rows of one owner
    # in one entity are merged first; a source's rows add up (exact
    # duplicates once), the sources' totals meet or else span their hull.
    stakes = {}
    for name in files["ownership"]:
        with open(name, newline="", encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                start, end = row.get("start") or "", row.get("end") or ""
                if not covers(start, end, as_of):
                    continue
                owner, owned = row["owner"], row["owned"]
                lo, hi = parse_share(row.get("share") or "")
                votes = parse_share(row["votes"]) if (row.get("votes") or "").strip() else (lo, hi)
                source = (row.get("source") or "").strip() or "csv"
                same = (lo, hi, votes, start, end, (row.get("arrangement") or "").strip())
                per_source = stakes.setdefault((owner, owned), {})
                t = per_source.get(source)
                if t is None:
                    per_source[source] = {"lo": lo, "hi": hi, "seen": {same}}
                elif same not in t["seen"]:
                    t["seen"].add(same)
                    t["lo"], t["hi"] = min(t["lo"] + lo, HUNDRED), min(t["hi"] + hi, HUNDRED)
    holdings = []
    sum_lo = {}
    for (owner, owned), per_source in stakes.items():
        totals = list(per_source.values())
        lo, hi = max(t["lo"] for t in totals), min(t["hi"] for t in totals)
        if lo > hi:
            lo, hi = min(t["lo"] for t in totals), max(t["hi"] for t in totals)
        holdings.append((owner, owned, lo, hi))
        sum_lo[owned] = sum_lo.get(owned, 0) + lo
    G = nx.DiGraph()
    for owner, owned, lo, hi in holdings:
        hi = max(lo, min(hi, HUNDRED - (sum_lo[owned] - lo)))
        flo, fhi = lo / SCALE / 100, hi / SCALE / 100
        G.add_edge(owner, owned, lower=min(flo, 1.0), upper=min(fhi, 1.0))
    return G, companies


def solve_run(G, closure, t, key):
    """W over closure on the run's positive holdings (key: lower or upper)."""
    # The run's positive holdings inside the closure; their fractions stay
    # on G's edges (G.adj[u][v][key]).
    P = nx.DiGraph()
    P.add_nodes_from(closure)
    P.add_edges_from((u, v) for u, v, a in G.subgraph(closure).edges(data=key) if a > 0)
    C = nx.condensation(P)
    adj = G.adj
    w = {}
    for c in reversed(list(nx.topological_sort(C))):
        members = C.nodes[c]["members"]
        if len(members) == 1:
            (u,) = members
            if not P.has_edge(u, u):
                total = 1.0 if u == t else 0.0
                held = adj[u]
                for v in P.adj[u]:
                    total += held[v][key] * w[v]
                w[u] = total
                continue
        solve_group(P, adj, key, members, t, w)
    return w


def solve_group(P, adj, key, members, t, w):
    """Solves x = c + A x for one cross-holding group, into w."""
    order = list(members)
    rows, c = {}, {}
    for u in order:
        row, const = [], (1.0 if u == t else 0.0)
        held = adj[u]
        for v in P.adj[u]:
            a = held[v][key]
            if v in members:
                row.append((v, a))
            else:
                const += a * w[v]
        rows[u], c[u] = row, const
    if any(math.isinf(x) for x in c.values()):
        for u in order:
            w[u] = math.inf
        return
    if all(x == 0 for x in c.values()):
        for u in order:
            w[u] = 0.0
        return
    x = dict.fromkeys(order, 0.0)
    for _ in range(MAX_SWEEPS):
        change = size = 0.0
        for u in order:
            val = c[u]
            for v, a in rows[u]:
                val += a * x[v]
            change = max(change, abs(val - x[u]))
            size = max(size, val)
            x[u] = val
        if size > DIVERGENT or math.isnan(size):
            break
        if change <= TOLERANCE * size:
            for u in order:
                w[u] = max(x[u], 0.0)
            return
    for u in order:
        w[u] = math.inf


def look_through(G, t):
    """{party: (lower %, upper %)} for every party upstream of t."""
    if t not in G:
        return {}
    closure = nx.ancestors(G, t)
    closure.add(t)
    lower = solve_run(G, closure, t, "lower")
    upper = solve_run(G, closure, t, "upper")
    return {u: (100 * lower[u], 100 * upper[u]) for u in closure if u != t}


def fmt(x):
    return "inf" if math.isinf(x) else repr(x)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", help="folder of generic CSV files (ownex gen --out DIR)")
    ap.add_argument("--as-of", default="2025-06-30", help="YYYY-MM-DD; empty keeps every holding")
    ap.add_argument("--targets", help="file of target IDs, one per line")
    ap.add_argument("--sample", type=int, help="N companies spread evenly over the entities file")
    ap.add_argument("--format", choices=["rows", "summary"], default="rows")
    ap.add_argument("--out", help="output CSV (default stdout)")
    ap.add_argument("--stats", help="write JSON timings to this file")
    ap.add_argument("--repeat", type=int, default=1, help="compute the targets this many times")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    G, companies = load(args.dir, args.as_of)
    load_s = time.perf_counter() - t0
    if args.targets:
        with open(args.targets, encoding="utf-8") as f:
            targets = [line.strip() for line in f if line.strip()]
    elif args.sample:
        n, count = args.sample, len(companies)
        targets = [companies[i * count // n] for i in range(n)] if count else []
    else:
        ap.error("give --targets FILE or --sample N")

    results = None
    t1, c1 = time.perf_counter(), time.process_time()
    for _ in range(max(args.repeat, 1)):
        results = [(t, look_through(G, t)) for t in targets]
    compute_s = time.perf_counter() - t1
    compute_cpu_s = time.process_time() - c1

    out = open(args.out, "w", newline="", encoding="utf-8") if args.out else sys.stdout
    wr = csv.writer(out, lineterminator="\n")
    parties = 0
    if args.format == "rows":
        wr.writerow(["target", "party", "lower", "upper"])
    else:
        wr.writerow(["target", "parties", "sum_lower", "sum_upper", "inf_lower", "inf_upper"])
    for t, shares in results:
        parties += len(shares)
        if args.format == "rows":
            for u in sorted(shares):
                lo, hi = shares[u]
                wr.writerow([t, u, fmt(lo), fmt(hi)])
            continue
        lows = [lo for lo, _ in shares.values()]
        highs = [hi for _, hi in shares.values()]
        wr.writerow([
            t, len(shares),
            repr(math.fsum(x for x in lows if not math.isinf(x))),
            repr(math.fsum(x for x in highs if not math.isinf(x))),
            sum(math.isinf(x) for x in lows), sum(math.isinf(x) for x in highs),
        ])
    if args.out:
        out.close()
    stats = {
        "load_s": load_s, "compute_s": compute_s, "compute_cpu_s": compute_cpu_s,
        "repeat": max(args.repeat, 1),
        "targets": len(targets), "parties": parties,
        "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
        "networkx": nx.__version__, "python": sys.version.split()[0],
    }
    if args.stats:
        with open(args.stats, "w", encoding="utf-8") as f:
            json.dump(stats, f)
    print("lookthrough.py: %d targets, %d parties; load %.2f s, compute %.3f s (x%d) with networkx %s"
          % (len(targets), parties, load_s, compute_s, stats["repeat"], nx.__version__), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
