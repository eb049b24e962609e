#!/usr/bin/env bash
# `make bench`: reproduces the 1,000,000-entity figures of docs/BENCHMARKS.md
# (issue 7) on this machine, in one run, and prints them as a Markdown report
# (also written to $BENCH_DIR/results.md).
#
#   1. ownex gen → ingest csv → snapshot → analyze --regime all from the
#      snapshot cache and from the store (--no-cache), alternated, 3 runs
#      each, with their ratio (issue 18 item 2) → analyze --regime ofac
#      from the cache (the whole process) → explain (5
#      entities) → screen of 1,000 rows from the cache and from the store,
#      alternated, 2 runs each, with their ratio (issue 18 item 1), each
#      under /usr/bin/time (wall, user+sys, peak RSS);
#   2. the engine alone on the in-memory graph (graph/exposure);
#   3. baseline (a): the same fixpoints over gonum's simple.WeightedDirectedGraph
#      (internal/baseline, checked verdict for verdict on the same graph);
#   4. baseline (c): look-through with networkx (a venv from PyPI,
#      deploy/python/setup.sh) against exposure.LookThrough;
#   5. the Parquet and JSON-lines verdict writers on 10M synthetic verdicts;
#   6. baseline (b): the OFAC fixpoint as iterative Cypher on a Neo4j loaded
#      with `ownex export neo4j-import` (BENCH_NEO4J=0 skips it), against
#      the engine on its resident graph and, the skeptic's count, from the
#      snapshot cache with the reading and the building of its graph
#      (BenchmarkOFACFromCache1M);
#   7. on that Neo4j (issue 18 item 3): the snapshot read of `analyze`, in
#      ranges on two sessions against the serial read of before, alternately
#      (BenchmarkStreamSnapshot), `analyze --store neo4j` itself, then — the
#      database is wiped — `ownex ingest csv` of the generated files through
#      the command line on the warmed server (BenchmarkIngestCLI), each with
#      the load average.
#
# Environment: BENCH_ENTITIES (1000000), BENCH_DIR (/tmp/ownex-bench),
# BENCH_NEO4J (1), BENCH_NEO4J_PORT (7705). Nothing is downloaded but the
# registries' artifacts (Go modules, Maven jars, PyPI networkx). A baseline
# whose answers differ from the engine's fails the run (exit 1; see gobench).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${BENCH_ENTITIES:-1000000}"
dir="${BENCH_DIR:-/tmp/ownex-bench}"
asof=2025-06-30
port="${BENCH_NEO4J_PORT:-7705}"
mkdir -p "$dir"
out="$dir/results.md"
bin="$dir/ownex"
t_start=$(date +%s)

say() { echo "bench: $*" >&2; }
row() { echo "$*" >>"$out"; }

# timed NAME CMD...: runs CMD under /usr/bin/time, appends a table row.
timed() {
  local name="$1"
  shift
  /usr/bin/time -f '%e %U %S %M' -o "$dir/time.txt" "$@" >"$dir/$name.out" 2>"$dir/$name.err" || {
    say "$name failed:"
    tail -n 20 "$dir/$name.err" >&2
    exit 1
  }
  read -r wall user sys rss <"$dir/time.txt"
  row "| $name | ${wall} s | $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }') s | $((rss / 1024)) MiB |"
}

cd "$root"
# The baselines' agreement checks always run in make bench.
unset OWNEX_BENCH_NOVERIFY
say "building"
go build -o "$bin" ./cmd/ownex

{
  echo "# ownex benchmarks, $n entities"
  echo
  echo "$(date -u +%FT%TZ), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)," \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(go version | cut -d' ' -f3)," \
    "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "## End to end (embedded SQLite store)"
  echo
  echo "| step | wall | cpu (user+sys) | peak RSS |"
  echo "| --- | --- | --- | --- |"
} >"$out"

rm -rf "$dir/csv" "$dir/store.db" "$dir/store.db-wal" "$dir/store.db-shm" "$dir/store.db.snapshot"
timed gen "$bin" gen --entities "$n" --seed 1 --out "$dir/csv"
timed "ingest csv --no-cache" "$bin" --db "$dir/store.db" --no-cache ingest csv "$dir/csv"
timed "snapshot (write the cache)" "$bin" --db "$dir/store.db" snapshot
# Issue 18 item 2: the snapshot cache against today's way (the store read),
# alternated in the same run; the outputs must be identical.
for i in 1 2 3; do
  timed "analyze --regime all, cache ($i)" "$bin" --db "$dir/store.db" analyze --regime all --as-of "$asof" \
    --format jsonl --out "$dir/verdicts.jsonl"
  timed "analyze --regime all, store --no-cache ($i)" "$bin" --db "$dir/store.db" --no-cache analyze --regime all \
    --as-of "$asof" --format jsonl --out "$dir/verdicts-store.jsonl"
  cmp -s "$dir/verdicts.jsonl" "$dir/verdicts-store.jsonl" || { say "the cache's verdicts differ from the store's"; exit 1; }
