"""The explorer in a real browser: `streamlit run` on a free port, Debian Chromium through Playwright.

The analyst's four questions of #17 are walked in both languages, on a desktop and on a 390-px phone, with the
answers asserted as page text and screenshots saved to build/screenshots/ (git-ignored) as test artefacts; then
the browser-side bugs of #17: page paths, language after a reload, external requests, phone wrapping, exports,
the map's click, a broken warehouse file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from app_fixtures import (  # noqa: F401  (pytest fixtures)
    app_warehouse,
    chromium,
    main_text,
    open_page,
    screenshot,
    serve,
    settle,
    wait_rendered,
)

from app.pages import PAGES, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HAIAN = "320685"
TITLE = {"zh": 0, "en": 1}


@pytest.fixture(scope="module")
def app_url(app_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:  # noqa: F811
    with serve(app_warehouse, tmp_path_factory.mktemp("streamlit") / "streamlit.log") as url:
        yield url


def title(page: Page | str, lang: str) -> str:
    from app.pages import BY_PATH

    p = BY_PATH[page] if isinstance(page, str) else page
    return p.title[TITLE[lang]]


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# --------------------------------------------------------------------------------------------------------------
# The analyst's four questions, as page text, in both languages, desktop and phone

ANSWERS = {
    # 1. How did 海安 grow against 南通 and 江苏, period by period?
    "growth": {
        "zh": [r"^地区生产总值 1\.6% · 南通市: 报告引用 持平 \(0 个百分点\).*江苏省: .*官方 1\.6% \(0 个百分点\)"],
        "en": [r"^Gross domestic product 1\.6% · Nantong: Cited equal \(0 pp\).*Jiangsu: .*Official 1\.6% \(0 pp\)"],
    },
    # 2. Did 海安 meet its 2022 targets? (attainment, and the report's own scorecard: 27 indicators, 8 missed)
    "targets": {
        "zh": [r"2,380 亿元 → 实际 2,250 亿元 · 完成率（%） 94\.54 · 未达成", r"27 项主要指标，19 项达到，8 项未达到"],
        "en": [r"2,380 100m yuan → Actual 2,250 100m yuan · Attainment \(%\) 94\.54 · missed",
               r"27 main indicators, 19 met, 8 missed"],
    },
    # 3. Which 南通第一 claims hold? (each with its status and what is missing)
    "claims": {
        "zh": [r"南通第一.* · (无法核验|已证实|被反驳) · \d+ 个同级地区中 \d+ 个有可比数字"],
        "en": [r"南通第一 \(No\. 1 in Nantong\).* · (unverifiable|confirmed|contradicted) · "
               r"\d+ of \d+ peers reporting"],
    },
    # 4. Is a flagged value (9072万标箱) marked where it is shown?
    "flagged": {
        "zh": [r"^⚠ 超出合理范围.*海安市 · 2022H1 · 9,072 万标箱"],
        "en": [r"^⚠ outside the plausible range.*Hai'an · 2022H1 · 9,072 10k TEU"],
    },
}
WHERE = {
    "growth": ("profile", f"region={HAIAN}"),
    "targets": ("profile", f"region={HAIAN}"),
    "claims": ("rankings", f"region={HAIAN}"),
    "flagged": ("timeseries", "indicator=container_throughput"),
}


@pytest.mark.parametrize("width", [1400, 390], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("question", list(ANSWERS))
def test_the_analysts_questions_are_answered_as_page_text(
    app_url: str, chromium: object, question: str, lang: str, width: int,  # noqa: F811
) -> None:
    path, query = WHERE[question]
    page = open_page(chromium, f"{app_url}/{path}?{query}&lang={lang}", title(path, lang), width=width)
    text = lines(main_text(page))
    screenshot(page, f"q_{question}_{lang}_{width}")
    for pattern in ANSWERS[question][lang]:
        assert any(re.search(pattern, line) for line in text), (pattern, [ln for ln in text if len(ln) > 20][:40])
    page.close()


def test_the_flag_switch_leaves_flagged_values_out(app_url: str, chromium: object) -> None:  # noqa: F811
    page = open_page(chromium, f"{app_url}/timeseries?indicator=container_throughput", "时间序列")
    assert "9,072 万标箱" in main_text(page)
    page.locator("[data-testid=stSidebar]").get_by_text("不显示有质量警告的数值").click()
    page.wait_for_function("() => !document.querySelector('[data-testid=stMain]').innerText.includes('9,072 万标箱')",
                           timeout=30_000)
    wait_rendered(page, "时间序列")
    assert "hide_flagged=1" in page.url and "已隐藏 1 个有质量警告的数值" in main_text(page)
    page.close()


# --------------------------------------------------------------------------------------------------------------
# Page paths, language, requests, phone layout


@pytest.mark.parametrize("page_spec", PAGES, ids=[p.path for p in PAGES])
def test_every_page_has_its_own_path(app_url: str, chromium: object, page_spec: Page) -> None:  # noqa: F811
    """/overview (listed in the README) and every other page open at their own path: no "Page not found"."""
    page = open_page(chromium, f"{app_url}/{page_spec.path}?q=集装箱", page_spec.title[0])
    assert urlparse(page.url).path == f"/{page_spec.path}"
    assert "Page not found" not in page.inner_text("body")
    assert page.locator("[data-testid=stException]").count() == 0
    screenshot(page, f"page_{page_spec.path}")
    page.close()


def test_the_root_opens_the_region_profile_with_the_query_string(app_url: str, chromium: object) -> None:  # noqa: F811
    page = open_page(chromium, f"{app_url}/?lang=en&region={HAIAN}", "Region profile")
    assert urlparse(page.url).path == "/profile"
    assert parse_qs(urlparse(page.url).query)["lang"] == ["en"]
    assert "Page not found" not in page.inner_text("body")
    page.close()


def test_language_survives_a_reload_and_page_switches(app_url: str, chromium: object) -> None:  # noqa: F811
    page = open_page(chromium, f"{app_url}/overview", "概览")
    page.locator("[data-testid=stSidebar]").get_by_text("English", exact=True).click()
    wait_rendered(page, "Overview")
    assert parse_qs(urlparse(page.url).query).get("lang") == ["en"]
    page.reload()
    wait_rendered(page, "Overview")
    page.locator("[data-testid=stSidebarNav] a").filter(has_text="Rankings").first.click()
    wait_rendered(page, "Rankings")
    page.reload()
    wait_rendered(page, "Rankings")
    assert "Verification" in main_text(page)
    page.close()


def test_no_request_leaves_the_machine(app_url: str, chromium: object) -> None:  # noqa: F811
    """Every page, favicon included, is served by the app itself (the favicon came from an external font host)."""
    requests: list[str] = []
    page = open_page(chromium, f"{app_url}/profile", "地区概况", requests=requests)
    for spec in PAGES:
        page.goto(f"{app_url}/{spec.path}?q=集装箱")
        wait_rendered(page, spec.title[0])
    outside = sorted({u for u in requests if urlparse(u).hostname not in ("127.0.0.1", "localhost")
                      and not u.startswith(("data:", "blob:", "about:"))})
    assert not outside, outside
    icons = page.evaluate("() => [...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)")
    assert icons and all(i.startswith((app_url, "data:")) for i in icons), icons
    page.close()


WRAPPED = """() => {
  // A short label (2-8 characters) that is the whole text of its block but spans more than one line:
  // a region name squeezed to one character per line.
  const bad = [], main = document.querySelector('[data-testid=stMain]');
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const s = n.textContent.trim();
    if (s.length < 2 || s.length > 8) continue;
    let block = n.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    if (!block || (block.innerText ?? block.textContent ?? '').trim() !== s) continue;
    const r = document.createRange(); r.selectNodeContents(n);
    const tops = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
    if (tops.size > 1) bad.push(s);
  }
  return bad;
}"""


@pytest.mark.parametrize("page_spec", PAGES, ids=[p.path for p in PAGES])
def test_phone_layout_keeps_names_on_one_line(app_url: str, chromium: object, page_spec: Page) -> None:  # noqa: F811
    page = open_page(chromium, f"{app_url}/{page_spec.path}?q=集装箱", page_spec.title[0], width=390)
    assert page.evaluate(WRAPPED) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 400, "no sideways scroll of the page"
    screenshot(page, f"phone_{page_spec.path}")
    page.close()


# --------------------------------------------------------------------------------------------------------------
# Exports, the map, links, the document view


def download_csv(page: object, button: int = 0) -> list[dict[str, str]]:
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.get_by_role("button", name="下载 CSV").nth(button).click()  # type: ignore[attr-defined]
    raw = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(raw)))


def test_exports_carry_numbers_units_and_absolute_sources(app_url: str, chromium: object) -> None:  # noqa: F811
    page = open_page(chromium, f"{app_url}/targets?region={HAIAN}&outcome=missed", "目标与完成")
    rows = download_csv(page)
    row = next(r for r in rows if r["target_value"] == "2380.0")
    assert row["actual_value"] == "2250.0" and row["attainment_pct"] == "94.54" and row["unit"] == "亿元"
    assert re.match(r"^http://127\.0\.0\.1:\d+/document\?doc=\w+&fact=", row["source_url"]), row["source_url"]
    page.goto(f"{app_url}/timeseries?indicator=GDP&regions={HAIAN}")
    wait_rendered(page, "时间序列")
    rows = download_csv(page)
    assert {"value", "unit", "value_base", "unit_base", "source_url"} <= set(rows[0])
    level = next(r for r in rows if r["unit"] == "亿元")
    assert float(level["value_base"]) == pytest.approx(float(level["value"]) * 1e8)
    page.goto(f"{app_url}/overview")
    wait_rendered(page, "概览")
    docs = download_csv(page, 1)
    assert all(Path(r["source_file"]).is_absolute() for r in docs if r["source_file"])
    page.close()


def test_clicking_a_unit_on_the_map_opens_its_profile(app_url: str, chromium: object) -> None:  # noqa: F811
    page = open_page(chromium, f"{app_url}/map?prefecture=320600", "地图")
    chart = page.locator("[data-testid=stVegaLiteChart]").first
    chart.scroll_into_view_if_needed()
    settle(page)
    box = chart.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.45)  # the middle of 南通
    page.wait_for_url(re.compile(r"/profile\?"), timeout=30_000)
    wait_rendered(page, "地区概况")
    region = parse_qs(urlparse(page.url).query)["region"][0]
    assert region.startswith("3206") and region != "320600", page.url
    page.close()


def test_a_claim_link_opens_the_document_with_the_claim_highlighted(app_url: str, chromium: object) -> None:  # noqa: F811
    page = open_page(chromium, f"{app_url}/rankings", "排名声明")
    listed = [ln for ln in lines(main_text(page)) if "「" in ln and ln.endswith("原文")]
    assert listed, "the claims are listed as text, each with its link"
    quoted = listed[0].split("「", 1)[1].rsplit("」", 1)[0]
    page.get_by_role("link", name="原文").first.click()
    page.wait_for_url(re.compile(r"/document\?"), timeout=30_000)
    page.locator("mark.sel").first.wait_for(timeout=30_000)
    marked = page.locator("mark.sel").first.inner_text()
    assert marked and marked in quoted, (marked, quoted)
    page.close()


def test_clicking_a_claim_row_shows_its_sentence(app_url: str, chromium: object) -> None:  # noqa: F811
    page = open_page(chromium, f"{app_url}/rankings", "排名声明")
    listed = [ln for ln in lines(main_text(page)) if "「" in ln and ln.endswith("原文")]
    assert len(listed) >= 2, "the claims are listed as text"
    row = min(3, len(listed) - 1)
    wanted = listed[row].split("「", 1)[1].rsplit("」", 1)[0]
    grid = page.locator("[data-testid=stDataFrame]").first.bounding_box()
    # The grid is a canvas: click the selection cell of data row `row` (header and rows are 35 px high).
    page.mouse.click(grid["x"] + 15, grid["y"] + 35 * (row + 1) + 17)
    page.wait_for_function(
        "(s) => [...document.querySelectorAll('blockquote.claim-sentence')].some(q => q.innerText.trim() === s)",
        arg=wanted, timeout=30_000)
    page.close()


def test_a_linked_fact_deep_in_a_report_is_scrolled_into_view(
    app_url: str, app_warehouse: Path, chromium: object,  # noqa: F811
) -> None:
    """A provenance link to the last fact of the longest report lands with that fact visible inside the text box."""
    import duckdb

    with duckdb.connect(str(app_warehouse), read_only=True) as con:
        doc_id, fact_id = con.sql(
            "select doc_id, fact_id from fct_facts order by span_start desc, fact_id limit 1").fetchall()[0]
    page = open_page(chromium, f"{app_url}/document?doc={doc_id}&fact={fact_id}", "文档")
    page.locator("mark.sel").first.wait_for(timeout=30_000)
    page.wait_for_function(
        """() => { const m = document.querySelector('.doc-text mark.sel'), box = m.closest('.doc-text');
                   const a = m.getBoundingClientRect(), b = box.getBoundingClientRect();
                   return box.scrollTop > 0 && a.top >= b.top && a.bottom <= b.bottom; }""", timeout=30_000)
    page.close()


def test_the_document_view_marks_a_flagged_value(app_url: str, app_warehouse: Path, chromium: object) -> None:  # noqa: F811
    import duckdb

    with duckdb.connect(str(app_warehouse), read_only=True) as con:
        doc_id, fact_id = con.sql(
            "select doc_id, fact_id from fct_indicator_values where text like '%9072万标箱%' limit 1").fetchone()
    page = open_page(chromium, f"{app_url}/document?doc={doc_id}&fact={fact_id}", "文档")
    flagged = page.locator(".doc-text mark.flagged")
    flagged.first.wait_for(timeout=30_000)
    assert any("9072万标箱" in t for t in flagged.all_inner_texts())
    assert "⚠" in page.locator(".doc-text mark.flagged.sel").first.evaluate(
        "m => getComputedStyle(m, '::before').content")
    page.close()


# --------------------------------------------------------------------------------------------------------------
# No warehouse, a broken one


def test_missing_warehouse_shows_make_pipeline_without_traceback(chromium: object, tmp_path: Path) -> None:  # noqa: F811
    with serve(tmp_path / "absent.duckdb", tmp_path / "streamlit.log") as url:
        page = chromium.new_page()  # type: ignore[attr-defined]
        page.goto(url)
        page.get_by_text("make pipeline").first.wait_for(timeout=30_000)
        assert "Traceback" not in main_text(page)
        page.close()


def test_a_broken_warehouse_file_says_so_plainly(chromium: object, tmp_path: Path) -> None:  # noqa: F811
    broken = tmp_path / "warehouse.duckdb"
    broken.write_bytes(b"\x00garbage, not a DuckDB file\n" * 200)
    with serve(broken, tmp_path / "streamlit.log") as url:
        page = chromium.new_page()  # type: ignore[attr-defined]
        page.goto(f"{url}/overview")
        page.get_by_text("不是可读的 DuckDB 数据库").first.wait_for(timeout=30_000)
        text = main_text(page)
        assert "make pipeline" in text and "IOException" not in text and "缺少表" not in text
        assert "Traceback" not in text and page.locator("[data-testid=stException]").count() == 0
        page.close()
