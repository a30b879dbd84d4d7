"""Argument types shared by several commands."""

from __future__ import annotations

import argparse
from datetime import date


def iso_day(value: str) -> str:
    """A ``--since``-style day as YYYY-MM-DD; anything else is a usage error.

    >>> iso_day("2024-03-01")
    '2024-03-01'
    """
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None
