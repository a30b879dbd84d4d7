#!/usr/bin/env bash
# Regenerate requirements/lock.txt (every dependency pinned with its sha256 hashes) from
# pyproject.toml, and requirements/bootstrap.txt (pip and the build tools, constrained to the
# same versions). Run after changing a dependency; commit all three files.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet uv==0.13.9
compile=("$tmp/venv/bin/uv" pip compile --generate-hashes --no-header --python-version 3.11
         --python-platform x86_64-manylinux_2_28 --quiet)
"${compile[@]}" pyproject.toml --extra dev -o requirements/lock.txt
"${compile[@]}" requirements/bootstrap.in -c requirements/lock.txt -o requirements/bootstrap.txt
echo "ray[data]==$(sed -n 's/^ray = \["ray\[data\]==\(.*\)"\]/\1/p' pyproject.toml)" > "$tmp/ray.in"
"${compile[@]}" "$tmp/ray.in" -c requirements/lock.txt -o "$tmp/ray.txt"
{ sed -n '1,3p' requirements/ray.txt; cat "$tmp/ray.txt"; } > "$tmp/ray.locked"
mv "$tmp/ray.locked" requirements/ray.txt
rm -rf "$tmp"
