"""The derived check columns (ingest/checks.py) on small hand-built frames: no GX, fast."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from test_gate_support import DICTIONARY, REGIONS, batch, doc, fact

from ingest import checks
from ingest.checks import parse_period, region_checks, region_spells, region_verdict, report_window


@pytest.mark.parametrize(("code", "first", "last"), [
    ("2022FY", 1, 12), ("2022H1", 1, 6), ("2022H2", 7, 12), ("2023Q1", 1, 3), ("2023Q1-3", 1, 9),
    ("2023M5", 5, 5), ("2023M1-5", 1, 5), ("2023M11", 11, 11),
])
def test_period_codes_parse_to_months(code: str, first: int, last: int) -> None:
    p = parse_period(code)
    assert p is not None and (p.first_month, p.last_month) == (first, last)


@pytest.mark.parametrize("code", ["2022", "2022上半年", "2022H3", "2023Q3-1", "2023M13", "2023M5-1", "", None])
def test_bad_period_codes_do_not_parse(code: str | None) -> None:
    assert parse_period(code) is None


def test_period_regex_in_the_suites_agrees_with_the_parser() -> None:
    import json
    import re

    from ingest.gate import SUITES

    spec = json.loads((SUITES / "facts.json").read_text(encoding="utf-8"))
    regex = next(e["kwargs"]["regex"] for e in spec["expectations"] if e["meta"]["check"] == "period_valid")
    for code in ["2022FY", "2022H1", "2022H2", "2023Q1", "2023Q1-3", "2023M5", "2023M1-5", "2022", "2022H3", "2023M13"]:
        assert bool(re.match(regex, code)) == (parse_period(code) is not None), code


def test_haimen_district_does_not_exist_before_2020_06_05() -> None:
    spells = region_spells(REGIONS)
    ok, why = region_verdict("320614", report_window("2019FY", "2020-02-01"), spells)
    assert ok is False and why and "2020-06-05" in why
    assert region_verdict("320614", report_window("2020H1", "2020-07-20"), spells)[0] is True
    # A 2019 review published after the merger may still name 海门市: it speaks of 2019.
    assert region_verdict("320684", report_window("2019FY", "2020-07-20"), spells)[0] is True
    assert region_verdict("320684", report_window("2022H1", "2022-08-03"), spells)[0] is False


def test_unknown_region_code_and_bare_year_validity() -> None:
    spells = region_spells(REGIONS)
    window = report_window("2022FY", None)
    assert region_verdict("329999", window, spells) == (None, None)  # unknown: judged by region_known instead
    known, valid = region_checks(["329999", None, "320685"], [window] * 3, spells)
    assert known[1] == [False, None, True] and valid[1] == [None, None, True]
    assert "not in ref_regions" in known[2][0]
    # 320621 海安县: valid_from is the bare year 1983, valid_to 2018-02-22.
    assert region_verdict("320621", (date(1990, 1, 1), date(1990, 12, 31)), spells)[0] is True
    assert region_verdict("320621", (date(2019, 1, 1), date(2019, 12, 31)), spells)[0] is False


def _derived_facts(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    return checks.derive(tables)["facts"]


def test_text_must_be_found_in_its_document() -> None:
    d = doc("d1", "海安市2022年上半年报告。全市实现地区生产总值684.66亿元，同比增长5.2%。")
    tables = batch([d], [fact(d, "level", "地区生产总值684.66亿元", 684.66, "亿元"),
                         fact(d, "growth", "增长5.2%", 5.2, "%"),
                         fact(d, "level", "地区生产总值999亿元", 999, "亿元", text_override=True)])
    f = _derived_facts(tables)
    assert f["ok_text_in_document"].to_list() == [True, True, False]
    assert "does not occur" in f["why_text_in_document"][2]


def test_container_throughput_outside_the_county_range_is_implausible() -> None:
    """The seed's 凤山港集装箱吞吐量9072万标箱 for a half year: 90.7 million TEU at a county river port."""
    d = doc("d1", "海安市2022年上半年报告。凤山港集装箱吞吐量9072万标箱。", period="2022H1")
    tables = batch([d], [fact(d, "level", "凤山港集装箱吞吐量9072万标箱", 9072, "万标箱", code="port_container_teu",
                               value_base=9072e4, unit_base="标箱")])
    f = _derived_facts(tables)
    assert f["ok_plausible_range"].to_list() == [False]
    assert "county" in f["why_plausible_range"][0] and "90720000" in f["why_plausible_range"][0]


def test_a_change_or_another_variant_of_a_level_is_not_held_to_the_level_range() -> None:
    """'比上年末增加3000人' is a change of the population, not a population of 3,000: the level's range says nothing
    about it; the same figure as a plain level is still implausible."""
    d = doc("d1", "某县2022年报告。年末常住人口比上年末增加0.3万人。常住人口0.3万人。", period="2022FY")
    change = fact(d, "level", "比上年末增加0.3万人", 0.3, "万人", code="population", value_base=3000,
                  unit_base="人", indicator="常住人口")
    plain = fact(d, "level", "常住人口0.3万人", 0.3, "万人", code="population", value_base=3000, unit_base="人")
    tables = batch([d], [{**change, "measure": "abs_change"}, plain])
    f = _derived_facts(tables)
    assert f["ok_plausible_range"].to_list() == [None, False]
    assert f["ok_unit_matches_dictionary"].to_list() == [True, True]


