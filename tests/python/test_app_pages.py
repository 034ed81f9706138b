"""Every page of the explorer under Streamlit's AppTest (real warehouse, real page scripts, no browser):
renders in both languages, grids without "None", translated words, state in the URL, charts that join their
series and never stack points, one colour per region, flagged values marked, search, a broken warehouse."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from app_fixtures import ENTRY, ROOT, app_warehouse  # noqa: F401  (pytest fixture)
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from app import charts, data, i18n
from app.pages import BY_PATH, PAGES, Page

pytestmark = pytest.mark.slow  # the session warehouse comes from a real dbt build

CJK = re.compile(r"[\u3400-\u9fff]")
HAIAN, NANTONG, JIANGSU, QIDONG = "320685", "320600", "320000", "320681"
LANG_LABEL = i18n.LABELS["language"][1]  # "语言 / Language": the one label meant for both languages


@pytest.fixture
def app(app_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppTest]:  # noqa: F811
    monkeypatch.setenv("WAREHOUSE_PATH", str(app_warehouse))
    at = AppTest.from_file(str(ENTRY), default_timeout=90)
    at.run()
    yield at


def goto(at: AppTest, page: Page | str, lang: str = "zh", **params: str | list[str]) -> AppTest:
    """Open a page as a link would: its query string (language included) set before the run."""
    page = BY_PATH[page] if isinstance(page, str) else page
    at.query_params.clear()
    at.query_params.update({"lang": lang, **params})
    at.switch_page(page.file).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def elements(at: AppTest, kind: str) -> list:
    return list(at.get(kind))


def grids(at: AppTest) -> list[tuple[list[str], pd.DataFrame]]:
    """Each grid's column headers (as shown) and the frame it draws."""
    out = []
    for el in at.dataframe:
        config = json.loads(el.proto.columns or "{}")
        frame = el.value
        headers = [config.get(c, {}).get("label", c) for c in frame.columns]
        out.append((headers, frame))
    return out


def vega(at: AppTest) -> list[tuple[dict, dict[str, pd.DataFrame]]]:
    """Each chart's Vega-Lite spec and its named datasets."""
    out = []
    for el in elements(at, "vega_lite_chart"):
        spec = json.loads(el.proto.spec)
        sets = {d.name: dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in el.proto.datasets}
        if el.proto.data.data:  # the chart's own data (st.vega_lite_chart(data, spec))
            sets = {"data": dataframe_util.convert_arrow_bytes_to_pandas_df(el.proto.data.data), **sets}
        out.append((spec, sets))
    return out


def html_text(at: AppTest) -> str:
    """The text of the app's HTML blocks, a line per list item or paragraph (as a browser shows them)."""
    blocks = (re.sub(r"</(li|p|div|blockquote)>", "\n", el.proto.body) for el in elements(at, "html"))
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", b)) for b in blocks)


def page_text(at: AppTest) -> str:
    parts = [*at.title, *at.header, *at.subheader, *at.markdown, *at.caption, *at.error, *at.info]
    return "\n".join(str(p.value) for p in parts) + "\n" + html_text(at)


def app_words(at: AppTest) -> list[str]:
    """Text the app itself writes: headings, captions, widget labels, metric labels, grid headers."""
    words = [str(x.value) for x in (*at.title, *at.header, *at.subheader, *at.caption, *at.info, *at.error)]
    for kind in ("selectbox", "multiselect", "radio", "toggle", "text_input", "download_button"):
        words += [w.label for w in elements(at, kind) if w.label != LANG_LABEL]
    words += [m.label for m in at.metric]
    for headers, _ in grids(at):
        words += headers
    return words


def series_of(frame: pd.DataFrame) -> pd.Series:
    return frame["series"] if "series" in frame else frame["slot"]


# --------------------------------------------------------------------------------------------------------------
# Every page


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES, ids=[p.path for p in PAGES])
def test_every_page_renders_with_its_title(app: AppTest, page: Page, lang: str) -> None:
    goto(app, page, lang, q="集装箱")
    assert app.title[0].value == page.title[0 if lang == "zh" else 1]
    assert not app.error, [e.value for e in app.error]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES, ids=[p.path for p in PAGES])
