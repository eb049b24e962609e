#!/usr/bin/env bash
# Stops the Neo4j started by start.sh: SIGTERM (clean shutdown through the
# launcher's shutdown hook), up to NEO4J_STOP_TIMEOUT (30) seconds, then SIGKILL.
# Exit 0 also when nothing was running.
set -euo pipefail

# shellcheck source=common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

STOP_TIMEOUT="${NEO4J_STOP_TIMEOUT:-30}"

if ! neo4j_read_pidfile; then
  neo4j_say "not running (no $NEO4J_PIDFILE)"
  exit 0
fi
pid="$NEO4J_RUN_PID"
if ! neo4j_is_ours "$pid"; then
  neo4j_say "not running (stale pid file removed)"
  rm -f "$NEO4J_PIDFILE"
  exit 0
fi

kill -TERM "$pid" 2>/dev/null || true
deadline=$((SECONDS + STOP_TIMEOUT))
while kill -0 "$pid" 2>/dev/null && neo4j_is_ours "$pid"; do
  if (( SECONDS >= deadline )); then
    neo4j_say "no clean shutdown within ${STOP_TIMEOUT}s; sending SIGKILL to $pid"
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    break
  fi
  sleep 0.25
done
rm -f "$NEO4J_PIDFILE"
neo4j_say "stopped (pid $pid)"
