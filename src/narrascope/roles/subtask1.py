"""SemEval-2025 Task 10 sub-task 1: roles for given entity mentions, in the release format.

Offsets in the release point into the whole article file (title included) with an inclusive
end; contexts are built on that text directly, so predictions line up with the input exactly.
Mentions of one article with the same name (up to spelling) are one entity and share their
sentences.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from narrascope.document import RawArticle
from narrascope.embeddings import get_embedder
from narrascope.entities.names import name_key
from narrascope.ingest.plaintext import decode
from narrascope.pipeline import Pipeline, StageError
from narrascope.roles.evidence import context
from narrascope.roles.model import RoleModel
from narrascope.semeval.release import EntityMention
from narrascope.sentences import split_sentences


def predict_mentions(mentions: Sequence[EntityMention], documents: Path, model: RoleModel,
                     narrative_stage: object | None = None) -> list[EntityMention]:
    """One prediction per input mention, in input order."""
    embedder = get_embedder(model.embedder)
    by_doc: dict[str, list[int]] = defaultdict(list)
    for index, mention in enumerate(mentions):
        by_doc[mention.id].append(index)
    results: list[EntityMention | None] = [None] * len(mentions)
    splitter = Pipeline(["clean", "language", "sentences"])
    for doc_id, indices in by_doc.items():
        path = documents / doc_id
        text = decode(path.read_bytes()).text if path.exists() else ""
        language, narratives = "und", []
        title, _, body = text.partition("\n")
        try:
            doc = splitter(RawArticle(source=str(path), text=body, title=title or None))
            language = doc.language
            if narrative_stage is not None:
                narrative_stage(doc)
                narratives = [n["narrative"] for n in doc.extensions.get("narratives", [])]
        except StageError:
            pass
        sentences = split_sentences(text, language)
        parse = None
        if language == "en" and text:
            from narrascope.entities.ner import spacy_pipeline

            parse = spacy_pipeline()(text)
        groups: dict[str, list[int]] = defaultdict(list)
        for i in indices:
            groups[name_key(mentions[i].mention)].append(i)
        for key, members in groups.items():
            spans = [(mentions[i].start, mentions[i].end + 1) for i in members]
            found = context(text, sentences, spans, narratives=narratives,
                            entity_key=f"{key} {mentions[members[0]].mention}", parse=parse)
            masked = found.masked or [mentions[members[0]].mention]
            scores = model.score(embedder.encode(masked), prior=found.prior,
                                 cue_votes=found.cue_votes, force=True)
            for i in members:
                m = mentions[i]
                results[i] = EntityMention(m.id, m.mention, m.start, m.end, scores.main_role,
                                           tuple(r for r, _s in scores.fine_roles))
    return [r for r in results if r is not None]
