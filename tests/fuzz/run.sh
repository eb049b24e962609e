#!/usr/bin/env bash
# Checks that every parser (each ingest/<format> package) has a fuzz
# target, then runs every fuzz target of the module (each `func FuzzX` in a
# *_test.go) for FUZZTIME each (default 30s), one after the other, starting
# from its seed corpus (the f.Add seeds and testdata/fuzz/FuzzX/). `make fuzz` runs
# it with FUZZTIME=30s, `make fuzz-short` (part of make test) with 3s.
#
# A target that fails stops the run with exit 1. Go keeps the failing
# input in the package's testdata/fuzz/FuzzX/; this script names the new
# file: commit it, and from then on the ordinary test run (go test, which
# runs every file of testdata/fuzz as a seed) is its regression test.
#
# A target stopped by Go 1.26's coordinator deadline without a failing input
# (golang/go#75804) runs once more; one that writes a failing input fails.
#
# Environment: FUZZTIME (30s), FUZZPARALLEL (workers per target, 2),
# FUZZMATCH (an extended regexp on "dir target": only those targets).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
fuzztime="${FUZZTIME:-30s}"
parallel="${FUZZPARALLEL:-2}"

# targets: "dir name" per fuzz target, in a stable order.
targets="$(git ls-files '*_test.go' | xargs grep -H '^func Fuzz' |
  sed 's#^\(.*\)/[^/]*_test\.go:func \(Fuzz[A-Za-z0-9_]*\).*#\1 \2#' | sort |
  grep -E -- "${FUZZMATCH:-.}" || true)"
if [[ -z "$targets" ]]; then
  echo "fuzz: no fuzz target matches '${FUZZMATCH:-.}'" >&2
  exit 1
fi
# Every parser (each format package under ingest/) must have a target.
if [[ -z "${FUZZMATCH:-}" ]]; then
  for d in $(git ls-files ':(glob)ingest/*/*.go' | xargs -n1 dirname | sort -u); do
    if ! grep -q "^$d " <<<"$targets"; then
      echo "fuzz: parser $d has no fuzz target (add a func Fuzz... to its tests)" >&2
      exit 1
    fi
  done
fi
n="$(wc -l <<<"$targets")"
echo "fuzz: $n targets, $fuzztime each" >&2
start=$(date +%s)
i=0
# fuzz_once DIR NAME: one run of the target; its output is also kept in $log.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
fuzz_once() {
  go test "./$1" -run '^$' -fuzz "^$2\$" -fuzztime "$fuzztime" -fuzzminimizetime 1s -parallel "$parallel" 2>&1 | tee "$log"
  return "${PIPESTATUS[0]}"
}
# new_seeds DIR NAME: the failing inputs this run wrote (untracked files).
new_seeds() {
  git status --porcelain --untracked-files=all -- "$1/testdata/fuzz/$2" | sed -n 's/^?? //p'
}
while read -r dir name; do
  i=$((i + 1))
  echo "fuzz: [$i/$n] ./$dir $name" >&2
  if fuzz_once "$dir" "$name"; then
    continue
  fi
  # Go 1.26's fuzzing coordinator can fail a target at the end of
  # -fuzztime with a bare "context deadline exceeded" and no failing input
  # (golang/go#75804, fixed in Go 1.27): that target runs once more. A
  # target that wrote a failing input fails at once.
  if [[ -z "$(new_seeds "$dir" "$name")" ]] && grep -q '^    context deadline exceeded$' "$log" &&
    ! grep -q -e '^panic' -e 'Failing input written' "$log"; then
    echo "fuzz: $name in ./$dir stopped on the coordinator's deadline without a failing input (golang/go#75804): once more" >&2
    if fuzz_once "$dir" "$name"; then
      continue
    fi
  fi
  echo "fuzz: $name in ./$dir failed" >&2
  new_seeds "$dir" "$name" | sed 's/^/fuzz: new regression seed (commit it): /' >&2
  exit 1
done <<<"$targets"
echo "fuzz: $n targets passed, $fuzztime each, in $(($(date +%s) - start)) s" >&2
