"""End-to-end tests of the web UI in a real headless Chromium (Debian's, driven by Playwright).

One ``narrascope serve`` process per module, over a SQLite store filled by ``narrascope analyze``
with a few sample articles and one hostile article (markup, ``javascript:`` links and script
in its title, body, quotes, outlet and URL). Every test leaves a full-page screenshot in
``$NARRASCOPE_ARTIFACTS/screenshots/`` (default ``build/test-artifacts``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import pytest

from narrascope.cli import main as narrascope_main

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "samples" / "corpus"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
ARTIFACTS = Path(os.environ.get("NARRASCOPE_ARTIFACTS", "build/test-artifacts"))
SCREENSHOTS = (ARTIFACTS if ARTIFACTS.is_absolute() else ROOT / ARTIFACTS) / "screenshots"

#: The stored sample whose cleaner removed lines and that has an http(s) URL.
RESIDUE_SAMPLE = CORPUS / "html" / "en_war_northbridge.html"
SAMPLES = [CORPUS / "txt" / "en_war_01.txt", CORPUS / "txt" / "en_war_02.txt",
           CORPUS / "txt" / "en_climate_01.txt", RESIDUE_SAMPLE]

HOSTILE_ID = "hostile-1"
HOSTILE_TITLE = ('<script>window.__xss=1</script>[bold]Title[/bold] **md** '
                 '<img src=x onerror="window.__xss=2">')
HOSTILE = {
    "id": HOSTILE_ID,
    "title": HOSTILE_TITLE,
    "url": "javascript:window.__xss=7",
    "outlet": '<b>Evil</b> <a href="javascript:window.__xss=9">Outlet</a>',
    "date": "2024-02-05",
    "text": "\n\n".join([
        "The foreign minister of Northland arrived in the capital on Monday for talks on the "
        "border crisis, officials said. <script>window.__xss=3</script>",
        "Photographs released by the ministry showed the delegation at the airport "
        "<img src=x onerror=window.__xss=4> before the motorcade left for the city centre.",
        'Readers can find the full statement online <a href="javascript:window.__xss=5">click'
        "</a> according to the ministry's press office.",
        '"<svg onload=window.__xss=6>" said the minister. "We will defend our borders and we '
        'will not be intimidated," Foreign Minister John Smith said on Monday.',
        "Critics say the government has ignored warnings from its own diplomats about the "
        "crisis. The opposition called the visit a disgraceful publicity stunt by a corrupt "
        "regime.",
        "Talks are expected to continue on Tuesday, the ministry said in a statement "
        '<iframe src="javascript:window.__xss=8"></iframe> published late on Monday.',
        "{{ 7*7 }} and ${7*7} are left as they are: the page is not a template for its text.",
    ]),
}

ANALYSE_TEXT = "\n\n".join([
    '"We will not negotiate under fire," Foreign Minister Jane Doe said on Tuesday, hours '
    "after artillery struck the outskirts of the border town of Marinsk.",
    "The minister accused the Kiev regime's puppet masters in Washington of dragging the "
    "region into a disastrous war that nobody can win.",
    "At least four civilians were killed and a dozen wounded in the overnight strikes, "
    "according to the regional emergency service.",
    "Western officials said the claims could not be independently verified, and some "
    "analysts doubt that the shelling came from across the border at all.",
    "The United Nations called on both sides to return to the negotiating table and to allow "
    "aid convoys into the town.",
    '"The humanitarian situation is catastrophic and it is getting worse every day," said '
    "Maria Lopez, a spokeswoman for the UN refugee agency.",
    "A new round of talks had been scheduled for next week in Geneva, but diplomats now say "
    "it is unlikely to take place.",
])

#: Every attribute of every element (SVG's xlink:href included) whose value would run script.
FIND_SCRIPT_URLS = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (value.startsWith("javascript:") || value.startsWith("data:text/html")
          || (attr.name.startsWith("on") && /__xss/.test(attr.value))) {
        found.push(el.tagName + " " + attr.name + "=" + attr.value);
      }
    }
  }
  return found;
}"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store holding the samples and the hostile article."""
    folder = tmp_path_factory.mktemp("browser")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = folder / "store.db"
    code = narrascope_main(["analyze", *map(str, SAMPLES), str(hostile), "--db", str(db),
                            "--no-copies", "--progress", "never", "-q"])
    assert code == 0, f"narrascope analyze exited with {code}"
    return db


