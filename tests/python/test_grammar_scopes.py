"""Scopes and benchmarks of claims and comparisons, for reports of any province: generated from the national region
dictionary (county-level units of every province and their prefectures), with the scope words, classes of units and
groupings the genre writes. A user relies on a claim being checked against the right peers: 全省 is the report's
province, a named prefecture is that prefecture with the class of its units kept, a grouping that is no unit stays as
written, and 全区 in an autonomous region's county is the region."""

from __future__ import annotations

import os
import random
from datetime import date
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.extract import extract
from ingest.model import Document, Fact
from ingest.regions import Region, gazetteer

SETTINGS = settings(max_examples=int(os.environ.get("GRAMMAR_EXAMPLES", "40")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
DAY = date(2023, 12, 31)
INDICATORS = ["地区生产总值", "规模以上工业增加值", "一般公共预算收入", "固定资产投资", "社会消费品零售总额",
              "外贸进出口总额", "城镇居民人均可支配收入", "农村居民人均可支配收入"]
CN = "一二三四五六七八九十"


@cache
def county_units() -> tuple[tuple[Region, Region, Region], ...]:
    """(county-level unit, its prefecture city, its province), drawn from every province of the dictionary: units
    whose prefecture's short name is no other prefecture-level unit's or province's."""
    gaz = gazetteer()
    live = gaz.live(DAY)
    shorts: dict[str, int] = {}
    for r in live:
        if r.tier in ("province", "prefecture") and r.short_name:
            shorts[r.short_name] = shorts.get(r.short_name, 0) + 1
    out = []
    for r in live:
        if r.tier != "county" or r.level == "functional_zone" or not r.prefecture_code:
            continue
        pref, prov = gaz.at(r.prefecture_code, DAY), gaz.at(r.province_code, DAY)
        if (pref is None or prov is None or pref.level != "prefecture_city" or len(pref.short_name) < 2
                or shorts.get(pref.short_name) != 1 or pref.code == r.code):
            continue
        out.append((r, pref, prov))
    return tuple(random.Random(5).sample(out, 300))


units = st.sampled_from(range(300)).map(lambda i: county_units()[i])
indicators = st.sampled_from(INDICATORS)
rates = st.integers(1, 300).map(lambda n: n / 10)
ranks = st.integers(1, 10)


def run(text: str, r: Region) -> list[Fact]:
    doc = Document(doc_id="t", text=text, region=r.name, region_level=r.level, region_code=r.code, period="2023FY",
                   doc_type="stats_communique")
    facts = extract(doc)
    for f in facts:
        assert f.text == text[f.start : f.end]
    return facts


def of(facts: list[Fact], type_: str) -> list[Fact]:
    return [f for f in facts if f.type == type_]


@SETTINGS
@given(units, indicators, rates, ranks, st.sampled_from([
    ("各县(市、区)", "各县(市、区)"), ("各县（市、区）", "各县(市、区)"), ("各县级市", "各县级市"), ("县域", "县域"),
    ("所辖县(市)", "所辖县(市)"), ("十个县市区中", "十个县市区"), ("各区县", "各区县"), ("", None)]),
    st.sampled_from([("第{n}", "n"), ("第{n}位", "n"), ("首位", 1), ("前列", None)]))
def test_a_named_prefecture_with_a_class_of_its_units(unit: tuple[Region, Region, Region], name: str, rate: float,
                                                      rank: int, tail: tuple[str, str | None],
                                                      claim: tuple[str, object]) -> None:
    r, pref, _prov = unit
    written, expected = claim
    text = f"{name}增长{rate}%,增速居{pref.short_name}{tail[0]}{written.format(n=CN[rank - 1])}。"
    (c,) = of(run(text, r), "ranking")
    want_rank = rank if expected == "n" else expected
    assert (c.indicator, c.scope, c.rank, c.scope_class) == (name + "增速", pref.name, want_rank, tail[1])
    assert c.value == rate  # the claimant's own figure, stated before it


@SETTINGS
@given(units, indicators, rates, ranks, st.sampled_from(["七县(市)", "各县(市、区)", "9个县市区"]))
def test_the_own_city_with_a_class_of_counties_is_the_prefecture(unit: tuple[Region, Region, Region], name: str,
                                                                 rate: float, rank: int, cls: str) -> None:
    """'全市七县(市)第二': even in a county-level city's own report, where 全市 alone is the city itself."""
    r, pref, _prov = unit
    (c,) = of(run(f"{name}增长{rate}%,居全市{cls}第{CN[rank - 1]}。", r), "ranking")
    assert (c.scope, c.rank, c.scope_class) == (pref.name, rank, cls)


@SETTINGS
@given(units, indicators, ranks, st.sampled_from([
    ("全国县级市", "县级市"), ("全国县域", "县域"), ("全国", None), ("中国", None), ("全国百强县", None)]))
def test_a_class_of_the_countrys_units_is_the_country(unit: tuple[Region, Region, Region], name: str, rank: int,
                                                      scope: tuple[str, str | None]) -> None:
    r, _pref, _prov = unit
    if scope[0] == "全国百强县":
        (c,) = of(run(f"{name}跻身{scope[0]}。", r), "ranking")
        assert (c.scope, c.rank) == ("全国", None)
        return
    (c,) = of(run(f"{name}总量位居{scope[0]}第{CN[rank - 1]}。", r), "ranking")
    assert (c.indicator, c.scope, c.rank, c.scope_class) == (name + "总量", "全国", rank, scope[1])


@SETTINGS
@given(units, indicators, rates, ranks, st.sampled_from([
    ("川东北", None), ("苏北五市", "五市"), ("长三角", None), ("珠三角城市", "城市"), ("中西部地区", None),
    ("长江以北县级城市", "县级城市"), ("粤东西北", None), ("同类城市", None), ("东部地区", None)]))
def test_a_grouping_that_is_no_unit_stays_as_written(unit: tuple[Region, Region, Region], name: str, rate: float,
                                                     rank: int, group: tuple[str, str | None]) -> None:
    r, _pref, _prov = unit
    (c,) = of(run(f"{name}增长{rate}%,增速居{group[0]}第{CN[rank - 1]}。", r), "ranking")
    assert (c.indicator, c.scope, c.rank, c.scope_class) == (name + "增速", group[0], rank, group[1])


@SETTINGS
@given(units, indicators, rates, st.integers(1, 99).map(lambda n: n / 10), st.data())
def test_a_benchmark_is_the_reports_own_province_or_prefecture(unit: tuple[Region, Region, Region], name: str,
                                                              rate: float, gap: float, data: st.DataObject) -> None:
    r, pref, prov = unit
    words = {"全省": prov.name, prov.short_name: prov.name, pref.short_name: pref.name, "全国": "全国"}
    if prov.name.endswith("自治区"):  # (a district calls itself 全区: the region only by name there)
        words = {prov.short_name: prov.name, pref.short_name: pref.name, "全国": "全国"}
        if r.level != "district":
            words["全区"] = prov.name
    if r.level == "county" and r.name.endswith("县"):
        words["全市"] = pref.name
    if any(p.short_name == prov.short_name for p in gazetteer().live(DAY) if p.tier == "prefecture"):
        del words[prov.short_name]  # (吉林: the province's and a city's short name, an ambiguous benchmark)
    bench = data.draw(st.sampled_from(sorted(words)))
    facts = run(f"{name}增长{rate}%,高于{bench}平均水平{gap}个百分点。", r)
    (c,) = of(facts, "comparison")
    assert (c.indicator, c.benchmark, c.relation, c.gap) == (name, words[bench], "higher", gap)
    (p,) = of(facts, "pp_change")
    assert (p.indicator, p.value) == (name, gap)
