"""Targets and scorecards as grammar: generated variants of the genre's target lists, plan figures, qualifiers,
bounds and scorecards (other indicators, numbers, bounds, list shapes, traditional script)."""

from __future__ import annotations

import os

from grammar_support import extract_text, of, traditional
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.model import Fact

# (GRAMMAR_EXAMPLES=300 for a longer search)
SETTINGS = settings(max_examples=int(os.environ.get("GRAMMAR_EXAMPLES", "40")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
INDICATORS = ["地区生产总值", "规模以上工业增加值", "一般公共预算收入", "固定资产投资", "社会消费品零售总额",
              "外贸进出口总额", "城镇居民人均可支配收入", "服务业增加值", "建筑业总产值", "农业总产值"]
# (written after the value, bound, approx)
BOUNDS = [("", None, None), ("左右", None, True), ("以上", "min", None), ("以内", "max", None)]
indicators = st.sampled_from(INDICATORS)
rates = st.integers(1, 200).map(lambda n: n / 10)
amounts = st.integers(10, 9000)
bounds = st.sampled_from(BOUNDS)


def run(text: str, period: str = "2023FY", doc_type: str = "gov_work_report") -> list[Fact]:
    return extract_text(text, period=period, doc_type=doc_type)


@SETTINGS
@given(st.lists(st.tuples(indicators, rates, bounds), min_size=2, max_size=5, unique_by=lambda t: t[0]),
       st.sampled_from([";", ",", "\n◆", "\n●", "\n(一)"]), st.sampled_from(["今年", "2024年", "明年", ""]))
def test_a_work_reports_target_list_is_one_aim_per_item(items: list[tuple[str, float, tuple[str, str | None,
                                                                                            bool | None]]],
                                                        sep: str, year: str) -> None:
    body = sep.join(f"{name}增长{rate}%{bound[0]}" for name, rate, bound in items)
    text = f"{year}经济社会发展的主要预期目标是:{'◆' if sep.startswith(chr(10)) else ''}{body}。"
    if sep.startswith("\n"):  # a list opened at the end of its own line goes on over the bulleted lines
        text = text.replace(":◆", ":\n◆", 1).replace(":(", ":\n(", 1)
    targets = of(run(text), "target")
    assert [(t.indicator, t.value, t.bound, t.approx) for t in targets] == [
        (name, rate, bound[1], bound[2]) for name, rate, bound in items]
    assert {t.qualifier for t in targets} == {"预期"}
    assert {t.period for t in targets} == {"2024FY"}  # the year after the one a work report reviews
    assert of(run(text), "growth") == []


@SETTINGS
@given(indicators, rates, rates, st.sampled_from(BOUNDS[1:]), st.sampled_from(["、", "和"]))
def test_a_bound_written_once_for_a_pair_holds_for_both(name: str, a: float, b: float,
                                                        bound: tuple[str, str | None, bool | None],
                                                        joint: str) -> None:
    text = f"力争城乡居民人均可支配收入分别增长{a}%{joint}{b}%{bound[0]}。"
    targets = of(run(text), "target")
    assert [(t.indicator, t.value, t.bound, t.approx, t.qualifier) for t in targets] == [
        ("城镇居民人均可支配收入", a, bound[1], bound[2], "力争"),
        ("农村居民人均可支配收入", b, bound[1], bound[2], "力争")]


@SETTINGS
@given(st.sampled_from(["确保", "力争", "争取"]),
       st.lists(st.tuples(indicators, rates), min_size=2, max_size=4, unique_by=lambda t: t[0]))
def test_a_qualifier_governs_the_clauses_listed_after_it(word: str, items: list[tuple[str, float]]) -> None:
    text = f"{word}实现" + ",".join(f"{n}增长{v}%以上" for n, v in items) + "。"
    targets = of(run(text), "target")
    assert [(t.indicator, t.value, t.qualifier, t.bound) for t in targets] == [(n, v, word, "min") for n, v in items]


@SETTINGS
@given(indicators, rates, rates)
def test_an_outcome_after_a_governed_list_is_no_aim(name: str, aim: float, done: float) -> None:
    text = f"确保{name}增长{aim}%,一般公共预算收入比上年增长{done}%。"
    assert [(f.type, f.value) for f in run(text)] == [("target", aim), ("growth", done)]


@SETTINGS
@given(indicators, rates, rates, st.sampled_from(["预期目标为", "目标为", "年初目标为"]))
def test_the_aim_quoted_in_parentheses_is_the_only_target(name: str, done: float, aim: float, phrase: str) -> None:
    text = f"全年{name}增长{done}%,高于全市0.8个百分点(预期{phrase.removeprefix('预期')}{aim}%以上);税收收入增长3.5%。"
    facts = run(text, doc_type="plan_execution")
    (t,) = of(facts, "target")
    assert (t.indicator, t.value, t.bound) == (name, aim, "min")
    assert t.period == "2023FY"  # the aim of the year the report reviews, quoted next to its outcome
    assert {(f.indicator, f.value) for f in of(facts, "growth")} == {(name, done), ("税收收入", 3.5)}


@SETTINGS
@given(indicators, rates, rates, st.sampled_from([("上半年", "2023H1"), ("1-9月", "2023M1-9"), ("一季度", "2023Q1")]),
       st.sampled_from(["预期目标为", "年度目标为", "全年预期目标为"]))
def test_an_aim_quoted_in_a_part_year_report_is_the_years(name: str, done: float, aim: float, part: tuple[str, str],
                                                          phrase: str) -> None:
    """A half-year or quarterly report quotes the year's aim next to its outcome; the outcome is the part year's."""
    words, period = part
    facts = run(f"{words},{name}增长{done}%({phrase}{aim}%以上)。", period=period, doc_type="plan_execution")
    (t,) = of(facts, "target")
    assert (t.indicator, t.value, t.period) == (name, aim, "2023FY")
    assert [(g.value, g.period) for g in of(facts, "growth")] == [(done, period)]


@SETTINGS
@given(indicators, amounts, amounts, st.integers(500, 1200).map(lambda n: n / 10), rates,
       st.sampled_from(["年计划", "全年计划", "年度计划"]))
def test_the_plans_figure_and_the_share_done(name: str, actual: int, plan: int, share: float, growth: float,
                                            word: str) -> None:
    text = f"{name}{actual}亿元,完成{word}{plan}亿元的{share}%,增长{growth}%。"
    facts = run(text, doc_type="plan_execution")
    assert [(f.type, f.indicator, f.value) for f in facts] == [
        ("level", name, actual), ("target", name, plan), ("share", f"{name}完成{word}比例", share),
        ("growth", name, growth)]
    (t,) = of(facts, "target")
    assert t.qualifier == "目标" and t.estimate is None and t.period == "2023FY"  # the reviewed year's plan


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["新增规上工业企业", "新增高新技术企业", "新备案科技型中小企业"]),
                          st.integers(2, 300)), min_size=1, max_size=3, unique_by=lambda t: t[0]))
