"""Writing rows as a table (rich, stdout), JSON Lines or CSV — shared by the query commands."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import Any

from rich.table import Table

from narrascope.cli.terminal import make_console

ROW_FORMATS = ("table", "jsonl", "csv")


def write_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str, *,
               title: str = "") -> None:
    if fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in columns})
        return
    table = Table(title=title or None, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(column)) for column in columns))
    console = make_console()
    if not console.is_terminal:  # a file or a pipe: do not squeeze the table to 80 columns
        console = make_console(width=200)
    console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)
