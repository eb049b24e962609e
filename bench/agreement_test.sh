#!/usr/bin/env bash
# Checks that make bench fails when a baseline's agreement check fails:
# runs bench/run.sh's gobench with a `go` whose benchmark reports that a
# baseline and the engine disagree (as internal/baseline's benchmarks do
# with b.Errorf/b.Fatalf), and expects exit 1. Runs no benchmark.
#
#   bash bench/agreement_test.sh [path/to/run.sh]
set -uo pipefail
run="${1:-$(dirname "${BASH_SOURCE[0]}")/run.sh}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
out="$dir/results.md"
say() { echo "bench: $*" >&2; }
row() { echo "$*" >>"$out"; }
eval "$(sed -n '/^gobench() {/,/^}/p' "$run")"
go() {
  printf '%s\n' BenchmarkAnalyze1M '    bench_test.go:74: entity C17: engine blocked, gonum clear' \
    '--- FAIL: BenchmarkAnalyze1M' FAIL 'exit status 1' 'FAIL	github.com/ownex/ownex/internal/baseline	41.2s'
  return 1
}
(gobench "Baseline (a): gonum vs the engine" ./internal/baseline 'Analyze1M$') 2>"$dir/stderr"
rc=$?
if [[ "$rc" == 0 ]]; then
  cat "$dir/stderr" >&2
  echo "agreement_test: FAIL: gobench exited 0 although the baseline disagreed" >&2
  exit 1
fi
echo "agreement_test: ok: a disagreeing baseline fails make bench (exit $rc)" >&2
