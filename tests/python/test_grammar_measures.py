"""Measures as grammar: generated variants of nominal vs real rates, multi-year averages, estimates, signed changes,
ratios, per-mille rates, points of growth, measure words the unit table may not know, tables, and numbers that are
about something else (other indicators, numbers, units, separators, traditional script)."""

from __future__ import annotations

import os

from grammar_support import extract_text, of, traditional
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ingest.model import Fact

# (GRAMMAR_EXAMPLES=300 for a longer search)
SETTINGS = settings(max_examples=int(os.environ.get("GRAMMAR_EXAMPLES", "40")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
INDICATORS = ["地区生产总值", "规模以上工业增加值", "一般公共预算收入", "固定资产投资", "社会消费品零售总额",
              "外贸进出口总额", "城镇居民人均可支配收入", "服务业增加值", "建筑业总产值", "农业总产值"]
indicators = st.sampled_from(INDICATORS)
rates = st.integers(1, 300).map(lambda n: n / 10)
shares = st.integers(1, 900).map(lambda n: n / 10)


def run(text: str, period: str = "2023FY") -> list[Fact]:
    return extract_text(text, period=period)


def key(f: Fact) -> tuple[object, ...]:
    return (f.type, f.indicator, f.value, f.unit, f.measure, f.estimate, f.basis)


@SETTINGS
@given(indicators, rates,
       st.sampled_from(["实现了{v}%的名义增速", "名义增长{v}%", "按现价计算增长{v}%", "现价增长{v}%"]))
def test_a_nominal_rate_is_its_own_measure(name: str, rate: float, form: str) -> None:
    (g,) = of(run(f"{name}{form.format(v=rate)}。"), "growth")
    assert (g.indicator, g.value, g.measure) == (name, rate, "nominal")


@SETTINGS
@given(indicators, rates, rates, st.sampled_from(["按可比价格计算", "按可比价计算", "按不变价格计算"]))
def test_the_real_rate_stays_plain_next_to_a_nominal_one(name: str, real: float, nominal: float, basis: str) -> None:
    facts = run(f"全年{name}1234.5亿元,{basis},比上年增长{real}%;按现价计算增长{nominal}%。")
    growth = of(facts, "growth")
    assert [(g.indicator, g.value, g.measure) for g in growth] == [(name, real, None), (name, nominal, "nominal")]
    assert growth[0].basis is not None


@SETTINGS
@given(indicators, rates, rates, st.sampled_from([("两年平均", "two_year_average"), ("三年平均", "three_year_average"),
                                                  ("年均", "annual_average")]))
def test_multi_year_averages_are_their_own_measure(name: str, rate: float, avg: float, word: tuple[str, str]) -> None:
    growth = of(run(f"{name}增长{rate}%,{word[0]}增长{avg}%。"), "growth")
    assert [(g.indicator, g.value, g.measure) for g in growth] == [(name, rate, None), (name, avg, word[1])]


@SETTINGS
@given(st.lists(st.tuples(indicators, rates), min_size=2, max_size=4, unique_by=lambda t: t[0]), rates)
def test_an_estimate_frame_covers_its_paragraph_only(items: list[tuple[str, float]], after: float) -> None:
    text = "初步预计," + ";".join(f"{n}增长{v}%" for n, v in items) + f"。\n税收收入增长{after}%。"
    growth = of(run(text), "growth")
    assert [(g.indicator, g.value, g.estimate) for g in growth] == [(n, v, True) for n, v in items] + [
        ("税收收入", after, None)]


@SETTINGS
@given(indicators, rates, st.sampled_from(["下降", "减少", "回落", "负增长", "降低"]))
def test_decreases_keep_their_sign(name: str, rate: float, verb: str) -> None:
    (g,) = of(run(f"{name}{verb}{rate}%。"), "growth")
    assert (g.indicator, g.value) == (name, -rate)


@SETTINGS
@given(st.sampled_from(["常住人口", "户籍人口", "粮食种植面积"]), st.integers(1, 900).map(lambda n: n / 10),
       st.sampled_from([("减少", -1), ("增加", 1), ("净增", 1), ("下降", -1)]),
       st.sampled_from(["比上年末", "较上年", "比上年", "较年初"]), st.sampled_from(["万人", "公顷", "万亩"]))
def test_an_absolute_change_is_signed_and_its_own_measure(name: str, n: float, verb: tuple[str, int], base: str,
                                                          unit: str) -> None:
    (f,) = run(f"{name}{base}{verb[0]}{n}{unit}。")
    assert (f.type, f.indicator, f.value, f.unit, f.measure) == ("level", name, verb[1] * n, unit, "abs_change")


@SETTINGS
@given(indicators, st.integers(100, 9999), st.integers(1, 300).map(lambda n: n / 10),
       st.sampled_from([("增长", 1), ("增加", 1), ("同比增加", 1), ("减少", -1), ("下降", -1)]),
       st.sampled_from(["亿元", "亿", "万元"]), st.sampled_from(["", "多"]))
def test_an_amount_right_after_a_verb_of_change_is_the_change(name: str, level: int, n: float,
                                                             verb: tuple[str, int], unit: str, more: str) -> None:
    """'全年地区生产总值5000亿元,增长300多亿': the 300 is the increase of the total, not a second total of it."""
    facts = run(f"全年{name}{level}亿元,{name}{verb[0]}{n}{more}{unit},{name}增长{n}%。")
    levels = [(f.value, f.measure) for f in of(facts, "level")]
    assert levels == [(level, None), (verb[1] * n, "abs_change")]
    assert [(g.indicator, g.value) for g in of(facts, "growth")] == [(name, n)]


@SETTINGS
@given(st.integers(100, 9999), st.sampled_from(["人口自然减少", "人口自然增加"]))
def test_a_natural_change_of_population_stays_a_count(n: int, name: str) -> None:
    (f,) = run(f"全年{name}{n}人。")
    assert (f.type, f.indicator, f.value, f.measure) == ("level", name, n, None)


@SETTINGS
@given(st.lists(st.integers(1, 700).map(lambda n: n / 10), min_size=3, max_size=3),
       st.sampled_from(["三次产业结构为", "三次产业比重为", "三次产业结构调整为", "产业结构比", "三次产业结构比例为"]),
       st.sampled_from([":", "∶", "："]), st.sampled_from(["", "民营经济"]))
def test_structure_ratios(parts: list[float], lead: str, colon: str, owner: str) -> None:
    text = f"{owner}{lead}{colon.join(str(p) for p in parts)}。"
    facts = sorted(of(run(text), "share"), key=lambda f: f.indicator or "")
    assert [(f.indicator, f.value) for f in facts] == sorted(
        [(f"{owner}{n}占比", v) for n, v in zip(("第一产业", "第二产业", "第三产业"), parts, strict=True)])


@SETTINGS
@given(st.sampled_from(["出生率", "死亡率", "自然增长率"]), st.integers(-500, 2000).map(lambda n: n / 100))
def test_per_mille_rates(name: str, value: float) -> None:
    (f,) = run(f"人口{name}为{value}‰。")
    assert (f.type, f.value, f.unit) == ("share", value, "‰")


@SETTINGS
@given(st.lists(st.integers(1, 60).map(lambda n: n / 10), min_size=2, max_size=3), st.sampled_from(["、", "和"]))
def test_points_of_growth_are_points_not_counts(values: list[float], sep: str) -> None:
    written = sep.join(f"{v}个" for v in values[:-1]) + f"{sep}{values[-1]}个百分点"
    names = ("第一产业", "第二产业", "第三产业")[-len(values):]
    lead = "、".join(names) if len(values) == 2 else "三次产业"
    facts = run(f"{lead}分别拉动经济增长{written}。")
    assert [(f.type, f.value, f.unit) for f in facts] == [("pp_change", v, "个百分点") for v in values]
    assert [f.indicator for f in facts] == [n + "拉动经济增长" for n in names]


@SETTINGS
@given(indicators, st.integers(1, 9999), st.sampled_from(["", "万"]),
       st.sampled_from(["艘", "架次", "头", "只", "车次", "千瓦时", "例", "篇", "口", "栋", "度", "公斤"]), rates)
def test_measure_words_keep_the_value_and_the_next_growth_its_subject(name: str, n: int, mag: str, word: str,
                                                                      rate: float) -> None:
    subject = "货运量" if name == "一般公共预算收入" else "生猪出栏"
    text = f"{name}增长3.5%,{subject}{n}{mag}{word},增长{rate}%。"
    facts = run(text)
    level = [f for f in facts if f.type == "level"]
    assert [(f.indicator, f.value, f.unit) for f in level] == [(subject, n, mag + word)]
    assert [(f.indicator, f.value) for f in of(facts, "growth")] == [(name, 3.5), (subject, rate)]


@SETTINGS
@given(indicators, st.integers(1, 9999), st.sampled_from(["窖", "垛", "畦"]), rates)
def test_an_unknown_measure_word_never_shifts_the_next_growth(name: str, n: int, word: str, rate: float) -> None:
    facts = run(f"{name}增长3.5%,新建沼气池{n}{word},增长{rate}%。")
    assert [(f.indicator, f.value) for f in of(facts, "growth")] == [(name, 3.5), ("新建沼气池", rate)]


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["第一产业", "第二产业", "工业", "建筑业", "第三产业"]),
                          st.integers(100, 99999).map(lambda n: n / 100), rates),
                min_size=2, max_size=5, unique_by=lambda t: t[0]),
       st.integers(10000, 999999).map(lambda n: n / 100), rates, st.booleans())
