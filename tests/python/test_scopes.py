"""Scopes and places relative to the reporting unit, for any province: 全省 / 全市 / 全区 / 全县 / 全州 resolve from the
document's own unit, named scopes to that unit, classes stay as written; the places a report can name come from its
own province (no Jiangsu default)."""

from __future__ import annotations

import random
from datetime import date

import pytest

from ingest.extract import extract
from ingest.extract.regions import (
    COUNTRY_CODE,
    COUNTY_LEVEL,
    COUNTY_LEVEL_CITY,
    COUNTY_OR_CITY,
    PREFECTURE,
    Scope,
    Unit,
    benchmark_words,
    find_places,
    is_other_place,
    reporting_unit,
    scope_label,
    scope_of,
)
from ingest.model import Document
from ingest.regions import Region, gazetteer


def resolve_scope(word: str, unit: Unit) -> str | None:
    """What a fact stores for a scope word in this unit's report, as the extractor asks for it."""
    return scope_label(scope_of(word, unit), word)


def unit_of(code: str, period: str = "2023FY"):  # type: ignore[no-untyped-def]
    region = gazetteer().at(code, date(int(period[:4]), 12, 31))
    assert region is not None
    return reporting_unit(Document(doc_id="t", text="", region=region.name, region_code=code,
                                   region_level=region.level, period=period))


@pytest.mark.parametrize(("code", "word", "scope"), [
    ("331122", "全省", "浙江省"), ("331122", "全市", "丽水市"), ("331122", "全县", "缙云县"),  # a Zhejiang county
    ("331122", "浙江全省", "浙江省"), ("331122", "苏州", "苏州市"), ("331122", "丽水", "丽水市"),
    ("420581", "全市", "宜都市"), ("420581", "全省", "湖北省"),  # a county-level city is its own 全市
    ("310115", "全市", "上海市"), ("310115", "全区", "浦东新区"),  # a municipality's district
    ("150400", "全区", "内蒙古自治区"), ("150400", "全市", "赤峰市"),  # a city of an autonomous region
    ("450722", "全区", "广西壮族自治区"), ("450722", "全市", "钦州市"), ("450722", "全县", "浦北县"),
    ("411702", "全区", "驿城区"), ("411702", "全市", "驻马店市"), ("411702", "全省", "河南省"),
    ("532900", "全州", "大理白族自治州"), ("532900", "全省", "云南省"),  # an autonomous prefecture
    ("513401", "全州", "凉山彝族自治州"), ("513401", "全市", "西昌市"),  # its seat
    ("653200", "全地区", "和田地区"), ("653200", "全区", "新疆维吾尔自治区"),
    ("520000", "全省", "贵州省"), ("520000", "省内", "贵州省"),
    ("130400", "全国", "全国"), ("130400", "国内", "全国"),
    # a class of the country's units is the country (scope_of keeps the class); groupings stay as written
    ("130400", "全国县域", "全国"), ("130400", "同类城市", "同类城市"), ("320685", "苏北五市", "苏北五市"),
    ("320685", "苏中", "苏中"),
])
def test_scope_words_resolve_from_the_document(code: str, word: str, scope: str) -> None:
    assert resolve_scope(word, unit_of(code)) == scope


def _sample_units(n: int) -> list[Region]:
    rng = random.Random(7)
    live = [r for r in gazetteer().live(date(2023, 12, 31)) if r.tier == "county" and r.level != "functional_zone"]
    return rng.sample(live, n)


