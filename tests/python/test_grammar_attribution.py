"""Each fact's own region and period (#13 item 4), for county-level units drawn from the national dictionary: a
clause about the province (全省实现…), the prefecture by name (永州市规模以上工业增加值…) or a peer is filed under
that unit, and back under the report's own unit when the clause names it; another year (上年, 2015年) or a plan
period ("十三五"期间) is the fact's period; a group of units is no unit's."""

from __future__ import annotations

import os
import random
from datetime import date
from functools import cache

from grammar_support import extract_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.model import Fact
from ingest.regions import Region, gazetteer

# (GRAMMAR_EXAMPLES=300 for a longer search)
SETTINGS = settings(max_examples=int(os.environ.get("GRAMMAR_EXAMPLES", "40")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
WHEN = date(2022, 12, 31)
rates = st.integers(1, 300).map(lambda n: n / 10)
amounts = st.integers(10, 99999)


@cache
def counties() -> list[tuple[Region, Region, Region]]:
    """(county-level unit, its prefecture, its province) in force at the end of 2022: a fixed sample of 300."""
    gaz = gazetteer()
    out = []
    for r in gaz.live(WHEN):
        if r.level not in ("county", "county_level_city") or not r.prefecture_code or not r.short_name:
            continue
        pref, prov = gaz.at(r.prefecture_code, WHEN), gaz.at(r.province_code, WHEN)
        if pref is None or prov is None or not pref.short_name or pref.level != "prefecture_city":
            continue
        if r.short_name == pref.short_name:
            continue  # ('衡阳' in a 衡阳县 report: the county or the city? the text does not say)
        out.append((r, pref, prov))
    return random.Random(14).sample(out, 300)


units = st.sampled_from(list(range(300)))


def run(text: str, i: int) -> list[Fact]:
    county = counties()[i][0]
    return extract_text(text, region=county.name, level=county.level, code=county.code, period="2022FY")


def where(facts: list[Fact]) -> list[tuple[str, float | None, str | None, str | None]]:
    return [(f.type, f.value, f.region, f.period) for f in facts]


@SETTINGS
@given(units, amounts, rates)
def test_the_provinces_own_total(i: int, level: int, rate: float) -> None:
    county, _pref, prov = counties()[i]
    facts = run(f"全县地区生产总值增长6.5%。全省实现地区生产总值{level}亿元,增长{rate}%。", i)
    assert where(facts) == [("growth", 6.5, county.name, "2022FY"), ("level", level, prov.name, "2022FY"),
                            ("growth", rate, prov.name, "2022FY")]


@SETTINGS
@given(units, rates, rates, st.booleans())
def test_the_prefecture_by_name_then_the_unit_itself(i: int, a: float, b: float, full: bool) -> None:
    county, pref, _prov = counties()[i]
    text = f"{pref.name if full else pref.short_name}规模以上工业增加值增长{a}%,{county.short_name}增长{b}%。"
    assert where(run(text, i)) == [("growth", a, pref.name, "2022FY"), ("growth", b, county.name, "2022FY")]


@SETTINGS
@given(units, rates, amounts)
def test_other_years_are_the_facts_own(i: int, rate: float, level: int) -> None:
    county = counties()[i][0]
    facts = run(f"上年全县地区生产总值增长{rate}%。2015年全县地区生产总值为{level}亿元。", i)
    assert where(facts) == [("growth", rate, county.name, "2021FY"), ("level", level, county.name, "2015FY")]


@SETTINGS
@given(units, amounts, st.sampled_from([("十二五", "2015FY"), ("十三五", "2020FY")]))
def test_a_five_year_plans_total(i: int, level: int, plan: tuple[str, str]) -> None:
    (f,) = run(f"“{plan[0]}”期间累计完成固定资产投资{level}亿元。", i)
    assert (f.indicator, f.value, f.period, f.measure) == ("固定资产投资", level, plan[1], "cumulative")


@SETTINGS
@given(units, rates, st.sampled_from(["全市各县(市、区)", "全省各县(市)", "全市下辖7个县市"]))
def test_a_group_of_units_is_no_units(i: int, rate: float, group: str) -> None:
    assert run(f"{group}地区生产总值均增长{rate}%以上。", i) == []


@SETTINGS
@given(units, rates)
def test_a_province_or_city_inside_a_name_is_no_subject(i: int, rate: float) -> None:
    county, pref, prov = counties()[i]
    text = f"{prov.short_name}{pref.short_name}产业园区管委会挂牌成立,新增规上工业企业12家,增长{rate}%。"
    assert {f.region for f in run(text, i)} == {county.name}


@SETTINGS
@given(units, st.integers(1, 12), rates, st.sampled_from(["月份", "月"]), st.sampled_from(["末", "底"]),
       st.sampled_from(["规模以上工业增加值", "固定资产投资", "社会消费品零售总额"]))
def test_a_clause_opened_by_one_month_is_that_months(i: int, month: int, rate: float, word: str, end: str,
                                                    name: str) -> None:
    """'6月份,…增长4.3%' is June's figure, not the report's period's; '6月末,…余额…' is a stock at a date inside it."""
    text = f"全年{name}增长{rate}%。{month}{word},{name}增长{rate}%。{month}{end},各项贷款余额{int(rate * 10)}亿元。"
    facts = run(text, i)
    assert [f.period for f in facts if f.type in ("growth", "level")] == ["2022FY", f"2022M{month}", "2022FY"]


@SETTINGS
@given(units, st.integers(2015, 2021), st.integers(1, 11), st.integers(2, 30), st.sampled_from(["截至", "截止"]))
def test_a_stock_at_a_date_of_another_year_is_that_years(i: int, year: int, month: int, n: int, word: str) -> None:
    """'截至2019年末,…' in a report on 2022: that year's stock; '截至2019年4月': that month's; the report's own year
    ('截至2022年6月末') stays the report's period."""
    text = (f"{word}{year}年末,全县拥有AAA级旅游景区{n}家。{word}{year}年{month}月,全县拥有星级酒店{n}家。"
            f"{word}2022年{month}月末,全县拥有A级旅游景区{n}家。")
    facts = run(text, i)
    assert [f.period for f in facts if f.type == "level"] == [f"{year}FY", f"{year}M{month}", "2022FY"]


@SETTINGS
@given(units, st.integers(2, 30), st.integers(2, 30), st.sampled_from(["镇", "乡"]))
def test_units_counted_after_a_list_are_the_units(i: int, a: int, b: int, town: str) -> None:
    """'辖3个街道、11个镇': a count of 镇, never a figure of the subject named before it."""
    facts = run(f"全县常住人口40.8万人。全县辖{a}个街道、{b}个{town}。", i)
    assert [(f.indicator, f.value) for f in facts] == [("常住人口", 40.8), ("街道", a), (town, b)]
