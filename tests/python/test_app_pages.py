"""Every page of the explorer under Streamlit's AppTest: renders, filters change the rows, text carries the claims."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from app_fixtures import ENTRY, PAGES, app_warehouse  # noqa: F401  (pytest fixture)
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.slow  # the session warehouse comes from a real dbt build


@pytest.fixture
def app(app_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:  # noqa: F811
    monkeypatch.setenv("WAREHOUSE_PATH", str(app_warehouse))
    at = AppTest.from_file(str(ENTRY), default_timeout=60)
    at.run()
    yield at


def goto(at: AppTest, file: str) -> AppTest:
    at.switch_page(file).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_text(at: AppTest) -> str:
    parts = [*at.title, *at.header, *at.subheader, *at.markdown, *at.caption, *at.error, *at.info]
    return "\n".join(str(p.value) for p in parts)


def grid(at: AppTest, index: int = 0) -> pd.DataFrame:
    return at.dataframe[index].value


def claims_grid(at: AppTest) -> pd.DataFrame:
    goto(at, "views/rankings.py")
    rows = grid(at)
    assert len(rows) > 0, "fct_ranking_claims is empty: the seeds carry no ranking facts (南通第一 …) yet"
    return rows


@pytest.mark.parametrize(("url", "file", "heading"), PAGES, ids=[f for _, f, _ in PAGES])
def test_every_page_renders_with_its_title_and_a_csv_download(app: AppTest, url: str, file: str, heading: str) -> None:
    goto(app, file)
    assert app.title[0].value == heading
    assert not app.error, [e.value for e in app.error]
    if file != "views/overview.py" or len(app.dataframe):
        assert any(b.label == "下载 CSV" for b in app.get("download_button")), "every table downloads as CSV"


def test_overview_counts_and_coverage_name_haian(app: AppTest) -> None:
    goto(app, "views/overview.py")
    metrics = {m.label: m.value for m in app.metric}
    assert int(metrics["文档"].replace(",", "")) > 0
    assert int(metrics["被篡改文档"]) >= 1, "the seed report was tampered with"
    coverage = app.table[0].value
    assert any("海安" in str(region) for region in coverage.index)


def test_rankings_filters_change_the_rows(app: AppTest) -> None:
    everything = claims_grid(app)
    regions = app.multiselect(key="rk_region").options
    assert regions
    # Some region has fewer claims than all of them together (or there is just one region).
    app.multiselect(key="rk_region").set_value([regions[-1]]).run()
    one = grid(app)
    assert 0 < len(one) <= len(everything)
    assert set(one["region"]) == {regions[-1]}
    statuses = app.multiselect(key="rk_status").options
    app.multiselect(key="rk_region").set_value([]).run()
    app.multiselect(key="rk_status").set_value([statuses[0]]).run()
    assert set(grid(app)["status_label"]) == {statuses[0]}  # AppTest lists a widget's options as shown


def test_rankings_page_text_has_a_nantong_first_claim_with_its_sentence(app: AppTest) -> None:
    claims_grid(app)
    lines = [line for line in page_text(app).splitlines() if "**南通第一**" in line and "「" in line]
    assert lines, "a 南通第一 claim is readable as page text"
    sentence = lines[0].split("「", 1)[1].split("」", 1)[0]
    assert "南通第一" in sentence or "第一" in sentence
    # The detail panel quotes the picked claim's sentence too.
    assert any(m.value.startswith("> ") for m in app.markdown)


def test_rankings_picking_a_claim_shows_its_sentence(app: AppTest) -> None:
    claims_grid(app)
    picker = app.selectbox(key="rk_pick")
    last = len(picker.options) - 1
    picker.set_value(last).run()
    quoted = next(m.value for m in app.markdown if m.value.startswith("> "))[2:]
    assert re.sub(r"\\(.)", r"\1", quoted) == grid(app)["sentence"].iloc[last]  # markdown escapes undone


def test_benchmarks_region_picker_changes_the_rows(app: AppTest) -> None:
    goto(app, "views/benchmarks.py")
    box = app.selectbox(key="bm_region")
    seen = {}
    for region in box.options:
        app.selectbox(key="bm_region").set_value(region).run()
        rows = grid(app)
        assert set(rows["region"]) <= {region}
        seen[region] = len(rows)
    assert any(seen.values())
    gaps = grid(app)["gap_pp"].dropna() if len(grid(app)) else pd.Series(dtype=float)
    assert all(isinstance(g, float) for g in gaps)


def test_timeseries_regions_filter_and_units(app: AppTest) -> None:
    goto(app, "views/timeseries.py")
    rows = grid(app)
    assert len(rows) > 0 and rows["unit"].notna().all(), "every value carries its unit"
    regions = app.multiselect(key="ts_regions").options
    app.multiselect(key="ts_regions").set_value([regions[0]]).run()
    assert set(grid(app)["region"]) == {regions[0]}
    indicators = app.selectbox(key="ts_indicator").options
    if len(indicators) > 1:  # another indicator brings its own regions; the old pick must not break the page
        app.selectbox(key="ts_indicator").set_value(app.selectbox(key="ts_indicator").options[1]).run()
        assert not app.exception
        assert len(grid(app)) > 0


def test_targets_outcome_filter(app: AppTest) -> None:
    goto(app, "views/targets.py")
    everything = grid(app)
    for outcome, label in (("met", "达成"), ("missed", "未达成"), ("pending", "待定")):
        app.multiselect(key="tg_outcome").set_value([outcome]).run()
        shown = grid(app)
        assert len(shown) <= len(everything)
        assert all(o.endswith(label) for o in shown["outcome_label"])
    app.multiselect(key="tg_outcome").set_value([]).run()
    assert len(grid(app)) == len(everything)


def test_quality_shows_tampered_spans_and_filters_warnings(app: AppTest) -> None:
    goto(app, "views/quality.py")
    text = page_text(app)
    assert "皇冠" in text, "the seed report's removed spam is listed as text"
    assert "9072万标箱" in text, "the gate's warning on the implausible 9072万标箱 is listed as text"
    checks = app.multiselect(key="dq_check").options
    if checks:
        app.multiselect(key="dq_check").set_value([checks[0]]).run()
        assert set(grid(app)["check_name"]) == {checks[0]}


def test_document_page_follows_the_link_and_highlights_facts(app: AppTest) -> None:
    claim = claims_grid(app).iloc[0]
    query = dict(pair.split("=", 1) for pair in claim["link"].split("?", 1)[1].split("&"))
    app.query_params.update(query)
    goto(app, "views/document.py")
    assert app.selectbox(key="doc_pick").value == query["doc"]
    html = app.get("html")[0].proto.body
    assert 'class="sel"' in html, "the linked fact is highlighted"
    assert html.count("<mark") >= 1


def test_document_picker_changes_the_facts(app: AppTest) -> None:
    goto(app, "views/document.py")
    box = app.selectbox(key="doc_pick")
    counts = set()
    for doc_id in box.options[:4]:
        app.selectbox(key="doc_pick").set_value(doc_id).run()
        counts.add((doc_id, len(grid(app))))
    assert len(counts) == min(4, len(box.options))


def test_english_switch_translates_labels(app: AppTest) -> None:
    app.radio(key="lang").set_value("en").run()
    goto(app, "views/rankings.py")
    assert app.title[0].value == "Rankings"
    assert any(b.label == "Download CSV" for b in app.get("download_button"))


def test_missing_warehouse_says_run_make_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "nope.duckdb"))
    at = AppTest.from_file(str(ENTRY), default_timeout=30).run()
    assert not at.exception
    assert "make pipeline" in at.error[0].value


def test_queries_bind_parameters_instead_of_splicing(app_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setenv("WAREHOUSE_PATH", str(app_warehouse))
    from app import data

    assert data.document_facts("x' or '1'='1").empty
    assert data.document("'; drop table dim_document; --")["text"] == ""
    assert data.stats()["n_documents"] > 0