@pytest.mark.parametrize("region", _sample_units(40), ids=lambda r: f"{r.name}{r.code}")
def test_every_county_level_unit_gets_its_own_province_and_prefecture(region: Region) -> None:
    gaz = gazetteer()
    day = date(2023, 12, 31)
    unit = unit_of(region.code)
    province = gaz.at(region.province_code, day)
    assert province is not None
    assert resolve_scope("全省", unit) == province.name
    prefecture = gaz.at(region.prefecture_code, day) if region.prefecture_code else None
    if region.level == "county_level_city":
        assert resolve_scope("全市", unit) == region.name
    elif prefecture is not None and prefecture.name.endswith("市"):
        assert resolve_scope("全市", unit) == prefecture.name
    if region.level == "county" and region.name.endswith("县"):
        assert resolve_scope("全县", unit) == region.name
    # its own name and its ancestors are never "another place"
    assert not is_other_place(region.name, unit)
    assert not is_other_place(province.name, unit)


def test_places_are_the_documents_province_not_a_default() -> None:
    zhejiang = unit_of("331122")  # 缙云县, 丽水
    found = [full for _, _, full in find_places("丽水、杭州、温州和莲都、龙泉增速居前。", zhejiang)]
    assert found == ["丽水市", "杭州市", "温州市", "莲都区", "龙泉市"]
    assert find_places("海安、如皋", zhejiang) == []  # Nantong's counties are no Zhejiang report's places
    nantong = unit_of("320685", "2022FY")
    assert [full for _, _, full in find_places("海安、如皋、启东", nantong)] == ["海安市", "如皋市", "启东市"]


@pytest.mark.parametrize(("code", "text"), [
    ("440000", "加快发展战略性新兴产业,擘画宏伟蓝图,指明前进方向。"),  # 新兴县 is in Guangdong, far from the lead
    ("320685", "上海交大海安研究院获评,海安南京大学高新技术研究院落地,滨海新区富港产业园开工。"),
    ("130000", "雄安新区投资同比增长12.8%。"),  # 安新县 is a county of 保定, not part of 雄安新区's name
    ("230000", "黑龙江省实现地区生产总值14879.2亿元。"),  # not 龙江县
])
def test_words_and_other_names_are_not_places(code: str, text: str) -> None:
    unit = unit_of(code)
    assert [full for _, _, full in find_places(text, unit) if is_other_place(full, unit)] == []


def test_a_fact_about_a_city_of_the_province_is_filed_under_it() -> None:
    doc = Document(doc_id="t", text="深圳社会消费品零售总额达1.06万亿元,增长7.8%。", region="广东省",
                   region_code="440000", region_level="province", period="2023FY")
    facts = [f for f in extract(doc) if f.type == "level"]
    assert [(f.region, f.region_code) for f in facts] == [("深圳市", "440300")]


def test_a_ranking_in_another_province_is_scoped_to_that_province() -> None:
    doc = Document(doc_id="t", text="规模以上工业增加值增长9.8%,增速居全省第一。", region="邯郸市",
                   region_code="130400", region_level="prefecture_city", period="2024FY")
    (rank,) = [f for f in extract(doc) if f.type == "ranking"]
    assert (rank.scope, rank.rank) == ("河北省", 1)


def test_documents_of_one_era_share_one_set_of_places() -> None:
    from ingest.extract.regions import places_at

    nantong = ("320000", "320600")
    assert places_at(date(2022, 1, 3), *nantong) is places_at(date(2022, 11, 30), *nantong)
    before, after = places_at(date(2020, 6, 4), *nantong), places_at(date(2020, 6, 5), *nantong)
    assert before is not after  # 海门市 became 海门区 that day
    assert (before.full("海门"), after.full("海门")) == ("海门市", "海门区")


# ---------------------------------------------------------------- 全区 in an autonomous region

DAY = date(2023, 12, 31)


def _autonomous_region_units() -> list[Region]:
    gaz = gazetteer()
    regions = {r.code for r in gaz.provinces if r.name.endswith("自治区") and r.valid_at(DAY)}
    return [r for r in gaz.live(DAY) if r.province_code in regions and r.level != "province"]


