"""Workers: one per core by default, and no worker processes for a run too small to use them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from narrascope import runner
from narrascope.cli import main
from narrascope.runner import default_workers, run_batch

BODY = ("Dock workers returned to work on Friday after unions and employers agreed on a new "
        "contract, the port authority said. Shipping resumed within hours.")


def _jsonl(path: Path, count: int) -> Path:
    path.write_text("".join(json.dumps({"text": f"{BODY} Item {n}."}) + "\n"
                            for n in range(count)), encoding="utf-8")
    return path


def test_the_help_names_the_cores_to_give_workers(capsys: pytest.CaptureFixture[str]) -> None:
    assert default_workers() == len(os.sched_getaffinity(0))
    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    assert f"{default_workers()} cores" in " ".join(capsys.readouterr().out.split())


def test_a_small_run_stays_in_this_process(tmp_path: Path, monkeypatch) -> None:
    def no_pool(*_args, **_kwargs):
        raise AssertionError("a worker pool was started for three articles")

    monkeypatch.setattr(runner.multiprocessing, "get_context", no_pool)
    source = _jsonl(tmp_path / "in.jsonl", 3)
    summary = run_batch([str(source)], store=None, stages=["clean", "language"], workers=8,
                        out=str(tmp_path / "out.jsonl"))
    assert summary.articles == 3 and not summary.failures
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 3
