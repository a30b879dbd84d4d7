"""``narrascope report --html`` and the checks ``narrascope serve`` makes before serving."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrascope import analyze
from narrascope.cli import main
from narrascope.errors import EXIT_OK, EXIT_USAGE
from narrascope.store import Store

HOSTILE = '<script>alert(1)</script>[bold]x[/bold] <img src=x onerror=alert(2)>'


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("report") / "r.db")
    doc = analyze('"We will hold the line," the mayor said on Monday. Kyiv was hit overnight.',
                  title=HOSTILE, url="javascript:alert(3)", source="r.txt")
    with Store.open(path) as store:
        store.write([doc])
    return path


def _only_id(db: str) -> str:
    with Store.open(db) as store:
        return next(store.iter_documents())["id"]


def test_report_writes_a_standalone_escaped_page(store_path: str, tmp_path: Path) -> None:
    out = tmp_path / "a.html"
    assert main(["report", _only_id(store_path), "--html", "--db", store_path,
                 "--out", str(out)]) == EXIT_OK
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert "<script" not in page and "<img" not in page and "javascript:alert" not in \
        page.split("<code>")[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;[bold]x[/bold]" in page
    assert "<style>" in page and "/static/" not in page  # nothing loaded from a server
    assert 'class="hl m-quote' in page


def test_report_to_stdout_and_bad_ids(store_path: str, capsys: pytest.CaptureFixture) -> None:
    assert main(["report", _only_id(store_path), "--html", "--db", store_path]) == EXIT_OK
    assert "</html>" in capsys.readouterr().out
    assert main(["report", "nope-nope", "--html", "--db", store_path]) == EXIT_USAGE
    assert "no article with id" in capsys.readouterr().err
    assert main(["report", _only_id(store_path), "--html", "--db", store_path,
                 "--out", store_path]) == EXIT_USAGE


def test_serve_refuses_the_network_without_a_token(
        store_path: str, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NARRASCOPE_TOKEN", raising=False)
    assert main(["serve", "--db", store_path, "--host", "0.0.0.0"]) == EXIT_USAGE
    assert "access token" in capsys.readouterr().err
    assert main(["serve", "--db", store_path, "--host", "0.0.0.0", "--token", "short"]) \
        == EXIT_USAGE
    assert "16 characters" in capsys.readouterr().err
    assert main(["serve", "--db", store_path, "--port", "70000"]) == EXIT_USAGE