def test_every_unit_of_an_autonomous_region_but_a_district_calls_the_region_quanqu() -> None:
    """A county calls itself 全县 (全旗), a county-level city and a prefecture city 全市, a 地区 全地区: 全区 in their
    reports is the autonomous region ("高于全区平均水平1.1个百分点"); a district calls itself 全区."""
    gaz = gazetteer()
    units = _autonomous_region_units()
    assert len(units) > 400  # 广西, 内蒙古, 西藏, 宁夏, 新疆: every unit of the dictionary, not a sample
    wrong = []
    for r in units:
        unit = unit_of(r.code)
        province = gaz.at(r.province_code, DAY)
        assert province is not None
        expected = r.name if r.level in ("district", "functional_zone") else province.name
        for word in ("全区", "全区平均水平"):
            found = scope_of(word, unit)
            if found is None or (found.name, found.kind) != (expected, "unit"):
                wrong.append((r.name, r.code, word, found))
        if r.level != "district" and "全区" not in benchmark_words(unit):
            wrong.append((r.name, r.code, "benchmark", None))
    assert wrong == []


def test_quanqu_elsewhere_is_the_district_or_the_diqu_or_nothing() -> None:
    assert resolve_scope("全区", unit_of("320685")) is None  # a Jiangsu county-level city has no 全区
    assert "全区" not in benchmark_words(unit_of("320685"))
    assert resolve_scope("全区", unit_of("320612")) == "通州区"
    # 大兴安岭地区 (黑龙江, no autonomous region): its counties' and its own 全区 is the 地区
    assert resolve_scope("全区", unit_of("232721")) == "大兴安岭地区"
    assert resolve_scope("全区", unit_of("232700")) == "大兴安岭地区"
    assert resolve_scope("全市", unit_of("532922")) is None  # a county of an autonomous prefecture has no 全市


# ---------------------------------------------------------------- a scope and the class of its units


def _prefectures_by_unique_short_name() -> list[Region]:
    """Prefecture-level units whose short name no other province or prefecture-level unit shares, in 2023."""
    live = [r for r in gazetteer().live(DAY) if r.tier in ("province", "prefecture")]
    count: dict[str, int] = {}
    for r in live:
        if r.short_name:
            count[r.short_name] = count.get(r.short_name, 0) + 1
    out = [r for r in live if r.tier == "prefecture" and r.short_name and len(r.short_name) >= 2
           and count[r.short_name] == 1]
    return random.Random(11).sample(out, 40)


@pytest.mark.parametrize("pref", _prefectures_by_unique_short_name(), ids=lambda r: f"{r.name}{r.code}")
@pytest.mark.parametrize(("tail", "cls", "count"), [
    ("各县(市、区)", COUNTY_LEVEL, None), ("各县（市、区）", COUNTY_LEVEL, None), ("各县级市", COUNTY_LEVEL_CITY, None),
    ("所辖县(市)", COUNTY_OR_CITY, None), ("九县市区", COUNTY_LEVEL, 9), ("12个县(市、区)中", COUNTY_LEVEL, 12),
    ("", None, None),
])
@pytest.mark.parametrize("reporter", ["320685", "150400"])  # a Jiangsu county-level city, an Inner Mongolia city
def test_a_named_prefecture_and_a_class_of_its_units(pref: Region, tail: str, cls: str | None, count: int | None,
                                                     reporter: str) -> None:
    unit = unit_of(reporter)
    written = (pref.short_name + tail).replace("（", "(").replace("）", ")")
    assert scope_of(pref.short_name + tail, unit) == Scope(pref.name, pref.code, "unit", cls, count, written)
    assert resolve_scope(pref.short_name + tail, unit) == pref.name  # the old API: the unit, the class dropped


