"""Each stage on a hand-built Document holding exactly what its contract requires.

Only the stage under test runs: a quote test does not depend on the entity recogniser, a role
test not on the narrative model, and embeddings load only for the stages that need them."""

from __future__ import annotations

import dataclasses

import pytest

from narrascope.annotations import Entity, Mention, Sentence
from narrascope.document import Document
from narrascope.factories import BUILTIN_STAGES
from narrascope.roles import RoleStage

STAGES = {spec.name: spec for spec in BUILTIN_STAGES}


def make(text: str, **fields: object) -> Document:
    return Document(id="t", source="t", raw_text=text, text=text, **fields)


def sentences_of(text: str) -> list[Sentence]:
    """One sentence per line, as a hand-built stand-in for the sentence stage."""
    found, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            found.append(Sentence(offset, offset + len(line)))
        offset += len(line) + 1
    return found


def entity(text: str, surface: str, entity_id: str, name: str, kind: str) -> Entity:
    start = text.index(surface)
    return Entity(entity_id, name, kind, "gazetteer", [Mention(start, start + len(surface),
                                                               surface, "name")])


def run(name: str, doc: Document, **settings: object) -> Document:
    spec = STAGES[name]
    return spec.factory(**settings)(doc)


def test_clean_removes_residue_and_keeps_the_reason() -> None:
    doc = run("clean", make("Missiles hit Kyiv at dawn.\nShare this:\nRead more: Ten facts"))
    assert doc.text == "Missiles hit Kyiv at dawn."
    assert [(r.reason, r.text) for r in doc.removed] == [
        ("share_prompt", "Share this:"), ("related_link", "Read more: Ten facts")]


def test_language_reads_the_text() -> None:
    assert run("language", make("Ракети влучили в Київ на світанку, повідомили у міськраді."
                                )).language == "uk"


def test_sentences_split_on_the_language_given() -> None:
    doc = run("sentences", make("Д. Песков заявил это. Потом ушёл.", language="ru"))
    assert [doc.span_text(s) for s in doc.sentences] == ["Д. Песков заявил это.", "Потом ушёл."]


def test_entities_group_spellings_under_one_id() -> None:
    doc = run("entities", make("Zelensky spoke in Kyiv. Zelenskyy later left Kiev.",
                               language="en"))
    assert {e.id: len(e.mentions) for e in doc.entities or []} == {
        "person/volodymyr-zelensky": 2, "place/kyiv": 2}


def test_quotes_take_their_speaker_from_the_entities_given() -> None:
    text = "“We will not negotiate under fire,” the spokesman Ivan Petrenko said."
    petrenko = entity(text, "Ivan Petrenko", "person/ivan-petrenko", "Ivan Petrenko",
                      "PERSON")
    doc = run("quotes", make(text, language="en", sentences=[Sentence(0, len(text))],
                             entities=[petrenko]))
    (quote,) = doc.quotes or []
    assert (quote.kind, quote.text) == ("direct", "We will not negotiate under fire")
    assert quote.speaker is not None and quote.speaker.entity_id == "person/ivan-petrenko"


def test_quotes_without_entities_say_so() -> None:
    from narrascope.errors import PipelineError

    with pytest.raises(PipelineError, match="needs 'entities'"):
        run("quotes", make("“No,” he said.", language="en"))


def test_techniques_mark_spans_in_the_sentences_given() -> None:
    text = "Who benefits?\nThe Kiev regime keeps lying to you."
    doc = run("techniques", make(text, language="en", sentences=sentences_of(text)))
    techniques = {t.technique for t in doc.techniques or []}
    assert "Name_Calling-Labeling" in techniques
    assert all(doc.span_text(t).strip() for t in doc.techniques or [])
    assert [p.start for p in doc.technique_paragraphs or []] == [0, 14]


def test_narratives_on_a_neutral_report_stay_empty() -> None:
    text = ("The city council met on Tuesday to approve the budget for road repairs.\n"
            "The works will start in May and last until October, the mayor's office said.")
    doc = run("narratives", make(text, language="en", sentences=sentences_of(text)))
    assert doc.narratives == [] and doc.explanation is None and doc.narrative_domain is None


def test_roles_only_for_framed_entities_with_evidence() -> None:
    text = ("Russian forces shelled the hospital in Kherson again, killing two nurses.\n"
            "The shelling by Russian forces was a war crime, the prosecutor said.")
    russia = Entity("group/russian-forces", "Russian forces", "GROUP", "gazetteer",
                    [Mention(0, 14, "Russian forces", "name"),
                     Mention(text.index("Russian forces", 20), text.index("Russian forces", 20)
                             + 14, "Russian forces", "name")])
    kherson = entity(text, "Kherson", "place/kherson", "Kherson", "PLACE")
    shipped = RoleStage()
    doc = shipped(make(text, language="en", sentences=sentences_of(text),
                       entities=[russia, kherson]))
    # precision first: a role only where the framed head reaches the shipped threshold
    assert all(r.framed >= shipped.model.framing_threshold for r in doc.roles or [])
    lenient = RoleStage()
    lenient.model = dataclasses.replace(lenient.model, framing_threshold=0.0)
    doc = lenient(make(text, language="en", sentences=sentences_of(text),
                       entities=[russia, kherson]))
    roles = {r.entity_id: r.main_role for r in doc.roles or []}
    assert roles.get("group/russian-forces") == "Antagonist"
    for role in doc.roles or []:
        assert role.evidence and all(doc.span_text(e).strip() for e in role.evidence)
