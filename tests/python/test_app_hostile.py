"""#18 item 5: report-derived strings reach the page as text, never as Markdown or HTML.

A copy of the test warehouse gets hostile report strings in every column the app shows (titles, file names,
sentences, quoted text, indicator names, data-quality messages, rejection reasons, removed spam, the cleaned text
itself): Markdown links and images, code-span breakers, raw HTML with a <script> and an <img onerror>, LaTeX,
bare URLs. The images point at a local HTTP server that records every request. Every page is opened in Chromium:
no link to the hostile host, no request to the recorder, no injected element, and the strings shown literally.
"""

from __future__ import annotations

import http.server
import shutil
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import duckdb
import pytest
from app_fixtures import app_warehouse, chromium, free_port, main_text, open_page, serve  # noqa: F401

from app.pages import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:  # quiet
        pass


@pytest.fixture(scope="module")
def recorder() -> Iterator[int]:
    port = free_port()
    server = socketserver.TCPServer(("127.0.0.1", port), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        server.shutdown()
        server.server_close()


def hostile(port: int, what: str) -> str:
    return (f"{what}[点我](//x.cn/a) ![t](//127.0.0.1:{port}/md-{what}.png) `x` ``y`` ` "
            f"<script>window.__pwned=1</script><img src=//127.0.0.1:{port}/html-{what}.png "
            f"onerror=\"window.__pwned=2\"> **粗体** $x^2$ http://x.cn/z <b id=pwned>b</b>")


def table_of(con: duckdb.DuckDBPyConnection, staging: str, seed: str, staging_col: str,
             seed_col: str) -> tuple[str, str]:
    kind = con.execute("select table_type from information_schema.tables where table_name = ?", [staging]).fetchone()
    return (staging, staging_col) if kind and kind[0] == "BASE TABLE" else (seed, seed_col)


@pytest.fixture(scope="module")
def hostile_warehouse(app_warehouse: Path, recorder: int, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    path = tmp_path_factory.mktemp("hostile") / "warehouse.duckdb"
    shutil.copyfile(app_warehouse, path)
    h = lambda what: hostile(recorder, what)  # noqa: E731
    with duckdb.connect(str(path)) as con:
        con.execute("update dim_document set title = ?, first_source_path = ?, source_paths = ?",
                    [h("title"), f"reports/{h('file')}.txt", f"reports/{h('file')}.txt"])
        con.execute("update fct_indicator_values set indicator = ? || indicator, indicator_name_zh = ? || "
                    "indicator_name_zh, sentence = ? || sentence", [h("ind"), h("ind"), h("sentence")])
        con.execute("update dim_indicator set name_zh = ? || name_zh, name_en = ? || coalesce(name_en, '')",
                    [h("dict"), h("dict")])
        con.execute("update fct_ranking_claims set indicator = ? || indicator, sentence = ? || sentence, "
                    "text = ? || text", [h("claim"), h("claim"), h("claim")])
        con.execute("update fct_targets set indicator = ? || indicator, text = ? || text", [h("target"), h("target")])
        con.execute("update fct_data_quality set source_path = ?, message = ? || message",
                    [f"reports/{h('dq')}.txt", h("dq")])
        con.execute("update fct_report_scorecards set sentence = ? || sentence", [h("scorecard")])
        # the views' tables: facts, texts (appended, so every span still points at its words), spans, events;
        # staging is a view over the seed table, or (a Parquet build) a table itself
        con.execute("update int_facts_resolved set indicator = ? || indicator, sentence = ? || sentence",
                    [h("fact"), h("fact")])
        texts, text_col = table_of(con, "stg_document_texts", "document_texts", "cleaned_text", "text")
        con.execute(f"update {texts} set {text_col} = {text_col} || ?", ["\n" + h("text")])
        spans, span_col = table_of(con, "stg_removed_spans", "removed_spans", "removed_text", "text")
        con.execute(f"update {spans} set {span_col} = ?", [h("spam")])
        events, _ = table_of(con, "stg_ingest_events", "ingest_events", "reason", "reason")
        con.execute(f"insert into {events} (source_path, sha256, status, doc_id, reason) "
                    "values (?, ?, 'rejected', null, ?)", [f"reports/{h('rejected')}.pdf", "0" * 64, h("reason")])
    return path


@pytest.fixture(scope="module")
def hostile_url(hostile_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(hostile_warehouse, tmp_path_factory.mktemp("streamlit") / "streamlit.log") as url:
        yield url


INJECTED = """() => ({
  links: [...document.querySelectorAll('a')].map(a => a.getAttribute('href') || '')
           .filter(h => h.includes('x.cn') || h.includes('127.0.0.1:' + window.__recorder)),
  images: [...document.querySelectorAll('img')].map(i => i.getAttribute('src') || '').filter(s => s.includes('.png')
           && !s.startsWith('/') && !s.startsWith('http://127.0.0.1:' + location.port)),
  scripts: [...document.querySelectorAll('[data-testid=stMain] script')].filter(s => s.textContent.includes('pwned'))
           .length,
  bold: document.querySelectorAll('#pwned').length,
  pwned: window.__pwned || null,
  code: [...document.querySelectorAll('[data-testid=stMain] code')].map(c => c.innerText)
           .filter(t => t.includes('x') || t.includes('y')).length,
})"""


@pytest.mark.parametrize("page_spec", PAGES, ids=[p.path for p in PAGES])
def test_hostile_report_strings_are_shown_as_text(
    hostile_url: str, hostile_warehouse: Path, recorder: int, chromium: object, page_spec: object,  # noqa: F811
) -> None:
    with duckdb.connect(str(hostile_warehouse), read_only=True) as con:
        doc = con.sql("select doc_id from fct_indicator_values where text like '%9072万标箱%' limit 1").fetchone()[0]
    query = {"document": f"doc={doc}", "search": "q=点我", "profile": "region=320685"}.get(page_spec.path, "")
    Recorder.hits.clear()
    page = open_page(chromium, f"{hostile_url}/{page_spec.path}?{query}", page_spec.title[0])
    page.evaluate(f"() => {{ window.__recorder = {recorder}; }}")
    # open every selectbox once: the options (document titles among them) are drawn only when the list opens
    for box in page.locator("[data-testid=stMain] [data-testid=stSelectbox]").all()[:3]:
        box.click()
        page.wait_for_timeout(300)
        page.keyboard.press("Escape")
    page.wait_for_timeout(1000)
    found = page.evaluate(INJECTED)
    assert found == {"links": [], "images": [], "scripts": 0, "bold": 0, "pwned": None, "code": 0}, found
    assert Recorder.hits == [], Recorder.hits
    if page_spec.path in ("overview", "document", "quality", "search", "rankings", "targets", "profile"):
        assert "[点我](//x.cn/a)" in main_text(page), "the hostile string is shown, literally"
    page.close()
