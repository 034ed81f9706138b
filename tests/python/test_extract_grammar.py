"""The genre's grammar on short hand-written sentences: pairs, signs, scopes, PDF breaks, numerals, labels."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.extract import extract
from ingest.model import Document, Fact


def run(text: str, region: str = "海安市", level: str = "county_level_city", period: str = "2022FY",
        code: str | None = None) -> list[Fact]:
    doc = Document(doc_id="t", text=text, region=region, region_code=code, region_level=level, period=period)
    facts = extract(doc)
    for f in facts:
        assert f.text == text[f.start : f.end]
    return facts


def values(facts: list[Fact], type_: str) -> dict[str | None, float | None]:
    return {f.indicator: f.value for f in facts if f.type == type_}


def test_paired_values_make_four_facts() -> None:
    facts = run("城镇和农村居民人均可支配收入分别为3.6万元、2.1万元,同比增长4.8%和5.6%。")
    assert values(facts, "level") == {"城镇居民人均可支配收入": 3.6, "农村居民人均可支配收入": 2.1}
    assert values(facts, "growth") == {"城镇居民人均可支配收入": 4.8, "农村居民人均可支配收入": 5.6}
    assert all(f.unit == "万元" for f in facts if f.type == "level")


def test_urban_rural_pair_written_as_one_word() -> None:
    facts = run("城乡居民人均可支配收入49997元、24987元,分别增长4.5%、7%。")
    assert values(facts, "level") == {"城镇居民人均可支配收入": 49997, "农村居民人均可支配收入": 24987}
    assert values(facts, "growth") == {"城镇居民人均可支配收入": 4.5, "农村居民人均可支配收入": 7}


@pytest.mark.parametrize(
    ("text", "value"),
    [("一般公共预算收入30亿元,增幅-1.6%。", -1.6), ("一般公共预算收入同比下降9.57%。", -9.57),
     ("一般公共预算收入减少2.1%。", -2.1), ("一般公共预算收入增长3%。", 3)],
)
def test_signed_growth(text: str, value: float) -> None:
    (g,) = [f for f in run(text) if f.type == "growth"]
    assert g.value == value and g.indicator == "一般公共预算收入"


def test_implicit_subject_after_a_level() -> None:
    facts = run("完成固定资产投资336.3亿元,增幅3.2%,南通第一,其中工业投资236.3亿元,增幅2.8%。")
    growth = [(f.indicator, f.value) for f in facts if f.type == "growth"]
    assert growth == [("固定资产投资", 3.2), ("工业投资", 2.8)]
    (rank,) = [f for f in facts if f.type == "ranking"]
    assert (rank.indicator, rank.scope, rank.rank) == ("固定资产投资增速", "南通市", 1)


def test_pdf_line_breaks_and_spaces_inside_names_and_numbers() -> None:
    text = (
        "在减税降费 17.8 亿元的基础上,一般公共预算收入 64.5 亿元,增长\n7%;"
        "社会消费品零\n售总额 346 亿元,稳中有升。"
    )
    facts = run(text)
    assert values(facts, "level") == {"减税降费": 17.8, "一般公共预算收入": 64.5, "社会消费品零售总额": 346}
    assert values(facts, "growth") == {"一般公共预算收入": 7}


def test_traditional_percent_with_space_and_footnote_marker() -> None:
    facts = run("实现社会消费品零售总额420亿元,增长2.3 %。新增“四上”单位[1]317家。")
    assert values(facts, "growth") == {"社会消费品零售总额": 2.3}
    assert [f.value for f in facts if f.type == "level" and f.indicator and "四上" in f.indicator] == [317]


def test_scope_words_depend_on_the_reporting_unit() -> None:
    text = "规模以上工业增加值增长11.3%,保持全市领先;工业投资增速全省第三。"
    district = [f for f in run(text, "通州区", "district", code="320612") if f.type == "ranking"]
    assert [(f.scope, f.claim) for f in district] == [("南通市", "领先"), ("江苏省", "全省第三")]
    city = [f for f in run(text, "海安市", "county_level_city") if f.type == "ranking"]
    assert city[0].scope == "海安市"


def test_comparison_with_gap_in_points() -> None:
    text = "上半年南通工业投资同比增长4.1%,高于全省平均水平21.4个百分点,位居全省第四。"
    facts = run(text, "南通市", "prefecture_city", "2020H1")
    (c,) = [f for f in facts if f.type == "comparison"]
    assert (c.indicator, c.benchmark, c.relation) == ("工业投资", "江苏省", "higher")
    (pp,) = [f for f in facts if f.type == "pp_change"]
    assert pp.value == 21.4 and pp.unit == "个百分点"
    (r,) = [f for f in facts if f.type == "ranking"]
    assert (r.scope, r.rank) == ("江苏省", 4)


def test_below_expectation_is_a_negative_point_change() -> None:
    (pp,) = [f for f in run("地区生产总值增速低于预期4.4个百分点。") if f.type == "pp_change"]
    assert (pp.indicator, pp.value) == ("地区生产总值增速", -4.4)


def test_chinese_numerals_in_ranks_and_counts() -> None:
    facts = run("新增规上工业企业三家。规模工业增加值增长3.6%,南通第三。")
    assert values(facts, "level") == {"新增规上工业企业": 3}
    assert [f.rank for f in facts if f.type == "ranking"] == [3]


def test_summary_counts_met_indicators() -> None:
    (s,) = [f for f in run("对照年初目标,14项主要指标有11项达到或超过预期。") if f.type == "summary"]
    assert (s.indicators_total, s.indicators_met, s.indicators_missed) == (14, 11, None)


def test_targets_with_qualifiers_in_plan_section() -> None:
    text = (
        "一、上半年经济运行情况\n实现地区生产总值684亿元。\n"
        "二、下半年重点工作\n确保工业应税销售达2380亿元,力争新增企业20家。"
    )
    facts = run(text, period="2022H1")
    assert [(f.type, f.value) for f in facts] == [("level", 684), ("target", 2380), ("target", 20)]
    assert [f.qualifier for f in facts if f.type == "target"] == ["确保", "力争"]
    assert all(f.period == "2022FY" for f in facts if f.type == "target")


def test_other_region_and_period_in_a_provincial_article() -> None:
    text = "2021年南京GDP增速10.38%,实则仅高于南通,处于第12,今年上半年,增速3.37%,处于省内第8。"
    facts = run(text, "江苏省", "province", "2022H1")
    growth = [(f.region, f.period, f.value) for f in facts if f.type == "growth"]
    assert growth == [("南京市", "2021FY", 10.38), ("南京市", "2022H1", 3.37)]
    assert all(f.indicator == "地区生产总值" for f in facts if f.type == "growth")
    (c,) = [f for f in facts if f.type == "comparison"]
    assert (c.region, c.benchmark, c.relation) == ("南京市", "南通市", "higher")
    assert [(f.rank, f.scope) for f in facts if f.type == "ranking"] == [(12, "江苏省"), (8, "江苏省")]


@pytest.mark.parametrize(
    "text",
    ["出台“助企兴龙”10条、冲刺四季度20条等政策措施。", "全面落实国务院一揽子33项政策措施。",
     "——2022年7月28日在市十七届人大常委会第五次会议上", "实施“5123”大企业领航工程,建立“1+3+1”人才评选体系。",
     "连云港一副“两王带4个2”的好牌。", "国土空间总体规划(2021-2035)初步成果提交。"],
)
def test_labels_dates_and_idioms_are_not_statistics(text: str) -> None:
    assert run(text) == []


def test_size_classes_are_not_values() -> None:
    facts = run("新签约并注册5亿元以上项目16个,3000万美元以上项目11个,其中达100亿元序时企业3家。")
    assert sorted(f.value for f in facts) == [3, 11, 16]


def test_list_of_numbers_shares_the_last_unit() -> None:
    facts = run("固定资产投资增长6%,增速分别高于全国、全省平均水平3.2和1.1个百分点。")
    assert [f.benchmark for f in facts if f.type == "comparison"] == ["全国", "江苏省"]
    assert [(f.value, f.unit) for f in facts if f.type == "pp_change"] == [(3.2, "个百分点"), (1.1, "个百分点")]


def test_clause_leading_months_and_quarters_set_the_period() -> None:
    facts = run("1-5月,全市规上工业增加值同比增长8.1%。二季度认定新开工工业项目8个。", period="2023H1")
    assert [f.period for f in facts] == ["2023M1-5", "2023Q2"]


def test_places_listed_before_paired_values() -> None:
    text = "四县(市)区中,海安、如皋、启东规上工业增加值分别增长9.1%、8.3%、7.6%。"
    facts = run(text, "南通市", "prefecture_city", "2023FY")
    assert [(f.region, f.value) for f in facts] == [("海安市", 9.1), ("如皋市", 8.3), ("启东市", 7.6)]
    assert {f.indicator for f in facts} == {"规上工业增加值"}


def test_page_furniture_and_metadata_lines() -> None:
    text = "来源:海安发改委 发布时间:2022-08-03 阅读次数:356次 字体:[大 中 小]\n全市实现地区生产总值100亿元。\n"
    assert [(f.type, f.indicator, f.value) for f in run(text)] == [("level", "地区生产总值", 100)]


def test_paired_rank_claims_for_level_and_growth() -> None:
    facts = run("全市实现地区生产总值1400.5亿元、增长7.1%,总量和增速分别位居南通第二、第一。")
    ranks = sorted((f.indicator, f.rank) for f in facts if f.type == "ranking")
    assert ranks == [("地区生产总值增速", 1), ("地区生产总值总量", 2)]
    assert {f.scope for f in facts if f.type == "ranking"} == {"南通市"}


def test_change_since_last_year_is_the_subjects_abs_change() -> None:
    facts = run("全市高新技术企业总数达到528家,比上年净增103家。")
    assert [(f.indicator, f.value, f.measure) for f in facts if f.type == "level"] == [
        ("高新技术企业总数", 528, None), ("高新技术企业总数", 103, "abs_change")]


def test_places_ranked_in_one_list() -> None:
    facts = run("如皋、海安、启东分列全省县域经济综合实力第5、第7、第9位。", "南通市", "prefecture_city", "2023FY")
    assert [(f.region, f.rank, f.scope) for f in facts] == [("如皋市", 5, "江苏省"), ("海安市", 7, "江苏省"),
                                                             ("启东市", 9, "江苏省")]
    assert {f.indicator for f in facts} == {"全省县域经济综合实力"}


@pytest.mark.parametrize(
    ("period", "published", "haimen", "chongchuan"),
    [("2019FY", None, ("海门市", "320684"), ("崇川区", "320602")),
     ("2022FY", None, ("海门区", "320614"), ("崇川区", "320613")),
     ("2020H1", "2020-07-20", ("海门区", "320614"), ("崇川区", "320613")),
     ("2020Q1", None, ("海门市", "320684"), ("崇川区", "320602"))],
)
def test_other_places_get_the_code_in_force_at_the_report_date(
    period: str, published: str | None, haimen: tuple[str, str], chongchuan: tuple[str, str]
) -> None:
    text = "海门、崇川地区生产总值分别增长6.1%、5.2%。"
    doc = Document(doc_id="t", text=text, region="南通市", region_level="prefecture_city", period=period,
                   published=published)
    facts = extract(doc)
    assert [(f.region, f.region_code) for f in facts] == [haimen, chongchuan]


def test_places_come_from_the_regions_file() -> None:
    from ingest.extract.regions import places_at
    from ingest.regions import load_regions

    places = places_at(date(2023, 1, 1), "320000", "320600")  # a Nantong report's places
    assert places.prefecture_cities == sum(
        1 for r in load_regions()
        if r.level == "prefecture_city" and r.province_code == "320000" and r.valid_at(date(2023, 1, 1)))
    assert places.full("如东") == "如东县" and places.full("港闸") is None
    assert places_at(date(2019, 1, 1), "320000", "320600").full("港闸") == "港闸区"
    # a statistics-only zone is matched when written in full, never by a shortened name
    assert "南通经济技术开发" not in places.by_name


def test_each_benchmark_listed_with_its_own_gap_is_a_comparison() -> None:
    facts = run("规上工业增加值增长8.6%,增速高于全国2.4个百分点、全省1.3个百分点。")
    comps = [(f.benchmark, f.relation, f.gap) for f in facts if f.type == "comparison"]
    assert comps == [("全国", "higher", 2.4), ("江苏省", "higher", 1.3)]
    assert [f.value for f in facts if f.type == "pp_change"] == [2.4, 1.3]


def test_gaps_listed_after_the_benchmarks_pair_in_order() -> None:
    facts = run("地区生产总值增长7.2%,分别高于全国、全省1.6和0.7个百分点。")
    assert [(f.benchmark, f.gap) for f in facts if f.type == "comparison"] == [("全国", 1.6), ("江苏省", 0.7)]


def test_a_bounded_gap_is_no_figure() -> None:
    (c,) = [f for f in run("工业投资增长31%,高于全省平均水平超15个百分点。") if f.type == "comparison"]
    assert (c.benchmark, c.gap) == ("江苏省", None)


@pytest.mark.parametrize(
    ("text", "indicator", "value"),
    [("外贸进出口额比上年翻一番。", "外贸进出口额", 100), ("实际使用外资增长1.5倍。", "实际使用外资", 150),
     ("高新技术产业产值实现翻两番。", "高新技术产业产值", 300)],
)
def test_growth_written_as_a_multiple(text: str, indicator: str, value: float) -> None:
    (f,) = run(text, period="2022H1")
    assert (f.type, f.indicator, f.value, f.unit) == ("growth", indicator, value, "%")


def test_a_claim_word_used_as_an_adjective_ranks_nothing() -> None:
    assert [f for f in run("工业投资保持了省内前列的增速。") if f.type == "ranking"] == []
    assert [f.claim for f in run("工业投资增速保持全省前列。") if f.type == "ranking"] == ["前列"]


def test_a_streak_is_not_part_of_the_ranked_name() -> None:
    facts = run("外贸进出口连续三年位居全省第一。")
    assert [(f.indicator, f.rank) for f in facts if f.type == "ranking"] == [("外贸进出口", 1)]