def test_a_work_plan_paragraph_states_aims(items: list[tuple[str, int]]) -> None:
    text = "该县将重点抓好七个方面工作。" + "".join(f"全年{n}{v}家。" for n, v in items)
    targets = of(run(text, "2024FY"), "target")
    assert [(t.indicator, t.value, t.qualifier) for t in targets] == [(n, v, "目标") for n, v in items]


@SETTINGS
@given(indicators, amounts)
def test_funds_won_are_no_aim(name: str, n: int) -> None:
    (f,) = run(f"争取增发国债项目{n}个。")
    assert f.type == "level" and f.value == n


@SETTINGS
@given(indicators, rates)
def test_aims_without_a_figure_in_a_target_list(name: str, rate: float) -> None:
    text = (f"今年主要预期目标是:{name}增长{rate}%左右;居民人均可支配收入增长与经济增长同步;"
            "主要约束性指标控制在省市规定范围以内。")
    targets = of(run(text), "target")
    assert [(t.indicator, t.value, t.claim) for t in targets] == [
        (name, rate, None), ("居民人均可支配收入", None, "增长与经济增长同步"),
        ("主要约束性指标", None, "控制在省市规定范围以内")]


@SETTINGS
@given(st.integers(5, 40), st.data(), st.sampled_from(["个", "项"]),
       st.sampled_from([("未达到预期", "missed"), ("达到或超过预期", "met"), ("符合预期", "met"),
                        ("完成年度目标", "met"), ("与年初目标有差距", "missed")]))
