# neo4j_ensure_jars: fetches the Neo4j jars and compiles the launcher into
# the cache folder when they are missing or stale, exactly as start.sh does
# (same build stamp, so neither redoes the other's work). Sourced after
# common.sh by import.sh.
# shellcheck shell=bash

neo4j_ensure_jars() {
  local want_stamp have_stamp
  want_stamp="$(cat "$NEO4J_DEPLOY_DIR/pom.xml" "$NEO4J_DEPLOY_DIR/src/main/java/ownex/Neo4jLauncher.java" \
    | { sha256sum 2>/dev/null || shasum -a 256; } | cut -d' ' -f1)"
  have_stamp="$(cat "$NEO4J_STAMP" 2>/dev/null || true)"
  if [[ "$want_stamp" == "$have_stamp" && -f "$NEO4J_BUILD_DIR/classes/ownex/Neo4jLauncher.class" \
        && -d "$NEO4J_LIB_DIR" ]]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || { neo4j_say "mvn (Maven 3) is needed to fetch the Neo4j jars"; return 1; }
  rm -rf "$NEO4J_LIB_DIR" "$NEO4J_BUILD_DIR" "$NEO4J_STAMP"
  local mvn_env=()
  [[ -n "${NEO4J_JAVA_HOME:-}" ]] && mvn_env=(env "JAVA_HOME=$NEO4J_JAVA_HOME")
  if ! ${mvn_env[@]+"${mvn_env[@]}"} mvn -q -B -f "$NEO4J_DEPLOY_DIR/pom.xml" process-classes \
      -Downex.build.dir="$NEO4J_BUILD_DIR" -Dneo4j.lib.dir="$NEO4J_LIB_DIR" \
      >"$NEO4J_BUILD_LOG" 2>&1; then
    neo4j_say "fetching the Neo4j jars failed; last lines of $NEO4J_BUILD_LOG:"
    tail -n 40 "$NEO4J_BUILD_LOG" >&2
    return 1
  fi
  echo "$want_stamp" >"$NEO4J_STAMP"
}
