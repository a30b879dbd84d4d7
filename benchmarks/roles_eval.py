"""Entity framing (SemEval-2025 Task 10 sub-task 1) on narrascope's labelled mentions.

benchmarks/data/narratives/<LANG>/subtask-1-*.txt: 202 mentions in 62 invented articles, six
languages. Prints, per language and overall, the exact-match ratio of fine roles, main-role
accuracy and micro-F1 for the default role model and for two trivial baselines (every mention
Antagonist with its most frequent fine role; the most frequent main and fine role per set).

    .venv/bin/python benchmarks/roles_eval.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "narratives"
sys.path.insert(0, str(ROOT / "src"))

from narrascope.narratives import NarrativeStage  # noqa: E402
from narrascope.roles import load_role_model  # noqa: E402
from narrascope.roles.subtask1 import predict_mentions  # noqa: E402
from narrascope.semeval.release import EntityMention, read_entity_mentions  # noqa: E402


def metrics(gold: list[EntityMention], pred: list[EntityMention]) -> tuple[float, float, float]:
    exact = sum(set(g.fine_roles) == set(p.fine_roles) for g, p in zip(gold, pred, strict=True))
    main = sum(g.main_role == p.main_role for g, p in zip(gold, pred, strict=True))
    tp = sum(len(set(g.fine_roles) & set(p.fine_roles)) for g, p in zip(gold, pred, strict=True))
    n_pred = sum(len(p.fine_roles) for p in pred)
    n_gold = sum(len(g.fine_roles) for g in gold)
    precision, recall = tp / max(n_pred, 1), tp / max(n_gold, 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return exact / len(gold), main / len(gold), f1


def main() -> None:
    model = load_role_model(None)
    narratives = NarrativeStage(None)
    all_gold: list[EntityMention] = []
    all_pred: list[EntityMention] = []
    print(f"{'':<5} {'n':>4}  {'default EMR/main/F1':>22}  {'Antagonist+Deceiver':>22}")
    for folder in sorted(p for p in DATA.iterdir() if (p / "subtask-1-annotations.txt").exists()):
        gold = read_entity_mentions(folder / "subtask-1-annotations.txt", with_roles=True)
        mentions = read_entity_mentions(folder / "subtask-1-entity-mentions.txt")
        pred = predict_mentions(mentions, folder / "raw-documents", model, narratives)
        trivial = [EntityMention(m.id, m.mention, m.start, m.end, "Antagonist", ("Deceiver",))
                   for m in mentions]
        d, t = metrics(gold, pred), metrics(gold, trivial)
        print(f"{folder.name:<5} {len(gold):>4}  {d[0]:.3f} / {d[1]:.3f} / {d[2]:.3f}   "
              f"{t[0]:.3f} / {t[1]:.3f} / {t[2]:.3f}")
        all_gold += gold
        all_pred += pred
    d = metrics(all_gold, all_pred)
    main_role, _ = Counter(g.main_role for g in all_gold).most_common(1)[0]
    fine_role, _ = Counter(r for g in all_gold for r in g.fine_roles).most_common(1)[0]
    frequent = [EntityMention(g.id, g.mention, g.start, g.end, main_role, (fine_role,))
                for g in all_gold]
    f = metrics(all_gold, frequent)
    print(f"all   {len(all_gold):>4}  {d[0]:.3f} / {d[1]:.3f} / {d[2]:.3f}   "
          f"most frequent ({main_role}, {fine_role}): {f[0]:.3f} / {f[1]:.3f} / {f[2]:.3f}")


if __name__ == "__main__":
    main()
