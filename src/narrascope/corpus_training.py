"""Training the default models on the project's annotated corpus, and measuring them on its
held-out test split.

The corpus (:mod:`narrascope.corpus`) is annotated on the text as written; the models see the
text as narrascope cleans it. :func:`prepare` runs the pipeline up to the quotes on every
article and finds each gold annotation again in the cleaned text, so that training and
evaluation read exactly what ``analyze`` reads. Thresholds are chosen for precision (a wrong
label misleads an analyst more than a missing one; see :mod:`narrascope.calibration`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from narrascope.annotations import NarrativeLabel
from narrascope.calibration import expected_calibration_error, precision_at_prevalence
from narrascope.cleaning.normalize import normalize_line
from narrascope.corpus import CorpusArticle
from narrascope.document import Document, RawArticle
from narrascope.entities.names import close_keys, name_key
from narrascope.narratives.taxonomy import OTHER, Taxonomy, samples_f1
from narrascope.pipeline import Pipeline

__all__ = ["PREPARE_STAGES", "Prepared", "prepare"]

#: What the models read: everything ``analyze`` has before the narratives stage.
PREPARE_STAGES = ("clean", "language", "sentences", "vectors", "entities", "quotes")


@dataclass
class Prepared:
    """One corpus article, analysed, with its gold annotations found in the cleaned text."""

    article: CorpusArticle
    doc: Document
    #: our entity id -> (main role, fine roles) for the entities the article frames
    framed: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    #: gold technique spans, in the cleaned text: (technique, start, end)
    techniques: list[tuple[str, int, int]] = field(default_factory=list)
    #: gold quotes with a speaker, in the cleaned text: (start, end, speaker name, the words
    #: at the quote that name the speaker)
    quotes: list[tuple[int, int, str, str]] = field(default_factory=list)
    #: gold annotations that could not be found again in the cleaned text
    lost: int = 0


def _find(text: str, needle: str, start: int = 0, end: int | None = None
          ) -> tuple[int, int]:
    """Where ``needle`` (as the cleaner would write it) occurs in ``text``: its start and
    end, which differ from the needle's length when the cleaner rewrote it; (-1, -1) if
    nowhere."""
    for candidate in (needle, normalize_line(needle), re.sub(r"\s+", " ", needle).strip()):
        if candidate:
            found = text.find(candidate, start, len(text) if end is None else end)
            if found >= 0:
                return found, found + len(candidate)
    return -1, -1


def prepare(articles: Sequence[CorpusArticle], encoder: str,
            progress: Callable[[int, int], None] | None = None) -> list[Prepared]:
    """Analyse each article (up to the quotes) and map its gold annotations onto the
    cleaned text."""
    pipeline = Pipeline(PREPARE_STAGES, {"vectors": {"encoder": encoder}})
    prepared = []
    for number, article in enumerate(articles, start=1):
        doc = pipeline(RawArticle(source=article.id, text=article.text, title=article.title,
                                  outlet=article.outlet, published=article.published))
        # Role priors read the article's narratives: train on the gold ones.
        doc.narratives = [NarrativeLabel(n, 1.0) for n in
                          dict.fromkeys(x.narrative for x in article.narratives)]
        item = Prepared(article, doc)
        _map_entities(item)
        _map_spans(item)
        prepared.append(item)
        if progress:
            progress(number, len(articles))
    return prepared


def _map_entities(item: Prepared) -> None:
    text, raw = item.doc.text, item.article.text
    for gold in item.article.entities:
        evidence = raw[gold.evidence.start:gold.evidence.end]
        mention = raw[gold.mention.start:gold.mention.end]
        where, until = _find(text, evidence)
        chosen = None
        if where >= 0:
            at, stop = _find(text, mention, where, until + 5)
            if at >= 0:
                chosen = next((e for e in item.doc.entities or [] for m in e.mentions
                               if m.start < stop and at < m.end), None)
        if chosen is None:
            key = name_key(gold.name)
            chosen = next((e for e in item.doc.entities or []
                           if close_keys(name_key(e.name), key)
                           or any(m.text == mention for m in e.mentions)), None)
        if chosen is None:
            item.lost += 1
        elif chosen.id not in item.framed:
            item.framed[chosen.id] = (gold.main_role, tuple(gold.fine_roles))


def _map_spans(item: Prepared) -> None:
    text, raw = item.doc.text, item.article.text
    for gold in item.article.techniques:
        at, stop = _find(text, raw[gold.span.start:gold.span.end])
        if at < 0:
            item.lost += 1
        else:
            item.techniques.append((gold.technique, at, stop))
    for quote in item.article.quotes:
        if quote.speaker is None:
            continue
        at, stop = _find(text, raw[quote.text.start:quote.text.end])
        mention = (raw[quote.speaker_mention.start:quote.speaker_mention.end]
                   if quote.speaker_mention else "")
        if at < 0:
            item.lost += 1
        else:
            item.quotes.append((at, stop, quote.speaker, mention))


# -- narratives -------------------------------------------------------------------------------


def narrative_features(items: Sequence[Prepared], knowledge: Any, labels: Sequence[str],
                       embedder: Any) -> np.ndarray:
    """The rows :func:`narrascope.narratives.documents.article_features` gives each article,
    from the vectors the pipeline already made."""
    from narrascope.embeddings.vectors import vectors_for
    from narrascope.narratives import article_units, unit_vectors
    from narrascope.narratives.documents import article_features

    rows = []
    for item in items:
        units = article_units(item.doc)
        rows.append(article_features(unit_vectors(vectors_for(item.doc, embedder), len(units)),
                                     knowledge, labels))
    return np.stack(rows)


def train_narratives(items: Sequence[Prepared], embedder: Any, knowledge: Any,
                     precision: float) -> Any:
    from narrascope.narratives.documents import GATE, LabelledArticle, train_documents

    taxonomy = Taxonomy.builtin()
    # the same labels, in the same order, as train_documents gives a precision-first model
    labels = [n for n in taxonomy.narratives if n != OTHER] + taxonomy.subnarratives + [GATE]
    articles = [LabelledArticle(item.article.id, [], [n for n in item.article.narrative_labels
                                                      if n != OTHER],
                                [s for s in item.article.subnarrative_labels if s != OTHER])
                for item in items]
    return train_documents(articles, taxonomy, embedder, knowledge, precision=precision,
                           features=narrative_features(items, knowledge, labels, embedder))


def narrative_figures(items: Sequence[Prepared], stage: Any) -> dict[str, Any]:
    """Held-out narrative figures of a narratives stage over prepared articles."""
    gold_coarse, gold_fine, pred_coarse, pred_fine = [], [], [], []
    for item in items:
        doc = stage(item.doc)
        gold_coarse.append(item.article.narrative_labels)
        gold_fine.append(item.article.subnarrative_labels)
        pred_coarse.append(sorted({n.narrative for n in doc.narratives}) or [OTHER])
        pred_fine.append(sorted({s.subnarrative for n in doc.narratives
                                 for s in n.subnarratives}) or [OTHER])
    free = [i for i, g in enumerate(gold_coarse) if g == [OTHER]]
    predicted = [(i, label) for i, p in enumerate(pred_coarse) for label in p if label != OTHER]
    right = sum(label in gold_coarse[i] for i, label in predicted)
    gold_total = sum(len([g for g in gold if g != OTHER]) for gold in gold_coarse)
    fine_predicted = [(i, s) for i, p in enumerate(pred_fine) for s in p if s != OTHER]
    return {
        "articles": len(items),
        "coarse_f1": round(samples_f1(gold_coarse, pred_coarse), 3),
        "fine_f1": round(samples_f1(gold_fine, pred_fine), 3),
        "all_other_f1": round(samples_f1(gold_coarse, [[OTHER]] * len(items)), 3),
        "narrative_free_labelled_other": round(
            sum(pred_coarse[i] == [OTHER] for i in free) / max(1, len(free)), 3),
        "narrative_precision": round(right / max(1, len(predicted)), 3),
        "narrative_recall": round(right / max(1, gold_total), 3),
        "predicted_narratives": len(predicted),
        "specific_subnarratives": round(
            sum(not s.endswith(": Other") for _i, s in fine_predicted)
            / max(1, len(fine_predicted)), 3),
    }


def narrative_ece(items: Sequence[Prepared], model: Any, embedder: Any) -> float | None:
    """Expected calibration error of a trained narrative model's per-label probabilities."""
    if not hasattr(model, "probabilities") or not hasattr(model, "labels"):
        return None
    x = narrative_features(items, model.knowledge, model.labels, embedder)
    scores = model.probabilities(x)
    gold = np.array([[label in (*item.article.narrative_labels,
                                *item.article.subnarrative_labels) for label in model.labels]
                     for item in items])
    return round(expected_calibration_error(scores, gold), 4)


