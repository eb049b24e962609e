#!/usr/bin/env bash
# Starts a local Neo4j 5.26 Community (embedded + Bolt) without Docker.
# First use fetches the jars from Maven Central (via mvn) and compiles the
# launcher; later runs reuse them. Prints the Bolt URI as the last stdout line.
# See deploy/neo4j/README.md for the environment variables.
set -euo pipefail

# shellcheck source=common.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

TIMEOUT="${NEO4J_START_TIMEOUT:-120}"
HEAP="${NEO4J_HEAP:-2g}"
PAGECACHE="${NEO4J_PAGECACHE:-512m}"
URI="bolt://$NEO4J_BOLT_HOST:$NEO4J_BOLT_PORT"
JAVA="$(neo4j_java)"

mkdir -p "$NEO4J_BASE"

# Serialise concurrent start.sh runs (fd 9 is closed for the server below).
exec 9>"$NEO4J_BASE/.start.lock"
if command -v flock >/dev/null 2>&1; then
  flock -w 900 9 || { neo4j_say "could not lock $NEO4J_BASE/.start.lock"; exit 1; }
fi

# --- already running? -------------------------------------------------------
if neo4j_read_pidfile; then
  if neo4j_is_ours "$NEO4J_RUN_PID"; then
    if [[ "$NEO4J_RUN_HOST" == "$NEO4J_BOLT_HOST" && "$NEO4J_RUN_PORT" == "$NEO4J_BOLT_PORT" ]]; then
      if [[ "${NEO4J_FRESH:-0}" == 1 ]]; then
        neo4j_say "NEO4J_FRESH=1 but Neo4j is already running (pid $NEO4J_RUN_PID); run stop.sh first"
        exit 1
      fi
      neo4j_say "already running (pid $NEO4J_RUN_PID) on $URI"
      echo "$URI"
      exit 0
    fi
    neo4j_say "Neo4j from this cache ($NEO4J_BASE) is already running on" \
      "bolt://$NEO4J_RUN_HOST:$NEO4J_RUN_PORT (pid $NEO4J_RUN_PID); run stop.sh first"
    exit 1
  fi
  rm -f "$NEO4J_PIDFILE" # stale
fi

if neo4j_port_open "$NEO4J_BOLT_HOST" "$NEO4J_BOLT_PORT"; then
  neo4j_say "port $NEO4J_BOLT_PORT on $NEO4J_BOLT_HOST is in use by another process" \
    "(not started by this script); stop it or set NEO4J_BOLT_PORT"
  exit 1
fi

# --- java -------------------------------------------------------------------
if ! JAVA_VERSION_OUT="$("$JAVA" -version 2>&1)"; then
  neo4j_say "cannot run '$JAVA' (set NEO4J_JAVA_HOME to a Java 17 or 21 JDK)"
  exit 1
fi
JAVA_MAJOR="$(sed -n 's/.*version "\([0-9]*\).*/\1/p' <<<"$JAVA_VERSION_OUT" | head -n1)"
if [[ "$JAVA_MAJOR" != 17 && "$JAVA_MAJOR" != 21 ]]; then
  neo4j_say "warning: Neo4j 5.26 supports Java 17 and 21, '$JAVA' is Java ${JAVA_MAJOR:-?}" \
    "(set NEO4J_JAVA_HOME to change)"
fi

# --- build / fetch on first use ---------------------------------------------
want_stamp="$(cat "$NEO4J_DEPLOY_DIR/pom.xml" "$NEO4J_DEPLOY_DIR/src/main/java/ownex/Neo4jLauncher.java" \
  | { sha256sum 2>/dev/null || shasum -a 256; } | cut -d' ' -f1)"
