"""Normalising article metadata that arrives in many shapes: dates, outlets, field lookups."""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from narrascope.ingest.base import InputError

_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
#: Seconds since the epoch written as text (1973–2286): read as UTC, not in the local zone.
_EPOCH = re.compile(r"^\d{9,10}(\.\d+)?$")
#: ``scheme:`` at the start of a value without ``://`` (but not ``host:port``).
_OTHER_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)


def normalize_date(value: Any) -> tuple[str | None, str | None]:
    """Parse a publication date into ISO 8601; return ``(iso, warning)``.

    Dates without a time become ``YYYY-MM-DD``; with a time, a full timestamp (UTC when the
    input has a zone). Unparseable values give ``(None, warning)`` rather than an error, so the
    article is still analysed.

    >>> normalize_date("Tue, 14 Mar 2023 09:30:00 GMT")
    ('2023-03-14T09:30:00+00:00', None)
    >>> normalize_date("14.03.2023")
    ('2023-03-14', None)
    >>> normalize_date("1678786200")
    ('2023-03-14T09:30:00+00:00', None)
    >>> normalize_date("yesterday")
    (None, "published: cannot parse date 'yesterday'")
    """
    if value is None or value == "":
        return None, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 0 < value < 10**11:  # seconds since the epoch
            return datetime.fromtimestamp(value, tz=UTC).isoformat(), None
        return None, f"published: cannot parse date {value!r}"
    text = str(value).strip()
    if _EPOCH.match(text):  # a number that arrived as text (CSV cell, JSON via text_value)
        return normalize_date(float(text))
    parsed = _parse(text)
    if parsed is None:
        return None, f"published: cannot parse date {text[:60]!r}"
    if isinstance(parsed, datetime):
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(UTC)
        return parsed.isoformat(), None
    return parsed.isoformat(), None


def parse_iso_date(value: str) -> str:
    """An ISO 8601 date or date and time, normalised as :func:`normalize_date` does; raises
    :class:`ValueError` saying what is expected. Strict on purpose: a date given once for a
    whole batch (``--published``) must not be guessed at.

    >>> parse_iso_date("2023-03-14"), parse_iso_date("2023-03-14T11:30+02:00")
    ('2023-03-14', '2023-03-14T09:30:00+00:00')
    >>> parse_iso_date("14.03.2023")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ValueError: '14.03.2023' is not an ISO date or date and time (YYYY-MM-DD or ...)
    """
    text = value.strip()
    try:
        parsed: date | datetime = (
            date.fromisoformat(text) if len(text) in (8, 10) else datetime.fromisoformat(text)
        )
    except ValueError:
        raise ValueError(
            f"{value[:60]!r} is not an ISO date or date and time "
            "(YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM])"
        ) from None
    if isinstance(parsed, datetime) and parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC)
    return parsed.isoformat()


def _parse(text: str) -> date | datetime | None:
    candidate = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        if len(candidate) == 10:
            return date.fromisoformat(candidate)
        return datetime.fromisoformat(candidate)
    except ValueError:
        pass
    match = _DAY_FIRST.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    try:
        from htmldate.validators import convert_date  # noqa: F401 - availability check only
    except ImportError:  # pragma: no cover - htmldate comes with trafilatura
        return None
    from dateparser import parse as parse_natural

    natural = parse_natural(text, settings={
        "STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False,
        "PARSERS": ["custom-formats", "absolute-time"],  # "yesterday" means nothing in a file
    })
    if natural is None:
        return None
    has_time = natural.hour or natural.minute or natural.second
    return natural if has_time else natural.date()


def outlet_from_url(url: str | None) -> str | None:
    """The site an article comes from: its host name, lower case, without ``www.``.

    Only a web address has one: a feed's ``urn:uuid:…`` id or a ``url`` field holding ``n/a``
    would otherwise give the outlets ``urn`` and ``n``.

    >>> outlet_from_url("https://www.example-news.com/world/1")
    'example-news.com'
    >>> outlet_from_url("HTTP://WWW.Example-News.COM./a"), outlet_from_url("example.org/a")
    ('example-news.com', 'example.org')
    >>> outlet_from_url("urn:uuid:6e8bc430"), outlet_from_url("n/a")
    (None, None)
    """
    if not url:
        return None
    text = url.strip()
    if "://" not in text:
        if _OTHER_SCHEME.match(text):  # mailto:, urn:, javascript: name no web host
            return None
        text = "http://" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:  # "http://[broken", or a lone surrogate in the host
        return None
    host = (host or "").rstrip(".")
    if "." not in host and ":" not in host and host != "localhost":
        return None  # also the empty host
    return host.removeprefix("www.")


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


#: What :func:`get_field` returns for a field the record does not have (unlike ``null``).
MISSING: Any = _Missing()


def get_field(record: dict[str, Any], name: str, missing: Any = None) -> Any:
    """Look up ``name`` in a JSON record; dots reach into nested objects (``meta.url``).
    ``missing`` comes back when there is no such field (pass :data:`MISSING` to tell an absent
    field from ``null``)."""
    if name in record:
        return record[name]
    value: Any = record
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return missing
        value = value[part]
    return value


def json_type(value: Any) -> str:
    """The JSON name of a value's type, with its article, for messages.

    >>> json_type(3), json_type(True), json_type([]), json_type(None)
    ('a number', 'a boolean', 'an array', 'null')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def text_value(value: Any, name: str, *, numbers: bool) -> str | None:
    """A field value as a stripped string (None when empty or absent); raises :class:`InputError`
    (saying what the value is instead) for values that are not text.

    Text is a string, or an array of strings (paragraphs, several authors), joined by newlines.
    With ``numbers`` a number is written out too (an id, seconds since the epoch); booleans,
    objects and arrays holding anything else are never text: ``str()`` of them would put
    ``True`` or ``{'a': 1}`` into an article.

    >>> text_value(["One.", "Two."], "text", numbers=False)
    'One.\\nTwo.'
    >>> text_value(42, "text", numbers=False)
    Traceback (most recent call last):
    narrascope.errors.InputError: field 'text' is a number, not a string
    """
    if value is None:
        return None
    if isinstance(value, list):
        odd = next((v for v in value if not isinstance(v, str)), MISSING)
        if odd is not MISSING:
            raise InputError(f"field {name!r} is an array holding {json_type(odd)}, "
                             "not a string")
        value = "\n".join(value)
    elif not isinstance(value, str) and not (
        numbers and isinstance(value, (int, float)) and not isinstance(value, bool)
    ):
        raise InputError(f"field {name!r} is {json_type(value)}, not a string")
    text = str(value).strip()
    return text or None


def charset_from_content_type(content_type: str) -> str | None:
    """
    >>> charset_from_content_type('text/html; charset="windows-1251"')
    'windows-1251'
    """
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset" and value.strip("\"' "):
            return value.strip("\"' ")
    return None