def test_scorecards_in_every_shape(total: int, data: st.DataObject, word: str, verb: tuple[str, str]) -> None:
    n = data.draw(st.integers(0, total))
    shape = data.draw(st.sampled_from([
        "{t}{w}主要指标,有{n}{w}指标{v}。", "{t}{w}主要指标中{n}{w}{v}。", "对照年初确定的{t}{w}指标,{n}{w}{v}。",
        "全年{t}{w}主要经济指标中,{n}{w}{v}。"]))
    (s,) = of(run(shape.format(t=total, w=word, n=n, v=verb[0])), "summary")
    assert s.indicators_total == total
    assert (s.indicators_met, s.indicators_missed) == ((n, None) if verb[1] == "met" else (None, n))


@SETTINGS
@given(st.integers(1, 9))
def test_a_tally_without_its_total(n: int) -> None:
    (s,) = of(run(f"{n}项指标与年初目标有差距。"), "summary")
    assert (s.indicators_total, s.indicators_missed) == (None, n)


@SETTINGS
@given(indicators, indicators, st.integers(2, 20), st.integers(1, 9), st.sampled_from(["项", "个"]),
       st.sampled_from(["完成情况较好", "完成或超额完成", "达到预期"]),
       st.sampled_from(["未完成", "未达到预期", "进度滞后"]))
def test_a_tally_of_both_sides_without_its_total(a: str, b: str, met: int, missed: int, unit: str, met_words: str,
                                                 miss_words: str) -> None:
    """'地区生产总值等6项指标完成情况较好,一般公共预算收入等2项指标未完成': two counts, no total; never a count of
    indicators read as a figure of the region."""
    text = f"列入计划的主要指标中,{a}等{met}{unit}指标{met_words},{b}等{missed}{unit}指标{miss_words}。"
    facts = run(text, doc_type="plan_execution")
    (s,) = of(facts, "summary")
    assert (s.indicators_total, s.indicators_met, s.indicators_missed) == (None, met, missed)
    assert [f for f in facts if f.unit == unit] == []
    (alone,) = of(run(f"年初确定的主要目标任务全面完成,其中{met}{unit}指标超额完成。"), "summary")
    assert (alone.indicators_total, alone.indicators_met, alone.indicators_missed) == (None, met, None)


@SETTINGS
@given(st.integers(10, 40), st.integers(1, 9), st.sampled_from(["项", "个"]))
def test_a_count_of_indicators_is_no_figure_of_the_region(total: int, n: int, unit: str) -> None:
    facts = run(f"上半年,全市{total}{unit}主要经济指标中,{n}{unit}指标增速高于全省平均水平。", "2023H1",
                "plan_execution")
    assert [f for f in facts if f.type in ("level", "target", "summary")] == []


@SETTINGS
@given(st.lists(st.tuples(indicators, rates, bounds), min_size=2, max_size=4, unique_by=lambda t: t[0]))
def test_targets_read_the_same_in_traditional_script(items: list[tuple[str, float, tuple[str, str | None,
                                                                                        bool | None]]]) -> None:
    text = "今年主要预期目标是:" + ";".join(f"{n}增长{v}%{b[0]}" for n, v, b in items) + "。"

    def key(f: Fact) -> tuple[object, ...]:
        return (f.type, f.indicator, f.value, f.unit, f.qualifier, f.bound, f.approx, f.period)

    plain = [key(f) for f in run(text)]
    assert plain and [key(f) for f in run(traditional(text))] == plain


@SETTINGS
@given(st.integers(5, 40), st.data(), st.sampled_from(["个", "项"]))
def test_a_scorecard_with_both_sides(total: int, data: st.DataObject, word: str) -> None:
    met = data.draw(st.integers(0, total))
    missed = data.draw(st.integers(0, total - met))
    shape = data.draw(st.sampled_from([
        "全年{t}{w}主要指标中,{m}{w}完成年度目标,{x}{w}未完成。",
        "纳入考核的{t}{w}指标中,{m}{w}达到或超过序时进度,{x}{w}未达到。"]))
    (s,) = of(run(shape.format(t=total, w=word, m=met, x=missed)), "summary")
    assert (s.indicators_total, s.indicators_met, s.indicators_missed) == (total, met, missed)
    assert of(run(shape.format(t=total, w=word, m=met, x=missed)), "level") == []


@SETTINGS
@given(st.integers(5, 40), st.data())
def test_a_scorecard_with_its_verb_first(total: int, data: st.DataObject) -> None:
    met = data.draw(st.integers(0, total))
    (s,) = of(run(f"在{total}项主要经济指标中,完成或超额完成年度计划的有{met}项。"), "summary")
    assert (s.indicators_total, s.indicators_met) == (total, met)


