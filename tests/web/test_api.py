"""The REST API and pages through FastAPI's test client, on SQLite and the real PostgreSQL."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.pg_server import new_database

from narrascope import analyze
from narrascope.document import Document
from narrascope.store import Store, search
from narrascope.web import WebSettings, create_app

BASE = "http://127.0.0.1:8000"

WAR = (
    "KYIV, March 3 - Russian drones struck energy facilities in the Odesa region overnight, "
    "the regional governor Oleh Kiper said on Sunday.\n\n"
    "\"Repair crews are already working to restore power to hospitals first,\" Kiper said.\n\n"
    "NATO Secretary General Jens Stoltenberg said the alliance would send more air defence "
    "systems to Ukraine.\n\n"
    "Commentators on state television called the Kiev regime a puppet of its Western masters."
)
CLIMATE = (
    "LISBON, June 2 - Portugal recorded its hottest May since measurements began, the national "
    "weather institute said on Friday.\n\n"
    "Farmers in the Alentejo region warned that the drought would cut this year's wheat "
    "harvest by a third.\n\n"
    "\"We have never seen the reservoirs this low in spring,\" said Ana Costa, who heads the "
    "regional farmers' association."
)
HOSTILE_TITLE = ("<script>window.__xss=1</script>[bold red]Loud[/] **bold** "
                 "<img src=x onerror=alert(1)>")


def _span(text: str, part: str) -> dict[str, int]:
    start = text.index(part)
    return {"start": start, "end": start + len(part)}


def _with_labels(doc: Document, **labels: Any) -> Document:
    record = doc.to_dict()
    record.update(labels)
    return Document.from_dict(record)


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    war = analyze(WAR, title="Drones hit Odesa power grid", outlet="wire.example",
                  published="2024-03-03", url="https://wire.example/odesa", source="war.txt")
    loaded = _span(war.text, "puppet of its Western masters")
    evidence = _span(war.text, "Commentators on state television called the Kiev regime a "
                     "puppet of its Western masters.")
    war = _with_labels(
        war,
        techniques=[{"technique": "Name_Calling-Labeling", **loaded, "score": 0.83,
                     "reason": "cue “puppet”",
                     "voice": {"kind": "outlet", "speaker": None, "entity_id": None}}],
        narratives=[{"narrative": "URW: Discrediting Ukraine", "score": 0.71,
                     "voices": [{"kind": "outlet", "speaker": None, "entity_id": None}],
                     "evidence": [{**evidence, "voice": {"kind": "outlet", "speaker": None,
                                                         "entity_id": None}}],
                     "subnarratives": [{"subnarrative": "URW: Discrediting Ukraine: Ukraine is "
                                        "a puppet of the West", "score": 0.66,
                                        "evidence": [evidence]}]}],
        roles=[{"entity_id": "person/jens-stoltenberg", "name": "Jens Stoltenberg",
                "main_role": "Antagonist",
                "score": 0.7, "framed": 0.8,
                "main_scores": {"Antagonist": 0.7, "Protagonist": 0.2, "Innocent": 0.1},
                "fine_roles": [{"role": "Conspirator", "score": 0.6}],
                "evidence": [evidence]}],
    )
    climate = analyze(CLIMATE, title="Portugal's hottest May", outlet="noticias.example",
                      published="2024-06-02", source="climate.txt")
    later = analyze(WAR.replace("Sunday", "Monday"), title="Odesa again",
                    outlet="proxy.example", published="2024-04-10", source="later.txt")
    hostile = analyze(CLIMATE.replace("hottest May", "<img src=x onerror=alert(2)> May"),
                      title=HOSTILE_TITLE, outlet="<b>evil</b>", published="2024-06-03",
                      url="javascript:alert(3)", source="hostile.txt")
    # Only the labels written above: the tests pin the API, not the models.
    unlabelled = {"techniques": [], "narratives": [], "roles": []}
    return [war, *(_with_labels(d, **unlabelled) for d in (climate, later, hostile))]


@pytest.fixture(params=["sqlite", "postgresql"])
def client(request: pytest.FixtureRequest, tmp_path, documents) -> Iterator[TestClient]:
    db = str(tmp_path / "web.db") if request.param == "sqlite" else \
        new_database(request.getfixturevalue("postgres_url"))
    store = Store.open(db)
    store.write(documents)
    app = create_app(WebSettings(db=db), store=store)
    with TestClient(app, base_url=BASE) as test_client:
        yield test_client
    store.close()


def _ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_lists_newest_first_with_counts(client: TestClient, documents) -> None:
    found = client.get("/api/v1/articles").json()
    assert found["total"] == 4
    assert [i["published"] for i in found["items"]] == [
        "2024-06-03", "2024-06-02", "2024-04-10", "2024-03-03"]
    war = next(i for i in found["items"] if i["id"] == documents[0].id)
    assert war["narratives"] == ["URW: Discrediting Ukraine"] and war["techniques"] == 1


def test_filters_narrow_the_list(client: TestClient, documents) -> None:
    war, climate, later, _ = (d.id for d in documents)
    assert _ids(client.get("/api/v1/articles", params={"outlet": "WIRE.example"})) == [war]
    assert set(_ids(client.get("/api/v1/articles", params={"since": "2024-04-01",
                                                           "until": "2024-06-02"}))) == {
        climate, later}
    assert _ids(client.get("/api/v1/articles",
                           params={"narrative": "URW: Discrediting Ukraine"})) == [war]
    assert _ids(client.get("/api/v1/articles", params={
        "narrative": "URW: Discrediting Ukraine: Ukraine is a puppet of the West"})) == [war]
    assert _ids(client.get("/api/v1/articles",
                           params={"technique": "Name_Calling-Labeling"})) == [war]
    assert set(_ids(client.get("/api/v1/articles",
                               params={"entity": "person/jens-stoltenberg"}))) == {war, later}
    assert _ids(client.get("/api/v1/articles", params={"speaker": "Ana Costa"})) != []
    assert _ids(client.get("/api/v1/articles", params={"language": "pt"})) == []
    assert _ids(client.get("/api/v1/articles", params={
        "narrative": "URW: Discrediting Ukraine", "voice": "outlet"})) == [war]
    assert _ids(client.get("/api/v1/articles", params={"voice": "quoted"})) == []
    assert client.get("/api/v1/articles", params={"voice": "pundit"}).status_code == 422


def test_full_text_search(client: TestClient, documents) -> None:
    war, climate, later, hostile = (d.id for d in documents)
    assert set(_ids(client.get("/api/v1/articles", params={"q": "reservoirs"}))) == {
        climate, hostile}
    assert set(_ids(client.get("/api/v1/articles", params={"q": '"air defence systems"'}))) \
        == {war, later}
    assert _ids(client.get("/api/v1/articles", params={"q": "Stoltenberg -Monday"})) == [war]
    assert set(_ids(client.get("/api/v1/articles", params={"q": "Alentejo OR Odesa"}))) == {
        war, climate, later, hostile}
    found = client.get("/api/v1/articles", params={"q": "hospitals"}).json()
    assert all(search.MATCH_START + "hospitals" + search.MATCH_END in i["snippet"].lower()
               for i in found["items"])
    # Query syntax typed by a user is never an error.
    for typed in ('"unbalanced', "NEAR(", "a AND OR", "*", "-", "'; DROP TABLE articles; --"):
        assert client.get("/api/v1/articles", params={"q": typed}).status_code == 200


def test_pagination(client: TestClient) -> None:
    first = client.get("/api/v1/articles", params={"per_page": 3}).json()
    second = client.get("/api/v1/articles", params={"per_page": 3, "page": 2}).json()
    assert first["pages"] == 2 and len(first["items"]) == 3 and len(second["items"]) == 1
    assert client.get("/api/v1/articles", params={"per_page": 500}).status_code == 422
    assert client.get("/api/v1/articles", params={"page": 0}).status_code == 422


@pytest.mark.parametrize("params", [{"since": "2024-13-01"}, {"until": "yesterday"},
                                    {"since": "2024-06-01", "until": "2024-01-01"}])
def test_bad_filters_name_the_field(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/api/v1/articles", params=params)
    assert response.status_code == 422
    assert next(iter(params)) in response.json()["detail"]


def test_article_detail_is_typed_json(client: TestClient, documents) -> None:
    war = documents[0]
    detail = client.get(f"/api/v1/articles/{war.id}").json()
    assert detail["id"] == war.id and detail["text"] == war.text
    quote = detail["quotes"][0]
    assert detail["text"][quote["start"]:quote["end"]] == quote["text"]
    assert detail["techniques"][0]["voice"]["kind"] == "outlet"
    assert client.get(f"/api/v1/articles/{war.id[:8]}").json()["id"] == war.id
    assert client.get("/api/v1/articles/nope-nope").status_code == 404
    schema = client.get("/openapi.json").json()
    assert "Article" in schema["components"]["schemas"]


def test_quotes_by_speaker_and_top_speakers(client: TestClient, documents) -> None:
    quoted = client.get("/api/v1/quotes", params={"speaker": "person/oleh-kiper"}).json()
    assert quoted["total"] >= 2
    assert {row["outlet"] for row in quoted["items"]} == {"wire.example", "proxy.example"}
    speakers = client.get("/api/v1/speakers").json()
    assert speakers[0]["quotes"] >= 2 and speakers[0]["latest"]


def test_aggregates_by_period_and_group(client: TestClient) -> None:
    series = client.get("/api/v1/aggregates/narratives",
                        params={"period": "month", "by": "outlet"}).json()
    assert series["series"] == [{"period": "2024-03", "label": "URW: Discrediting Ukraine",
                                 "group": "wire.example", "articles": 1}]
    weekly = client.get("/api/v1/aggregates/techniques",
                        params={"period": "week", "by": "language"}).json()
    assert weekly["series"][0]["period"] == "2024-W09" and weekly["series"][0]["group"] == "en"
    assert client.get("/api/v1/aggregates/narratives", params={"period": "year"}
                      ).status_code == 422
    assert client.get("/api/v1/aggregates/roles").status_code == 404
    by_outlet = client.get("/api/v1/techniques-by-outlet").json()
    assert by_outlet == [{"group": "wire.example", "technique": "Name_Calling-Labeling",
                          "spans": 1, "articles": 1}]


def test_entity_framing_over_time(client: TestClient) -> None:
    framing = client.get("/api/v1/framing", params={"entity": "person/jens-stoltenberg"}).json()
    assert framing["series"] == [{"period": "2024-03", "group": "wire.example", "framed": 1,
                                  "roles": {"Antagonist": 1},
                                  "shares": {"Antagonist": 1.0, "Protagonist": 0.0,
                                             "Innocent": 0.0}}]
    entity = client.get("/api/v1/entities/person/jens-stoltenberg").json()
    assert entity["roles"] == {"Antagonist": 1} and entity["articles_list"]
    assert client.get("/api/v1/entities/org/nobody").status_code == 404


def test_copies_and_stories(client: TestClient, documents) -> None:
    from narrascope.copies import update_copies

    update_copies(client.app.state.store, workers=1)
    groups = client.get("/api/v1/copies").json()
    assert any({m["article_id"] for m in g["members"]} >= {documents[0].id, documents[2].id}
               for g in groups)
    mine = client.get("/api/v1/copies", params={"article": documents[2].id}).json()
    assert mine and any(m.get("diff") for m in mine[0]["members"])
    assert client.get("/api/v1/stories").status_code == 200


def test_pages_render(client: TestClient, documents) -> None:
    war = documents[0].id
    for path in ("/", "/?period=week&by=language&entity=person/jens-stoltenberg",
                 f"/articles/{war}", "/entities/person/jens-stoltenberg",
                 "/speakers/person/oleh-kiper", "/speakers/Ana Costa",
                 "/search?q=drones&language=en", "/analyse", "/copies", "/docs"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        assert "text/html" in response.headers["content-type"]
    page = client.get(f"/articles/{war}").text
    assert 'class="hl m-technique"' in page or "m-technique" in page
    assert "score 0.83" in page and "voice: the outlet" in page
    assert client.get("/articles/missing1").status_code == 404
    assert client.get("/search?since=2024-02-30").status_code == 422


def test_hostile_article_is_escaped_everywhere(client: TestClient, documents) -> None:
    hostile = documents[3].id
    for path in (f"/articles/{hostile}", "/", "/search?q=reservoirs", "/search?outlet=<b>evil</b>"):
        page = client.get(path).text
        assert "<script>window.__xss" not in page
        assert "<img src=x" not in page
        assert 'href="javascript:' not in page.replace(" ", "")
    page = client.get(f"/articles/{hostile}").text
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;[bold red]Loud[/] **bold**" in page
    assert "&lt;b&gt;evil&lt;/b&gt;" in page
    assert "<script" not in page.split("<script src=")[0].replace(
        '<script type="application/json"', "")


def test_security_headers_and_host_check(client: TestClient) -> None:
    response = client.get("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split(";")[1]
    assert response.headers["x-frame-options"] == "DENY"
    assert client.get("/", headers={"host": "rebound.evil.example"}).status_code == 400


def test_cross_site_posts_are_refused(client: TestClient) -> None:
    evil = {"origin": "https://evil.example"}
    assert client.post("/api/v1/analyse", json={"text": "x"}, headers=evil).status_code == 403
    assert client.post("/analyse", data={"text": "x"}, headers=evil).status_code == 403
    # Same-origin browser form without the CSRF field: refused by the page.
    same = {"origin": BASE}
    response = client.post("/analyse", data={"text": "Some text."}, headers=same)
    assert response.status_code == 403 and "expired" in response.text
    # A browser's multipart API POST needs the CSRF header.
    response = client.post("/api/v1/analyse/upload", headers=same,
                           files={"file": ("a.txt", b"Title\n\nBody.")})
    assert response.status_code == 403


def test_upload_limit(tmp_path) -> None:
    db = str(tmp_path / "limit.db")
    app = create_app(WebSettings(db=db, max_upload_bytes=2048))
    with TestClient(app, base_url=BASE) as limited:
        response = limited.post("/api/v1/analyse/upload",
                                files={"file": ("big.txt", b"x" * 10_000)})
        assert response.status_code == 413


def test_token_is_required_off_loopback(tmp_path) -> None:
    token = "s3cret-token-0123456789"
    app = create_app(WebSettings(db=str(tmp_path / "t.db"), token=token, allowed_hosts=()))
    with TestClient(app, base_url="http://narrascope.internal") as remote:
        assert remote.get("/api/v1/articles").status_code == 401
        assert remote.get("/").status_code == 401
        assert remote.get("/static/app.css").status_code == 401
        assert remote.get("/api/v1/articles", headers={"authorization": "Bearer wrong"}
                          ).status_code == 401
        assert remote.get("/api/v1/articles", headers={"authorization": f"Bearer {token}"}
                          ).status_code == 200
        login = remote.get(f"/search?q=x&token={token}", follow_redirects=False)
        assert login.status_code == 303 and "token" not in login.headers["location"]
        assert remote.get("/").status_code == 200  # the cookie now carries the token
    with pytest.raises(ValueError, match="token"):
        WebSettings(db="x.db", allowed_hosts=())
    with pytest.raises(ValueError, match="16"):
        WebSettings(db="x.db", token="short")


def test_reads_while_analyze_writes(client: TestClient, documents) -> None:
    """Every listed article is whole (its quotes stored with it) while a writer rewrites
    articles in the background."""
    store: Store = client.app.state.store
    stop = threading.Event()
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                store.write(documents)
        except BaseException as exc:
            failures.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            listed = client.get("/api/v1/articles")
            assert listed.status_code == 200 and listed.json()["total"] == 4
            for item in listed.json()["items"]:
                detail = client.get(f"/api/v1/articles/{item['id']}")
                assert detail.status_code == 200
                assert item["quotes"] in (0, len(detail.json()["quotes"] or []))
    finally:
        stop.set()
        thread.join()
    assert not failures


def test_analyse_text_and_upload(tmp_path) -> None:
    """The real analysis process: a pasted text and an uploaded file become stored articles
    whose pages open."""
    db = str(tmp_path / "analyse.db")
    app = create_app(WebSettings(db=db))
    with TestClient(app, base_url=BASE) as local:
        response = local.post("/api/v1/analyse", json={
            "text": WAR, "title": "Pasted", "outlet": "paste.example",
            "published": "2024-03-05"})
        assert response.status_code == 201, response.text
        made = response.json()
        assert local.get(made["links"][0]).status_code == 200
        stored = local.get(f"/api/v1/articles/{made['article_ids'][0]}").json()
        assert stored["outlet"] == "paste.example" and stored["quotes"]
        upload = local.post("/api/v1/analyse/upload",
                            files={"file": ("climate.txt", ("Heat\n\n" + CLIMATE).encode())})
        assert upload.status_code == 201, upload.text
        assert local.get("/api/v1/articles").json()["total"] == 2
        weird = local.post("/api/v1/analyse/upload",
                           files={"file": ("a\x00" + "b" * 300 + ".txt", b"T\n\nA body.")})
        assert weird.status_code in (201, 422), weird.text
        dated = local.post("/api/v1/analyse", json={"text": CLIMATE, "published": "May 5"})
        assert dated.status_code == 422 and "published" in dated.json()["detail"]
        bad = local.post("/api/v1/analyse/upload", files={"file": ("x.exe", b"MZ")})
        assert bad.status_code == 422 and "unsupported" in bad.json()["detail"]
        empty = local.post("/api/v1/analyse", json={"text": "   "})
        assert empty.status_code == 422
        refused = local.post("/api/v1/analyse", json={"url": "http://127.0.0.1:9/x"})
        assert refused.status_code == 422 and "refused" in refused.json()["detail"]


def test_awkward_requests_get_answers_not_errors(client: TestClient, documents) -> None:
    # An exclusion first: FTS5's NOT needs a term on its left.
    assert _ids(client.get("/api/v1/articles", params={"q": "-Monday Stoltenberg"})) == [
        documents[0].id]
    assert client.get("/search", params={"q": "-russia ukraine"}).status_code == 200
    for path in ("/api/v1/articles?page=99999999999999999999",
                 "/api/v1/articles?page=922337203685477580&per_page=100",
                 "/api/v1/quotes?speaker=x&page=99999999999999999999",
                 "/search?page=99999999999999999999"):
        assert client.get(path).status_code == 422, path
    # A prefix is a prefix, not a LIKE pattern.
    assert client.get("/api/v1/articles/______").status_code == 404


def test_non_ascii_outlet_and_speaker_names(tmp_path) -> None:
    doc = analyze("„Няма да отстъпим“, заяви министър Николай Рябцев в понеделник пред "
                  "журналисти в София.", title="Рябцев", outlet="София Дневник",
                  published="2024-05-05", source="bg.txt")
    with Store.open(str(tmp_path / "bg.db")) as store:
        store.write([doc])
        app = create_app(WebSettings(db=store.label), store=store)
        with TestClient(app, base_url=BASE) as local:
            assert local.get("/api/v1/articles", params={"outlet": "София Дневник"}
                             ).json()["total"] == 1
            speaker = (doc.quotes or [])[0].speaker
            assert speaker is not None
            quoted = local.get("/api/v1/quotes", params={"speaker": speaker.name}).json()
            assert quoted["total"] >= 1


def test_ids_with_slashes_and_dots_have_pages(tmp_path) -> None:
    from narrascope.document import RawArticle
    from narrascope.pipeline import Pipeline

    pipeline = Pipeline()
    docs = [pipeline(RawArticle(source=f"{n}.jsonl", text=CLIMATE, title=f"t{n}",
                                given_id=given))
            for n, given in enumerate(("news/2024/01/story", ".."))]
    with Store.open(str(tmp_path / "ids.db")) as store:
        store.write(docs)
        app = create_app(WebSettings(db=store.label), store=store)
        with TestClient(app, base_url=BASE) as local:
            assert local.get("/articles/news/2024/01/story").status_code == 200
            assert local.get("/api/v1/articles/news/2024/01/story").json()["title"] == "t0"
            assert local.get("/articles/%2E%2E").status_code == 200
            listing = local.get("/search").text
            assert 'href="/articles/%2E%2E"' in listing


def test_chunked_body_over_the_limit_gets_413(tmp_path) -> None:
    app = create_app(WebSettings(db=str(tmp_path / "chunk.db"), max_upload_bytes=1024))

    def chunks() -> Iterator[bytes]:
        for _ in range(5):
            yield b"x" * 1024

    with TestClient(app, base_url=BASE) as limited:
        response = limited.post("/api/v1/analyse", content=chunks(),
                                headers={"content-type": "application/json"})
        assert response.status_code == 413


def test_uploaded_file_names_are_not_trusted() -> None:
    from narrascope.web.analysis import display_name, safe_suffix

    assert display_name("../../etc/passwd.txt") == "passwd.txt"
    assert display_name("x" * 300 + ".txt") == "x" * 80
    assert safe_suffix("a\x00b.txt") == ".txt" and safe_suffix("x." + "y" * 300) == ""


def test_pages_answer_while_another_process_analyses(tmp_path, documents) -> None:
    """``narrascope analyze`` in another process writes to the SQLite store the server reads:
    no request fails and every listed article is whole."""
    import subprocess
    import sys

    db = str(tmp_path / "shared.db")
    with Store.open(db) as store:
        store.write(documents)
    writer = subprocess.Popen(
        [sys.executable, "-m", "narrascope", "analyze", "samples/corpus/txt", "--db", db,
         "--no-copies", "--progress", "never", "--workers", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    app = create_app(WebSettings(db=db))
    seen: set[int] = set()
    try:
        with TestClient(app, base_url=BASE) as local:
            while writer.poll() is None:
                listed = local.get("/api/v1/articles", params={"per_page": 100})
                assert listed.status_code == 200
                seen.add(listed.json()["total"])
                for item in listed.json()["items"][:5]:
                    detail = local.get(f"/api/v1/articles/{item['id']}")
                    assert detail.status_code == 200
                    assert item["quotes"] == len(detail.json()["quotes"] or [])
                assert local.get("/").status_code == 200
                assert local.get("/search", params={"q": "Kyiv"}).status_code == 200
    finally:
        writer.wait(timeout=300)
    assert writer.returncode == 0, writer.stderr.read() if writer.stderr else ""
    assert len(seen) > 1  # the reads really overlapped the writes