def explanation_figures(items: Sequence[Prepared], model: Any, embedder: Any
                        ) -> dict[str, Any]:
    """Explanations of each article's gold dominant narrative (as SemEval sub-task 3 asks),
    scored against the reference explanations written for the corpus: token-overlap F1 and
    the cosine of their embeddings."""
    from narrascope.narratives import explain_dominant

    f1s, cosines, words = [], [], []
    for item in items:
        if not item.article.narratives or not item.article.explanation:
            continue
        top = item.article.narratives[0]
        sub = next((s for s in top.subnarratives if not s.endswith(": Other")), None)
        ours = explain_dominant(item.doc, model, top.narrative, sub)
        reference = item.article.explanation
        a, b = _tokens(ours), _tokens(reference)
        common = sum(min(a.count(t), b.count(t)) for t in set(a))
        f1s.append(0.0 if not common else 2 * common / (len(a) + len(b)))
        va, vb = embedder.encode([ours, reference])
        cosines.append(float(va @ vb / ((np.linalg.norm(va) * np.linalg.norm(vb)) or 1.0)))
        words.append(len(ours.split()))
    count = len(f1s)
    return {"explanations": count,
            "token_f1": round(sum(f1s) / max(1, count), 3),
            "embedding_cosine": round(sum(cosines) / max(1, count), 3),
            "max_words": max(words, default=0)}


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


