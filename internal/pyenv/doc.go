// Package pyenv finds, for tests, the Python interpreter of
// deploy/python/setup.sh: OWNEX_PYTHON, else ~/.cache/ownex/venv/bin/python.
// The venv holds networkx (the look-through baseline, internal/baseline)
// and duckdb (the read-back of the Parquet outputs, internal/cli).
package pyenv