def test_grids_show_empty_cells_blank_never_none(app: AppTest, page: Page, lang: str) -> None:
    """The grid draws a missing value as the word "None"; every shown cell is text, blank when empty."""
    goto(app, page, lang, q="集装箱")
    for headers, frame in grids(app):
        assert not frame.isna().any().any(), (headers, frame[frame.isna().any(axis=1)].head())
        shown = {str(v) for v in frame.to_numpy().ravel()}
        assert not shown & {"None", "<NA>", "nan", "NaN", "NaT"}, headers


@pytest.mark.parametrize("page", PAGES, ids=[p.path for p in PAGES])
def test_english_pages_speak_english(app: AppTest, page: Page) -> None:
    """Headings, captions, labels, grid headers, coded values (types, statuses, checks) and units in English;
    region names are dim_region's name_en. Only report text (sentences, titles) stays Chinese."""
    goto(app, page, "en", q="集装箱")
    unquoted = [re.sub(r'"[^"]*"|“[^”]*”', "", w) for w in app_words(app)]  # quoted report words may stay
    chinese = [w for w in unquoted if CJK.search(w)]
    assert not chinese, chinese
    for headers, frame in grids(app):
        for header, column in zip(headers, frame.columns, strict=True):
            if header in ("Region", "Peer coverage", "Series", "Status", "Verification", "Outcome", "Unit",
                          "Document type", "Fact type", "Measure", "Check", "Severity", "Evidence", "Benchmark"):
                assert not any(CJK.search(str(v)) for v in frame[column]), (header, list(frame[column])[:5])


@pytest.mark.parametrize("page", PAGES, ids=[p.path for p in PAGES])
def test_chinese_pages_show_no_english_codes(app: AppTest, page: Page) -> None:
    """Coded values (unverifiable, plan_execution, facts.plausible_range …) never reach a Chinese page raw."""
    goto(app, page, "zh", q="集装箱")
    codes = {k for k in i18n.VOCAB if re.fullmatch(r"[a-z_.:]+", k) and len(k) > 3}
    for headers, frame in grids(app):
        cells = {str(v) for v in frame.to_numpy().ravel()}
        assert not cells & codes, (headers, cells & codes)


def test_every_generated_sentence_of_the_marts_has_a_translation(app_warehouse: Path) -> None:  # noqa: F811
    """Verification reasons, target reasons, agreement notes and data-quality messages are translated by shape:
    a new sentence shape in a mart fails here instead of showing English on a Chinese page."""
    with duckdb.connect(str(app_warehouse), read_only=True) as con:
        reasons = [r[0] for r in con.sql("""
            select verification_reason from fct_ranking_claims union select status_reason from fct_targets
            union select agreement_note from fct_growth_benchmark""").fetchall() if r[0]]
        messages = [r[0] for r in con.sql("select distinct message from fct_data_quality").fetchall() if r[0]]
    untranslated = [r for r in reasons if not i18n.translated(r, i18n.REASON_SHAPES)
                    and not all(i18n.translated(p, i18n.REASON_SHAPES) for p in r.split("; "))]
    assert not untranslated, untranslated
    assert not [m for m in messages if not i18n.translated(m, i18n.DQ_SHAPES)]


def test_every_unit_of_the_marts_has_an_english_name(app_warehouse: Path) -> None:  # noqa: F811
    """A unit a report prints (万套, 亿台, 平方千米) reads in English on an English page, whatever its magnitude."""
    with duckdb.connect(str(app_warehouse), read_only=True) as con:
        units = {r[0] for r in con.sql("""
            select unit from fct_facts union select target_unit from fct_targets union select actual_unit
            from fct_targets union select claimed_unit from fct_ranking_claims""").fetchall() if r[0]}
    missing = sorted(u for u in units if CJK.search(i18n.unit_en(u)))
    assert not missing, f"units without an English name: {missing}"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES, ids=[p.path for p in PAGES])