# -- techniques -------------------------------------------------------------------------------


@dataclass
class _SpanArticle:
    id: str
    text: str
    spans: list[tuple[str, int, int]]


def train_techniques(items: Sequence[Prepared], embedder: Any, precision: float) -> Any:
    """The technique model, its thresholds judged at the share of paragraphs that carry
    each technique in real annotated news (the corpus's writers mark fewer)."""
    from narrascope.techniques.base_rates import REAL_PARAGRAPH_SHARES
    from narrascope.techniques.training import train_from_release

    articles = [_SpanArticle(item.article.id, item.doc.text, item.techniques) for item in items]
    model = train_from_release(articles, {}, embedder, precision=precision,
                               prevalence=REAL_PARAGRAPH_SHARES)
    # On the corpus's cross-validated scores, wanting spans in two paragraphs before a
    # model-only span is shown took wire articles with any from 19 % to 4 %, and kept
    # four in five of the paragraphs found (docs/precision-first.md).
    model.min_paragraphs = 2
    model.trusted_cues = trusted_cues(items, precision)
    model.metrics["trusted_cues"] = len(model.trusted_cues)
    return model


def trusted_cues(items: Sequence[Prepared], precision: float, min_hits: int = 3
                 ) -> tuple[str, ...]:
    """The lexicon's cues whose hits in the articles overlap a gold span of their technique
    at ``precision`` or better, over at least ``min_hits`` hits."""
    from narrascope.techniques.lexicon import builtin_lexicon

    lexicon = builtin_lexicon()
    counts: dict[str, list[int]] = {}
    for item in items:
        text = item.doc.text
        present = lexicon.present(text)
        for s in item.doc.sentences:
            for hit in lexicon.find(text[s.start:s.end], present):
                start, end = s.start + hit.start, s.start + hit.end
                right = any(t == hit.technique and a < end and start < b
                            for t, a, b in item.techniques)
                tally = counts.setdefault(hit.cue, [0, 0])
                tally[0] += 1
                tally[1] += right
    return tuple(sorted(cue for cue, (hits, right) in counts.items()
                        if hits >= min_hits and right / hits >= precision))


