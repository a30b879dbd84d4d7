"""Quotation marks and how they pair, and the marks that end a sentence.

The press of the six languages writes “…” (en, pt), «…» (ru, uk, bg, pt), „…“ (uk, bg),
„…” (as in Polish and Romanian), ‘…’ and ‹…›, and straight "…" everywhere. The sentence
splitter and the quote finder both pair marks by :data:`QUOTE_PAIRS`; the quote finder, which
also reads sloppier text, accepts the extra pairs of :data:`LENIENT_QUOTE_PAIRS`.

>>> OPENING_QUOTES, CLOSING_QUOTES
('“„«‹‘"', '”“»›’"')
>>> CLOSED_BY["“"], CLOSED_BY["”"]
('„', '“„')
"""

from __future__ import annotations

#: Opening mark → the marks that close it.
QUOTE_PAIRS: dict[str, str] = {
    "“": "”",
    "„": "“”",  # „…“ (uk, bg, de) and „…” (pl, ro)
    "«": "»",
    "‹": "›",
    "‘": "’",
    '"': '"',
}
#: Marks that open a quotation.
OPENING_QUOTES = "".join(QUOTE_PAIRS)
#: Marks that close one (“ closes „).
CLOSING_QUOTES = "".join(dict.fromkeys("".join(QUOTE_PAIRS.values())))
#: Closing mark → the opening marks it closes.
CLOSED_BY: dict[str, str] = {
    closer: "".join(opener for opener, closers in QUOTE_PAIRS.items() if closer in closers)
    for closer in CLOSING_QUOTES
}
#: Every mark that takes part in pairing.
QUOTE_MARKS = "".join(dict.fromkeys(OPENING_QUOTES + CLOSING_QUOTES))
#: Double quotation marks: a sentence with one of these holds a quotation (‘ ’ ‹ › are as often
#: apostrophes and arrows).
DOUBLE_QUOTES = "“”«»„\""

#: The quote finder's pairs: :data:`QUOTE_PAIRS` and two sloppy conventions of scraped text,
#: “…“ and a quotation opened with a closing mark, ”…”. (The sentence splitter takes “…“ only
#: when the second mark is glued to the word before it, and never opens with ”.)
LENIENT_QUOTE_PAIRS: dict[str, str] = {**QUOTE_PAIRS, "“": "”“", "”": "”"}
#: Marks that open a paragraph continuing the quotation of the paragraph before (the English
#: convention for a quotation over several paragraphs).
REOPENING_QUOTES = "“„«‘\"”"

#: Marks that end a sentence: . ! ? … and the Devanagari danda.
TERMINATORS = ".!?…।"
#: The Devanagari double danda, which ends a verse or a paragraph; the sentence splitter and the
#: cleaner take it for a terminator too, the quote extractor does not.
DOUBLE_DANDA = "॥"
