"""Figures of a part of the region, generated: a zone that opens a sentence owns the clauses after it (and the next
sentence that has no subject of its own), and the sectors listed after an economy's 增加值 (民营经济, 数字经济 …) are
that economy's; neither is filed in the region's own series (its 税收, its 第二产业增加值)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.dictionary import code_for
from ingest.extract import extract
from ingest.model import Document, Fact

SETTINGS = settings(max_examples=int(os.environ.get("GRAMMAR_EXAMPLES", "40")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
zones = st.sampled_from(["县工业集中区", "县经济开发区", "高新区", "城东工业园", "临港产业园", "物流集聚区"])
economies = st.sampled_from(["民营经济", "数字经济", "海洋经济", "县域文旅产业"])
amounts = st.integers(10, 9999).map(lambda n: n / 10)
rates = st.integers(1, 300).map(lambda n: n / 10)


def run(text: str) -> list[Fact]:
    doc = Document(doc_id="t", text=text, region="平昌县", region_code="511923", region_level="county",
                   period="2024FY", doc_type="stats_communique")
    facts = extract(doc)
    for f in facts:
        assert f.text == text[f.start : f.end]
    return facts


def named(facts: list[Fact]) -> list[tuple[str, str | None, float | None]]:
    return [(f.type, f.indicator, f.value) for f in facts]


@SETTINGS
@given(zones, st.integers(1, 30), amounts, amounts, amounts, st.sampled_from([";", "。"]))
def test_a_zone_opening_a_sentence_owns_its_later_clauses(zone: str, firms: int, va: float, tax: float,
                                                          own_tax: float, sep: str) -> None:
    text = (f"{zone}新增规上企业{firms}家,完成规模工业增加值{va}亿元{sep}实现税收{tax}万元。"
            f"全县实现税收{own_tax}亿元。")
    facts = [f for f in run(text) if f.type == "level"]
    assert named(facts) == [("level", f"{zone}新增规上企业", firms), ("level", f"{zone}规模工业增加值", va),
                            ("level", f"{zone}税收", tax), ("level", "税收", own_tax)]
    assert [code_for(f.indicator or "") for f in facts][:3] == [None, None, None]  # no series of the county's


@SETTINGS
@given(economies, amounts, rates, st.lists(st.tuples(amounts, rates), min_size=2, max_size=3),
       st.sampled_from([";", ","]))
def test_sectors_after_an_economys_value_added_are_that_economys(economy: str, total: float, rate: float,
                                                                   sectors: list[tuple[float, float]],
                                                                   sep: str) -> None:
    names = ["第一产业增加值", "第二产业增加值", "第三产业增加值"][: len(sectors)]
    listed = sep.join(f"{n}{v}亿元,增长{g}%" for n, (v, g) in zip(names, sectors, strict=True))
    text = f"全年{economy}增加值{total}亿元,比上年增长{rate}%。其中,{listed}。全年第一产业增加值{total}亿元。"
    facts = run(text)
    levels = [(f.indicator, f.value) for f in facts if f.type == "level"]
    assert levels == [(f"{economy}增加值", total),
                      *[(f"{economy}{n}", v) for n, (v, _) in zip(names, sectors, strict=True)],
                      ("第一产业增加值", total)]  # the region's own, after the list ends


@SETTINGS
@given(amounts, amounts, rates)
def test_the_regions_own_sectors_after_its_gdp_stay_the_regions(gdp: float, primary: float, rate: float) -> None:
    facts = run(f"全年地区生产总值{gdp}亿元,增长{rate}%。其中,第一产业增加值{primary}亿元,增长{rate}%。")
    assert [(f.indicator, f.value) for f in facts if f.type == "level"] == [("地区生产总值", gdp),
                                                                          ("第一产业增加值", primary)]


@SETTINGS
@given(zones, amounts, st.sampled_from(["完成", "实现", "全年完成"]))
def test_a_zones_own_clause_names_the_statistic_without_its_verb(zone: str, va: float, verb: str) -> None:
    (f,) = run(f"{zone}{verb}规模工业增加值{va}亿元。")
    assert (f.indicator, f.value, code_for(f.indicator or "")) == (f"{zone}规模工业增加值", va, None)


@SETTINGS
@given(amounts, st.sampled_from(["完成", "实现"]))
def test_a_district_named_like_a_zone_is_a_place_not_a_zone(va: float, verb: str) -> None:
    """梁园区 is a district of 商丘: in 商丘's report its figure is filed under it, named as the statistic."""
    doc = Document(doc_id="t", text=f"梁园区{verb}规模工业增加值{va}亿元,实现税收{va}亿元。", region="商丘市",
                   region_code="411400", region_level="prefecture_city", period="2022FY",
                   doc_type="stats_communique")
    levels = [f for f in extract(doc) if f.type == "level"]
    assert [(f.indicator, f.value, f.region) for f in levels] == [("规模工业增加值", va, "梁园区"),
                                                                   ("税收", va, "梁园区")]