def test_tables_read_cell_by_cell(rows: list[tuple[str, float, float]], total: float, total_rate: float,
                                  flat: bool) -> None:
    body = [("地区生产总值", total, total_rate), *rows]
    if flat:  # one cell per line
        lines = ["指标", "绝对数(亿元)", "比上年增长(%)"] + [c for r in body for c in (r[0], str(r[1]), str(r[2]))]
    else:
        lines = ["|指 标|绝对数(亿元)|比上年增长(%)|"] + [f"| {r[0]} | {r[1]} | {r[2]} |" for r in body]
    text = "表1 2023年全县地区生产总值\n" + "\n".join(lines) + "\n"
    facts = run(text)
    names = ["地区生产总值"] + [r[0] + "增加值" for r in rows]
    assert [(f.indicator, f.value, f.unit) for f in of(facts, "level")] == [
        (n, r[1], "亿元") for n, r in zip(names, body, strict=True)]
    assert [(f.indicator, f.value, f.unit) for f in of(facts, "growth")] == [
        (n, r[2], "%") for n, r in zip(names, body, strict=True)]


@SETTINGS
@given(st.integers(2, 99), st.sampled_from(["国家级幸福河湖试点项目", "全国文明城市", "国家级示范区"]))
def test_the_size_of_a_set_the_region_belongs_to_is_no_figure_of_it(n: int, noun: str) -> None:
    facts = run(f"成功申报全国{n}个{noun}之一。正式纳入省国际班列{n}个开行城市统筹管理。")
    assert [f for f in facts if f.type in ("level", "target")] == []


