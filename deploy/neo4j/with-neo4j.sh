#!/usr/bin/env bash
# Runs a command (the test suite) with a real Neo4j: starts a dedicated test
# server with its own data folder and port, exports OWNEX_TEST_NEO4J_URI and
# OWNEX_TEST_NEO4J_DEPLOY (for tests that stop and restart it), runs "$@",
# and stops the server whatever happens.
#
# With CI=true a Neo4j that does not start fails the run (exit 1); elsewhere
# the tests run without it and the Neo4j tests skip, saying why.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Keep the test server apart from a developer's own (data, pid, port).
export OWNEX_CACHE_DIR="${OWNEX_TEST_CACHE_DIR:-${OWNEX_CACHE_DIR:-$HOME/.cache/ownex}/test}"
export NEO4J_BOLT_PORT="${OWNEX_TEST_NEO4J_PORT:-7697}"
export NEO4J_AUTH=none

bash "$here/stop.sh" >/dev/null 2>&1 || true
if uri="$(NEO4J_FRESH=1 bash "$here/start.sh" | tail -n 1)" && [[ "$uri" == bolt://* ]]; then
  export OWNEX_TEST_NEO4J_URI="$uri"
  export OWNEX_TEST_NEO4J_DEPLOY="$here"
  trap 'bash "$here/stop.sh" >/dev/null 2>&1 || true' EXIT
  echo "with-neo4j: test Neo4j at $uri" >&2
else
  if [[ "${CI:-}" == "true" ]]; then
    echo "with-neo4j: Neo4j did not start, and CI=true makes that a failure" >&2
    exit 1
  fi
  echo "with-neo4j: WARNING: Neo4j did not start; the Neo4j tests will be skipped" >&2
fi
"$@"
