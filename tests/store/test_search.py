"""Full-text search in the store: written with the article, rewritten with it, upgraded into
older stores, the same query language on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from narrascope import analyze
from narrascope.store import Store, search
from narrascope.store import queries as Q

TEXTS = {
    "en": ("Ukraine's grid operator said repairs after the missile strike would take weeks, "
           "and asked households to save electricity in the evening."),
    "uk": ("Укренерго повідомило, що ремонт після ракетного удару триватиме тижні, і закликало "
           "українців економити електроенергію ввечері."),
    "hi": ("भारत के विदेश मंत्री ने कहा कि बातचीत ही संघर्ष का एकमात्र रास्ता है और सभी पक्षों "
           "को संयम बरतना चाहिए।"),
    "pt": ("O governo português anunciou ajuda às famílias afetadas pela seca no Alentejo, "
           "segundo o ministério da agricultura."),
}


def _found(store: Store, query: str) -> set[str]:
    return {item["title"] for item in Q.find_articles(store, Q.ArticleFilter(q=query)).items}


def _store_with_texts(db: str) -> Store:
    store = Store.open(db)
    store.write([analyze(text, title=f"title {language}", source=f"{language}.txt")
                 for language, text in TEXTS.items()])
    return store


def test_every_language_is_searchable(db_url: str) -> None:
    with _store_with_texts(db_url) as store:
        assert _found(store, "electricity") == {"title en"}
        assert _found(store, "електроенергію") == {"title uk"}
        assert _found(store, "मंत्री") == {"title hi"}
        assert _found(store, "famílias Alentejo") == {"title pt"}
        assert _found(store, '"missile strike"') == {"title en"}
        assert _found(store, '"strike missile"') == set()
        assert _found(store, "TITLE") == set(f"title {lang}" for lang in TEXTS)
        assert _found(store, "title -uk -hi -pt") == {"title en"}


def test_rewritten_article_is_reindexed(db_url: str) -> None:
    with Store.open(db_url) as store:
        doc = analyze(TEXTS["en"], title="grid", source="a.txt", url="https://x.example/1")
        store.write([doc])
        changed = analyze(TEXTS["en"].replace("electricity", "gas"), title="grid",
                          source="a.txt", url="https://x.example/1")
        store.write([changed])
        assert _found(store, "gas") == {"grid"}
        if doc.id == changed.id:
            assert _found(store, "electricity") == set()


def test_upgrade_from_version_4_fills_the_index(db_url: str) -> None:
    with _store_with_texts(db_url) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE article_search")
        conn.execute(sa.text("UPDATE narrascope_meta SET value = '4' "
                             "WHERE key = 'store_version'"))
    with Store.open(db_url) as store:
        assert _found(store, "electricity") == {"title en"}


def test_query_language_is_never_a_syntax_error() -> None:
    assert search.fts5_query('"a b" OR c -d') == '"a b" OR "c" NOT "d"'
    assert search.tsquery_text('"a b" OR c -d') == '"a b" or c -d'
    assert search.fts5_query('NEAR( * ^ : "') == '"near"'  # a word, not an operator
    assert search.fts5_query('* ^ : "') is None
    assert search.fts5_query("OR a") == '"a"'
