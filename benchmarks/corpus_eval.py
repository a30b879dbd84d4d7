"""The models on the corpus's held-out test split: precision first, and calibration.

Analyses the test articles of the project's corpus (corpus/articles; see
docs/annotation-guidelines.md for the split protocol) and prints, for the shipped default
models (or the models under --models, as scripts/build_default_models.py --out writes them):

- narratives: samples-F1 coarse / fine, the all-Other baseline, the share of narrative-free
  articles labelled Other, narrative precision and recall, the share of specific
  sub-narratives;
- techniques: span precision and recall, spans per neutral wire article;
- roles: role precision and recall over the framed entities, roles per wire article;
- quotes: the share of gold quotes found, and given to the right speaker;
- explanations of the gold dominant narrative against the reference explanations: token
  F1 and embedding cosine;
- expected calibration error of each head (narrative labels, technique sentences, the framed
  head).

Usage:

    .venv/bin/python benchmarks/corpus_eval.py [--models FOLDER] [--encoder static-e5]
        [--split test] [--language en]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from narrascope import corpus_training as ct  # noqa: E402
from narrascope.corpus import load_corpus  # noqa: E402
from narrascope.embeddings import DEFAULT_EMBEDDER, EMBEDDERS, get_embedder  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT / "corpus" / "articles"))
    parser.add_argument("--models", help="folder with narratives/, roles/, techniques/ models "
                        "(default: the shipped ones)")
    parser.add_argument("--encoder", choices=sorted(EMBEDDERS), default=DEFAULT_EMBEDDER)
    parser.add_argument("--split", choices=("train", "dev", "test"), default="test")
    parser.add_argument("--language", help="only this language")
    args = parser.parse_args()
    articles, problems = load_corpus(args.corpus)
    chosen = sorted((a for a in articles if a.split == args.split
                     and (args.language is None or a.language == args.language)),
                    key=lambda a: a.id)
    if not chosen:
        print(f"no {args.split} articles in {args.corpus}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    items = ct.prepare(chosen, args.encoder)
    embedder = get_embedder(args.encoder)

    def model_path(stage: str) -> str | None:
        """The stage's model under --models, else the shipped default."""
        folder = Path(args.models) / stage if args.models else None
        return str(folder) if folder is not None and folder.is_dir() else None

    from narrascope.narratives import NarrativeStage
    from narrascope.roles import RoleStage
    from narrascope.techniques import TechniqueStage

    narratives = NarrativeStage(model_path("narratives"), args.encoder)
    techniques = TechniqueStage(model_path("techniques"), args.encoder)
    roles = RoleStage(model_path("roles"), args.encoder)
    report = {
        "split": args.split, "articles": len(items), "encoder": args.encoder,
        "models": args.models or "shipped defaults",
        "by_language": {lang: sum(a.language == lang for a in chosen)
                        for lang in sorted({a.language for a in chosen})},
        "corpus_problems": len(problems),
        "annotations_not_found_in_cleaned_text": sum(i.lost for i in items),
        "narratives": ct.narrative_figures(items, narratives),  # leaves predicted narratives
        "techniques": ct.technique_figures(items, techniques),
        "roles": ct.role_figures(items, roles),  # reads the predicted narratives, as analyze
        "quotes": ct.speaker_figures(items),
        "explanations": ct.explanation_figures(items, narratives.model, embedder),
        "calibration_error": {
            "narratives": ct.narrative_ece(items, narratives.model, embedder),
            "techniques": ct.technique_ece(items, techniques.model, embedder),
            "roles_framed": ct.role_ece(items, roles.model, embedder),
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