def test_grid_headers_are_distinct(app: AppTest, page: Page, lang: str) -> None:
    """Two columns never share a header (the evidence grid had two "Source" columns)."""
    goto(app, page, lang, q="集装箱")
    for headers, _ in grids(app):
        assert len(headers) == len(set(headers)), headers


# --------------------------------------------------------------------------------------------------------------
# The analyst's questions, page by page (the browser walks them too, see test_app_browser.py)


def test_profile_gives_gdp_gap_to_nantong_and_jiangsu_cited_and_official(app: AppTest) -> None:
    goto(app, "profile", region=HAIAN)
    text = page_text(app)
    gdp = next(line for line in text.splitlines() if line.startswith("地区生产总值 1.6%"))
    assert "南通市: 报告引用 持平" in gdp, gdp
    assert re.search(r"江苏省: (报告引用 持平 \(0 个百分点\), )?官方 1\.6% \(0 个百分点\)", gdp), gdp
    assert "27 项主要指标" in text and "8 项未达到" in text, "the report's own scorecard"


def test_profile_targets_carry_attainment(app: AppTest) -> None:
    goto(app, "profile", region=HAIAN)
    frame = next(f for h, f in grids(app) if "完成率（%）" in h)
    row = frame[frame["target_text"].str.contains("2,380")].iloc[0]
    assert row["actual_text"].startswith("2,250") and row["attainment_pct"] == "94.54" and row["outcome"] == "未达成"


def test_rankings_give_each_claim_its_coverage(app: AppTest) -> None:
    goto(app, "rankings", region=HAIAN)
    frame = grids(app)[0][1]
    firsts = frame[frame["claim_words"].str.contains("南通第一")]
    assert len(firsts), "海安's 南通第一 claims are listed"
    assert all(re.match(r"\d+ 个同级地区中 \d+ 个有可比数字", c) for c in firsts["coverage"]), list(firsts["coverage"])
    assert set(frame["region_label"]) == {"海安市"}, "the region filter came from the URL"


def test_benchmark_lines_keep_cited_official_and_own_apart(app: AppTest) -> None:
    goto(app, "benchmarks", region=HAIAN, indicator="GDP")
    frame = next(iter(vega(app)[0][1].values()))
    h1 = frame[frame["period"] == "2022H1"]
    assert set(h1["basis"]) >= {"own", "official"}
    # a nominal rate or a two-year average is its own series, never joined to a real rate's line
    for _, series in frame.groupby("series"):
        assert series["variant"].nunique() == 1 and series["basis"].nunique() == 1


# --------------------------------------------------------------------------------------------------------------
# Bugs of #17, one test each


def test_timeseries_region_chips_follow_the_indicator(app: AppTest) -> None:
    """Switching 指标 to 工业投资 shows 工业投资's regions in the chips and charts exactly those."""
    goto(app, "timeseries", indicator="GDP")
    app.multiselect(key="ts_regions_GDP").set_value([HAIAN, QIDONG]).run()
    app.selectbox(key="ts_indicator").set_value("industrial_investment").run()
    chips = app.multiselect(key="ts_regions_industrial_investment")
    reporting = set(data.series("industrial_investment")["region_code"])
    assert chips.value and set(chips.value) <= reporting, (chips.value, reporting)
    charted = set().union(*(set(next(iter(s.values()))["region_code"]) for _, s in vega(app)))
    assert charted == set(chips.value)


def test_benchmark_points_never_share_a_spot(app: AppTest) -> None:
    """海安 1.6 % (own), 南通 1.6 % (cited) and 江苏 1.6 % (official) in 2022H1: three points side by side."""
    goto(app, "benchmarks", region=HAIAN, indicator="GDP")
    spec, sets = vega(app)[0]
    frame = next(iter(sets.values()))
    assert spec["encoding"]["xOffset"]["field"] == "series", "each series has its own slot in a period"
    assert not frame.duplicated(["period", "series"]).any(), "two points of one series in one period"
    same = frame[(frame["period"] == "2022H1") & (frame["value"] == 1.6)]
    assert len(same) >= 2 and same["series"].nunique() == len(same), same[["who", "basis", "series"]]


