"""English dependency parses are made only for the sentences a stage asks about, and answer
with offsets into the whole article."""

from __future__ import annotations

from narrascope import analyze
from narrascope.entities.ner import SentenceParses
from narrascope.sentences import split_sentences

TEXT = ("Heavy rain fell across the region on Sunday. Roads were closed near the river.\n\n"
        "The mayor of Dnipro said the city would open three more shelters. Schools stay shut. "
        "Officials from the energy ministry later confirmed that repairs had begun.")


def test_spans_carry_offsets_into_the_article_and_stay_inside_their_sentence() -> None:
    parses = SentenceParses(TEXT, split_sentences(TEXT, "en"))
    start = TEXT.index("The mayor")
    end = TEXT.index("shelters.") + len("shelters.")
    sentence = parses.char_span(start, end)
    assert sentence.text == TEXT[start:end]
    for token in sentence:
        assert TEXT[token.idx:token.idx + len(token)] == token.text
    said = next(t for t in sentence if t.text == "said")
    subject = next(c for c in said.children if c.dep_ == "nsubj")
    words = list(subject.subtree)
    # the subject's subtree is "The mayor of Dnipro", not everything since offset 0
    assert TEXT[words[0].idx:words[-1].idx + len(words[-1])] == "The mayor of Dnipro"
    assert parses.parsed_sentences == 1


def test_a_mention_is_answered_from_the_parse_of_its_own_sentence() -> None:
    parses = SentenceParses(TEXT, split_sentences(TEXT, "en"))
    start = TEXT.index("energy ministry")
    span = parses.char_span(start, start + len("energy ministry"))
    assert span.text == "energy ministry" and span.root.text == "ministry"
    assert parses.parsed_sentences == 1


def test_the_stages_parse_only_sentences_with_a_speech_or_action_verb() -> None:
    from narrascope import Pipeline
    from narrascope.entities import EntityStage
    from narrascope.quotes import QuoteStage
    from narrascope.roles import RoleStage

    doc = analyze(TEXT, title="Rain", pipeline=Pipeline(["clean", "language", "sentences"]))
    for stage in (EntityStage(), QuoteStage(), RoleStage()):
        doc = stage(doc)
    parses = doc.internal["parse"]
    assert 1 <= parses.parsed_sentences <= 2 < len(doc.sentences)
    assert [q.speaker.name for q in doc.quotes if q.speaker] != []


def _names_article(n: int) -> str:
    return (f"Correspondent Ivan Zhukovsky{n} reported from Odesa{n} that {n * 7919} homes lost "
            f"power. Mayor Hennadiy Trukhanov{n} said repairs would take {n + 3} days.")


def test_a_long_run_does_not_grow_spacys_strings(monkeypatch) -> None:
    from narrascope import Pipeline
    from narrascope.entities import EntityStage
    from narrascope.entities.ner import spacy_pipeline

    def strings_after(pipeline: Pipeline, first: int) -> list[int]:
        sizes = []
        for n in range(first, first + 5):
            analyze(_names_article(n), pipeline=pipeline)
            sizes.append(len(spacy_pipeline().vocab.strings))
        return sizes

    monkeypatch.setattr("narrascope.entities._TOKENIZER_WARM_UP", 0)
    pipeline = Pipeline(["clean", "language", "sentences", "entities", "quotes"])
    assert "parse" not in analyze(_names_article(0), pipeline=pipeline).internal  # freed too
    sizes = strings_after(pipeline, 0)
    assert sizes[1:] == sizes[:1] * 4
    # without the scope every article leaves its names and numbers behind
    monkeypatch.delattr(EntityStage, "article_scope")
    grown = strings_after(Pipeline(["clean", "language", "sentences", "entities"]), 100)
    assert grown[-1] > grown[0]
