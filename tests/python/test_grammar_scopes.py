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

from grammar_support import extract_text, of
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ingest.model import Fact
from ingest.regions import Region, gazetteer

SETTINGS = settings(max_examples=int(os.environ.get("GRAMMAR_EXAMPLES", "40")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
DAY = date(2023, 12, 31)
INDICATORS = ["地区生产总值", "规模以上工业增加值", "一般公共预算收入", "固定资产投资", "社会消费品零售总额",
              "外贸进出口总额", "城镇居民人均可支配收入", "农村居民人均可支配收入"]
CN = "一二三四五六七八九十"


@cache
def _short_name_counts() -> dict[str, int]:
    """How many provinces and prefecture-level units bear each short name (a name only one bears is unambiguous)."""
    shorts: dict[str, int] = {}
    for r in gazetteer().live(DAY):
        if r.tier in ("province", "prefecture") and r.short_name:
            shorts[r.short_name] = shorts.get(r.short_name, 0) + 1
    return shorts


@cache
def county_units() -> tuple[tuple[Region, Region, Region], ...]:
    """(county-level unit, its prefecture city, its province), drawn from every province of the dictionary: units
    whose prefecture's short name is no other prefecture-level unit's or province's."""
    gaz = gazetteer()
    live = gaz.live(DAY)
    shorts = _short_name_counts()
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


def _shared_province_short(prov: Region) -> bool:
    """吉林: the province's short name is a prefecture's too (an ambiguous name the tests leave out)."""
    return any(p.short_name == prov.short_name for p in gazetteer().live(DAY) if p.tier == "prefecture")


units = st.sampled_from(range(300)).map(lambda i: county_units()[i])
indicators = st.sampled_from(INDICATORS)
rates = st.integers(1, 300).map(lambda n: n / 10)
ranks = st.integers(1, 10)


def run(text: str, r: Region) -> list[Fact]:
    return extract_text(text, region=r.name, level=r.level, code=r.code)


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
    if _shared_province_short(prov):
        del words[prov.short_name]  # (吉林: the province's and a city's short name, an ambiguous benchmark)
    bench = data.draw(st.sampled_from(sorted(words)))
    facts = run(f"{name}增长{rate}%,高于{bench}平均水平{gap}个百分点。", r)
    (c,) = of(facts, "comparison")
    assert (c.indicator, c.benchmark, c.relation, c.gap) == (name, words[bench], "higher", gap)
    (p,) = of(facts, "pp_change")
    assert (p.indicator, p.value) == (name, gap)


# ---------------------------------------------------------------- the claimant and its own figure


@cache
def provinces_with_cities() -> tuple[tuple[Region, tuple[Region, ...]], ...]:
    """(province, its prefecture cities whose short names no other province or prefecture-level unit has) for
    provinces with at least three such cities."""
    gaz = gazetteer()
    live = gaz.live(DAY)
    shorts = _short_name_counts()
    out = []
    for prov in gaz.provinces:
        if not prov.valid_at(DAY) or prov.name.endswith("市"):
            continue
        cities = tuple(r for r in live if r.province_code == prov.code and r.level == "prefecture_city"
                       and len(r.short_name) >= 2 and shorts.get(r.short_name) == 1)
        if len(cities) >= 3:
            out.append((prov, cities))
    return tuple(out)


provinces = st.sampled_from(range(20)).map(lambda i: provinces_with_cities()[i % len(provinces_with_cities())])
amounts = st.integers(1000, 99999).map(lambda n: n / 10)


@SETTINGS
@given(provinces, amounts, ranks, st.data())
def test_a_figure_before_its_claim_is_the_claimants(prov: tuple[Region, tuple[Region, ...]], value: float,
                                                    rank: int, data: st.DataObject) -> None:
    """'苏州以23958亿元位居全省第一', '…以23958亿元的经济总量继续稳坐全省第一的位次'."""
    province, cities = prov
    city = data.draw(st.sampled_from(cities))
    form = data.draw(st.sampled_from(["{c}以{v}亿元位居全省第{n}",
                                      "“最强地级市”{c}以{v}亿元的经济总量继续稳坐全省第{n}的位次"]))
    facts = run(form.format(c=city.short_name, v=value, n=CN[rank - 1]) + "。", province)
    (c,) = of(facts, "ranking")
    assert (c.region, c.scope, c.rank, c.value, c.unit) == (city.name, province.name, rank, value, "亿元")
    (level,) = of(facts, "level")
    assert (level.region, level.value) == (city.name, value)


@SETTINGS
@given(provinces, amounts, amounts, ranks, st.data())
def test_in_a_city_list_each_claim_carries_its_own_citys_figure(prov: tuple[Region, tuple[Region, ...]], a: float,
                                                                b: float, rank: int, data: st.DataObject) -> None:
    """'宿迁GDP达到4112亿元,逆袭超过连云港的4005亿元,位居全省第十二': 宿迁's claim with 宿迁's 4112, 连云港's 4005
    filed under 连云港."""
    province, cities = prov
    first, other = data.draw(st.lists(st.sampled_from(cities), min_size=2, max_size=2, unique=True))
    verb = data.draw(st.sampled_from(["逆袭超过", "超过", "反超"]))
    text = f"{first.short_name}GDP达到{a}亿元,{verb}{other.short_name}的{b}亿元,位居全省第{CN[rank - 1]}。"
    facts = run(text, province)
    (c,) = of(facts, "ranking")
    assert (c.region, c.indicator, c.rank, c.value) == (first.name, "地区生产总值", rank, a)
    assert sorted((f.region or "", f.value) for f in of(facts, "level")) == sorted(
        [(first.name, a), (other.name, b)])


@SETTINGS
@given(units, amounts, ranks, st.sampled_from(["下辖区划", "各县(市、区)", "所辖县(市)", "9个县市区"]))
def test_a_position_among_a_prefectures_units_ranks_the_sentences_figure(
        unit: tuple[Region, Region, Region], value: float, rank: int, cls: str) -> None:
    """'实现地区生产总值1479.31亿元,在南通市下辖区划中位列第四'."""
    r, pref, _prov = unit
    facts = run(f"全年实现地区生产总值{value}亿元,在{pref.name}{cls}中位列第{CN[rank - 1]}。", r)
    (c,) = of(facts, "ranking")
    assert (c.indicator, c.scope, c.scope_class, c.rank, c.value) == ("地区生产总值", pref.name, cls, rank, value)


@SETTINGS
@given(provinces, st.integers(2, 99), st.integers(100, 9999), st.data())
def test_the_claimant_of_a_first_or_only_is_the_place_the_clause_names(
        prov: tuple[Region, tuple[Region, ...]], mark: int, value: float, data: st.DataObject) -> None:
    """'苏州是省内唯一GDP突破2万亿元的城市', '苏州下辖的昆山全市完成地区生产总值5006.7亿元,成为全国首个GDP突破5000亿元
    的县级市': the place named, not the report's province."""
    province, cities = prov
    city = data.draw(st.sampled_from(cities))
    (c,) = of(run(f"{city.short_name}是省内唯一GDP突破{mark}千亿元的城市。", province), "ranking")
    assert (c.region, c.scope, c.claim) == (city.name, province.name, "唯一")
    assert c.indicator is not None and c.indicator.startswith("GDP突破")
    children = [r for r in gazetteer().live(DAY) if r.parent_code == city.code and r.level == "county_level_city"
                and len(r.short_name) >= 2]
    if not children:
        return
    child = data.draw(st.sampled_from(children))
    facts = run(f"2023年{city.short_name}下辖的{child.short_name}全市完成地区生产总值{value}亿元,"
                f"成为全国首个GDP突破{mark}00亿元的县级市。", province)
    (level,) = [f for f in of(facts, "level") if f.value == value]
    assert (level.region, level.indicator) == (child.name, "地区生产总值")
    (c,) = of(facts, "ranking")
    assert (c.region, c.scope, c.claim) == (child.name, "全国", "首个")


@SETTINGS
@given(units, st.integers(2, 30), st.integers(2, 40), st.sampled_from(["最多", "最高"]))
def test_a_places_superlative_names_the_figure_after_it(unit: tuple[Region, Region, Region], n: int, k: int,
                                                        word: str) -> None:
    """'百强县分布在全国19个省区,其中江苏最多,达到23个': 23 is the province's count, 19 no figure of anyone's."""
    r, _pref, prov = unit
    assume(not _shared_province_short(prov))
    facts = run(f"据了解,全国县域经济百强县分布在全国{n}个省区,其中{prov.short_name}{word},达到{k}个。", r)
    assert [(f.type, f.region, f.value, f.indicator) for f in facts] == [
        ("level", prov.name, k, "全国县域经济百强县")]