def test_series_are_joined_into_lines(app: AppTest) -> None:
    """启东's GDP of 2020, 2021 and 2022 is one line (the latest vintage of each year), not three loose dots."""
    goto(app, "timeseries", indicator="GDP", regions=[QIDONG])
    for spec, sets in vega(app):
        frame = next(iter(sets.values()))
        lines = [layer for layer in spec["layer"] if layer["mark"]["type"] == "line"]
        assert lines and lines[0]["encoding"]["detail"]["field"] == "series"
        latest = frame[frame["is_latest"] & (frame["period_kind"] == "FY")]
        if len(latest) >= 3:
            assert latest["series"].nunique() == 1
            return
    raise AssertionError("启东's full-year GDP levels are charted")


def test_one_colour_per_region_in_every_chart(app: AppTest) -> None:
    seen: dict[str, set[str]] = {}
    for page, params in (("profile", {"region": HAIAN}), ("benchmarks", {"region": HAIAN, "indicator": "GDP"}),
                         ("timeseries", {"indicator": "GDP", "regions": [HAIAN, NANTONG, JIANGSU]})):
        goto(app, page, **params)
        for spec, sets in vega(app):
            frame = next(iter(sets.values()))
            scale = spec["encoding"]["color"]["scale"]
            for label, colour in zip(scale["domain"], scale["range"], strict=True):
                code = frame.loc[frame["who"] == label, "region_code"].iloc[0]
                assert colour == charts.colour(code)
                seen.setdefault(code, set()).add(colour)
    assert HAIAN in seen and all(len(c) == 1 for c in seen.values())