@SETTINGS
@given(st.integers(2, 999), st.integers(1, 99), rates)
def test_a_count_and_an_average_over_it_are_two_figures(n: int, size: int, rate: float) -> None:
    facts = run(f"全市在手实施的{n}个超亿元工业项目平均单体规模{size}亿元,较去年同期提高{rate}%。")
    assert [(f.type, f.indicator, f.value, f.unit) for f in facts] == [
        ("level", "超亿元工业项目", n, "个"), ("level", "超亿元工业项目平均单体规模", size, "亿元"),
        ("growth", "超亿元工业项目平均单体规模", rate, "%")]


@SETTINGS
@given(indicators, rates, rates, st.sampled_from(["名义增长", "两年平均增长", "下降"]))
def test_measures_read_the_same_in_traditional_script(name: str, a: float, b: float, form: str) -> None:
    text = f"全年{name}增长{a}%,{form}{b}%;常住人口比上年末减少1.2万人,出生率为5.28‰。"
    plain = [key(f) for f in run(text)]
    assert plain and [key(f) for f in run(traditional(text))] == plain


@SETTINGS
@given(st.integers(100, 999999).map(lambda n: n / 100), st.sampled_from(["全年实现GDP", "实现GDP", "GDP达到", "GDP"]),
       st.sampled_from(["亿元", "万亿元", "亿"]))
def test_gdp_written_as_an_acronym_before_its_figure(value: float, lead: str, unit: str) -> None:
    (f,) = run(f"{lead}{value}{unit}。")
    assert (f.type, f.indicator, f.value, f.unit) == ("level", "地区生产总值", value, unit)


@SETTINGS
@given(indicators, st.integers(100, 99999).map(lambda n: n / 100), shares, rates,
       st.sampled_from(["全市{n}", "GDP", "全省{n}总量", "地区生产总值"]),
       st.sampled_from(["的比重为", "的比重达", "比重为", "的"]), st.booleans())
def test_a_share_of_a_whole_is_a_property_of_the_subject(name: str, level: float, share: float, rate: float,
                                                         whole: str, joint: str, points: bool) -> None:
    """'规上工业总产值1564.97亿元,占全市规上工业总产值的比重为69.3%,同比增长5.4%': the growth after the share is the
    subject's; a change in points after it is the share's ('…比重为12.3%,比上年提高1.3个百分点')."""
    of_whole = "占" + whole.format(n=name)
    after = f"比上年提高{rate}个百分点" if points else f"同比增长{rate}%"
    facts = run(f"全县实现{name}{level}亿元,{of_whole}{joint}{share}%,{after}。")
    (sh,) = of(facts, "share")
    noun = "比重" if "比重" in joint else ""
    assert (sh.indicator, sh.value) == (name + of_whole + noun, share)
    if points:
        (pp,) = of(facts, "pp_change")
        assert (pp.indicator, pp.value) == (sh.indicator, rate)
    else:
        (g,) = of(facts, "growth")
        assert (g.indicator, g.value) == (name, rate)