def technique_figures(items: Sequence[Prepared], stage: Any) -> dict[str, Any]:
    """Span precision and recall (a predicted span is right when it overlaps a gold span of
    its technique) and spans per neutral wire article; then, as SemEval-2023 sub-task 3
    scores, paragraph micro precision, recall and F1, against labelling every paragraph
    Loaded_Language; and the paragraph precision expected at the share of paragraphs real
    annotated news marks (:mod:`narrascope.techniques.base_rates`), for the techniques it
    lists."""
    from narrascope.techniques.base_rates import REAL_PARAGRAPH_SHARES
    from narrascope.techniques.detect import line_spans

    predicted = right = gold_total = found = 0
    wire_spans, wires = 0, 0
    paragraphs = 0
    gold_pairs: set[tuple[str, int, str]] = set()
    predicted_pairs: set[tuple[str, int, str]] = set()
    for item in items:
        doc = stage(item.doc)
        spans = doc.techniques or []
        predicted += len(spans)
        right += sum(any(t == s.technique and a < s.end and s.start < b
                         for t, a, b in item.techniques) for s in spans)
        gold_total += len(item.techniques)
        found += sum(any(t == s.technique and a < s.end and s.start < b for s in spans)
                     for t, a, b in item.techniques)
        if item.article.genre == "wire":
            wires += 1
            wire_spans += len(spans)
        for number, start, end in line_spans(doc.text):
            paragraphs += 1
            key = item.article.id
            gold_pairs |= {(key, number, t) for t, a, b in item.techniques
                           if a < end and start < b}
            predicted_pairs |= {(key, number, s.technique) for s in spans
                                if s.start < end and start < s.end}
    hits = len(gold_pairs & predicted_pairs)
    loaded = sum(t == "Loaded_Language" for _k, _n, t in gold_pairs)
    at_real: dict[str, float] = {}
    for technique, share in REAL_PARAGRAPH_SHARES.items():
        gold_t = {(k, n) for k, n, t in gold_pairs if t == technique}
        said = {(k, n) for k, n, t in predicted_pairs if t == technique}
        if said and gold_t:
            false_alarms = len(said - gold_t) / max(1, paragraphs - len(gold_t))
            at_real[technique] = round(precision_at_prevalence(
                len(said & gold_t) / len(gold_t), false_alarms, share), 3)
    return {**_rates("spans", len(items), predicted, right, found, gold_total, wire_spans,
                     wires),
            "paragraphs": paragraphs,
            "paragraph_precision": round(hits / max(1, len(predicted_pairs)), 3),
            "paragraph_recall": round(hits / max(1, len(gold_pairs)), 3),
            "paragraph_micro_f1": round(2 * hits / max(1, len(predicted_pairs)
                                                       + len(gold_pairs)), 3),
            "always_loaded_language_f1": round(2 * loaded / max(1, paragraphs
                                                                + len(gold_pairs)), 3),
            "paragraph_precision_at_real_share": at_real}


def technique_ece(items: Sequence[Prepared], model: Any, embedder: Any) -> float:
    from narrascope.techniques.lexicon import TECHNIQUES, builtin_lexicon

    lexicon = builtin_lexicon()
    texts, gold = [], []
    for item in items:
        for s in item.doc.sentences:
            texts.append(item.doc.text[s.start:s.end])
            gold.append([any(t == name and a < s.end and s.start < b
                             for t, a, b in item.techniques) for name in TECHNIQUES])
    scores = model.probabilities(texts, embedder, lexicon)
    return round(expected_calibration_error(scores, np.array(gold)), 4)


# -- roles ------------------------------------------------------------------------------------


def role_rows(items: Sequence[Prepared]) -> tuple[list[Any], list[Any]]:
    """Every framable entity of every article as a labelled mention (unframed ones with
    main role None, at their real share), and their evidence."""
    from narrascope.roles import entity_evidence
    from narrascope.roles.training import LabelledMention

    labelled, evidences = [], []
    for item in items:
        entities, evidence = entity_evidence(item.doc)
        for entity, ev in zip(entities, evidence, strict=True):
            main, fine = item.framed.get(entity.id, (None, ()))
            labelled.append(LabelledMention(item.article.id, ev, main, fine,
                                            item.article.language))
            evidences.append(ev)
    return labelled, evidences


def train_roles(items: Sequence[Prepared], embedder: Any, precision: float) -> Any:
    """The role model, its main-role head moved onto the base rates of real news (the
    corpus's writers cast more victims than real news does)."""
    from narrascope.roles.base_rates import REAL_MAIN_SHARES
    from narrascope.roles.model import features
    from narrascope.roles.training import train_role_model

    labelled, evidences = role_rows(items)
    return train_role_model(labelled, embedder, precision=precision,
                            x_labelled=features(evidences, embedder),
                            target_shares=REAL_MAIN_SHARES)