def seed_doc(warehouse: Path) -> str:
    """The seed report (海安 2022 H1 plan execution): the one with 9072万标箱."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.sql("select doc_id from fct_indicator_values where text like '%9072万标箱%' limit 1").fetchone()[0]


def test_flagged_value_is_marked_everywhere_and_the_switch_leaves_it_out(app: AppTest, app_warehouse: Path) -> None:  # noqa: F811
    goto(app, "timeseries", indicator="container_throughput")
    frame = grids(app)[0][1]
    flagged = frame[frame["value"] == "9,072"]
    assert len(flagged) == 1 and flagged["flag"].iloc[0].startswith("⚠"), frame
    assert "⚠" in "".join(next(iter(vega(app)[0][1].values()))["flag"])
    goto(app, "document", doc=seed_doc(app_warehouse))  # its 9072万标箱 mark carries the flag class
    assert 'class="flagged"' in "".join(el.proto.body for el in elements(app, "html"))
    app.toggle(key="hide_flagged").set_value(True).run()
    goto(app, "timeseries", indicator="container_throughput", hide_flagged="1")
    frame = grids(app)[0][1]
    assert "9,072" not in set(frame["value"]) and "已隐藏" in page_text(app)


def test_yancheng_gap_is_never_plotted_as_an_unflagged_gdp(app: AppTest) -> None:
    """盐城's "仅差9.59亿元" (the gap to 扬州) is no GDP: not in 盐城's GDP series, or there only with its ⚠."""
    goto(app, "timeseries", indicator="GDP", regions=["320900"])
    frame = grids(app)[0][1]
    gap = frame[frame["value"] == "9.59"]
    assert all(f.startswith("⚠") for f in gap["flag"])
    for _, sets in vega(app):
        data = next(iter(sets.values()))
        assert all(f.startswith("⚠") for f in data.loc[data["value"] == 9.59, "flag"])


def test_url_carries_region_indicator_filters_and_language(app: AppTest) -> None:
    goto(app, "benchmarks", region=QIDONG, indicator="GDP")
    assert app.selectbox(key="bm_region").value == QIDONG
    box = app.selectbox(key="bm_region")
    box.select_index(box.options.index("海安市")).run()  # AppTest lists the options as shown
    assert app.query_params["region"] in ([HAIAN], HAIAN), "the choice went back into the URL"
    goto(app, "targets", outcome=["missed"])
    frame = grids(app)[0][1]
    assert set(frame["outcome"]) == {"未达成"}
    assert app.multiselect(key="tg_outcome").value == ["missed"]
    # last: AppTest formats a widget's old value in the test thread's language, so a language switch goes at the end
    goto(app, "overview", "en")
    assert app.title[0].value == "Overview"


def test_search_finds_claims_indicators_and_documents(app: AppTest) -> None:
    goto(app, "search", q="南通第一")
    claims = next(frame for headers, frame in grids(app) if "说法" in headers)
    assert len(claims) and all("第一" in w for w in claims["claim_words"])
    goto(app, "search", q="集装箱")
    text = page_text(app)
    assert "凤山港集装箱吞吐量" in text
    docs = next(frame for headers, frame in grids(app) if "上下文" in headers)
    assert any("集装箱" in s for s in docs["snippet"])


def test_map_draws_the_prefecture_from_offline_boundaries(app: AppTest) -> None:
    goto(app, "map", prefecture=NANTONG)
    spec, _ = vega(app)[0]
    codes = {f["properties"]["region_code"] for f in spec["layer"][0]["data"]["values"]}
    assert codes == {"320612", "320613", "320614", "320623", "320681", "320682", "320685"}
    goto(app, "map", prefecture=NANTONG, colour="claims")
    statuses = {f["properties"]["status"] for f in vega(app)[0][0]["layer"][0]["data"]["values"]}
    assert "unverifiable" in statuses


def test_a_broken_warehouse_file_gets_a_plain_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "warehouse.duckdb"
    broken.write_bytes(b"this is not a database\n" * 100)
    monkeypatch.setenv("WAREHOUSE_PATH", str(broken))
    at = AppTest.from_file(str(ENTRY), default_timeout=60).run()
    assert not at.exception
    message = at.error[0].value
    assert "不是可读的 DuckDB 数据库" in message and "make pipeline" in message
    assert "IOException" not in message and "缺少表" not in message


def test_a_warehouse_without_marts_names_what_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "warehouse.duckdb"
    duckdb.connect(str(empty)).close()
    monkeypatch.setenv("WAREHOUSE_PATH", str(empty))
    at = AppTest.from_file(str(ENTRY), default_timeout=60).run()
    message = re.sub(r"\\(.)", r"\1", at.error[0].value)  # the Markdown escapes undone
    assert "fct_indicator_values" in message and "make pipeline" in message


def test_missing_warehouse_says_run_make_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "nope.duckdb"))
    at = AppTest.from_file(str(ENTRY), default_timeout=30).run()
    assert not at.exception
    assert "make pipeline" in at.error[0].value


def test_queries_bind_parameters_instead_of_splicing(app_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setenv("WAREHOUSE_PATH", str(app_warehouse))
    assert data.document_facts("x' or '1'='1").empty
    assert data.document("'; drop table dim_document; --")["text"] == ""
    assert data.search_documents("'; drop table dim_document; --").empty
    assert data.stats()["n_documents"] > 0


def test_the_app_reads_the_marts_it_names_and_nothing_else() -> None:
    """Every relation app/ queries is a mart in data.READS (no staging view, no intermediate); the exposure in
    models/_exposures.yml lists the same marts."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "app").rglob("*.py"))
    named = set(re.findall(r"\b(?:from|join)\s+((?:dim|fct|stg|int)_\w+)", code, re.IGNORECASE))
    assert named == set(data.READS), named ^ set(data.READS)
    assert all(r.startswith(("dim_", "fct_")) for r in data.READS)
    listed = set(re.findall(r"ref\(['\"]([a-z0-9_]+)['\"]\)",
                            (ROOT / "models" / "_exposures.yml").read_text(encoding="utf-8")))
    assert listed == set(data.READS), (f"exposure lacks {set(data.READS) - listed}, "
                                       f"lists unread {listed - set(data.READS)}")
