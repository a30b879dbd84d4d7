"""SemEval-2025 Task 10 sub-task 1: roles for given entity mentions, in the release format
(``narrascope semeval train`` / ``predict --subtask 1``).

Offsets in the release point into the whole article file (title included) with an inclusive
end; evidence is built on that text directly, so predictions line up with the input exactly.
Mentions of one article with the same name (up to spelling), and other occurrences of that name
in the article, are one entity and share their sentences.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from narrascope.document import RawArticle
from narrascope.entities.names import name_key
from narrascope.ingest.plaintext import decode
from narrascope.pipeline import Pipeline, StageError
from narrascope.roles.evidence import MentionEvidence, mention_evidence
from narrascope.roles.model import RoleModel, features
from narrascope.roles.training import LabelledMention
from narrascope.semeval.release import (
    EntityMention,
    ReleaseError,
    documents_folder,
    read_entity_mentions,
)
from narrascope.sentences import split_sentences


def article_evidence(path: Path, mentions: Sequence[EntityMention],
                     narrative_stage: Any = None) -> tuple[str, list[MentionEvidence]]:
    """The article's language, and evidence for each of its mentions in the order given."""
    text = decode(path.read_bytes()).text if path.exists() else ""
    language, narratives = "und", []
    title, _, body = text.partition("\n")
    try:
        doc = Pipeline(["clean", "language", "sentences"])(
            RawArticle(source=str(path), text=body, title=title or None))
        language = doc.language
        if narrative_stage is not None:
            narrative_stage(doc)
            narratives = [n.narrative for n in doc.narratives or []]
    except StageError:
        pass
    sentences = split_sentences(text, language)
    parse = None
    if language == "en" and text:
        from narrascope.entities.ner import SentenceParses

        parse = SentenceParses(text, sentences)
    entity_spans: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for m in mentions:
        key = name_key(m.mention)
        entity_spans[key].add((m.start, m.end + 1))
        if m.mention.strip():
            for found in re.finditer(rf"(?<!\w){re.escape(m.mention.strip())}(?!\w)", text):
                entity_spans[key].add(found.span())
    evidences = []
    for m in mentions:
        key = name_key(m.mention)
        evidences.append(mention_evidence(
            text, sentences, [(m.start, m.end + 1)], sorted(entity_spans[key]),
            narratives=narratives, entity_key=f"{key} {m.mention}", parse=parse))
    return language, evidences


def _by_article(mentions: Sequence[EntityMention]) -> dict[str, list[int]]:
    by_doc: dict[str, list[int]] = defaultdict(list)
    for index, mention in enumerate(mentions):
        by_doc[mention.id].append(index)
    return by_doc


def predict_mentions(mentions: Sequence[EntityMention], documents: Path, model: RoleModel,
                     narrative_stage: Any = None) -> list[EntityMention]:
    """One prediction per input mention, in input order."""
    from narrascope.embeddings import get_embedder

    embedder = get_embedder(model.embedder)
    results: list[EntityMention | None] = [None] * len(mentions)
    for doc_id, indices in _by_article(mentions).items():
        given = [mentions[i] for i in indices]
        language, evidences = article_evidence(documents / doc_id, given, narrative_stage)
        for i, scores in zip(indices, model.predict(features(evidences, embedder),
                                                    language=language), strict=True):
            m = mentions[i]
            results[i] = EntityMention(m.id, m.mention, m.start, m.end, scores.main_role,
                                       tuple(r for r, _s in scores.fine_roles))
    return [r for r in results if r is not None]


def read_labelled_mentions(folders: Iterable[str | Path], narrative_stage: Any = None,
                           ) -> list[LabelledMention]:
    """Labelled mentions from release language folders that have
    ``subtask-1-annotations.txt`` (folders without it are skipped)."""
    labelled = []
    for folder in map(Path, folders):
        annotations = folder / "subtask-1-annotations.txt"
        if not annotations.exists():
            continue
        gold = read_entity_mentions(annotations, with_roles=True)
        documents = documents_folder(folder)
        for doc_id, indices in _by_article(gold).items():
            if not (documents / doc_id).exists():
                raise ReleaseError(f"{annotations}: article {doc_id} is not in {documents}")
            given = [gold[i] for i in indices]
            language, evidences = article_evidence(documents / doc_id, given, narrative_stage)
            for m, evidence in zip(given, evidences, strict=True):
                _check_roles(annotations, m)
                if m.main_role and m.fine_roles:
                    labelled.append(LabelledMention(f"{folder.name}/{doc_id}", evidence,
                                                    m.main_role, m.fine_roles, language))
    return labelled


def _check_roles(path: Path, mention: EntityMention) -> None:
    from narrascope.roles.evidence import MAIN_ROLES, role_taxonomy

    taxonomy = role_taxonomy()
    where = f"{path}: {mention.id} {mention.mention!r} ({mention.start}-{mention.end})"
    if mention.main_role not in MAIN_ROLES:
        raise ReleaseError(f"{where}: unknown main role {mention.main_role!r}")
    for role in mention.fine_roles:
        if taxonomy.get(role) != mention.main_role:
            raise ReleaseError(f"{where}: {role!r} is not a fine role of {mention.main_role}")
