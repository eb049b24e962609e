#!/usr/bin/env bash
# Creates (or reuses) the Python virtualenv of the networkx look-through
# baseline (internal/baseline/nx/lookthrough.py) and of the DuckDB
# read-back of the Parquet outputs (internal/cli/parquet_test.go), and
# prints its python.
#
#   bash deploy/python/setup.sh        # -> /root/.cache/ownex/venv/bin/python
#
# The venv is ~/.cache/ownex/venv unless OWNEX_VENV names another folder;
# it is made with `python3 -m venv` (PYTHON overrides python3) and gets
# networkx from PyPI with pip, pinned to NETWORKX_VERSION (default 3.6.1,
# which supports Python 3.11 and later) and duckdb pinned to
# DUCKDB_VERSION (default 2.0.0). Re-running it does nothing when the venv
# already has those versions. The Go tests find the interpreter via
# OWNEX_PYTHON, else at ~/.cache/ownex/venv/bin/python (the default here).
# Messages go to stderr; the last (only) line of stdout is the python path.
set -euo pipefail

NETWORKX_VERSION="${NETWORKX_VERSION:-3.6.1}"
DUCKDB_VERSION="${DUCKDB_VERSION:-2.0.0}"
venv="${OWNEX_VENV:-$HOME/.cache/ownex/venv}"
python="${PYTHON:-python3}"
py="$venv/bin/python"

say() { echo "python-setup: $*" >&2; }

if [[ -x "$py" ]] && "$py" - "$NETWORKX_VERSION" "$DUCKDB_VERSION" <<'PY' 2>/dev/null; then
import sys, networkx, duckdb
sys.exit(0 if (networkx.__version__, duckdb.__version__) == (sys.argv[1], sys.argv[2]) else 1)
PY
  say "networkx $NETWORKX_VERSION and duckdb $DUCKDB_VERSION already in $venv"
  echo "$py"
  exit 0
fi

if ! command -v "$python" >/dev/null 2>&1; then
  say "$python not found: install Python 3.11 or later (or set PYTHON)"
  exit 1
fi
if [[ ! -x "$py" ]]; then
  say "creating $venv with $("$python" --version 2>&1)"
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv"
fi
say "installing networkx==$NETWORKX_VERSION and duckdb==$DUCKDB_VERSION from PyPI"
"$py" -m pip install --quiet --disable-pip-version-check "networkx==$NETWORKX_VERSION" "duckdb==$DUCKDB_VERSION" >&2
"$py" -c 'import networkx, duckdb, sys; print("python-setup: networkx", networkx.__version__, "and duckdb", duckdb.__version__, "on Python", sys.version.split()[0], file=sys.stderr)'
echo "$py"
