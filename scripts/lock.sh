#!/usr/bin/env bash
# Regenerate requirements/lock.txt (every dependency pinned with its sha256 hashes) from
# pyproject.toml. Run after changing a dependency; commit both files.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet uv==0.13.9
"$tmp/venv/bin/uv" pip compile pyproject.toml --extra dev --generate-hashes --no-header \
    --python-version 3.11 --python-platform x86_64-manylinux_2_28 --quiet -o requirements/lock.txt
rm -rf "$tmp"