@pytest.mark.parametrize("region", _sample_units(30), ids=lambda r: f"{r.name}{r.code}")
def test_own_scopes_with_a_class(region: Region) -> None:
    gaz = gazetteer()
    unit = unit_of(region.code)
    province = gaz.at(region.province_code, DAY)
    assert province is not None
    found = scope_of("全省县(市)", unit)
    assert found is not None and (found.name, found.code, found.cls) == (province.name, province.code, COUNTY_OR_CITY)
    found = scope_of("全省13个设区市中", unit)
    assert found is not None and (found.name, found.cls, found.count) == (province.name, PREFECTURE, 13)
    prefecture = gaz.at(region.prefecture_code, DAY) if region.prefecture_code else None
    if prefecture is not None and prefecture.name.endswith("市"):
        # a county-level unit has no counties: 全市七县(市) is its prefecture's, even in a county-level city's report
        found = scope_of("全市七县(市)", unit)
        assert found is not None and (found.name, found.code, found.cls, found.count) == (
            prefecture.name, prefecture.code, COUNTY_OR_CITY, 7)


@pytest.mark.parametrize(("word", "cls"), [("全国县级市", COUNTY_LEVEL_CITY), ("全国县域", COUNTY_OR_CITY),
                                           ("全国", None), ("全国平均", None), ("国内", None)])
def test_the_country_and_a_class_of_its_units(word: str, cls: str | None) -> None:
    found = scope_of(word, unit_of("331122"))
    assert found is not None
    assert (found.name, found.code, found.kind, found.cls) == ("全国", COUNTRY_CODE, "country", cls)


@pytest.mark.parametrize(("word", "name", "cls", "count"), [
    ("苏北五市", "苏北", PREFECTURE, 5), ("苏北", "苏北", None, None), ("川东北", "川东北", None, None),
    ("粤东西北", "粤东西北", None, None), ("珠三角", "珠三角", None, None), ("长三角城市", "长三角", PREFECTURE, None),
    ("中西部地区", "中西部地区", None, None), ("东北地区", "东北地区", None, None),
])
def test_groupings_that_are_no_unit_stay_as_written(word: str, name: str, cls: str | None, count: int | None) -> None:
    for reporter in ("320685", "510700", "440000"):
        found = scope_of(word, unit_of(reporter))
        assert found is not None and (found.name, found.code, found.kind, found.cls, found.count) == (
            name, None, "group", cls, count)
        assert resolve_scope(word, unit_of(reporter)) == word


def test_a_unit_whose_name_reads_like_a_grouping_is_the_unit() -> None:
    """湘西, 黔东南, 晋中, 陇南 …: every prefecture-level unit whose short name has the shape of a compass grouping is
    found as itself, from any province's report."""
    from ingest.extract.regions import _GROUP

    names: dict[str, set[str]] = {}
    for r in gazetteer().live(DAY):
        if r.tier in ("province", "prefecture") and r.short_name:
            names.setdefault(r.short_name, set()).add(r.code)
    shaped = [r for r in gazetteer().live(DAY) if r.tier == "prefecture" and r.short_name
              and len(names[r.short_name]) == 1 and _GROUP.fullmatch(r.short_name)]
    assert len(shaped) >= 5
    for r in shaped:
        found = scope_of(r.short_name, unit_of("320685"))
        assert found is not None and (found.name, found.code) == (r.name, r.code)


def test_peers_and_unscoped_counts_stay_as_written() -> None:
    unit = unit_of("320685")
    assert scope_of("同类城市", unit) == Scope("同类城市", None, "peers", written="同类城市")
    found = scope_of("七县(市)", unit)
    assert found is not None and (found.kind, found.cls, found.count, found.label) == (
        "group", COUNTY_OR_CITY, 7, "七县(市)")
    assert scope_of("全市上下", unit) is None and scope_of("苏州工业园区", unit) is None


def test_benchmark_words_follow_the_unit() -> None:
    words = benchmark_words(unit_of("450722"))  # 浦北县, 广西
    assert {"全区", "全市", "全县", "广西", "广西壮族自治区", "钦州", "全国"} <= set(words)
    assert "全州" not in words
    words = benchmark_words(unit_of("532922"))  # 漾濞, 大理州
    assert {"全州", "全县", "全省", "云南"} <= set(words) and "全市" not in words
    assert list(words) == sorted(words, key=lambda w: (-len(w), w))  # longest first, for an alternation
