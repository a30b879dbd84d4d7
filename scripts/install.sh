#!/usr/bin/env bash
# Create ./.venv (if needed) and install narrascope with every pinned, hash-checked dependency.
# Idempotent: a second run only re-checks what is installed.
#
# Why three steps, and --no-deps:
# The pip that `python3 -m venv` brings differs from machine to machine (23.2.1 here), and old
# pips resolve some extras (justext's `lxml[html_clean]`) as fresh, unpinned requirements, so a
# release upstream could break set-up overnight. So nothing is ever resolved against the index:
#   1. requirements/bootstrap.txt brings pip itself and the build tools to pinned, hash-checked
#      versions;
#   2. requirements/lock.txt, the complete dependency closure, is installed with --no-deps
#      (exactly the listed files, each hash-checked) and without build isolation, so the one
#      sdist in it (docopt) builds with the pinned setuptools, not whatever is newest;
#   3. narrascope itself, then `pip check` proves the closure complete and consistent.
#
# NARRASCOPE_EXTRAS=ray also installs the optional Ray engine from requirements/ray.txt (the
# test command does; a user who wants it runs `NARRASCOPE_EXTRAS=ray bash scripts/install.sh`).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "narrascope needs Python >= 3.11 (found: $("$PYTHON" --version 2>&1))" >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1
pip=(.venv/bin/python -m pip install --quiet --require-hashes --no-deps)
stamp=.venv/.narrascope-lock.sha256
extras="${NARRASCOPE_EXTRAS:-}"
case "$extras" in
    ""|ray) ;;
    *) echo "NARRASCOPE_EXTRAS: unknown extra '$extras' (known: ray)" >&2; exit 1 ;;
esac
locks=(requirements/lock.txt)
if [ "$extras" = ray ]; then
    locks+=(requirements/ray.txt)
fi
want="$( (cat requirements/bootstrap.txt "${locks[@]}" pyproject.toml; echo "$extras") \
         | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    rm -f "$stamp"
    "${pip[@]}" -r requirements/bootstrap.txt
    for lock in "${locks[@]}"; do
        "${pip[@]}" --no-build-isolation -r "$lock"
    done
    .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
    .venv/bin/python -m pip check
    echo "$want" > "$stamp"
fi
.venv/bin/narrascope --version
