"""Scopes and places relative to the reporting unit, for any province: 全省 / 全市 / 全区 / 全县 / 全州 resolve from the
document's own unit, named scopes to that unit, classes stay as written; the places a report can name come from its
own province (no Jiangsu default)."""

from __future__ import annotations

import random
from datetime import date

import pytest

from ingest.extract import extract
from ingest.extract.regions import find_places, is_other_place, reporting_unit, resolve_scope
from ingest.model import Document
from ingest.regions import Region, gazetteer


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
    # classes of units stay as written
    ("130400", "全国县域", "全国县域"), ("130400", "同类城市", "同类城市"), ("320685", "苏北五市", "苏北五市"),
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
