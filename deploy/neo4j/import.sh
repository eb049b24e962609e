#!/usr/bin/env bash
# Bulk-loads the folder written by `ownex export neo4j-import DIR` into the
# database of the local Neo4j (deploy/neo4j, same OWNEX_CACHE_DIR), before
# its server starts:
#
#   1. `neo4j-admin database import full neo4j` (org.neo4j.cli.AdminTool from
#      the jars start.sh fetches; neo4j-import-tool is among them) with the
#      arguments of DIR/neo4j-admin.args;
#   2. DIR/finish.cypher on the imported database, embedded and without Bolt
#      (import/ImportFinish.java): the empty lists neo4j-admin cannot store,
#      the schema (constraints and indexes, populated).
#
# Then `bash deploy/neo4j/start.sh` serves it. Usage:
#
#   bash deploy/neo4j/import.sh DIR
#
# The server of this cache folder must be stopped. The database must be new:
# NEO4J_FRESH=1 deletes the cache's data (…/neo4j/home) first, as start.sh
# does; NEO4J_IMPORT_OVERWRITE=1 replaces only the neo4j database.
# NEO4J_IMPORT_HEAP (1g) is the import tool's JVM heap, NEO4J_IMPORT_OFFHEAP
# (2g) its --max-off-heap-memory, NEO4J_IMPORT_THREADS its --threads
# (default: the cores). The finish step uses NEO4J_HEAP, NEO4J_PAGECACHE and
# NEO4J_CONF like start.sh. Prints the import summary on stderr; the tool's
# full output is in $OWNEX_CACHE_DIR/neo4j/import.log.
set -euo pipefail

# shellcheck source=common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"
# shellcheck source=jars.sh
source "$NEO4J_DEPLOY_DIR/jars.sh"

if [[ $# -ne 1 ]]; then
  echo "usage: bash deploy/neo4j/import.sh DIR   (DIR written by: ownex export neo4j-import DIR)" >&2
  exit 2
fi
DIR="$(cd "$1" 2>/dev/null && pwd)" || { neo4j_say "no folder $1"; exit 2; }
if [[ ! -f "$DIR/neo4j-admin.args" || ! -f "$DIR/finish.cypher" ]]; then
  neo4j_say "$DIR holds no neo4j-admin.args and finish.cypher: write it with 'ownex export neo4j-import $1'"
  exit 2
fi
JAVA="$(neo4j_java)"
IMPORT_LOG="$NEO4J_BASE/import.log"
mkdir -p "$NEO4J_BASE"

# The same lock as start.sh: no server of this cache starts meanwhile.
exec 9>"$NEO4J_BASE/.start.lock"
if command -v flock >/dev/null 2>&1; then
  flock -w 900 9 || { neo4j_say "could not lock $NEO4J_BASE/.start.lock"; exit 1; }
fi
if neo4j_read_pidfile && neo4j_is_ours "$NEO4J_RUN_PID"; then
  neo4j_say "Neo4j of this cache ($NEO4J_BASE) is running (pid $NEO4J_RUN_PID); stop it first (stop.sh)"
  exit 1
fi

neo4j_ensure_jars

overwrite=false
if [[ "${NEO4J_FRESH:-0}" == 1 ]]; then
  rm -rf "$NEO4J_HOME_DIR"
elif [[ "${NEO4J_IMPORT_OVERWRITE:-0}" == 1 ]]; then
  overwrite=true
elif [[ -n "$(ls -A "$NEO4J_HOME_DIR/data/databases/neo4j" 2>/dev/null | grep -v '^database_lock$' || true)" ]]; then
  neo4j_say "$NEO4J_HOME_DIR already holds a neo4j database: NEO4J_FRESH=1 deletes the cache's data first," \
    "NEO4J_IMPORT_OVERWRITE=1 replaces the database"
  exit 1
fi
mkdir -p "$NEO4J_HOME_DIR"

mapfile -t args <"$DIR/neo4j-admin.args"
extra=()
[[ -n "${NEO4J_IMPORT_THREADS:-}" ]] && extra+=("--threads=$NEO4J_IMPORT_THREADS")
[[ -n "${NEO4J_CONF:-}" ]] && extra+=("--additional-config=$NEO4J_CONF")

jvm_common=(
  -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+ExitOnOutOfMemoryError
  -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields
  -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
  -Dlog4j2.disable.jmx=true -Djol.skipHotspotSAAttach=true
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
)

start_s=$SECONDS
neo4j_say "importing $DIR into $NEO4J_HOME_DIR (database neo4j); log $IMPORT_LOG"
# NEO4J_CONF means a file to ownex's scripts but a folder to neo4j-admin:
# it is passed as --additional-config instead.
if ! (cd "$DIR" && env -u NEO4J_CONF NEO4J_HOME="$NEO4J_HOME_DIR" "$JAVA" -Xmx"${NEO4J_IMPORT_HEAP:-1g}" "${jvm_common[@]}" \
    -cp "$NEO4J_LIB_DIR/*" org.neo4j.cli.AdminTool database import full neo4j \
    --overwrite-destination="$overwrite" --max-off-heap-memory="${NEO4J_IMPORT_OFFHEAP:-2g}" \
    --report-file="$NEO4J_BASE/import.report" ${extra[@]+"${extra[@]}"} "${args[@]}") >"$IMPORT_LOG" 2>&1; then
  neo4j_say "neo4j-admin import failed; last lines of $IMPORT_LOG:"
  tail -n 40 "$IMPORT_LOG" >&2
  exit 1
fi
import_s=$((SECONDS - start_s))
sed -n '/^IMPORT DONE/,$p' "$IMPORT_LOG" | sed 's/^/neo4j: /' >&2

neo4j_say "finishing (empty lists, schema) with $DIR/finish.cypher"
if ! (export NEO4J_PAGECACHE="${NEO4J_PAGECACHE:-512m}"; "$JAVA" -Xms"${NEO4J_HEAP_INITIAL:-256m}" -Xmx"${NEO4J_HEAP:-2g}" \
    "${jvm_common[@]}" ${NEO4J_JAVA_OPTS:-} -cp "$NEO4J_LIB_DIR/*" "$NEO4J_DEPLOY_DIR/import/ImportFinish.java" \
    "$NEO4J_HOME_DIR" "$DIR/finish.cypher") >>"$IMPORT_LOG" 2>&1; then
  neo4j_say "finishing the import failed; last lines of $IMPORT_LOG:"
  tail -n 40 "$IMPORT_LOG" >&2
  exit 1
fi
grep '^ownex-import:' "$IMPORT_LOG" | sed 's/^ownex-import: /neo4j: finish: /' >&2 || true
neo4j_say "imported in ${import_s}s, finished in $((SECONDS - start_s - import_s))s; start the server with start.sh"
