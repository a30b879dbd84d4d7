"""``narrascope semeval train`` and ``predict``: models on the user's own labelled data."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from rich.console import Console

from narrascope.cli.terminal import error, make_console
from narrascope.document import RawArticle
from narrascope.embeddings import EmbedderError, get_embedder
from narrascope.errors import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE
from narrascope.factories import ACCURACY_ENCODERS
from narrascope.narratives import knowledge_model
from narrascope.narratives.documents import train_documents
from narrascope.narratives.model import ModelError
from narrascope.narratives.taxonomy import Taxonomy, TaxonomyError
from narrascope.output import OutputError, write_lines
from narrascope.pipeline import Pipeline, StageError
from narrascope.roles.model import RoleModelError
from narrascope.semeval.datasets import read_jsonl, read_release
from narrascope.semeval.release import (
    NarrativeLabels,
    ReleaseError,
    iter_documents,
    read_document,
    write_narrative_labels,
)


def add_train(actions: Any) -> None:
    train = actions.add_parser(
        "train", help="train a narrative model on labelled articles",
        description="Train a narrative model (and, where folders have "
        "subtask-1-annotations.txt, an entity-role model) on the user's labelled articles: "
        "SemEval-2025 Task 10 language folders (raw-documents/ + subtask-2-annotations.txt), "
        "or JSON Lines "
        "with text/narratives/subnarratives (with --taxonomy for your own labels). Prints and "
        "records cross-validated samples-F1.",
        epilog="examples:\n"
        "  narrascope semeval train --data release/EN release/RU --out models/en-ru\n"
        "  narrascope semeval train --jsonl mine.jsonl --taxonomy mine.yaml --out models/mine",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    train.add_argument("--data", nargs="+", default=[], metavar="DIR",
                       help="release language folder(s)")
    train.add_argument("--jsonl", nargs="+", default=[], metavar="FILE",
                       help="JSON Lines file(s) of labelled articles")
    train.add_argument("--taxonomy", metavar="FILE.yaml",
                       help="your own taxonomy (default: the built-in SemEval one)")
    train.add_argument("--out", required=True, metavar="MODEL_DIR")
    train.add_argument("--folds", type=int, default=5, help="cross-validation folds")
    train.add_argument("--accuracy", choices=sorted(ACCURACY_ENCODERS), default="fast",
                       help="the encoder the models read, as analyze --accuracy (default: "
                       "%(default)s; high takes about 100 times longer)")
    train.set_defaults(handler=run_train, command_name=f"{train.prog.split()[-2]} train")


def add_predict(actions: Any) -> None:
    predict = actions.add_parser(
        "predict", help="predict entity roles (1), narratives (2) or explanations (3)",
        description="Write predictions in the release's own format, one line per document "
        "(documents predicted Other included).",
        epilog="examples:\n"
        "  narrascope semeval predict --subtask 2 --docs EN/subtask-2-documents --out pred.txt\n"
        "  narrascope semeval predict --subtask 3 --docs EN/subtask-3-documents "
        "--dominant EN/subtask-3-dominant-narratives.txt --model models/en --out expl.txt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    predict.add_argument("--subtask", type=int, choices=(1, 2, 3), required=True)
    predict.add_argument("--docs", required=True, metavar="DOCS_DIR")
    predict.add_argument("--model", metavar="MODEL_DIR", help="default: the built-in model")
    predict.add_argument("--dominant", metavar="FILE", help="sub-task 3 input")
    predict.add_argument("--mentions", metavar="FILE",
                         help="sub-task 1 input (subtask-1-entity-mentions.txt)")
    predict.add_argument("--out", required=True, metavar="FILE")
    predict.set_defaults(handler=run_predict, command_name=f"{predict.prog.split()[-2]} predict")


def run_train(args: argparse.Namespace) -> int:

    console = make_console(stderr=True)
    if not args.data and not args.jsonl:
        error(console, "semeval train", "give --data DIR and/or --jsonl FILE")
        return EXIT_USAGE
    encoder = ACCURACY_ENCODERS[args.accuracy]
    try:
        taxonomy = Taxonomy.from_yaml(args.taxonomy) if args.taxonomy else Taxonomy.builtin()
        for folder in map(Path, args.data):
            if not any((folder / f"subtask-{n}-annotations.txt").exists() for n in (1, 2)):
                raise ReleaseError(f"{folder}: no subtask-1-annotations.txt or "
                                   "subtask-2-annotations.txt")
        narrative_folders = [d for d in args.data
                             if (Path(d) / "subtask-2-annotations.txt").exists()]
        articles = read_release(narrative_folders, taxonomy)
        for path in args.jsonl:
            articles += read_jsonl(path, taxonomy)
        metrics: dict[str, Any] = {}
        if articles:  # folders with role annotations only train roles alone
            knowledge = None
            if not args.taxonomy:  # the built-in knowledge adds features for the built-in labels
                try:
                    knowledge = knowledge_model(encoder)
                except ModelError as exc:
                    console.print(f"training without knowledge features: {exc}", style="yellow")
            embedder = get_embedder(knowledge.embedder if knowledge else encoder)
            console.print(f"training on {len(articles)} articles …")
            model = train_documents(articles, taxonomy, embedder, knowledge, folds=args.folds)
            model.save(args.out)  # kept whatever happens to the role training below
            metrics = model.metrics
    except (ReleaseError, TaxonomyError, ModelError, EmbedderError, RoleModelError) as exc:
        error(console, "semeval train", exc)
        return EXIT_USAGE
    status, role_metrics = EXIT_OK, None
    try:
        role_metrics = _train_roles(args, console)
    except Exception as exc:  # one part failing must not lose the other, already saved
        saved = f"the narrative model is saved in {args.out}; " if metrics else ""
        error(console, "semeval train", f"{saved}role training failed: "
              f"{type(exc).__name__}: {exc}")
        status = EXIT_PARTIAL
    print(json.dumps({"model": args.out, **metrics,
                      **({"roles": role_metrics} if role_metrics else {})}))
    return status


def _train_roles(args: argparse.Namespace, console: Console) -> dict[str, Any] | None:
    """Sub-task 1: a role model in MODEL_DIR/roles when the folders have role annotations."""
    from narrascope.narratives import NarrativeStage
    from narrascope.roles import load_role_model
    from narrascope.roles.training import train_role_model
    from narrascope.semeval.subtask1 import read_labelled_mentions

    folders = [d for d in args.data if (Path(d) / "subtask-1-annotations.txt").exists()]
    if not folders:
        return None
    # role features use the built-in narrative model, in training as in prediction
    encoder = ACCURACY_ENCODERS[args.accuracy]
    labelled = read_labelled_mentions(folders, NarrativeStage(None, encoder))
    if not labelled:
        return None
    console.print(f"training roles on {len(labelled)} mentions …")
    embedder = get_embedder(load_role_model(None, encoder).embedder)
    roles = train_role_model(labelled, embedder, folds=args.folds)
    roles.save(Path(args.out) / "roles")
    return roles.metrics


def _predict_roles(args: argparse.Namespace, console: Console) -> int:
    from narrascope.narratives import NarrativeStage
    from narrascope.roles import load_role_model
    from narrascope.semeval.release import read_entity_mentions, write_entity_roles
    from narrascope.semeval.subtask1 import predict_mentions

    try:
        if not args.mentions:
            raise ReleaseError("sub-task 1 needs --mentions FILE")
        mentions = read_entity_mentions(args.mentions)
        role_dir = str(Path(args.model) / "roles") if args.model and (
            Path(args.model) / "roles" / "roles.json").exists() else None
        model = load_role_model(role_dir)
        # role features were learned with the built-in narrative model's output
        predictions = predict_mentions(mentions, Path(args.docs), model, NarrativeStage(None))
        write_entity_roles(args.out, predictions)
    except (ReleaseError, ModelError, RoleModelError, EmbedderError, OutputError) as exc:
        error(console, "semeval predict", exc)
        return EXIT_USAGE
    console.print(f"wrote {len(predictions)} prediction(s) to {args.out}")
    return EXIT_OK


def run_predict(args: argparse.Namespace) -> int:
    from narrascope.narratives import NarrativeStage, explain_dominant

    console = make_console(stderr=True)
    if args.subtask == 1:
        return _predict_roles(args, console)
    try:
        stages = ["clean", "language", "sentences"] + (["entities"] if args.subtask == 3 else [])
        pipeline = Pipeline(stages)
        stage = NarrativeStage(args.model)
        documents = dict(iter_documents(args.docs))
        if not documents:
            raise ReleaseError(f"{args.docs}: no .txt documents")
        lines: list[str] = []
        rows: list[NarrativeLabels] = []
        targets = documents
        dominant: dict[str, tuple[str, str | None]] = {}
        if args.subtask == 3:
            if not args.dominant:
                raise ReleaseError("sub-task 3 needs --dominant FILE")
            for raw in Path(args.dominant).read_text(encoding="utf-8").splitlines():
                if raw.strip():
                    doc_id, narrative, sub = [*raw.split("\t"), "", ""][:3]
                    dominant[doc_id] = (narrative.strip(),
                                        None if sub.strip() in ("", "none") else sub.strip())
            targets = {d: documents[d] for d in dominant if d in documents}
        for doc_id, path in targets.items():
            title, body = read_document(path)
            try:
                doc = pipeline(RawArticle(source=str(path), text=body, title=title or None))
            except StageError:
                doc = None
            if args.subtask == 2:
                if doc is None:
                    rows.append(NarrativeLabels(doc_id, ("Other",), ("Other",)))
                    continue
                stage(doc)
                labels = doc.narratives or []
                narratives = [label.narrative for label in labels] or ["Other"]
                subs = [s.subnarrative for label in labels for s in label.subnarratives]
                rows.append(NarrativeLabels(doc_id, tuple(narratives), tuple(subs or ["Other"])))
            else:
                narrative, sub = dominant[doc_id]
                text = explain_dominant(doc, stage.model, narrative, sub) if doc else ""
                lines.append(f"{doc_id}\t{text}")
        if args.subtask == 2:
            write_narrative_labels(args.out, rows)
        else:
            write_lines(args.out, lines)
    except (ReleaseError, ModelError, EmbedderError, OutputError) as exc:
        error(console, "semeval predict", exc)
        return EXIT_USAGE
    console.print(f"wrote {len(rows) or len(lines)} prediction(s) to {args.out}")
    return EXIT_OK
