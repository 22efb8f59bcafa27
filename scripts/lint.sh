#!/usr/bin/env bash
# The static checks CI runs before the tests: style, layering, types.
# Run from anywhere, with the project's .venv installed (scripts/test.sh makes it).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
"$bin/ruff" check .
"$bin/ruff" format --check .
"$bin/lint-imports" --no-cache  # contracts in pyproject.toml [tool.importlinter]
"$bin/mypy"  # configuration in pyproject.toml [tool.mypy]
