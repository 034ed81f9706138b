"""The explorer in a real browser: `streamlit run` on a free port, Debian Chromium through Playwright.

Screenshots of every page go to build/screenshots/ (git-ignored) for a human look.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from app_fixtures import (  # noqa: F401  (pytest fixtures)
    PAGES,
    SCREENSHOTS,
    app_warehouse,
    chromium,
    main_text,
    open_page,
    serve,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def app_url(app_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:  # noqa: F811
    with serve(app_warehouse, tmp_path_factory.mktemp("streamlit") / "streamlit.log") as url:
        yield url


def test_home_page_names_haian(app_url: str, chromium: object) -> None:  # noqa: F811
    """The foundation check: server healthy, page loads in Chromium, the seed report's region is on it."""
    page = open_page(chromium, f"{app_url}/", "概览")
    assert "海安" in main_text(page)
    page.close()


@pytest.mark.parametrize(("url", "file", "heading"), PAGES, ids=[h for _, _, h in PAGES])
def test_every_page_opens_without_error_and_is_screenshotted(
    app_url: str, chromium: object, url: str, file: str, heading: str,  # noqa: F811
) -> None:
    page = open_page(chromium, f"{app_url}/{url}", heading)
    text = main_text(page)
    assert "Traceback" not in text and "Error" not in text.split("\n", 3)[0]
    assert page.locator("[data-testid=stException]").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{Path(file).stem}.png"), full_page=True)
    page.close()


def test_rankings_show_a_nantong_first_claim_with_its_sentence(app_url: str, chromium: object) -> None:  # noqa: F811
    page = open_page(chromium, f"{app_url}/rankings", "排名声明")
    lines = [line for line in main_text(page).splitlines() if line.startswith("南通第一") and "「" in line]
    assert lines, "a 南通第一 claim with its sentence is page text"
    assert "第一" in lines[0].split("「", 1)[1]
    # Its link opens the document page on that report with the claim highlighted.
    page.get_by_role("link", name="原文").first.click()
    page.get_by_role("heading", name="文档", exact=True).first.wait_for(timeout=30_000)
    page.locator("mark.sel").first.wait_for(timeout=30_000)
    assert "第一" in page.locator("mark.sel").first.inner_text() or page.locator("mark").count() > 0
    page.close()


def test_clicking_a_claim_row_shows_its_sentence(app_url: str, chromium: object) -> None:  # noqa: F811
    page = open_page(chromium, f"{app_url}/rankings", "排名声明")
    listed = [line for line in main_text(page).splitlines() if "「" in line and line.rstrip().endswith("原文")]
    assert len(listed) >= 2, "the claims are listed as text"
    row = min(3, len(listed) - 1)
    wanted = listed[row].split("「", 1)[1].rsplit("」", 1)[0]
    grid = page.locator("[data-testid=stDataFrame]").first.bounding_box()
    # The grid is a canvas: click the selection cell of data row `row` (header and rows are 35 px high).
    page.mouse.click(grid["x"] + 15, grid["y"] + 35 * (row + 1) + 17)
    page.wait_for_function(
        "(s) => [...document.querySelectorAll('[data-testid=stMain] blockquote')].some(q => q.innerText.trim() === s)",
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


def test_english_switch_in_the_browser(app_url: str, chromium: object) -> None:  # noqa: F811
    page = open_page(chromium, f"{app_url}/?lang=en", "Overview")
    assert "Documents" in main_text(page)
    page.close()


def test_missing_warehouse_shows_make_pipeline_without_traceback(
    chromium: object, tmp_path: Path,  # noqa: F811
) -> None:
    with serve(tmp_path / "absent.duckdb", tmp_path / "streamlit.log") as url:
        page = chromium.new_page()  # type: ignore[attr-defined]
        page.goto(url)
        page.get_by_text("make pipeline").first.wait_for(timeout=30_000)
        text = main_text(page)
        assert "Traceback" not in text
        page.close()