def role_figures(items: Sequence[Prepared], stage: Any) -> dict[str, Any]:
    """Role precision (the entity is framed, in that main role), recall over the framed
    entities found, roles per neutral wire article, and, as SemEval sub-task 1 asks (the
    framed mentions given), main-role accuracy and exact fine-role match on the framed
    entities."""
    from narrascope.roles import entity_evidence
    from narrascope.roles.base_rates import REAL_MAIN_SHARES, shifted_accuracy
    from narrascope.roles.model import features

    predicted = right = found = gold_total = 0
    wire_roles, wires = 0, 0
    given = main_right = exact = antagonists = 0
    by_language: dict[str, tuple[list[str], list[str | None]]] = {}
    for item in items:
        entities, evidences = entity_evidence(item.doc)
        rows = [(e, ev) for e, ev in zip(entities, evidences, strict=True) if e.id in item.framed]
        if rows:
            scores = stage.model.predict(features([ev for _e, ev in rows], stage.embedder),
                                         force=True, language=item.doc.language)
            for (entity, _ev), score in zip(rows, scores, strict=True):
                main, fine = item.framed[entity.id]
                gold_main, said = by_language.setdefault(item.article.language, ([], []))
                gold_main.append(main)
                said.append(score.main_role)
                given += 1
                main_right += score.main_role == main
                antagonists += main == "Antagonist"
                exact += {r for r, _s in score.fine_roles} == set(fine)
        doc = stage(item.doc)
        roles = doc.roles or []
        predicted += len(roles)
        right += sum(item.framed.get(r.entity_id, (None,))[0] == r.main_role for r in roles)
        gold_total += len(item.framed)
        found += sum(any(r.entity_id == e and r.main_role == m for r in roles)
                     for e, (m, _f) in item.framed.items())
        if item.article.genre == "wire":
            wires += 1
            wire_roles += len(roles)
    return {**_rates("roles", len(items), predicted, right, found, gold_total, wire_roles,
                     wires),
            "framed_entities_given": given,
            "main_role_accuracy_given": round(main_right / max(1, given), 3),
            "fine_exact_match_given": round(exact / max(1, given), 3),
            "always_antagonist_given": round(antagonists / max(1, given), 3),
            "main_role_accuracy_at_real_shares": {
                language: {"mentions": len(gold_main),
                           "model": round(shifted_accuracy(gold_main, said,
                                                           REAL_MAIN_SHARES[language]), 3),
                           "always_antagonist": round(shifted_accuracy(
                               gold_main, ["Antagonist"] * len(gold_main),
                               REAL_MAIN_SHARES[language]), 3)}
                for language, (gold_main, said) in sorted(by_language.items())
                if language in REAL_MAIN_SHARES}}


def role_ece(items: Sequence[Prepared], model: Any, embedder: Any) -> float:
    from narrascope.roles.model import features

    labelled, evidences = role_rows(items)
    if not evidences:
        return 0.0
    scores = model.predict(features(evidences, embedder), force=True)
    return round(expected_calibration_error(
        np.array([s.framed for s in scores]),
        np.array([row.main_role is not None for row in labelled])), 4)


def _rates(what: str, articles: int, predicted: int, right: int, found: int, gold: int,
           on_wires: int, wires: int) -> dict[str, Any]:
    """Precision (right of predicted), recall (gold found) and the count per wire article."""
    noun = what.rstrip("s")
    return {"articles": articles, f"predicted_{what}": predicted,
            f"{noun}_precision": round(right / max(1, predicted), 3),
            f"{noun}_recall": round(found / max(1, gold), 3),
            f"{what}_per_wire_article": round(on_wires / max(1, wires), 2)}


# -- quotes -----------------------------------------------------------------------------------


def speaker_figures(items: Sequence[Prepared]) -> dict[str, Any]:
    """Of the gold quotes with a speaker, how many the quotes stage found (overlapping) and
    gave to the right speaker: the same name (spelling variants allowed), the same gazetteer
    entity ("Ministry of Defence of the Russian Federation" is the "Russian Defence Ministry"),
    or an entity named, in this article, by the words that introduce the speaker."""
    total = found = right = 0
    for item in items:
        for start, end, speaker, mention in item.quotes:
            total += 1
            match = next((q for q in item.doc.quotes or [] if q.start < end and start < q.end),
                         None)
            if match is None:
                continue
            found += 1
            if match.speaker is not None and _same_speaker(item.doc, match.speaker, speaker,
                                                           mention):
                right += 1
    return {"quotes": total, "found": round(found / max(1, total), 3),
            "speaker_right": round(right / max(1, total), 3)}


def _same_speaker(doc: Document, predicted: Any, gold: str, mention: str) -> bool:
    """The quotes benchmark's own judgement (same name, or the gazetteer entity the gold name
    resolves to), or an entity named in this article by the words introducing the speaker."""
    from narrascope.entities.gazetteer import cached_gazetteer
    from narrascope.quotes.scoring import same_speaker

    if same_speaker(gold, {"name": predicted.name, "entity_id": predicted.entity_id},
                    cached_gazetteer(())):
        return True
    entity = next((e for e in doc.entities or [] if e.id == predicted.entity_id), None)
    return bool(mention) and entity is not None and any(
        m.text in mention or mention.endswith(m.text) for m in entity.mentions)
