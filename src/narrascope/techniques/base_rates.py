"""How often real annotated news uses each technique: the prevalence at which the corpus-
trained detectors' thresholds are judged.

The project's corpus is written by us, and its writers mark far fewer techniques than real
annotation does (about 5 % of its English paragraphs carry Loaded_Language, against 19 % in
real annotated news). Precision measured at the corpus's rate would understate what a
detector gives on real articles, and a precision target met there abstains almost always.
So a threshold is chosen on the hit and false-alarm rates measured by cross-validation on
the corpus, and judged at the real prevalence
(:func:`narrascope.calibration.precision_at_prevalence`).
"""

from __future__ import annotations

#: Share of English paragraphs that carry each technique in the SemEval-2023 Task 3
#: training release, as measured in ../shared/FINDINGS.md (facts about the data; the data
#: itself is not used). Techniques it does not list keep the corpus's own rate.
REAL_PARAGRAPH_SHARES: dict[str, float] = {
    "Loaded_Language": 0.19,
    "Name_Calling-Labeling": 0.10,
    "Repetition": 0.057,
    "Doubt": 0.055,
    "Exaggeration-Minimisation": 0.049,
    "Appeal_to_Fear-Prejudice": 0.033,
    "Flag_Waving": 0.030,
    "Causal_Oversimplification": 0.022,
    "Appeal_to_Authority": 0.016,
    "Slogans": 0.016,
}

__all__ = ["REAL_PARAGRAPH_SHARES"]
