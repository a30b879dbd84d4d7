"""Entity framing (SemEval-2025 Task 10 sub-task 1) on narrascope's labelled mentions.

benchmarks/data/narratives/<LANG>/subtask-1-*.txt: 202 mentions in 62 invented articles, six
languages. Prints, per language and overall, the exact-match ratio (EMR) of fine roles,
main-role accuracy and micro-F1 for

- the default role model (built from the role knowledge base; never saw these articles),
- a model trained on these mentions (``narrascope semeval train``), cross-validated by article,
- trivial baselines: every mention Antagonist/Deceiver, and the most frequent main and fine
  role of the set.

    .venv/bin/python benchmarks/roles_eval.py [--folds 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data" / "narratives"
sys.path.insert(0, str(ROOT / "src"))

from narrascope.embeddings import get_embedder  # noqa: E402
from narrascope.factories import ACCURACY_ENCODERS  # noqa: E402
from narrascope.narratives import NarrativeStage  # noqa: E402
from narrascope.roles import load_role_model  # noqa: E402
from narrascope.roles.metrics import role_metrics  # noqa: E402
from narrascope.roles.model import features  # noqa: E402
from narrascope.roles.training import train_role_model  # noqa: E402
from narrascope.semeval.subtask1 import read_labelled_mentions  # noqa: E402


def line(name: str, scores: dict[str, float]) -> str:
    return (f"{name:<34} {scores['exact_match']:>6.3f} {scores['main_accuracy']:>6.3f} "
            f"{scores['micro_f1']:>6.3f} {scores['mentions']:>5}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--accuracy", choices=sorted(ACCURACY_ENCODERS), default="fast",
                        help="the default models of this encoder (as analyze --accuracy)")
    args = parser.parse_args()
    encoder = ACCURACY_ENCODERS[args.accuracy]
    folders = sorted(p for p in DATA.iterdir() if (p / "subtask-1-annotations.txt").exists())
    narratives = NarrativeStage(None, encoder)
    started = time.perf_counter()
    labelled = read_labelled_mentions(folders, narratives)
    seconds = time.perf_counter() - started
    model = load_role_model(None, encoder)
    embedder = get_embedder(model.embedder)
    predicted = model.predict(features([m.evidence for m in labelled], embedder))
    gold = [(m.main_role or "", m.fine_roles) for m in labelled]
    pred = [(s.main_role, tuple(r for r, _ in s.fine_roles)) for s in predicted]
    print(f"{'':<34} {'EMR':>6} {'main':>6} {'F1':>6} {'n':>5}")
    for language in sorted({m.group.split("/")[0] for m in labelled}):
        keep = [i for i, m in enumerate(labelled) if m.group.startswith(language + "/")]
        print(line(f"default model, {language}", role_metrics(
            [gold[i] for i in keep], [pred[i] for i in keep])))
    print(line("default model, all", role_metrics(gold, pred)))
    trained = train_role_model(labelled, embedder, folds=args.folds)
    print(line(f"trained, {trained.metrics['folds']}-fold CV by article", trained.metrics["cv"]))
    print(line("every mention Antagonist/Deceiver",
               role_metrics(gold, [("Antagonist", ("Deceiver",))] * len(gold))))
    main_role, _ = Counter(g[0] for g in gold).most_common(1)[0]
    fine_role, _ = Counter(r for g in gold for r in g[1]).most_common(1)[0]
    print(line(f"most frequent ({main_role}, {fine_role})",
               role_metrics(gold, [(main_role, (fine_role,))] * len(gold))))
    print(f"evidence for {len(labelled)} mentions in {len({m.group for m in labelled})} "
          f"articles (with narratives) in {seconds:.1f} s")


if __name__ == "__main__":
    main()
