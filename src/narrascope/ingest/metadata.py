"""Normalising article metadata that arrives in many shapes: dates, outlets, field lookups."""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
#: Seconds since the epoch written as text (1973–2286): read as UTC, not in the local zone.
_EPOCH = re.compile(r"^\d{9,10}(\.\d+)?$")


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
    if _EPOCH.match(text):  # a number that arrived as text (CSV cell, JSON via as_text)
        return normalize_date(float(text))
    parsed = _parse(text)
    if parsed is None:
        return None, f"published: cannot parse date {text[:60]!r}"
    if isinstance(parsed, datetime):
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(UTC)
        return parsed.isoformat(), None
    return parsed.isoformat(), None


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
    """The site an article comes from: its host name without ``www.``.

    >>> outlet_from_url("https://www.example-news.com/world/1")
    'example-news.com'
    """
    if not url:
        return None
    host = urlsplit(url if "://" in url else "http://" + url).hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def get_field(record: dict[str, Any], name: str) -> Any:
    """Look up ``name`` in a JSON record; dots reach into nested objects (``meta.url``)."""
    if name in record:
        return record[name]
    value: Any = record
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def as_text(value: Any) -> str | None:
    """A scalar field value as a stripped string (lists of strings are joined by newlines)."""
    if value is None:
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "\n".join(value)
    if isinstance(value, (dict, list)):
        return None
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