@pytest.fixture(scope="module")
def server(store_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``narrascope serve`` over the store, on a free port; its base URL."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("serve") / "serve.log"
    base = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "narrascope", "serve", "--db", str(store_db),
             "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    pytest.fail(f"narrascope serve exited with {process.returncode}:\n"
                                + log_path.read_text(errors="replace"))
                try:
                    with urllib.request.urlopen(f"{base}/api/v1/facets", timeout=2) as answer:
                        if answer.status == 200:
                            break
                except (urllib.error.URLError, OSError):
                    pass
                if time.monotonic() > deadline:
                    pytest.fail("narrascope serve did not answer within 60 s:\n"
                                + log_path.read_text(errors="replace"))
                time.sleep(0.2)
            yield base
        finally:
            _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server, then anything left in its process group (its analysis process)."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests drive Debian's chromium; "
                    "install it with 'bash scripts/install_chromium.sh'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class Tab:
    """A page and what it reported: console errors, uncaught exceptions, dialogs."""

    page: object
    base: str
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def goto(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_clean(self) -> None:
        assert not self.errors, "console errors:\n" + "\n".join(self.errors)
        assert not self.dialogs, f"dialogs opened: {self.dialogs}"


@pytest.fixture
def tab(browser: object, server: str, request: pytest.FixtureRequest) -> Iterator[Tab]:
    """A fresh browser context and page; a full-page screenshot named after the test at the
    end, pass or fail."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    opened = Tab(page, server)

    def on_console(message: object) -> None:
        # The browser's own favicon request is not the page's doing (the app serves none).
        if message.type == "error" and not message.location.get("url", "").endswith(
                "/favicon.ico"):
            opened.errors.append(f"console: {message.text} @ {message.location}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: opened.errors.append(f"pageerror: {exc}"))

    def on_dialog(dialog: object) -> None:
        opened.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        yield opened
    finally:
        try:
            opened.screenshot(re.sub(r"[^\w.-]+", "_", request.node.name))
        finally:
            context.close()


def _article_id(server: str, source: Path) -> str:
    """The id of the stored article read from ``source``, through the REST API."""
    with urllib.request.urlopen(f"{server}/api/v1/articles?per_page=100", timeout=10) as answer:
        listing = json.load(answer)
    for item in listing["items"]:
        with urllib.request.urlopen(f"{server}/api/v1/articles/{item['id']}",
                                    timeout=10) as answer:
            record = json.load(answer)
        if record.get("source") == str(source):
            return str(record["id"])
    raise AssertionError(f"no stored article from {source}")


def test_analyse_page_analyses_a_pasted_text(tab: Tab) -> None:
    page = tab.page
    tab.goto("/analyse")
    page.fill("input[name=title]", "Talks collapse as shelling resumes near the border")
    page.fill("textarea[name=text]", ANALYSE_TEXT)
    page.fill("input[name=outlet]", "Border Courier")
    page.fill("input[name=published]", "2024-03-05")
    # The server's analysis process loads its models on first use.
    with page.expect_response(lambda r: r.request.method == "POST" and
                              r.url.endswith("/analyse"), timeout=180_000) as posted:
        page.click("#analyse-button")
    answer = posted.value
    assert answer.status == 303, f"POST /analyse: HTTP {answer.status}: {answer.text()[:500]}"
    page.wait_for_url(re.compile(r"/articles/[^/]+$"))

    assert page.inner_text("#article-title") == \
        "Talks collapse as shelling resumes near the border"
    assert "Border Courier" in page.inner_text(".article-head .outlet")
    assert page.inner_text(".article-head .published").startswith("2024-03-05")
    quote_titles = page.eval_on_selector_all(".hl.m-quote", "els => els.map(e => e.title)")
    assert quote_titles, "no quote is highlighted"
    assert any("Jane Doe" in title for title in quote_titles), quote_titles
    technique_titles = page.eval_on_selector_all(".hl.m-technique",
                                                 "els => els.map(e => e.title)")
    for title in technique_titles:
        assert "score" in title and "voice" in title, title
    # Every piece of a technique span is underlined, entity names inside it included.
    undecorated = page.eval_on_selector_all(
        ".hl.m-technique", """els => els.filter(
            e => !getComputedStyle(e).textDecorationLine.includes("underline"))
            .map(e => e.className + ": " + e.textContent)""")
    assert not undecorated, f"technique pieces shown without their underline: {undecorated}"

    # The legend's check boxes hide a layer.
    page.uncheck("#legend input[data-layer=technique]")
    assert "hide-technique" in page.eval_on_selector("body", "b => b.className")
    if technique_titles:
        decoration = page.eval_on_selector(
            ".hl.m-technique", "e => getComputedStyle(e).textDecorationLine")
        assert decoration == "none"
    page.check("#legend input[data-layer=technique]")
    assert "hide-technique" not in page.eval_on_selector("body", "b => b.className")
    page.uncheck("#legend input[data-layer=quote]")
    assert "hide-quote" in page.eval_on_selector("body", "b => b.className")
    tab.assert_clean()


def test_article_view_of_a_stored_sample(tab: Tab, server: str) -> None:
    page = tab.page
    article_id = _article_id(server, RESIDUE_SAMPLE)
    with urllib.request.urlopen(f"{server}/api/v1/articles/{article_id}", timeout=10) as answer:
        record = json.load(answer)
    assert record["removed"], "the sample chosen for its residue has none any more"
    tab.goto(f"/articles/{article_id}")

    assert page.inner_text("#article-title") == record["title"]
    assert page.locator("#article-text .hl").count() > 0
    assert page.locator("#article-text .hl.m-quote").count() > 0

    details = page.locator("#residue details")
    assert details.get_attribute("open") is None
    assert not page.locator("#residue ul.removed").is_visible()
    page.click("#residue details summary")
    assert details.get_attribute("open") is not None
    removed = page.locator("#residue ul.removed li")
    removed.first.wait_for(state="visible")
    assert removed.count() == len(record["removed"])
    shown = " ".join(removed.all_inner_texts())
    for item in record["removed"]:
        assert item["text"].split()[0] in shown

    original = page.locator("a.original")
    assert original.count() == 1
    href = original.get_attribute("href") or ""
    assert href == record["url"] and re.match(r"https?://", href), href
    assert "noopener" in (original.get_attribute("rel") or "").split()
    tab.assert_clean()


def test_dashboard_charts_render(tab: Tab) -> None:
    page = tab.page
    tab.goto("/")
    page.wait_for_selector("#chart-techniques[data-rendered=true] .main-svg")
    page.wait_for_function(
        """() => {
          const el = document.getElementById("chart-narratives");
          return el.dataset.rendered === "true" && el.querySelector(".main-svg")
                 || el.textContent.includes("Nothing to chart yet.");
        }""")
    framing = page.locator("#chart-framing")
    if framing.count():
        page.wait_for_function(
            """() => {
              const el = document.getElementById("chart-framing");
              return el.dataset.rendered === "true" || el.textContent.includes("Nothing");
            }""")
    assert page.locator("#chart-techniques .main-svg .bars path").count() > 0
    # The outlet names on the axis fit in the chart instead of being cut off at its edge.
    clipped = page.evaluate(
        """() => {
          const box = document.querySelector("#chart-techniques .main-svg")
                                .getBoundingClientRect();
          return Array.from(document.querySelectorAll("#chart-techniques .ytick text"))
            .filter(t => t.getBoundingClientRect().left < box.left - 1)
            .map(t => t.textContent);
        }""")
    assert not clipped, f"axis labels cut off: {clipped}"
    assert page.locator(".articles .article-row").count() > 0
    assert page.locator("ol.speakers li").count() > 0
    tab.assert_clean()


def test_hostile_article_runs_no_script(tab: Tab, server: str) -> None:
    page = tab.page
    tab.goto(f"/articles/{HOSTILE_ID}")
    title = page.inner_text("#article-title")
    assert title == HOSTILE_TITLE
    assert "<script>" in title and "[bold]" in title and "**md**" in title
    assert "[bold]Title[/bold]" in page.title()
    assert page.locator("#article-title *").count() == 0
    assert "window.__xss=7" in page.inner_text(".article-head .original.unsafe")
    assert page.locator("a.original").count() == 0
    text = page.inner_text("#article-text")
    for literal in ("<script>window.__xss=3</script>", "<img src=x onerror=window.__xss=4>",
                    '<a href="javascript:window.__xss=5">click</a>', "{{ 7*7 }}"):
        assert literal in text
    assert page.locator("#article-text script, #article-text img, #article-text svg, "
                        "#article-text iframe").count() == 0

    links = page.eval_on_selector_all(
        "a[href^='/entities/'], a[href^='/speakers/']", "els => els.map(e => e.href)")
    assert links, "the hostile article links no entity or speaker page"
    paths = ["/search?q=minister", "/", "/copies", "/analyse"]
    paths += sorted({"/" + link.split("/", 3)[3] for link in links})
    checked = []
    for number, path in enumerate([f"/articles/{HOSTILE_ID}", *paths]):
        if number:
            tab.goto(path)
        page.wait_for_load_state("load")
        if path == "/":
            page.wait_for_selector("#chart-techniques[data-rendered=true] .main-svg")
            # Plotly reads <b>, <a href> … in labels as markup: the outlet must stay text
            # (shortened on the axis, as long names are).
            ticks = page.eval_on_selector_all("#chart-techniques .ytick text",
                                              "els => els.map(e => e.textContent)")
            assert any(t.startswith(HOSTILE["outlet"][:20]) for t in ticks), ticks
        assert page.evaluate("typeof window.__xss") == "undefined", path
        assert page.evaluate(FIND_SCRIPT_URLS) == [], path
        checked.append(unquote(path))
        if path == "/search?q=minister":
            assert HOSTILE_TITLE in page.inner_text("#results"), "hostile article not found"
        tab.screenshot(f"test_hostile_article_runs_no_script-{number:02d}")
    # Anything queued (an onerror of an image that failed late) has had its chance to run.
    page.wait_for_timeout(500)
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert any(p.startswith("/entities/") for p in checked), checked
    tab.assert_clean()


def test_search_page_finds_and_marks(tab: Tab) -> None:
    page = tab.page
    tab.goto("/search")
    page.fill("form.search-form input[name=q]", "Pentagon")
    with page.expect_navigation():
        page.press("form.search-form input[name=q]", "Enter")
    assert "q=Pentagon" in page.url
    results = page.locator("#results li")
    assert results.count() > 0
    marks = page.locator("#results .snippet mark")
    assert marks.count() > 0
    assert all(m.lower() == "pentagon" for m in marks.all_inner_texts())
    assert page.input_value("form.search-form input[name=q]") == "Pentagon"
    tab.assert_clean()
