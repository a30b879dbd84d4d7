"""Subject pronouns per language, with what they point back to.

>>> PRONOUNS["uk"]["вона"]
'f'
"""

from __future__ import annotations

#: Subject pronouns with what they point back to: "m", "f" (a person of that gender), "x" (a
#: person, gender not marked, as in Hindi), "n" (an organisation, group or place), "p" (plural:
#: an organisation, group or place, else a person).
PRONOUNS: dict[str, dict[str, str]] = {
    "en": {"he": "m", "she": "f", "they": "p", "it": "n"},
    "ru": {"он": "m", "она": "f", "они": "p", "оно": "n"},
    "uk": {"він": "m", "вона": "f", "вони": "p", "воно": "n"},
    "bg": {"той": "m", "тя": "f", "те": "p"},
    "pt": {"ele": "m", "ela": "f", "eles": "p", "elas": "p"},
    "hi": {"उन्होंने": "x", "उसने": "x", "वह": "x", "वे": "x", "उनका": "x", "उनके": "x"},
}

