"""Consoles that show article text as text: never as Rich markup, never as terminal controls.

Titles, quotes, sources, field names and error messages all come from the articles, and an
article is hostile input. Rich reads ``[/red]`` in a plain string as markup (and crashes on an
unbalanced tag), turns ``[link=…]`` into a hidden clickable link, and passes escape sequences
(ESC, OSC 8 hyperlinks, cursor movement) through to the terminal. Every command therefore prints
through :func:`make_console`, whose consoles read no markup, no emoji codes, and show control
characters as visible escapes. Our own styling is given as ``style=`` or :class:`rich.text.Text`
objects, which carry no markup to parse.

>>> import io
>>> console = make_console(file=io.StringIO(), width=60)
>>> console.print("[/red] [link=https://evil.example]x[/link] \\x1b]8;;https://e\\x07")
>>> console.file.getvalue()
'[/red] [link=https://evil.example]x[/link] \\\\x1b]8;;https://e\\\\x07\\n'
"""

from __future__ import annotations

import re
from typing import IO, Any

from rich.console import Console
from rich.text import Text

from narrascope.safetext import escape_characters

# C0 controls but tab and newline, DEL, C1 controls, the bidirectional overrides and
# isolates that can make a terminal show text in an order other than the bytes ("Trojan
# source"), and lone surrogates (undecodable file-name bytes), which no terminal encoding takes.
# Carriage return is included: it lets a later part of a line overwrite the start.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def safe(value: object) -> str:
    """``value`` as a string with every control character shown as an escape.

    >>> safe("Kyiv\\x1b[2J\\u202eevil\\tok\\n")
    'Kyiv\\\\x1b[2J\\\\u202eevil\\tok\\n'
    """
    return escape_characters(_UNSAFE, str(value))


class SafeConsole(Console):
    """A console whose plain strings are always literal text with controls escaped."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        kwargs["markup"] = False
        kwargs["emoji"] = False
        return super().render_str(safe(text), **kwargs)


def make_console(
    *, stderr: bool = False, file: IO[str] | None = None, width: int | None = None
) -> Console:
    """The console every command prints through (see the module docstring)."""
    return SafeConsole(
        stderr=stderr, file=file, width=width, soft_wrap=True, markup=False, emoji=False,
        highlight=False,
    )


def error(console: Console, command: str, message: object) -> None:
    """``narrascope COMMAND: message`` in red; ``message`` may come from any input."""
    console.print(Text(f"narrascope {command}: {safe(message)}", style="red"))


def styled(value: object, style: str) -> Text:
    """Input-derived ``value`` as one styled piece of text."""
    return Text(safe(value), style=style)
