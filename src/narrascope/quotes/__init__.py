"""Quotes and speakers: who said what, with the evidence for each attribution.

The ``quotes`` stage (after ``entities``) finds

* **direct** quotations by their marks (any of “” ‘’ «» „“ "", across paragraphs),
* **partial** quotations embedded in reported speech (… said the weapons "will not change the
  outcome"),
* **indirect** speech without marks (X said that …, according to X, …, …, the ministry said),

drops scare quotes, labels and titles of works, and attributes each quotation to a speaker:
from the speech cue next to it and the nearest name, pronoun or description, resolved to a
canonical entity (a pronoun to the person it points back to; "the spokesman" to the person the
article calls spokesman; "the ministry" to the ministry it named). When the article does not
say who spoke, ``speaker`` is null — a description that names nobody is kept as
``speaker_description``, never passed off as a name.

The method, module by module:

* :mod:`~narrascope.quotes.marks` pairs quotation marks into spans, across paragraphs when a
  quotation runs on;
* :mod:`~narrascope.quotes.detection` classifies each span as direct or partial, or drops it;
* :mod:`~narrascope.quotes.speakers` lists the speaker candidates near a speech cue (names,
  pronouns, descriptions) and resolves them to entities;
* :mod:`~narrascope.quotes.attribution` finds the cue of a quotation and the candidate it
  belongs to, or carries the speaker of the quotation before;
* :mod:`~narrascope.quotes.indirect` finds reported speech without marks;
* :mod:`~narrascope.quotes.stage` puts these together (:func:`extract_quotes`, :class:`QuoteStage`);
* :mod:`~narrascope.quotes.patterns` compiles the word lists of :mod:`narrascope.lexicon` (speech
  verbs, pronouns, descriptions, labels) into the regular expressions the others match;
* :mod:`~narrascope.quotes.scoring` scores extracted quotes against annotated ones.
"""

from __future__ import annotations

from narrascope.annotations import Quote, Speaker
from narrascope.quotes.stage import QuoteStage, extract_quotes

__all__ = ["Quote", "QuoteStage", "Speaker", "extract_quotes"]
