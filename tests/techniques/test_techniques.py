"""Persuasion techniques: cues, spans, repetition, SemEval-2023 files, training and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from narrascope.cli import main
from narrascope.embeddings import get_embedder
from narrascope.semeval.release import ReleaseError
from narrascope.semeval.task3_2023 import (
    read_paragraph_labels,
    score_paragraphs,
    score_spans,
    write_paragraph_labels,
)
from narrascope.techniques import TECHNIQUES, find_techniques, load_technique_model
from narrascope.techniques.detect import paragraph_summary, repetitions
from narrascope.techniques.lexicon import KnowledgeError, builtin_lexicon, lexicon_from_entries


def test_the_23_techniques_and_their_cues() -> None:
    assert len(TECHNIQUES) == 23
    lexicon = lexicon_from_entries([{"technique": "Name_Calling-Labeling",
                                     "granularity": "word", "cues": {"ru": ["хунт*"]}}])
    (hit,) = lexicon.find("Киевской хунтой управляют из-за океана.")
    assert (hit.technique, hit.cue) == ("Name_Calling-Labeling", "хунт*")
    assert not lexicon.find("Слово «вахунта» не подходит.")  # a cue starts a word
    with pytest.raises(KnowledgeError, match=r"Doubt \(en\): bad pattern"):
        lexicon_from_entries([{"technique": "Doubt", "patterns": {"en": ["(unclosed"]}}])
    with pytest.raises(KnowledgeError, match="unknown technique 'Sarcasm'"):
        lexicon_from_entries([{"technique": "Sarcasm"}])


def test_spans_point_at_text_and_paragraphs_derive_from_them() -> None:
    text = ("The Kiev regime keeps lying to its own people.\n"
            "Trains run on time between the two cities.")
    sentences = [(0, 46), (47, len(text))]
    model = load_technique_model(None)
    assert "kiev regime" in model.trusted_cues  # precise on the corpus, so it marks alone
    spans = find_techniques(text, sentences, model, get_embedder(model.embedder))
    assert spans and all(0 <= s.start < s.end <= len(text) and s.reason for s in spans)
    lexical = {text[s.start:s.end].lower(): s.technique for s in spans if "cue" in s.reason}
    assert lexical.get("kiev regime") == "Name_Calling-Labeling"
    summary = paragraph_summary(text, spans)
    assert [p.start for p in summary] == [0, 47]
    assert "Name_Calling-Labeling" in summary[0].techniques
    assert not {s.technique for s in spans if s.start >= 47} - set(summary[1].techniques)


def test_repetition_marks_every_occurrence_at_its_own_offsets() -> None:
    text = "No peace with murderers. They bombed a school. No peace with murderers!"
    found = repetitions(text, [(0, 24), (25, 46), (47, len(text))])
    assert [text[s.start:s.end] for s in found] == ["No peace with murderers"] * 2


def test_release_labels_round_trip_and_scores(tmp_path: Path) -> None:
    labels = {("1", 1): frozenset(), ("1", 3): frozenset({"Doubt", "Loaded_Language"})}
    write_paragraph_labels(tmp_path / "p.txt", labels)
    assert read_paragraph_labels(tmp_path / "p.txt") == labels
    predicted = {("1", 3): frozenset({"Doubt", "Slogans"})}
    total, per = score_paragraphs(labels, predicted)
    assert (total.tp, total.fp, total.fn) == (1, 1, 1) and total.f1 == pytest.approx(0.5)
    assert per["Doubt"].f1 == 1.0
    spans, _ = score_spans({"1": [("Doubt", 0, 10), ("Doubt", 20, 30)]},
                           {"1": [("Doubt", 5, 8), ("Doubt", 40, 50)]})
    assert (spans.precision, spans.recall) == (0.5, 0.5)
    (tmp_path / "bad.txt").write_text("1\t2\tLoaded_Language,Sarcasm\n")
    with pytest.raises(ReleaseError, match=r"bad.txt:1: unknown technique 'Sarcasm'"):
        read_paragraph_labels(tmp_path / "bad.txt")


SENTENCES = {
    "Loaded_Language": "The barbaric, bloodthirsty regime keeps committing monstrous crimes.",
    "Doubt": "Can anyone really believe the figures the ministry keeps publishing?",
    "Slogans": "Stop the war now!",
}
NEUTRAL = ["The council met on Tuesday to discuss the budget.",
           "Trains between the two cities resume on Friday.",
           "The museum opens a new exhibition next month."]


def _release(folder: Path) -> Path:
    articles = folder / "train-articles-subtask-3"
    spans_dir = folder / "train-labels-subtask-3-spans"
    articles.mkdir(parents=True)
    spans_dir.mkdir()
    rows = []
    for n in range(8):
        technique = list(SENTENCES)[n % 3]
        lines = [f"Report {n}", "", NEUTRAL[n % 3], SENTENCES[technique], NEUTRAL[(n + 1) % 3]]
        text = "\n".join(lines) + "\n"
        (articles / f"article{n}.txt").write_text(text)
        start = text.index(SENTENCES[technique])
        (spans_dir / f"article{n}-labels-subtask-3.txt").write_text(
            f"{n}\t{technique}\t{start}\t{start + len(SENTENCES[technique])}\n")
        rows += [f"{n}\t1\t", f"{n}\t3\t", f"{n}\t4\t{technique}", f"{n}\t5\t"]
    (folder / "train-labels-subtask-3.txt").write_text("\n".join(rows) + "\n")
    return folder


def test_train_predict_and_score_with_the_cli(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    release = _release(tmp_path / "en")
    model = tmp_path / "model"
    assert main(["semeval2023", "train", "--data", str(release), "--out", str(model),
                 "--folds", "2"]) == 0
    metrics = json.loads(capsys.readouterr().out)
    assert metrics["articles"] == 8 and metrics["trained_on_spans"] == 8
    pred, spans = tmp_path / "pred.txt", tmp_path / "spans"
    assert main(["semeval2023", "predict", "--docs", str(release / "train-articles-subtask-3"),
                 "--model", str(model), "--out", str(pred), "--spans-out", str(spans)]) == 0
    predicted = read_paragraph_labels(pred)
    assert len(predicted) == 8 * 4  # one line per non-empty line of every article
    assert len(list(spans.glob("article*-labels-subtask-3.txt"))) == 8
    assert main(["semeval2023", "score", "--gold", str(release / "train-labels-subtask-3.txt"),
                 "--pred", str(pred), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert scores["micro_f1"] > 0.6  # its own training articles
    loaded = load_technique_model(str(model))
    assert loaded.kind == "trained" and np.all(loaded.thresholds <= 1.01)


def test_bad_release_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["semeval2023", "train", "--data", str(tmp_path / "empty"), "--out",
                 str(tmp_path / "m")]) == 2
    assert "no article*.txt files" in capsys.readouterr().err


def test_builtin_lexicon_loads() -> None:
    lexicon = builtin_lexicon()
    assert set(lexicon.granularity) == set(TECHNIQUES)


def test_a_shared_noun_phrase_is_not_repetition() -> None:
    text = ("The state department spokesman said talks would go on. The state department "
            "spokesman added that aid was ready.\n\nThe ministry said three drones were "
            "downed, the ministry said, the ministry added.")
    assert repetitions(text, []) == []


def test_rhetorical_repetition_is_one_span_per_figure() -> None:
    text = ("Lies about the army, lies about the economy, lies about the front.\n\n"
            "Never, never, never will we give up.")
    found = repetitions(text, [])
    assert [text[s.start:s.end] for s in found] == [
        "Lies about the army, lies about the economy, lies about the front",
        "Never, never, never"]
    model = load_technique_model(None)
    spans = find_techniques(text, [(0, 67), (69, len(text))], model,
                            get_embedder(model.embedder))
    keys = [(s.technique, s.start, s.end) for s in spans]
    assert len(keys) == len(set(keys))


def test_lexicon_cues_match_whole_words_only() -> None:
    lexicon = builtin_lexicon()
    inside = [(cue, pattern.pattern) for _technique, cue, pattern in lexicon.matchers
              if not cue.startswith("pattern ") and pattern.search("xq" + cue.rstrip("*")
                                                                   .strip().lower())]
    assert inside == []  # "lies" must never fire inside "allies"


def test_a_trained_model_lets_only_trusted_cues_mark_spans_on_their_own() -> None:
    from narrascope.techniques.detect import detect

    lexicon = builtin_lexicon()
    text = "The Kiev regime and its bloodthirsty puppets lied again."
    hits = lexicon.find(text)
    assert hits, "the lexicon must know a cue in this sentence"
    probabilities = np.zeros((1, len(TECHNIQUES)), dtype=np.float32)
    thresholds = np.full(len(TECHNIQUES), 0.9, dtype=np.float32)
    untrusted = detect(text, [(0, len(text))], probabilities, thresholds, lexicon,
                       cues_decide=False)
    assert untrusted == []
    trusted = detect(text, [(0, len(text))], probabilities, thresholds, lexicon,
                     cues_decide=False, trusted=frozenset({hits[0].cue}))
    assert [(s.start, s.end) for s in trusted] == [
        (hits[0].start, hits[0].end) if lexicon.granularity.get(hits[0].technique) == "word"
        else (0, len(text))]


def test_model_only_spans_need_spans_in_enough_paragraphs() -> None:
    from narrascope.techniques.detect import detect

    lexicon = builtin_lexicon()
    text = ("Officials met on Tuesday to discuss the budget.\n"
            "The talks ended without a statement.\n"
            "Prices at the port rose again this week.")
    sentences = [(0, 47), (48, 84), (85, len(text))]
    loaded = TECHNIQUES.index("Loaded_Language")
    probabilities = np.zeros((3, len(TECHNIQUES)), dtype=np.float32)
    probabilities[0, loaded] = 0.95
    thresholds = np.full(len(TECHNIQUES), 0.9, dtype=np.float32)

    def spans(min_paragraphs: int) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in detect(text, sentences, probabilities, thresholds,
                                                 lexicon, cues_decide=False,
                                                 min_paragraphs=min_paragraphs)]

    assert spans(1) == [(0, 47)]
    assert spans(2) == []  # one borderline sentence in a neutral report
    probabilities[2, loaded] = 0.92
    assert spans(2) == [(0, 47), (85, len(text))]


def test_min_paragraphs_is_saved_and_checked(tmp_path: Path) -> None:
    from narrascope.techniques.model import TechniqueModel, TechniqueModelError

    model = load_technique_model(None)
    model.save(tmp_path / "m")
    assert TechniqueModel.load(tmp_path / "m").min_paragraphs == model.min_paragraphs
    manifest = json.loads((tmp_path / "m" / "techniques.json").read_text())
    manifest["min_paragraphs"] = 0
    (tmp_path / "m" / "techniques.json").write_text(json.dumps(manifest))
    with pytest.raises(TechniqueModelError, match="min_paragraphs must be a whole number"):
        TechniqueModel.load(tmp_path / "m")