CITIES = ["苏州", "南京", "无锡", "常州", "徐州", "盐城", "扬州", "泰州"]
cities = st.lists(st.sampled_from(CITIES), min_size=1, max_size=4, unique=True)


def growth_rows(facts: list[Fact]) -> list[tuple[object, ...]]:
    return [(g.region, g.value, g.measure) for g in of(facts, "growth")]


@SETTINGS
@given(rates, cities, st.lists(rates, min_size=4, max_size=4), rates,
       st.sampled_from(["共实现了{v}%的名义增速", "名义增长{v}%", "按现价计算增长{v}%", "实现名义增长{v}%"]),
       st.sampled_from(["增长", "增速为", "增速高达"]))
def test_a_nominal_rate_stated_first_governs_the_paragraphs_list(lead: float, places: list[str], values: list[float],
                                                                after: float, form: str, verb: str) -> None:
    """'江苏省共实现了3.1%的名义增速…苏州增长2.6%,南京增长3.37%': the paragraph's list of cities is nominal too; the
    next paragraph is not."""
    listed = ",".join(f"{p}{verb}{v}%" for p, v in zip(places, values, strict=False))
    text = f"上半年,全省地区生产总值{form.format(v=lead)}。{listed}。\n泰州地区生产总值增长{after}%。"
    rows = growth_rows(run(text, "2023H1"))
    assert rows[0][1:] == (lead, "nominal")
    assert [r[2] for r in rows[1:-1]] == ["nominal"] * len(places)
    assert rows[-1] == ("泰州市", after, None)


@SETTINGS
@given(rates, rates, cities, st.lists(rates, min_size=4, max_size=4))
def test_a_plain_rate_before_the_nominal_one_keeps_the_paragraph_real(real: float, nominal: float,
                                                                      places: list[str], values: list[float]) -> None:
    """'全年地区生产总值增长5%,名义增长7%。苏州增长6%': the writer tells real from nominal, the rest stays plain."""
    listed = ",".join(f"{p}增长{v}%" for p, v in zip(places, values, strict=False))
    rows = growth_rows(run(f"全年地区生产总值增长{real}%,名义增长{nominal}%。{listed}。"))
    assert [r[1:] for r in rows[:2]] == [(real, None), (nominal, "nominal")]
    assert [r[2] for r in rows[2:]] == [None] * len(places)


@SETTINGS
@given(indicators, rates, indicators, rates, rates, st.sampled_from(["按现价计算,", "以下增速均为名义增速。"]),
       st.sampled_from(["按可比价格计算,", "扣除价格因素,", "按不变价格计算,"]))
def test_a_paragraph_opened_at_current_prices_is_nominal_until_a_rate_is_marked_real(
        a: str, ra: float, b: str, rb: float, rc: float, frame: str, real: str) -> None:
    text = f"{frame}{a}增长{ra}%,{b}增长{rb}%;{real}地区生产总值增长{rc}%。\n{a}增长{ra}%。"
    rows = [(g.indicator, g.value, g.measure) for g in of(run(text), "growth")]
    assert rows == [(a, ra, "nominal"), (b, rb, "nominal"), ("地区生产总值", rc, None), (a, ra, None)]


@SETTINGS
@given(indicators, rates, rates)
def test_a_real_rate_after_a_nominal_one_keeps_the_name_not_the_measure(name: str, nominal: float, real: float) -> None:
    """'地区生产总值现价增长7.1%,实际增长5.2%': one statistic, two measures; 现价 is no part of its name."""
    growth = of(run(f"{name}现价增长{nominal}%,实际增长{real}%。"), "growth")
    assert [(g.indicator, g.value, g.measure) for g in growth] == [(name, nominal, "nominal"), (name, real, None)]


@SETTINGS
@given(indicators, rates, st.sampled_from([("2023H1", "全年", "2023FY"), ("2023M1-9", "全年", "2023FY"),
                                           ("2023H1", "下半年", "2023H2")]))
