"""Moving the main-role head onto the base rates of real news (label shift)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from narrascope.roles import load_role_model
from narrascope.roles.base_rates import (
    REAL_MAIN_SHARES,
    label_shift,
    offsets_by_language,
    shares,
    shifted_accuracy,
)
from narrascope.roles.evidence import MAIN_ROLES
from narrascope.roles.model import RoleModel, RoleModelError


def test_shift_moves_posteriors_to_the_target_priors() -> None:
    # A head that learned at 1/3 each and sees no evidence either way answers the priors;
    # shifted to real English shares it must answer those shares.
    offsets = np.array(label_shift((1 / 3, 1 / 3, 1 / 3), REAL_MAIN_SHARES["en"]))
    posterior = np.exp(offsets) / np.exp(offsets).sum()
    target = np.array(REAL_MAIN_SHARES["en"]) / sum(REAL_MAIN_SHARES["en"])
    assert np.allclose(posterior, target)


def test_shares_are_smoothed_and_bad_shares_refused() -> None:
    assert shares(["Antagonist"]).min() > 0  # a class never seen is rare, not impossible
    with pytest.raises(ValueError, match="one value per main role"):
        label_shift((0.5, 0.5), (0.2, 0.6, 0.2))
    with pytest.raises(ValueError, match="positive"):
        label_shift((0.0, 0.5, 0.5), (0.2, 0.6, 0.2))


def test_offsets_fall_back_to_all_languages_when_one_has_few_mentions() -> None:
    training = {"en": ["Antagonist"] * 80 + ["Innocent"] * 40, "hi": ["Protagonist"] * 3}
    offsets = offsets_by_language(training, {"en": (0.2, 0.6, 0.2), "hi": (0.2, 0.6, 0.2)},
                                  min_mentions=100)
    everything = label_shift(shares(training["en"] + training["hi"]), (0.2, 0.6, 0.2))
    assert offsets["hi"] == everything
    assert offsets["en"] == label_shift(shares(training["en"]), (0.2, 0.6, 0.2))
    assert offsets_by_language(training, {"en": (0.2, 0.6, 0.2)},
                               min_mentions=500)["en"] == everything


def test_accuracy_at_target_shares_weights_each_class_recall() -> None:
    gold = ["Antagonist", "Antagonist", "Innocent", "Innocent"]
    predicted = ["Antagonist", "Antagonist", "Antagonist", "Innocent"]
    # recall: Antagonist 1.0, Innocent 0.5; Protagonist absent, so its weight is dropped
    assert shifted_accuracy(gold, predicted, (0.2, 0.6, 0.2)) == pytest.approx(
        (0.6 * 1.0 + 0.2 * 0.5) / 0.8)


def test_model_applies_the_shift_only_for_its_languages(tmp_path: Path) -> None:
    model = load_role_model(None)
    x = np.zeros((1, model.mean.shape[0]), dtype=np.float32) + model.mean
    as_trained = model.predict(x)[0].main_scores
    model.save(tmp_path / "m")
    manifest = json.loads((tmp_path / "m" / "roles.json").read_text())
    manifest["main_shift"] = {"en": [-5.0, 5.0, -5.0]}
    (tmp_path / "m" / "roles.json").write_text(json.dumps(manifest))
    shifted = RoleModel.load(tmp_path / "m")
    assert shifted.predict(x, language="en")[0].main_role == "Antagonist"
    assert shifted.predict(x, language="en")[0].main_scores["Antagonist"] > \
        as_trained["Antagonist"]
    assert shifted.predict(x, language="pt")[0].main_scores == pytest.approx(as_trained)
    assert shifted.predict(x)[0].main_scores == pytest.approx(as_trained)
    manifest["main_shift"] = {"en": [1.0, 2.0]}
    (tmp_path / "m" / "roles.json").write_text(json.dumps(manifest))
    with pytest.raises(RoleModelError, match="main_shift must map languages"):
        RoleModel.load(tmp_path / "m")


def test_real_shares_cover_every_main_role() -> None:
    for language, values in REAL_MAIN_SHARES.items():
        assert len(values) == len(MAIN_ROLES) and abs(sum(values) - 1) < 0.02, language
