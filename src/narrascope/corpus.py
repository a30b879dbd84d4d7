"""The project's annotated corpus: reading, checking, character offsets and splits.

Writers annotate by copying text (see docs/annotation-guidelines.md); this module finds each
copied string in the article, refuses what it cannot find, and gives every annotation the
character offsets the rest of narrascope works with. Every problem is reported with the file,
the line and the field, and one bad article never hides the others.

>>> from narrascope.corpus import load_corpus
>>> articles, problems = load_corpus("corpus/articles")
>>> articles[0].narratives[0].evidence[0]          # doctest: +SKIP
Span(start=812, end=951)
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from narrascope.narratives.taxonomy import OTHER, Taxonomy
from narrascope.roles.evidence import MAIN_ROLES, role_taxonomy
from narrascope.techniques.lexicon import TECHNIQUES

__all__ = [
    "GENRES", "LANGUAGES", "VOICES", "CorpusArticle", "CorpusProblem", "Located",
    "corpus_digest", "load_corpus", "split_of", "summary",
]

LANGUAGES = ("en", "ru", "uk", "bg", "pt", "hi")
GENRES = ("wire", "state_media", "proxy_site", "opinion", "mt_repost", "climate",
          "war_ua_side", "war_ru_side")
VOICES = ("outlet", "quoted", "paraphrase")
QUOTE_KINDS = ("direct", "partial", "indirect")
MAX_EXPLANATION_WORDS = 80
#: The writer whose English articles are the English test split (split by writer).
ENGLISH_TEST_WRITER = "w3"

_ID = re.compile(r"^(en|ru|uk|bg|pt|hi)-w\d+-\d{4}$")


@dataclass(frozen=True)
class Located:
    """A copied string found in the text: ``text[start:end]``."""

    start: int
    end: int


@dataclass
class NarrativeLabel:
    narrative: str
    subnarratives: list[str]
    voice: str
    speaker: str | None
    evidence: list[Located]


@dataclass
class EntityLabel:
    name: str
    mention: Located
    main_role: str
    fine_roles: list[str]
    voice: str
    speaker: str | None
    evidence: Located


@dataclass
class TechniqueLabel:
    technique: str
    span: Located
    voice: str
    speaker: str | None


@dataclass
class QuoteLabel:
    text: Located
    kind: str
    speaker: str | None
    speaker_mention: Located | None


@dataclass
class CorpusArticle:
    id: str
    language: str
    writer: str
    genre: str
    domain: str
    title: str
    text: str
    outlet: str | None
    url: str | None
    published: str | None
    residue: list[Located]
    narratives: list[NarrativeLabel]
    explanation: str | None
    entities: list[EntityLabel]
    techniques: list[TechniqueLabel]
    quotes: list[QuoteLabel]
    where: str = ""
    split: str = field(init=False)

    def __post_init__(self) -> None:
        self.split = split_of(self.id, self.language, self.writer)

    @property
    def narrative_labels(self) -> list[str]:
        """The article-level narrative set, as the benchmarks annotate it (any voice)."""
        found = sorted({n.narrative for n in self.narratives})
        return found or [OTHER]

    @property
    def subnarrative_labels(self) -> list[str]:
        found = sorted({s for n in self.narratives for s in n.subnarratives})
        return found or [OTHER]

    def to_dict(self) -> dict[str, Any]:
        """The built form (``corpus/build/corpus.jsonl``): strings replaced by offsets."""
        from dataclasses import asdict

        record = asdict(self)
        record.pop("where")
        return record


@dataclass(frozen=True)
class CorpusProblem:
    where: str  # file:line
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: {self.reason}"


class _Invalid(Exception):
    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field_name
        self.reason = reason


def split_of(article_id: str, language: str, writer: str) -> str:
    """``train``, ``dev`` or ``test``, fixed by the protocol in the annotation guidelines: by
    writer for English (one whole writer is the test split), by a hash of the id otherwise."""
    bucket = int(hashlib.sha1(article_id.encode("utf-8")).hexdigest(), 16) % 10
    if language == "en":
        if writer == ENGLISH_TEST_WRITER:
            return "test"
        return "dev" if bucket == 0 else "train"
    return {0: "test", 1: "dev"}.get(bucket, "train")


def load_corpus(*paths: str | Path) -> tuple[list[CorpusArticle], list[CorpusProblem]]:
    """Every article in ``paths`` (JSONL files, or folders searched for ``*.jsonl``), checked;
    the articles that fail a check are left out and reported."""
    articles: list[CorpusArticle] = []
    problems: list[CorpusProblem] = []
    seen: dict[str, str] = {}
    checker = _Checker()
    files = sorted({f for p in map(Path, paths)
                    for f in (p.rglob("*.jsonl") if p.is_dir() else [p])})
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(CorpusProblem(where, "(line)", f"not JSON: {exc.msg}"))
                continue
            try:
                article = checker.article(record, where)
            except _Invalid as exc:
                problems.append(CorpusProblem(where, exc.field, exc.reason))
                continue
            if article.id in seen:
                problems.append(CorpusProblem(where, "id", f"{article.id!r} is already used "
                                              f"at {seen[article.id]}"))
                continue
            seen[article.id] = where
            articles.append(article)
    return articles, problems


def corpus_digest(folder: str | Path) -> str:
    """SHA-256 over the corpus files (their paths under ``folder`` and their bytes): what a
    model built from the corpus records, so that a test can tell it was built from this one."""
    digest = hashlib.sha256()
    root = Path(folder)
    for path in sorted(root.rglob("*.jsonl")):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def summary(articles: Sequence[CorpusArticle]) -> dict[str, Any]:
    """Counts that the guidelines set targets for: articles per language and split, the
    narrative-free share per writer, and label density."""
    def share_free(group: Iterable[CorpusArticle]) -> float:
        group = list(group)
        return sum(not a.narratives for a in group) / len(group) if group else 0.0

    by_writer: dict[str, list[CorpusArticle]] = {}
    for a in articles:
        by_writer.setdefault(f"{a.language}-{a.writer}", []).append(a)
    words = sorted(len(a.text.split()) for a in articles)
    return {
        "articles": len(articles),
        "by_language": dict(Counter(a.language for a in articles)),
        "by_split": dict(Counter(a.split for a in articles)),
        "by_genre": dict(Counter(a.genre for a in articles)),
        "narrative_free": round(share_free(articles), 3),
        "narrative_free_by_writer": {w: round(share_free(g), 3)
                                     for w, g in sorted(by_writer.items())},
        "median_words": words[len(words) // 2] if words else 0,
        "framed_entities_per_article": round(
            sum(len(a.entities) for a in articles) / max(1, len(articles)), 2),
        "technique_spans_per_article": round(
            sum(len(a.techniques) for a in articles) / max(1, len(articles)), 2),
        "quotes_per_article": round(sum(len(a.quotes) for a in articles) / max(1, len(articles)),
                                    2),
    }


class _Checker:
    def __init__(self) -> None:
        self.taxonomy = Taxonomy.builtin()
        self.fine_to_main = role_taxonomy()

    # -- the article ------------------------------------------------------------------------

    def article(self, record: Any, where: str) -> CorpusArticle:
        if not isinstance(record, dict):
            raise _Invalid("(line)", "an article must be a JSON object")
        article_id = _string(record, "id")
        if not _ID.match(article_id):
            raise _Invalid("id", f"{article_id!r} is not <language>-w<N>-<4 digits>")
        language = _choice(record, "language", LANGUAGES)
        if not article_id.startswith(language + "-"):
            raise _Invalid("id", f"{article_id!r} does not start with its language {language!r}")
        writer = _string(record, "writer")
        if article_id.split("-")[1] != writer:
            raise _Invalid("writer", f"{writer!r} is not the writer named in the id")
        text = _string(record, "text")
        residue_lines = record.get("residue") or []
        if not isinstance(residue_lines, list):
            raise _Invalid("residue", "must be a list of lines")
        residue = [self._residue_line(text, line, n) for n, line in enumerate(residue_lines)]
        finder = _Finder(text, residue)
        narratives = [self._narrative(finder, item, n)
                      for n, item in enumerate(_list(record, "narratives"))]
        explanation = record.get("explanation")
        if narratives:
            if not isinstance(explanation, str) or not explanation.strip():
                raise _Invalid("explanation", "an article with narratives needs an explanation")
            if len(explanation.split()) > MAX_EXPLANATION_WORDS:
                raise _Invalid("explanation", f"{len(explanation.split())} words, over "
                               f"{MAX_EXPLANATION_WORDS}")
        elif explanation not in (None, ""):
            raise _Invalid("explanation", "a narrative-free article has no explanation (null)")
        published = record.get("published")
        if published is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(published)):
            raise _Invalid("published", f"{published!r} is not YYYY-MM-DD (or null)")
        return CorpusArticle(
            id=article_id, language=language, writer=writer,
            genre=_choice(record, "genre", GENRES), domain=_choice(record, "domain",
                                                                   ("URW", "CC")),
            title=_string(record, "title"), text=text,
            outlet=record.get("outlet"), url=record.get("url"), published=published,
            residue=residue, narratives=narratives,
            explanation=explanation or None,
            entities=[self._entity(finder, item, n)
                      for n, item in enumerate(_list(record, "entities"))],
            techniques=[self._technique(finder, item, n)
                        for n, item in enumerate(_list(record, "techniques"))],
            quotes=[self._quote(finder, item, n) for n, item in enumerate(_list(record, "quotes"))],
            where=where,
        )

    @staticmethod
    def _residue_line(text: str, line: Any, n: int) -> Located:
        name = f"residue[{n}]"
        if not isinstance(line, str) or not line.strip():
            raise _Invalid(name, "must be a non-empty line of the text")
        for match in re.finditer(re.escape(line.strip()), text):
            before = text.rfind("\n", 0, match.start()) + 1
            after = text.find("\n", match.end())
            after = len(text) if after < 0 else after
            if not text[before:match.start()].strip() and not text[match.end():after].strip():
                return Located(before, after)
        raise _Invalid(name, f"{_short(line)!r} is not a whole line of the text")

    # -- the annotations --------------------------------------------------------------------

    def _narrative(self, finder: _Finder, item: Any, n: int) -> NarrativeLabel:
        name = _object(item, f"narratives[{n}]")
        narrative = item.get("narrative")
        if narrative not in self.taxonomy.narratives or narrative == OTHER:
            raise _Invalid(f"{name}.narrative", f"{narrative!r} is not a narrative of the "
                           "taxonomy (a narrative-free article has an empty list)")
        subs = item.get("subnarratives")
        if not isinstance(subs, list) or not subs:
            raise _Invalid(f"{name}.subnarratives", "give at least one sub-narrative")
        for sub in subs:
            if self.taxonomy.parent.get(sub) != narrative:
                raise _Invalid(f"{name}.subnarratives", f"{sub!r} is not a sub-narrative of "
                               f"{narrative!r}")
        voice, speaker = _voice(item, name)
        evidence = item.get("evidence")
        if not isinstance(evidence, list) or not 1 <= len(evidence) <= 4:
            raise _Invalid(f"{name}.evidence", "give 1 to 4 sentences")
        return NarrativeLabel(narrative, list(subs), voice, speaker,
                              [finder.find(e, 1, f"{name}.evidence") for e in evidence])

    def _entity(self, finder: _Finder, item: Any, n: int) -> EntityLabel:
        name = _object(item, f"entities[{n}]")
        entity_name = item.get("name")
        if not isinstance(entity_name, str) or not entity_name.strip():
            raise _Invalid(f"{name}.name", "give the entity's canonical name")
        main = item.get("main_role")
        if main not in MAIN_ROLES:
            raise _Invalid(f"{name}.main_role", f"{main!r} is not one of {', '.join(MAIN_ROLES)}"
                           " (leave an entity that is only mentioned out)")
        fine = item.get("fine_roles")
        if not isinstance(fine, list) or not 1 <= len(fine) <= 2:
            raise _Invalid(f"{name}.fine_roles", "give one or two fine roles")
        for role in fine:
            if self.fine_to_main.get(role) != main:
                raise _Invalid(f"{name}.fine_roles", f"{role!r} is not a fine role of {main}")
        voice, speaker = _voice(item, name)
        evidence = finder.find(item.get("evidence"), 1, f"{name}.evidence")
        if "occurrence" in item:
            mention = finder.find(item.get("mention"), item["occurrence"], f"{name}.mention")
            if not (evidence.start <= mention.start and mention.end <= evidence.end):
                mention = finder.within(item.get("mention"), evidence, f"{name}.mention")
        else:  # the mention in its evidence sentence, wherever else the name occurs
            mention = finder.within(item.get("mention"), evidence, f"{name}.mention")
        return EntityLabel(entity_name.strip(), mention, main, list(fine), voice, speaker,
                           evidence)

    def _technique(self, finder: _Finder, item: Any, n: int) -> TechniqueLabel:
        name = _object(item, f"techniques[{n}]")
        technique = item.get("technique")
        if technique not in TECHNIQUES:
            raise _Invalid(f"{name}.technique", f"{technique!r} is not a technique of the "
                           "taxonomy")
        voice, speaker = _voice(item, name)
        return TechniqueLabel(technique, finder.find(item.get("span"), item.get("occurrence", 1),
                                                     f"{name}.span"), voice, speaker)

    def _quote(self, finder: _Finder, item: Any, n: int) -> QuoteLabel:
        name = _object(item, f"quotes[{n}]")
        kind = item.get("kind")
        if kind not in QUOTE_KINDS:
            raise _Invalid(f"{name}.kind", f"{kind!r} is not one of {', '.join(QUOTE_KINDS)}")
        speaker = item.get("speaker")
        if speaker is not None and (not isinstance(speaker, str) or not speaker.strip()):
            raise _Invalid(f"{name}.speaker", "a name, or null when the article does not say")
        text = finder.find(item.get("text"), item.get("occurrence", 1), f"{name}.text")
        mention = item.get("speaker_mention")
        located = None
        if mention:
            located = finder.nearest(mention, text, f"{name}.speaker_mention")
        return QuoteLabel(text, kind, speaker.strip() if speaker else None, located)


class _Finder:
    """Finds copied strings in the text, outside residue."""

    def __init__(self, text: str, residue: Sequence[Located]) -> None:
        self.text = text
        self.residue = residue

    def _all(self, needle: Any, field_name: str) -> list[Located]:
        if not isinstance(needle, str) or not needle.strip():
            raise _Invalid(field_name, "must be a non-empty string copied from the text")
        needle = needle.strip()
        found = [Located(m.start(), m.start() + len(needle))
                 for m in re.finditer(re.escape(needle), self.text)]
        if not found:
            raise _Invalid(field_name, f"{_short(needle)!r} is not in the text (copy it exactly)")
        return found

    def _outside_residue(self, span: Located, field_name: str) -> Located:
        for line in self.residue:
            if line.start <= span.start < line.end:
                raise _Invalid(field_name, f"{_short(self.text[span.start:span.end])!r} lies in "
                               "a residue line; no label may point into residue")
        return span

    def find(self, needle: Any, occurrence: Any, field_name: str) -> Located:
        found = self._all(needle, field_name)
        if not isinstance(occurrence, int) or occurrence < 1:
            raise _Invalid(field_name, f"occurrence must be a positive number, got {occurrence!r}")
        if occurrence > len(found):
            raise _Invalid(field_name, f"occurrence {occurrence}, but {_short(needle)!r} occurs "
                           f"{len(found)} time(s)")
        return self._outside_residue(found[occurrence - 1], field_name)

    def within(self, needle: Any, outer: Located, field_name: str) -> Located:
        for span in self._all(needle, field_name):
            if outer.start <= span.start and span.end <= outer.end:
                return span
        raise _Invalid(field_name, f"{_short(needle)!r} is not inside its evidence sentence")

    def nearest(self, needle: Any, anchor: Located, field_name: str) -> Located:
        found = self._all(needle, field_name)
        return self._outside_residue(
            min(found, key=lambda s: min(abs(s.start - anchor.end), abs(anchor.start - s.end))),
            field_name)


def _object(item: Any, name: str) -> str:
    """``name``, once ``item`` is known to be a JSON object."""
    if not isinstance(item, dict):
        raise _Invalid(name, "must be an object")
    return name


def _voice(item: dict[str, Any], name: str) -> tuple[str, str | None]:
    voice = item.get("voice", "outlet")
    if voice not in VOICES:
        raise _Invalid(f"{name}.voice", f"{voice!r} is not one of {', '.join(VOICES)}")
    speaker = item.get("speaker")
    if voice == "outlet":
        if speaker:
            raise _Invalid(f"{name}.speaker", "the outlet's own voice has no speaker")
        return voice, None
    if not isinstance(speaker, str) or not speaker.strip():
        raise _Invalid(f"{name}.speaker", f"voice {voice!r} needs the speaker's name")
    return voice, speaker.strip()


def _string(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(name, "missing or empty")
    return value


def _choice(record: dict[str, Any], name: str, allowed: Sequence[str]) -> str:
    value = record.get(name)
    if value not in allowed:
        raise _Invalid(name, f"{value!r} is not one of {', '.join(allowed)}")
    return str(value)


def _list(record: dict[str, Any], name: str) -> list[Any]:
    value = record.get(name, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise _Invalid(name, "must be a list")
    return value


def _short(text: Any, limit: int = 60) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
