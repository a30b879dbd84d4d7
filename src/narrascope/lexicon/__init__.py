"""What narrascope knows about the words and marks of its six languages, as data.

Each kind of word list is written once, here, with a table per language inside, and every stage
that needs it reads it from here: the sentence splitter, the cleaner and the quote extractor.

* :mod:`~narrascope.lexicon.speech`: speech verbs, and the phrases around reported speech
  ("according to", "that", "These were the words of …");
* :mod:`~narrascope.lexicon.marks`: quotation marks and how they pair; sentence terminators;
* :mod:`~narrascope.lexicon.abbreviations`: abbreviations and sentence starters;
* :mod:`~narrascope.lexicon.pronouns`: subject pronouns and what they point back to;
* :mod:`~narrascope.lexicon.descriptions`: nouns that describe an unnamed speaker;
* :mod:`~narrascope.lexicon.labels`: words that make a quoted phrase a title or a label.

Titles of persons ("minister", "министр", "porta-voz") stay with the code that keys them,
:mod:`narrascope.entities.titles`, which the quote extractor reads too.

A new language is a new entry in each table. Where two readers use slightly different lists, the
difference is a named extension next to the shared list, not a second copy.

The package is a leaf: it imports nothing from narrascope, so that any stage can read it.

>>> LANGUAGES
('en', 'ru', 'uk', 'bg', 'pt', 'hi')
"""

from __future__ import annotations

#: The languages every table covers (ISO 639-1).
LANGUAGES = ("en", "ru", "uk", "bg", "pt", "hi")
