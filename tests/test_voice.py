"""Whose voice carries a label: the outlet's, a quoted speaker's, or a paraphrased one's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from narrascope import analyze
from narrascope.annotations import NarrativeLabel, Quote, Span, Speaker, SubnarrativeLabel
from narrascope.cli import main
from narrascope.document import Document
from narrascope.store import Store
from narrascope.voice import voice_of, voiced

TEXT = ("Russian Foreign Minister Sergey Lavrov spoke in Moscow on Monday.\n\n"
        "“The Kiev regime is a puppet of Washington, and the West will fight to the last "
        "Ukrainian,” Lavrov told reporters.\n\n"
        "The Kiev regime has again shelled Donetsk, the outlet's reporter wrote.")


def _quote(text: str, words: str, kind: str, speaker_at: str | None = None) -> Quote:
    start = text.index(words)
    speaker = None
    if speaker_at:
        s = text.index(speaker_at)
        speaker = Speaker("Sergei Lavrov", "person/sergei-lavrov", speaker_at, s,
                          s + len(speaker_at), "name")
    return Quote(words, start, start + len(words), kind, "said", speaker, 0.6)


def test_a_span_inside_a_direct_quote_is_the_speakers() -> None:
    text = "“The West will fight to the last Ukrainian,” Lavrov said. Kyiv disagreed."
    quotes = [_quote(text, "The West will fight to the last Ukrainian,", "direct", "Lavrov")]
    inside = text.index("last Ukrainian")
    voice = voice_of(quotes, inside, inside + len("last Ukrainian"))
    assert (voice.kind, voice.speaker, voice.entity_id) == (
        "quoted", "Sergei Lavrov", "person/sergei-lavrov")
    assert voice.quote == Span(quotes[0].start, quotes[0].end)
    sentence_end = text.index("Kyiv")
    assert voice_of(quotes, 0, sentence_end).kind == "quoted"  # mostly his words
    assert voice_of(quotes, sentence_end, len(text)).kind == "outlet"


def test_reported_speech_is_a_paraphrase() -> None:
    text = "Lavrov said the West would fight to the last Ukrainian."
    quotes = [_quote(text, "the West would fight to the last Ukrainian", "indirect", "Lavrov")]
    voice = voice_of(quotes, 0, len(text))
    assert (voice.kind, voice.speaker) == ("paraphrase", "Sergei Lavrov")


def test_a_sentence_around_a_few_quoted_words_reports_the_speakers_claim() -> None:
    text = "Lavrov called the new deliveries of long-range missiles to Kyiv “a road to war”."
    quotes = [_quote(text, "a road to war", "partial", "Lavrov")]
    assert voice_of(quotes, 0, len(text)).kind == "paraphrase"
    unattributed = [_quote(text, "a road to war", "partial")]
    assert voice_of(unattributed, 0, len(text)).kind == "outlet"


def test_without_the_quotes_stage_the_voice_is_unknown_not_the_outlet() -> None:
    assert voiced([Span(0, 10)], None)[0].voice is None
    assert voiced([Span(0, 10)], [])[0].voice.kind == "outlet"


def test_the_pipeline_gives_every_technique_and_evidence_sentence_its_voice() -> None:
    doc = analyze(TEXT, title="Lavrov on the war")
    quoted_at = doc.text.index("Kiev regime")  # the first one, inside Lavrov's quote
    (quoted,) = [t for t in doc.techniques if t.start == quoted_at]
    assert (quoted.voice.kind, quoted.voice.speaker) == ("quoted", "Sergei Lavrov")
    outlet_spans = [t for t in doc.techniques if t.start > doc.text.index("has again") - 20]
    assert outlet_spans and all(t.voice.kind == "outlet" for t in outlet_spans)
    for item in [*doc.roles, *doc.narratives]:
        assert all(e.voice is not None for e in item.evidence)
    record = doc.to_dict()
    assert Document.from_dict(record).to_dict() == record


def test_the_store_and_the_cli_filter_by_voice(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "news.db")
    doc = analyze(TEXT, title="Lavrov on the war", source="a.txt")
    quote_sentence = next(s for s in doc.sentences if "puppet" in doc.text[s.start:s.end])
    outlet_sentence = doc.sentences[-1]
    label = "URW: Discrediting the West, Diplomacy"
    doc.narratives = [NarrativeLabel(label, 0.8, voiced([quote_sentence], doc.quotes), [
        SubnarrativeLabel(f"{label}: Other", 0.6, voiced([quote_sentence], doc.quotes))])]
    doc.narratives.append(NarrativeLabel("URW: Discrediting Ukraine", 0.7,
                                         voiced([outlet_sentence], doc.quotes), []))
    with Store.open(db) as store:
        store.write([doc])
        quoted = store.technique_rows(voice="quoted")
        outlet = store.technique_rows(voice="outlet")
    assert {r["text"] for r in quoted} >= {"Kiev regime"}
    assert all(r["voice_speaker"] == "Sergei Lavrov" for r in quoted)
    assert all(r["voice"] == "outlet" for r in outlet) and outlet
    capsys.readouterr()
    assert main(["narratives", "--db", db, "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert sorted((r["label"], r["carried_by"], r["articles"]) for r in rows) == [
        ("URW: Discrediting Ukraine", "the outlet", 1),
        (label, "Sergei Lavrov (quoted)", 1)]
    assert main(["narratives", "--db", db, "--voice", "outlet", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert [r["label"] for r in rows] == ["URW: Discrediting Ukraine"]
    assert main(["narratives", "--db", db, "--speaker", "person/sergei-lavrov",
                 "--level", "subnarrative", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert [r["label"] for r in rows] == [f"{label}: Other"]
