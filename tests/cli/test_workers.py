"""Workers: one per core by default, and no worker processes for a run too small to use them."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
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


def test_workers_default_to_the_cores(capsys: pytest.CaptureFixture[str]) -> None:
    assert default_workers() == len(os.sched_getaffinity(0))
    with pytest.raises(SystemExit):
        main(["analyze", "--help"])
    assert f"one per core, {default_workers()} here" in " ".join(capsys.readouterr().out.split())


@pytest.fixture
def ctrl_c_interrupts():
    """Ctrl-C raises KeyboardInterrupt here, as in a terminal: a shell that starts the suite
    in the background hands it SIGINT ignored, and then the deferred signal is rightly
    ignored too."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_a_stop_signal_that_lands_on_another_thread_still_waits_for_the_store(
        ctrl_c_interrupts: None) -> None:
    # A worker pool's helper threads do not block signals, so the kernel may deliver SIGTERM
    # to one of them; the write under way must still finish before the run stops.
    finished = []
    with pytest.raises(KeyboardInterrupt), runner._signals_deferred():
        sender = threading.Thread(target=os.kill, args=(os.getpid(), signal.SIGINT))
        sender.start()
        sender.join()
        time.sleep(0.2)  # Python runs handlers between bytecodes: give it the chance
        finished.append("write")
    assert finished == ["write"]


def test_a_small_run_stays_in_this_process(tmp_path: Path, monkeypatch) -> None:
    def no_pool(*_args, **_kwargs):
        raise AssertionError("a worker pool was started for three articles")

    monkeypatch.setattr(runner.multiprocessing, "get_context", no_pool)
    source = _jsonl(tmp_path / "in.jsonl", 3)
    summary = run_batch([str(source)], store=None, stages=["clean", "language"], workers=8,
                        out=str(tmp_path / "out.jsonl"))
    assert summary.articles == 3 and not summary.failures
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 3


@pytest.mark.parametrize(("queued", "pays"), [
    (30, False),   # a sample: 30 articles at 60 ms do not repay 3.6 s of start-up
    (255, True),   # just under the read-ahead: worth two workers
])
def test_the_pool_starts_only_when_the_work_left_repays_it(queued: int, pays: bool) -> None:
    assert runner.pool_pays(seconds_per_article=0.06, queued=queued, start_seconds=3.6,
                            workers=2) is pays
    assert not runner.pool_pays(seconds_per_article=0.06, queued=10_000, start_seconds=3.6,
                                workers=1)


def test_a_large_run_goes_to_the_workers_without_warming_up_here(tmp_path: Path,
                                                                  monkeypatch) -> None:
    def no_warm_up(*_args, **_kwargs):
        raise AssertionError("the parent warmed its pipeline up for a run its workers do")

    monkeypatch.setattr(runner, "_use_pipeline", no_warm_up)
    source = _jsonl(tmp_path / "in.jsonl", runner._LOOKAHEAD + 10)
    summary = run_batch([str(source)], store=None, stages=["clean", "language"], workers=2,
                        out=str(tmp_path / "out.jsonl"))
    assert summary.articles == runner._LOOKAHEAD + 10 and not summary.failures


def test_a_small_costly_run_moves_to_the_pool_and_keeps_the_input_order(tmp_path: Path,
                                                                   monkeypatch) -> None:
    contexts = []
    real_get_context = runner.multiprocessing.get_context

    def recorded(method: str):
        contexts.append(method)
        return real_get_context(method)

    monkeypatch.setattr(runner.multiprocessing, "get_context", recorded)
    monkeypatch.setattr(runner, "pool_pays", lambda **_figures: True)
    source = _jsonl(tmp_path / "in.jsonl", 200)  # under the read-ahead: timed here first
    out = tmp_path / "out.jsonl"
    summary = run_batch([str(source)], store=None, stages=["clean", "language"], workers=2,
                        out=str(out))
    assert summary.articles == 200 and not summary.failures
    assert contexts, "200 articles were all analysed in this process"
    items = [json.loads(line)["text"].rsplit(" ", 1)[-1]
             for line in out.read_text(encoding="utf-8").splitlines()]
    assert items == [f"{n}." for n in range(200)]
