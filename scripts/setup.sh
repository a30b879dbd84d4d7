#!/usr/bin/env bash
# First README command: install everything, then run the main job on the bundled samples.
# Leaves narrascope.db (SQLite store) and narrascope.jsonl behind and prints a summary table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
rm -f narrascope.jsonl
.venv/bin/narrascope analyze samples/corpus/ --db narrascope.db --out narrascope.jsonl --progress never
echo
echo "Store: narrascope.db   JSONL: narrascope.jsonl"
echo "Next:  .venv/bin/narrascope show ID --db narrascope.db   (ids are in narrascope.jsonl)"
echo "       .venv/bin/narrascope copies --db narrascope.db    (articles that copy each other)"
echo "Web UI: .venv/bin/narrascope serve --db narrascope.db   then open http://127.0.0.1:8000/"