@SETTINGS
@given(st.lists(st.tuples(indicators, rates), min_size=1, max_size=3, unique_by=lambda t: t[0]))
def test_expected_growth_written_after_the_name(items: list[tuple[str, float]]) -> None:
    text = "全年" + ",".join(f"{n}预期增长{v}%左右" for n, v in items) + "。"
    targets = of(run(text), "target")
    assert [(t.indicator, t.value, t.qualifier, t.approx) for t in targets] == [(n, v, "预期", True) for n, v in items]


@SETTINGS
@given(st.sampled_from(["专精特新企业", "技术中心", "智能工厂"]), st.integers(1, 9), st.integers(10, 99),
       st.sampled_from([("国家级", "省级"), ("省级", "市级")]))
def test_labels_that_are_no_indicators_borrow_the_items_name(noun: str, a: int, b: int,
                                                             levels: tuple[str, str]) -> None:
    """'省级', '入选', '总数突破450家' are not indicators: each names what the sentence counts."""
    hi, lo = levels
    facts = run(f"力争新增{hi}{noun}{a}家、{lo}{b}家。组织企业申报{lo}示范{noun},争取入选{a}家以上。"
                f"全年实现净增{noun}{b}家,总数突破{b * 10}家。")
    assert [f.indicator for f in facts] == [f"新增{hi}{noun}", f"新增{lo}{noun}", f"入选{lo}示范{noun}",
                                            f"净增{noun}", f"{noun}总数"]


@SETTINGS
@given(indicators, amounts, rates, st.integers(2024, 2035), st.sampled_from(["", "力争", "争取", "确保"]),
       st.sampled_from([",", "", "底,", "末,"]), st.sampled_from(["news", "gov_work_report", "stats_communique"]))
def test_a_horizon_year_makes_aims_for_that_year(name: str, amount: int, rate: float, year: int, lead: str,
                                                 sep: str, doc_type: str) -> None:
    """'到2027年,…达到…' (a plan's horizon): aims for that year, named without the horizon; after 预计 a forecast for
    that year; a year already reached ('到2023年底' in a 2023 report) is a stock as of then, no aim."""
    text = f"{lead}到{year}年{sep}{name}达到{amount}亿元,年均增长{rate}%以上。"
    facts = run(text, doc_type=doc_type)
    assert [(t.indicator, t.value, t.period, t.qualifier) for t in of(facts, "target")] == [
        (name, amount, f"{year}FY", lead or "目标"), (name, rate, f"{year}FY", lead or "目标")]
    assert of(facts, "level") == of(facts, "growth") == []
    (forecast,) = of(run(f"预计到{year}年,{name}将突破{amount}亿元。", doc_type=doc_type), "level")
    assert (forecast.indicator, forecast.period, forecast.estimate) == (name, f"{year}FY", True)
    (stock,) = of(run(f"到2023年底,{name}达到{amount}亿元。", doc_type=doc_type), "level")
    assert (stock.indicator, stock.value) == (name, amount)


@SETTINGS
@given(st.sampled_from(["重大项目投资", "工业投资", "技改投资", "基础设施投资"]), amounts, amounts,
       st.sampled_from(["全年计划完成", "年度计划完成", "全年计划", "今年全年计划完成"]),
       st.sampled_from([("2023H1", "上半年"), ("2023M1-9", "1-9月")]))
def test_the_years_plan_figure_is_an_aim_and_what_was_done_is_not(name: str, plan: int, done: int, words: str,
                                                                  part: tuple[str, str]) -> None:
    """'全年计划完成重大项目投资150亿元,上半年已完成82亿元': the plan is the year's aim; a project's planned size
    ('计划总投资') is no aim of the report's unit."""
    period, part_words = part
    facts = run(f"{words}{name}{plan}亿元,{part_words}已完成{done}亿元。", period=period, doc_type="plan_execution")
    assert [(t.indicator, t.value, t.period, t.qualifier) for t in of(facts, "target")] == [
        (name, plan, "2023FY", "目标")]
    assert [(f.indicator, f.value, f.period) for f in of(facts, "level")] == [(name, done, period)]
    sized = run(f"{part_words}新开工计划总投资{plan}亿元的{name}项目。", period=period, doc_type="plan_execution")
    assert of(sized, "target") == []