have_stamp="$(cat "$NEO4J_STAMP" 2>/dev/null || true)"
if [[ "$want_stamp" != "$have_stamp" || ! -f "$NEO4J_BUILD_DIR/classes/ownex/Neo4jLauncher.class" \
      || ! -d "$NEO4J_LIB_DIR" ]]; then
  command -v mvn >/dev/null 2>&1 || { neo4j_say "mvn (Maven 3) is needed for the first start"; exit 1; }
  rm -rf "$NEO4J_LIB_DIR" "$NEO4J_BUILD_DIR" "$NEO4J_STAMP" # no jars of an older version left behind
  mvn_env=()
  [[ -n "${NEO4J_JAVA_HOME:-}" ]] && mvn_env=(env "JAVA_HOME=$NEO4J_JAVA_HOME")
  if ! ${mvn_env[@]+"${mvn_env[@]}"} mvn -q -B -f "$NEO4J_DEPLOY_DIR/pom.xml" process-classes \
      -Downex.build.dir="$NEO4J_BUILD_DIR" -Dneo4j.lib.dir="$NEO4J_LIB_DIR" \
      >"$NEO4J_BUILD_LOG" 2>&1; then
    neo4j_say "building the launcher / fetching Neo4j jars failed; last lines of $NEO4J_BUILD_LOG:"
    tail -n 40 "$NEO4J_BUILD_LOG" >&2
    exit 1
  fi
  echo "$want_stamp" >"$NEO4J_STAMP"
fi

# --- start --------------------------------------------------------------------
if [[ "${NEO4J_FRESH:-0}" == 1 ]]; then
  rm -rf "$NEO4J_HOME_DIR"
fi
mkdir -p "$NEO4J_HOME_DIR"
[[ -f "$NEO4J_LOG" ]] && mv -f "$NEO4J_LOG" "$NEO4J_LOG.1"

# JVM flags follow the ones Neo4j's own neo4j.conf ships for Java 17.
# shellcheck disable=SC2206
jvm_opts=(
  -Xms"${NEO4J_HEAP_INITIAL:-256m}" -Xmx"$HEAP"
  -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+DisableExplicitGC -XX:+ExitOnOutOfMemoryError
  -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields
  -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
  -Dlog4j2.disable.jmx=true -Djol.skipHotspotSAAttach=true
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  ${NEO4J_JAVA_OPTS:-}
  -Downex.neo4j.home="$NEO4J_HOME_DIR"
  -cp "$NEO4J_BUILD_DIR/classes:$NEO4J_LIB_DIR/*"
  ownex.Neo4jLauncher
)
launcher=(nohup "$JAVA" "${jvm_opts[@]}")
command -v setsid >/dev/null 2>&1 && launcher=(setsid "${launcher[@]}")

start_s=$SECONDS
(
  cd "$NEO4J_BASE"
  export NEO4J_HOME_DIR NEO4J_BOLT_HOST NEO4J_BOLT_PORT
  export NEO4J_PAGECACHE="$PAGECACHE" NEO4J_AUTH="${NEO4J_AUTH:-none}"
  exec "${launcher[@]}" </dev/null >"$NEO4J_LOG" 2>&1 9>&-
) &
pid=$!
echo "$pid $NEO4J_BOLT_HOST $NEO4J_BOLT_PORT" >"$NEO4J_PIDFILE"

fail() {
  neo4j_say "$1; last lines of $NEO4J_LOG:"
  tail -n 40 "$NEO4J_LOG" >&2 || true
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$NEO4J_PIDFILE"
  exit 1
}

while :; do
  if ! kill -0 "$pid" 2>/dev/null; then
    fail "Neo4j exited during startup"
  fi
  if grep -q '^OWNEX-NEO4J-READY' "$NEO4J_LOG" 2>/dev/null \
      && neo4j_port_open "$NEO4J_BOLT_HOST" "$NEO4J_BOLT_PORT"; then
    break
  fi
  if (( SECONDS - start_s >= TIMEOUT )); then
    fail "Neo4j did not become ready within ${TIMEOUT}s (NEO4J_START_TIMEOUT)"
  fi
  sleep 0.5
done

neo4j_is_ours "$pid" || neo4j_say "warning: pid $pid does not look like the launcher; stop.sh may not find it"
neo4j_say "started (pid $pid) in $((SECONDS - start_s))s; log $NEO4J_LOG; data $NEO4J_HOME_DIR"
echo "$URI"