def test_half_year_flow_scales_only_the_minimum() -> None:
    # GDP county range 1e10..5e11 yuan full-year: a half-year 6e9 is plausible (minimum halved), 6e11 is not.
    d = doc("d1", "海安市2022年上半年报告。地区生产总值60亿元。地区生产总值6000亿元。", period="2022H1")
    tables = batch([d], [fact(d, "level", "地区生产总值60亿元", 60, "亿元", code="GDP", value_base=6e9, unit_base="元"),
                         fact(d, "level", "地区生产总值6000亿元", 6000, "亿元", code="GDP", value_base=6e11,
                              unit_base="元")])
    assert _derived_facts(tables)["ok_plausible_range"].to_list() == [True, False]


def test_unit_of_another_kind_than_the_dictionary_is_flagged() -> None:
    d = doc("d1", "海安市2022年上半年报告。地区生产总值684万吨。", period="2022H1")
    tables = batch([d], [fact(d, "level", "地区生产总值684万吨", 684, "万吨", code="GDP", value_base=684e4,
                               unit_base="吨")])
    f = _derived_facts(tables)
    assert f["ok_unit_matches_dictionary"].to_list() == [False]
    assert f["ok_plausible_range"].to_list() == [None]


def test_part_larger_than_its_whole() -> None:
    d = doc("d1", "海安市2022年上半年报告。固定资产投资300亿元，其中工业投资400亿元。", period="2022H1")
    tables = batch([d], [
        fact(d, "level", "固定资产投资300亿元", 300, "亿元", code="fixed_asset_investment", value_base=3e10,
             unit_base="元"),
        fact(d, "level", "工业投资400亿元", 400, "亿元", code="industrial_investment", value_base=4e10, unit_base="元"),
    ])
    f = _derived_facts(tables)
    assert f["ok_part_within_whole"].to_list() == [None, False]
    assert "固定资产投资" in f["why_part_within_whole"][1]


def test_half_year_larger_than_full_year_across_documents_of_the_same_region() -> None:
    h1 = doc("h1", "海安市2022年上半年报告。凤山港集装箱吞吐量9072万标箱。", period="2022H1", published="2022-08-03")
    fy = doc("fy", "海安市2022年报告。凤山港集装箱吞吐量2.1万标箱。", period="2022FY", published="2023-01-13")
    other = doc("hm", "海门区2022年报告。凤山港集装箱吞吐量1万标箱。", period="2022FY", region=("海门区", "320614"))
    tables = batch([h1, fy, other], [
        fact(h1, "level", "凤山港集装箱吞吐量9072万标箱", 9072, "万标箱"),
        fact(fy, "level", "凤山港集装箱吞吐量2.1万标箱", 2.1, "万标箱"),
        fact(other, "level", "凤山港集装箱吞吐量1万标箱", 1, "万标箱"),
    ])
    f = _derived_facts(tables).sort("fact_id")
    by_doc = dict(zip(f["doc_id"].to_list(), f["ok_within_longer_period"].to_list(), strict=True))
    assert by_doc == {"h1": False, "fy": None, "hm": None}
    why = f.filter(pl.col("doc_id") == "h1")["why_within_longer_period"][0]
    assert "2.1万标箱" in why and "2022FY" in why


def test_stocks_are_not_compared_across_periods() -> None:
    h1 = doc("h1", "海安市2022年上半年报告。常住人口120万人。", period="2022H1", published="2022-08-03")
    fy = doc("fy", "海安市2022年报告。常住人口110万人。", period="2022FY", published="2023-01-13")
    tables = batch([h1, fy], [
        fact(h1, "level", "常住人口120万人", 120, "万人", code="population", value_base=1.2e6, unit_base="人"),
        fact(fy, "level", "常住人口110万人", 110, "万人", code="population", value_base=1.1e6, unit_base="人"),
    ])
    assert _derived_facts(tables)["ok_within_longer_period"].to_list() == [None, None]


def test_growth_contradicting_an_earlier_report_flags_the_later_one() -> None:
    early = doc("a", "海安市2022年上半年报告。地区生产总值增长5.2%。", period="2022H1", published="2022-07-20")
    late = doc("b", "海安市2022年上半年情况。地区生产总值增长6.0%。", period="2022H1", published="2022-08-03")
    same = doc("c", "海安市2022年上半年简报。地区生产总值增长5.25%。", period="2022H1", published="2022-09-01")
    tables = batch([early, late, same], [
        fact(early, "growth", "增长5.2%", 5.2, "%", code="GDP"),
        fact(late, "growth", "增长6.0%", 6.0, "%", code="GDP"),
        fact(same, "growth", "增长5.25%", 5.25, "%", code="GDP"),
    ])
    f = _derived_facts(tables).sort("doc_id")
    assert f["ok_growth_consistent"].to_list() == [None, False, False]
    assert "5.2%" in f["why_growth_consistent"][1] and "a-0001" in f["why_growth_consistent"][1]


def test_derive_survives_a_batch_with_wrong_types_and_missing_columns() -> None:
    d = doc("d1", "海安市2022年上半年报告。地区生产总值684.66亿元。")
    tables = batch([d], [fact(d, "level", "地区生产总值684.66亿元", 684.66, "亿元")])
    tables["facts"] = tables["facts"].with_columns(pl.col("value").cast(pl.String)).drop("sentence")
    out = checks.derive(tables)
    assert out["facts"].height == 1 and "sentence" not in out["facts"].columns


def test_dictionary_fixture_matches_the_seed_header() -> None:
    from ingest.dictionary import COLUMNS

    assert tuple(DICTIONARY.columns) == COLUMNS