def test_a_forecast_is_for_the_period_it_names(name: str, rate: float, periods: tuple[str, str, str]) -> None:
    """'预计全年地区生产总值增长6%左右' in a half-year report: an estimate for the full year, not the half year's."""
    doc_period, words, period = periods
    (g,) = of(run(f"预计{words}{name}增长{rate}%左右。", doc_period), "growth")
    assert (g.indicator, g.value, g.estimate, g.period) == (name, rate, True, period)


@SETTINGS
@given(indicators, st.integers(2, 9), st.sampled_from([("座", "万亿之城"), ("个", "千亿县"), ("家", "百亿企业")]),
       st.sampled_from(['"', "“"]), st.sampled_from(["", " "]))
def test_a_count_of_a_quoted_noun_counts_the_noun(name: str, n: int, counted: tuple[str, str], quote: str,
                                                  space: str) -> None:
    """'全市地区生产总值…。4 座 " 万亿之城 ",…': the count is of the quoted noun, not a figure of the subject before."""
    unit, noun = counted
    close = "”" if quote == "“" else quote
    facts = run(f"全年{name}1234.5亿元。{n}{space}{unit}{space}{quote}{space}{noun}{space}{close},某市继续领跑。")
    # (the curly quotes stay with the name, as elsewhere: '“青年人才驿站”')
    assert [((f.indicator or "").strip("“”"), f.value) for f in of(facts, "level")] == [(name, 1234.5), (noun, n)]


@SETTINGS
@given(st.lists(st.sampled_from(["道路运输业", "水利管理业", "制造业", "互联网和相关服务业", "房地产业", "教育"]),
                min_size=2, max_size=4, unique=True), st.sampled_from(["基础设施投资", "固定资产投资", "经济"]),
       st.integers(1, 50), st.sampled_from(["和", "、"]))
def test_each_listed_items_contribution_is_its_own(items: list[str], whole: str, seed: int, last_sep: str) -> None:
    """'A、B和C对投资增长贡献明显,分别拉动投资增长1.2个、0.8个和0.5个百分点': one contribution per item, none of
    them a figure of the whole's own series."""
    # ('A和B服务业' closing a list with 和 is ambiguous to a reader too: 和 inside a name only in a 、 list)
    assume(last_sep == "、" or not any("和" in i for i in items))
    values = [round((seed + 7 * k) / 10, 1) for k in range(len(items))]
    listed = "、".join(items[:-1]) + last_sep + items[-1]
    written = "、".join(f"{v}个" for v in values[:-1]) + f"和{values[-1]}个百分点"
    facts = run(f"全年{whole}增长5.1%。{listed}对{whole}增长贡献明显,分别拉动{whole}增长{written}。")
    pp = of(facts, "pp_change")
    assert [(f.indicator, f.value) for f in pp] == [(f"{i}拉动{whole}增长", v) for i, v in zip(items, values,
                                                                                          strict=True)]


@SETTINGS
@given(indicators, rates, st.sampled_from(["该县", "该区", "该市"]))
def test_a_pronoun_for_the_region_is_no_part_of_the_name(name: str, rate: float, pronoun: str) -> None:
    (g,) = of(run(f"随着产业化加快推进,{pronoun}{name}同比增长{rate}%。"), "growth")
    assert (g.indicator, g.value) == (name, rate)


@SETTINGS
@given(indicators, rates, st.sampled_from(["重点领域发展加快", "消费市场回暖", "投资稳中有进"]))
def test_a_heading_before_a_dash_pair_is_no_part_of_the_name(name: str, rate: float, heading: str) -> None:
    """'某某发展加快——全省规上工业增加值同比增长2%': the heading is not what grew."""
    (g,) = of(run(f"上半年,生产供给持续恢复,{heading}——{name}同比增长{rate}%。"), "growth")
    assert (g.indicator, g.value) == (name, rate)


@SETTINGS
@given(indicators, rates, st.integers(1, 99).map(lambda n: n / 10),
       st.sampled_from([("高于全省平均水平", "gap"), ("低于全市", "gap"), ("比全省快", "gap"), ("低于预期", "gap"),
                        ("比上年提高", None), ("较上年回落", None), ("同比提高", None), ("较1—5月提高", None),
                        ("比一季度加快", None), ("比2021年回落", None)]))
def test_points_to_a_benchmark_are_a_gap_not_a_change(name: str, rate: float, points: float,
                                                       said: tuple[str, str | None]) -> None:
    """'增长4.1%,高于全省平均水平2.1个百分点' is the distance to the province, kept apart (measure gap) from the
    rate's change over time ('比上年提高2个百分点')."""
    words, measure = said
    (pp,) = of(run(f"{name}增长{rate}%,增速{words}{points}个百分点。"), "pp_change")
    assert (abs(pp.value or 0), pp.measure) == (points, measure)