done
# wallmean PATTERN: the mean wall time of the report's rows whose name matches.
wallmean() { awk -F'|' -v p="$1" '$2 ~ p { gsub(/[ s]/, "", $3); s += $3; n++ } END { if (n) printf "%.2f", s / n }' "$out"; }
timed "analyze --regime ofac, cache (engine incl. building its graph)" "$bin" --db "$dir/store.db" analyze \
  --regime ofac --as-of "$asof" --format jsonl --out "$dir/verdicts-ofac.jsonl"
cache_s="$(wallmean ', cache \(')" store_s="$(wallmean 'store --no-cache')"
row
row "analyze --regime all from the snapshot cache $cache_s s vs from the store $store_s s (means of 3, alternated):" \
  "**$(awk -v c="$cache_s" -v s="$store_s" 'BEGIN { printf "%.1f", s / c }')x**; identical verdicts"
row
row "| step | wall | cpu (user+sys) | peak RSS |"
row "| --- | --- | --- | --- |"
timed "analyze --regime all --format parquet" "$bin" --db "$dir/store.db" analyze --regime all --as-of "$asof" \
  --format parquet --out "$dir/verdicts.parquet"
row
row "verdict lines (non-clear entity × regime): $(wc -l <"$dir/verdicts.jsonl"); verdicts.jsonl" \
  "$(stat -c %s "$dir/verdicts.jsonl") bytes, verdicts.parquet $(stat -c %s "$dir/verdicts.parquet") bytes"
row
row "| explain (one entity, all regimes) | wall | cpu | peak RSS |"
row "| --- | --- | --- | --- |"
for id in $(grep '"blocked"' "$dir/verdicts.jsonl" | awk 'NR % 500 == 1' | head -n 5 | sed 's/.*"id":"\([^"]*\)".*/\1/'); do
  timed "explain $id" "$bin" --db "$dir/store.db" explain --as-of "$asof" "$id"
done

# Issue 18 item 1: screen reads the whole-store analysis from the snapshot
# cache (and builds its match index from the store meanwhile), against
# --no-cache, alternated; a book of 1,000 of the generated entities' names
# (gen writes no quoted fields), every tenth upper-cased, every seventh
# with " Ltd" added. The outputs must be identical.
awk -F, -v step="$(( n >= 1000 ? n / 1000 : 1 ))" 'BEGIN { print "name,country,ref" }
  NR > 1 && (NR - 2) % step == 0 { k++; name = $2; if (k % 10 == 1) name = toupper(name); if (k % 7 == 1) name = name " Ltd"
    print name "," $4 ",r" k }' "$dir/csv/entities.csv" >"$dir/book.csv"
row
row "| screen, $(($(wc -l <"$dir/book.csv") - 1)) rows | wall | cpu (user+sys) | peak RSS |"
row "| --- | --- | --- | --- |"
for i in 1 2; do
  timed "screen, cache ($i)" "$bin" --db "$dir/store.db" screen "$dir/book.csv" --as-of "$asof" --format jsonl \
    --out "$dir/screen.jsonl"
  timed "screen, store --no-cache ($i)" "$bin" --db "$dir/store.db" --no-cache screen "$dir/book.csv" --as-of "$asof" \
    --format jsonl --out "$dir/screen-store.jsonl"
  cmp -s "$dir/screen.jsonl" "$dir/screen-store.jsonl" || { say "screen from the cache differs from the store's"; exit 1; }
done
scache_s="$(wallmean 'screen, cache')" sstore_s="$(wallmean 'screen, store --no-cache')"
row
row "screen from the snapshot cache $scache_s s vs from the store $sstore_s s (means of 2, alternated):" \
  "**$(awk -v c="$scache_s" -v s="$sstore_s" 'BEGIN { printf "%.1f", s / c }')x**; identical output"

