#!/usr/bin/env bash
# Change report benchmark (issue 17, acceptance 3): a list update of 1,000
# designation changes (500 delistings of designations in force, 500 new
# designations) on the generated graph, reported
#
#   full:        analyze before the load and analyze after it (each reads
#                and analyses the whole store; ingest not counted);
#   incremental: ingest --changes, which re-decides only the downstream
#                closure of the load's records (its own timer: the scope
#                and the verdicts before, the verdicts after; the load itself
#                is not counted, nor is it in the full figure).
#
# It then checks that the verdicts that differ between the two full
# analyses are exactly the report's lines, with the same states. Everything lives in $WORK (under /tmp) and is
# deleted at the end, unless KEEP=1.
#
#   bash bench/changes.sh [ENTITIES] [SEED]     # default 1000000 11
set -euo pipefail
n="${1:-1000000}"
seed="${2:-11}"
asof=2025-12-31
work="${WORK:-$(mktemp -d /tmp/ownex-changes-bench.XXXXXX)}"
[[ "${KEEP:-}" == 1 ]] || trap 'rm -rf "$work"' EXIT
ownex="$work/ownex"
go build -o "$ownex" ./cmd/ownex
t() { /usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB peak RSS" "$@"; }
say() { echo "changes-bench: $*" >&2; }

say "uptime: $(uptime)"
if [[ ! -f "$work/base.db" ]]; then # WORK may hold g/ and base.db from an earlier run (KEEP=1)
  say "gen --entities $n --seed $seed"
  "$ownex" gen --entities "$n" --seed "$seed" --out "$work/g" >/dev/null
  say "ingest (base)"
  t "$ownex" --db "$work/base.db" ingest csv "$work/g" >/dev/null
fi

# 500 delistings: the first 500 designations listed before 2025-06-01 and
# open, restated with delisted 2025-06-01; 500 new OFAC designations of
# every (n/500)th entity.
mkdir -p "$work/upd"
{
  echo "entity,regime,program,listed,delisted,source"
  awk -F, 'NR > 1 && $5 == "" && $4 < "2025-06-01" && c < 500 { print $1","$2","$3","$4",2025-06-01,"$6; c++ }' "$work/g/designations.csv"
  awk -v n="$n" 'BEGIN { for (i = 0; i < 500; i++) printf "gen:%08d,ofac,BENCH,2025-03-01,,bench-update\n", i * int(n / 500) + 7 }'
} >"$work/upd/designations.csv"
say "update: $(($(wc -l <"$work/upd/designations.csv") - 1)) designation changes"

cp "$work/base.db" "$work/full.db"
say "full, before: analyze (uptime: $(uptime | sed 's/.*load/load/'))"
t "$ownex" --db "$work/full.db" analyze --as-of "$asof" --format jsonl --out "$work/before.jsonl"
"$ownex" --db "$work/full.db" ingest csv "$work/upd" >/dev/null
say "full, after: analyze (uptime: $(uptime | sed 's/.*load/load/'))"
t "$ownex" --db "$work/full.db" analyze --as-of "$asof" --format jsonl --out "$work/after.jsonl"
rm -f "$work/full.db"

cp "$work/base.db" "$work/inc.db"
say "incremental: ingest --changes (uptime: $(uptime | sed 's/.*load/load/'))"
t "$ownex" --db "$work/inc.db" ingest csv "$work/upd" --changes "$work/inc.jsonl" --as-of "$asof"
rm -f "$work/inc.db"

# The verdicts whose status or share differ between the two full analyses
# must be exactly the report's lines, with the same states and flags (a
# clear verdict is absent).
python3 - "$work/before.jsonl" "$work/after.jsonl" "$work/inc.jsonl" <<'PY'
import json, sys
def verdicts(p):
    out = {}
    for line in open(p):
        v = json.loads(line)
        out[(v["regime"], v["id"])] = (v["status"], v["share_range"], tuple(v["flags"]))
    return out
clear = ("clear", "0", ())
b, a = verdicts(sys.argv[1]), verdicts(sys.argv[2])
# As diff: a verdict changed when its status or counted share did (flags
# alone do not make a change; the lines carry them).
want = {k: (b.get(k, clear), a.get(k, clear)) for k in set(b) | set(a) if b.get(k, clear)[:2] != a.get(k, clear)[:2]}
got = {}
for line in open(sys.argv[3]):
    l = json.loads(line)
    st = lambda s: (s["status"], s["share_range"], tuple(s["flags"]))
    got[(l["regime"], l["id"])] = (st(l["before"]), st(l["after"]))
ok = got == want
print(f"changes-bench: full analyses differ on {len(want)} verdicts, the change report has {len(got)} lines: " +
      ("identical" if ok else "DIFFERENT"), file=sys.stderr)
sys.exit(0 if ok else 1)
PY
