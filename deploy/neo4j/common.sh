# Shared settings and helpers for start.sh and stop.sh (sourced, not run).
# shellcheck shell=bash

NEO4J_DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

NEO4J_BASE="${OWNEX_CACHE_DIR:-$HOME/.cache/ownex}/neo4j"
NEO4J_HOME_DIR="$NEO4J_BASE/home"          # Neo4j home: data/ and logs/ (wiped by NEO4J_FRESH=1)
NEO4J_LIB_DIR="$NEO4J_BASE/lib"            # Neo4j jars copied from ~/.m2
NEO4J_BUILD_DIR="$NEO4J_BASE/build"        # maven build dir (compiled launcher)
NEO4J_STAMP="$NEO4J_BASE/build.stamp"      # hash of pom.xml + launcher source
NEO4J_PIDFILE="$NEO4J_BASE/neo4j.pid"      # "<pid> <host> <port>"
NEO4J_LOG="$NEO4J_BASE/neo4j.log"          # launcher stdout/stderr (previous run: neo4j.log.1)
NEO4J_BUILD_LOG="$NEO4J_BASE/build.log"

NEO4J_BOLT_HOST="${NEO4J_BOLT_HOST:-127.0.0.1}"
NEO4J_BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"

neo4j_say() { echo "neo4j: $*" >&2; }

# Prints the java binary to use.
neo4j_java() {
  if [[ -n "${NEO4J_JAVA_HOME:-}" ]]; then
    echo "$NEO4J_JAVA_HOME/bin/java"
  elif [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
    echo "$JAVA_HOME/bin/java"
  else
    echo java
  fi
}

# Command line of a process, or nothing.
neo4j_cmdline() {
  local pid=$1
  if [[ -r /proc/$pid/cmdline ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true
  else
    ps -p "$pid" -o args= 2>/dev/null || true
  fi
}

# True if $1 is a live launcher started by start.sh for this cache folder.
neo4j_is_ours() {
  local pid=$1 cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  cmd="$(neo4j_cmdline "$pid")"
  [[ "$cmd" == *ownex.Neo4jLauncher* && "$cmd" == *"-Downex.neo4j.home=$NEO4J_HOME_DIR "* ]]
}

# Reads the pid file into NEO4J_RUN_PID / NEO4J_RUN_HOST / NEO4J_RUN_PORT; false if absent.
neo4j_read_pidfile() {
  NEO4J_RUN_PID="" NEO4J_RUN_HOST="" NEO4J_RUN_PORT=""
  [[ -f "$NEO4J_PIDFILE" ]] || return 1
  read -r NEO4J_RUN_PID NEO4J_RUN_HOST NEO4J_RUN_PORT <"$NEO4J_PIDFILE" || true
  [[ -n "$NEO4J_RUN_PID" ]]
}

# True if something accepts TCP connections on host:port.
neo4j_port_open() {
  local host=$1 port=$2
  if command -v timeout >/dev/null 2>&1; then
    timeout 2 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
  else
    bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
  fi
}