# gobench TITLE PACKAGE BENCH [go test flags...]: runs the benchmarks and
# appends their lines to the report. The baselines' benchmarks compare
# their answers with the engine's (verdict for verdict, target for target)
# and fail when they differ: a failed go test fails make bench, with the
# test's output, instead of leaving a report without the figures.
gobench() {
  local title="$1" pkg="$2" bench="$3" log="$dir/gobench.log"
  shift 3
  say "$title"
  row
  row "## $title"
  row
  row '```'
  local rc=0
  go test "$pkg" -run '^$' -bench "$bench" -benchmem -count 1 -timeout 60m "$@" >"$log" 2>&1 || rc=$?
  grep -E '^(Benchmark|    [a-z_]+\.go:[0-9]+:)' "$log" | tee -a "$out" >&2 || true
  row '```'
  if [[ "$rc" != 0 ]]; then
    say "$title: go test $pkg -bench '$bench' failed (exit $rc); a baseline that disagrees with the engine fails make bench:"
    tail -n 40 "$log" >&2
    exit 1
  fi
}

gobench "Engine alone, in memory (graph/exposure)" ./graph/exposure 'AnalyzeAll1M$'
gobench "Baseline (a): gonum simple.WeightedDirectedGraph vs the engine" ./internal/baseline 'Analyze1M$'
# Issue 18 item 4: Parquet against JSON lines, the writers alone on
# BENCH_VERDICTS synthetic verdicts (default 10,000,000; goal: at most 5 s).
OWNEX_BENCH_VERDICTS="${BENCH_VERDICTS:-10000000}" gobench "Verdict writers: Parquet vs JSON lines" \
  ./internal/report 'VerdictWriters$' -benchtime 1x
pq_ns="$(awk '$1 ~ /^BenchmarkVerdictWriters\/parquet/ { for (i = 2; i < NF; i++) if ($(i + 1) == "ns/verdict") print $i }' "$out")"
js_ns="$(awk '$1 ~ /^BenchmarkVerdictWriters\/jsonl/ { for (i = 2; i < NF; i++) if ($(i + 1) == "ns/verdict") print $i }' "$out")"
if [[ -n "$pq_ns" && -n "$js_ns" ]]; then
  row
  row "Parquet $pq_ns ns/verdict vs JSON lines $js_ns ns/verdict: **$(awk -v p="$pq_ns" -v j="$js_ns" 'BEGIN { printf "%.1f", j / p }')x** faster"
fi
OWNEX_PYTHON="$(bash deploy/python/setup.sh)" gobench "Baseline (c): look-through, networkx vs the engine" \
  ./internal/baseline 'LookThrough1M$' -v

