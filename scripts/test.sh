#!/usr/bin/env bash
# The README's test command: install into .venv, run the static checks (scripts/lint.sh),
# then every test.  PostgreSQL tests use $CHECKPOINT_TEST_PG_URL, or the machine's server
# if it can be started.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install --quiet -e '.[dev]'
if [[ -z "${CHECKPOINT_TEST_PG_URL:-}" ]] && command -v pg_lsclusters >/dev/null 2>&1; then
  if url=$(scripts/start-test-postgres.sh); then
    export CHECKPOINT_TEST_PG_URL="$url"
  else
    echo "test.sh: could not start PostgreSQL; its tests will be skipped (or fail under CI)" >&2
  fi
fi
scripts/lint.sh
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