if [[ "${BENCH_NEO4J:-1}" == 1 ]]; then
  say "baseline (b): exporting and importing into Neo4j on port $port"
  cache="$dir/neo4j-cache"
  OWNEX_CACHE_DIR="$cache" NEO4J_BOLT_PORT="$port" bash deploy/neo4j/stop.sh >/dev/null 2>&1 || true
  rm -rf "$dir/export"
  timed "export neo4j-import" "$bin" --db "$dir/store.db" export neo4j-import "$dir/export"
  timed "neo4j import.sh" env OWNEX_CACHE_DIR="$cache" NEO4J_FRESH=1 NEO4J_PAGECACHE=2g \
    bash deploy/neo4j/import.sh "$dir/export"
  OWNEX_CACHE_DIR="$cache" NEO4J_BOLT_PORT="$port" NEO4J_AUTH=none NEO4J_PAGECACHE=2g \
    bash deploy/neo4j/start.sh >/dev/null
  trap 'OWNEX_CACHE_DIR="$cache" NEO4J_BOLT_PORT="$port" bash deploy/neo4j/stop.sh >/dev/null 2>&1 || true' EXIT
  OWNEX_BENCH_1M=1 OWNEX_BENCH_NEO4J_URI="bolt://127.0.0.1:$port" \
    gobench "Baseline (b): OFAC fixpoint as iterative Cypher vs the engine" ./internal/store/neo4j \
    'OFACCypherFixpoint1M$' -benchtime 3x -v
  gobench "Baseline (b), the engine's side: OFAC on its resident graph" ./graph/exposure 'OFACResident1M$' -count 3
  # metric VALUE-BEFORE-UNIT: the mean of a benchmark metric over the report's lines.
  metric() { awk -v b="$1" -v u="$2" '$1 ~ b { for (i = 2; i < NF; i++) if ($(i + 1) == u) { s += $i; n++ } }
    END { if (n) printf "%.6f", s / n }' "$out"; }
  cypher_s="$(metric '^BenchmarkOFACCypherFixpoint1M' cypher-s)"
  # vs_cypher WHAT SECONDS: a row comparing the Cypher fixpoint with the
  # engine's side WHAT taking SECONDS (nothing when either is missing).
  vs_cypher() {
    [[ -n "$cypher_s" && -n "$2" ]] || return 0
    row
    row "Cypher fixpoint $cypher_s s vs $1, $2 s:" \
      "**$(awk -v c="$cypher_s" -v e="$2" 'BEGIN { printf "%.2f", c / e }')x** in the engine's favour"
  }
  ns_to_s() { [[ -z "$1" ]] || awk -v n="$1" 'BEGIN { printf "%.4f", n / 1e9 }'; }
  vs_cypher "the engine's OFAC on its resident graph (means of the runs above)" \
    "$(ns_to_s "$(metric '^BenchmarkOFACResident1M' ns/op)")"
  # The skeptic's count (issue 18): the engine's OFAC analysis including
  # building its graph from the snapshot cache (open, the designated cone's
  # part, the builder, the fixpoints; no output, as on the Cypher side)
  # against the warm Cypher fixpoint (goal: 5x); then the whole \`analyze
  # --regime ofac\` process (with its start and its output).
  gobench "Baseline (b), the skeptic's count: OFAC from the snapshot cache, reading and building included (load $(cut -d' ' -f1-3 /proc/loadavg))" \
    ./internal/snapcache 'OFACFromCache1M$' -count 3 -v
  vs_cypher "the engine's OFAC from the snapshot cache, reading and building included (goal: 5x)" \
    "$(ns_to_s "$(metric '^BenchmarkOFACFromCache1M' ns/op)")"
  vs_cypher "\`analyze --regime ofac\` from the cache, the whole process" "$(wallmean 'regime ofac, cache')"

  # Issue 18 item 3: the Neo4j read of analyze, new (ID ranges on two
  # sessions, lean rows) vs old (one statement per kind), alternately.
  OWNEX_BENCH_NEO4J_URI="bolt://127.0.0.1:$port" gobench \
    "Neo4j snapshot read: ID ranges on two sessions vs the serial read (load $(cut -d' ' -f1-3 /proc/loadavg))" \
    ./internal/store/neo4j 'StreamSnapshot$' -benchtime 3x -v
  parts_s="$(metric '^BenchmarkStreamSnapshot' parts-s)"
  serial_s="$(metric '^BenchmarkStreamSnapshot' serial-s)"
  if [[ -n "$parts_s" && -n "$serial_s" ]]; then
    row
    row "Neo4j read: ranges $parts_s s vs serial $serial_s s:" \
      "**$(awk -v p="$parts_s" -v s="$serial_s" 'BEGIN { printf "%.2f", s / p }')x** (means of the runs above)"
  fi
  row
  row "| step (Neo4j store, load $(cut -d' ' -f1-3 /proc/loadavg)) | wall | cpu (user+sys) | peak RSS |"
  row "| --- | --- | --- | --- |"
  neo=(--store neo4j --neo4j-uri "bolt://127.0.0.1:$port" --cache-dir "$dir/neo4j-snapshot")
  for i in 1 2; do
    timed "analyze --store neo4j --no-cache, the store's read ($i)" "$bin" "${neo[@]}" --no-cache \
      analyze --regime all --as-of "$asof" --format jsonl --out "$dir/verdicts-neo4j.jsonl"
  done
  timed "snapshot --store neo4j (write the cache)" "$bin" "${neo[@]}" snapshot
  for i in 1 2; do
    timed "analyze --store neo4j, warm snapshot cache ($i)" "$bin" "${neo[@]}" \
      analyze --regime all --as-of "$asof" --format jsonl --out "$dir/verdicts-neo4j-cache.jsonl"
  done
  # The verdicts from Neo4j, read or cached, are those from SQLite.
  for f in verdicts-neo4j.jsonl verdicts-neo4j-cache.jsonl; do
    if ! cmp -s "$dir/verdicts.jsonl" "$dir/$f"; then
      say "analyze --store neo4j ($f) differs from the SQLite store's verdicts"
      exit 1
    fi
  done
  row
  row "analyze --store neo4j, read and from its cache: verdicts identical to the SQLite store's (cmp)"
  # Last, as it wipes the database: ingest through the command line.
  OWNEX_BENCH_NEO4J_URI="bolt://127.0.0.1:$port" OWNEX_BENCH_OWNEX="$bin" OWNEX_BENCH_CSV="$dir/csv" \
    gobench "ownex ingest csv into Neo4j through the command line (warmed server; wipes the database)" \
    ./internal/store/neo4j 'IngestCLI$' -benchtime 1x -v
fi

row
row "Total: $(($(date +%s) - t_start)) s; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$out"
