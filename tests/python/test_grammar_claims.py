"""Rankings and claims as grammar: generated variants of each wording class (other indicators, numbers, scopes,
verbs, numerals, traditional script), not the dev sentences. Each test states what a user of the warehouse relies
on: the claim's subject, scope and position, that a change or a streak is not a position, and that ordinals that
are no claims stay out."""

from __future__ import annotations

import os

import pytest
from grammar_support import extract_text, traditional
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.model import Fact

# (GRAMMAR_EXAMPLES=300 for a longer search)
SETTINGS = settings(max_examples=int(os.environ.get("GRAMMAR_EXAMPLES", "40")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# (region, level, code, what its scope words denote)
UNITS = [
    ("海安市", "county_level_city", "320685", {"全市": "海安市", "全省": "江苏省", "全国": "全国", "南通": "南通市",
                                              "省内": "江苏省", "江苏": "江苏省"}),
    ("通州区", "district", "320612", {"全市": "南通市", "全区": "通州区", "全省": "江苏省", "全国": "全国",
                                     "南通": "南通市"}),
    ("南通市", "prefecture_city", "320600", {"全市": "南通市", "全省": "江苏省", "全国": "全国", "省内": "江苏省"}),
]
INDICATORS = ["地区生产总值", "规模以上工业增加值", "一般公共预算收入", "固定资产投资", "社会消费品零售总额",
              "外贸进出口总额", "实际使用外资", "工业投资", "城镇居民人均可支配收入", "服务业增加值", "建筑业总产值"]
CN = "一二三四五六七八九十"


def cn(n: int) -> str:
    """1..19 as Chinese numerals (一, 十, 十三)."""
    return CN[n - 1] if n <= 10 else "十" + CN[n - 11]


units = st.sampled_from(UNITS)
indicators = st.sampled_from(INDICATORS)
ranks = st.integers(1, 19)
rates = st.integers(1, 300).map(lambda n: n / 10)
verbs = st.sampled_from(["居", "位居", "位列", "排名", "列", "排", "稳居", "跃居", "保持", ""])


def run(text: str, unit: tuple[str, str, str, dict[str, str]], period: str = "2022FY",
        doc_type: str = "stats_communique") -> list[Fact]:
    region, level, code, _scopes = unit
    return extract_text(text, region=region, level=level, code=code, period=period, doc_type=doc_type)


def rankings(facts: list[Fact]) -> list[Fact]:
    return [f for f in facts if f.type == "ranking"]


def key(f: Fact) -> tuple[object, ...]:
    return (f.type, f.indicator, f.value, f.unit, f.scope, f.rank, f.rank_change, f.streak, f.qualifier, f.measure)


@SETTINGS
@given(units, indicators, rates, verbs, ranks, st.booleans(), st.sampled_from(["位", "名", ""]), st.data())
def test_a_position_ranks_the_growth_just_stated(unit: tuple[str, str, str, dict[str, str]], name: str, rate: float,
                                                 verb: str, rank: int, chinese: bool, suffix: str,
                                                 data: st.DataObject) -> None:
    scope = data.draw(st.sampled_from(sorted(unit[3])))
    written = cn(rank) if chinese else str(rank)
    text = f"{name}增长{rate}%,{verb}{scope}第{written}{suffix}。"
    (r,) = rankings(run(text, unit))
    assert (r.indicator, r.scope, r.rank) == (name + "增速", unit[3][scope], rank)
    assert r.rank_change is None and r.streak is None


@SETTINGS
@given(units, indicators, st.sampled_from([("首位", 1), ("榜首", 1), ("前列", None), ("第一方阵", None),
                                            ("领先", None), ("唯一", None)]), st.data())
def test_claim_words_after_a_scope(unit: tuple[str, str, str, dict[str, str]], name: str,
                                   word: tuple[str, int | None], data: st.DataObject) -> None:
    scope = data.draw(st.sampled_from(sorted(unit[3])))
    claim, rank = word
    text = f"{name}总量位居{scope}{claim}。"
    (r,) = rankings(run(text, unit))
    assert (r.indicator, r.scope, r.rank, r.claim) == (name + "总量", unit[3][scope], rank, claim)


@SETTINGS
@given(units, indicators, rates, st.data())
def test_leading_a_scope_is_a_claim_but_leading_a_peer_is_not(unit: tuple[str, str, str, dict[str, str]],
                                                              name: str, rate: float, data: st.DataObject) -> None:
    scope = data.draw(st.sampled_from([s for s in sorted(unit[3]) if s.startswith("全")]))
    (r,) = rankings(run(f"{name}增长{rate}%,领跑{scope}。", unit))
    assert (r.indicator, r.scope, r.rank, r.claim) == (name + "增速", unit[3][scope], None, "领跑")
    assert rankings(run(f"{name}增长{rate}%,再次领先如皋。", unit)) == []


@SETTINGS
@given(units, indicators, st.integers(1, 30), st.booleans(), st.sampled_from(
    [("比上年度前进{n}位", 1), ("较上年提升{n}位", 1), ("位次提升{n}位", 1), ("提升{n}个位次", 1), ("排名上升{n}位", 1),
     ("比上年后退{n}位", -1), ("位次下降{n}位", -1)]))
def test_a_rank_change_is_a_change_not_a_position(unit: tuple[str, str, str, dict[str, str]], name: str, n: int,
                                                  chinese: bool, form: tuple[str, int]) -> None:
    pattern, sign = form
    written = cn(n) if chinese and n < 20 else str(n)
    text = f"在全国县域经济百强榜中,{name}排名第33位," + pattern.format(n=written) + "。"
    ranked = rankings(run(text, unit))
    positions = [r for r in ranked if r.rank is not None]
    changes = [r for r in ranked if r.rank_change is not None]
    assert [r.rank for r in positions] == [33]
    assert [(r.rank, r.rank_change) for r in changes] == [(None, sign * n)]


@SETTINGS
@given(units, indicators, st.integers(2, 40), st.sampled_from(["年", "个月", "个季度"]), st.booleans(), st.data())
def test_a_streak_is_kept_with_its_claim_and_never_becomes_a_level(
        unit: tuple[str, str, str, dict[str, str]], name: str, n: int, span: str, with_verb: bool,
        data: st.DataObject) -> None:
    scope = data.draw(st.sampled_from(sorted(unit[3])))
    text = f"{name}连续{n}{span}{'保持' if with_verb else ''}{scope}第一。"
    facts = run(text, unit)
    (r,) = rankings(facts)
    assert (r.indicator, r.scope, r.rank, r.streak) == (name, unit[3][scope], 1, f"连续{n}{span}")
    assert [f for f in facts if f.type == "level"] == []


@SETTINGS
@given(units, indicators, st.integers(2, 40))
def test_a_streak_without_a_claim_is_a_duration_named_for_what_held(unit: tuple[str, str, str, dict[str, str]],
                                                                    name: str, n: int) -> None:
    (f,) = run(f"{name}连续{n}个月保持两位数增长。", unit)
    assert (f.type, f.value, f.unit) == ("level", n, "个月")
    assert f.indicator == f"{name}保持两位数增长的连续月数"


@SETTINGS
@given(units, st.lists(indicators, min_size=2, max_size=4, unique=True), st.sampled_from(["均居", "均位居", "都居"]),
       ranks, st.data())
def test_one_claim_for_each_subject_of_a_list(unit: tuple[str, str, str, dict[str, str]], names: list[str],
                                              verb: str, rank: int, data: st.DataObject) -> None:
    scope = data.draw(st.sampled_from(sorted(unit[3])))
    text = "、".join(names) + f"{verb}{scope}第{cn(rank)}。"
    ranked = rankings(run(text, unit))
    assert sorted(r.indicator or "" for r in ranked) == sorted(names)
    assert {(r.scope, r.rank) for r in ranked} == {(unit[3][scope], rank)}


@SETTINGS
@given(units, st.lists(indicators, min_size=2, max_size=3, unique=True), st.lists(rates, min_size=3, max_size=3),
       ranks)
def test_a_shared_growth_claim_ranks_every_growth_before_it(unit: tuple[str, str, str, dict[str, str]],
                                                            names: list[str], values: list[float], rank: int) -> None:
    stated = ",".join(f"{n}增长{v}%" for n, v in zip(names, values, strict=False))
    ranked = rankings(run(f"{stated},增速均居全省第{cn(rank)}。", unit))
    assert sorted(r.indicator or "" for r in ranked) == sorted(n + "增速" for n in names)
    assert {r.rank for r in ranked} == {rank}


@SETTINGS
@given(units, indicators, ranks, st.sampled_from(["七县(市)", "13个设区市中", "县域", "各县(市、区)中"]))
def test_a_class_or_subset_of_the_scope_is_kept(unit: tuple[str, str, str, dict[str, str]], name: str, rank: int,
                                                subset: str) -> None:
    (r,) = rankings(run(f"{name}增速居全省{subset}第{rank}位。", unit))
    assert (r.scope, r.rank) == ("江苏省", rank)
    assert r.scope_class == subset.removesuffix("中")


@SETTINGS
@given(units, indicators, st.integers(2, 9), st.integers(1, 90), st.sampled_from(["地区", "城市", "县市"]))
def test_the_nth_unit_to_pass_a_mark(unit: tuple[str, str, str, dict[str, str]], name: str, nth: int, mark: int,
                                     kind: str) -> None:
    text = f"{name}成为全省第{cn(nth)}个突破{mark}00亿元大关的{kind}。"
    (r,) = rankings(run(text, unit))
    assert (r.scope, r.rank, r.claim) == ("江苏省", nth, f"第{cn(nth)}个")
    assert r.indicator == f"{name}突破{mark}00亿元"


@SETTINGS
@given(units, st.sampled_from(["地区生产总值", "外贸进出口总额", "社会消费品零售总额"]), st.integers(11, 99),
       st.integers(1, 9), st.sampled_from(["突破", "超过", "迈上"]), st.sampled_from(["总量", "规模", ""]),
       st.data())
def test_a_claim_carries_the_exact_figure_not_the_mark_passed(unit: tuple[str, str, str, dict[str, str]], name: str,
                                                              whole: int, frac: int, verb: str, total: str,
                                                              data: st.DataObject) -> None:
    """'…达到12.3万亿元,是全国首个突破12万亿元的省份,总量居全国首位': the claimant's figure is 12.3, not 12."""
    scope = data.draw(st.sampled_from(sorted(unit[3])))
    text = f"{name}达到{whole}.{frac}亿元,是{scope}首个{verb}{whole}亿元的地区,{total}连续5年居{scope}首位。"
    claims = [r for r in rankings(run(text, unit)) if r.rank == 1]
    assert [(r.value, r.unit) for r in claims] == [(whole + frac / 10, "亿元")]


@SETTINGS
@given(units, indicators, st.integers(1, 20), st.sampled_from(["增幅", "增速"]),
       st.sampled_from(["前三", "前列", "第一方阵"]), st.data())
def test_a_bare_rate_word_claims_for_the_rate_named_before(unit: tuple[str, str, str, dict[str, str]], name: str,
                                                            n: int, word: str, claim: str,
                                                            data: st.DataObject) -> None:
    """'某总额增幅低于预期3个百分点,但总量持续增加,预计全年增幅列全市前三': the rate that ranks is the 总额's."""
    scope = data.draw(st.sampled_from(sorted(unit[3])))
    text = f"{name}{word}低于预期{n}个百分点,但总量持续增加,预计全年{word}列{scope}{claim}。"
    (r,) = rankings(run(text, unit))
    assert r.indicator == name + word


@pytest.mark.parametrize("text", [
    "在海安市第十七届人民代表大会第三次会议上,代表们审议了报告。",
    "编制第十四个五年规划和二〇三五年远景目标纲要。",
    "第一产业增加值增长3.1%,第二产业增加值增长5.2%。",
    "全市第二个院士工作站全面建成。",
    "第一,坚持稳中求进。第二,坚持创新驱动。",
    "第3次全国经济普查顺利完成。",
])
def test_ordinals_that_are_no_claims(text: str) -> None:
    assert rankings(run(text, UNITS[0])) == []


@SETTINGS
@given(units, indicators, ranks, rates, st.sampled_from(["增幅", "增速", ""]))
def test_a_claim_in_the_headline_and_the_body_is_one_claim_stated_three_times(
        unit: tuple[str, str, str, dict[str, str]], name: str, rank: int, rate: float, word: str) -> None:
    """Each statement is a fact (as the gold lists them), all named alike, each linked to the others by its spans:
    the warehouse merges them into one claim with three spans."""
    text = (f"上半年{name}增长{rate}% 位居全省第{cn(rank)}\n原标题:{name}{word}全省第{cn(rank)}\n"
            f"上半年{name}增长{rate}%,位居全省第{cn(rank)},继续保持良好态势。")
    ranked = rankings(run(text, unit, "2022H1"))
    assert [(r.indicator, r.scope, r.rank, r.value) for r in ranked] == [(name + "增速", "江苏省", rank, rate)] * 3
    spans = {(r.start, r.end) for r in ranked}
    for r in ranked:
        assert r.other_spans is not None and {tuple(s) for s in r.other_spans} == spans - {(r.start, r.end)}
    growth = [f for f in run(text, unit, "2022H1") if f.type == "growth"]
    assert len(growth) == 2 and all(g.other_spans == [[o.start, o.end]] for g, o in zip(growth, growth[::-1],
                                                                                           strict=True))


@SETTINGS
@given(units, st.sampled_from(["下辖13市", "各县(市、区)", "所辖7个县市"]), indicators)
def test_a_group_of_units_is_no_region(unit: tuple[str, str, str, dict[str, str]], group: str, name: str) -> None:
    facts = run(f"全省{group}{name}均进入全国100强,增长5%。", unit)
    assert rankings(facts) == [] and [f for f in facts if f.type == "growth"] == []


@SETTINGS
@given(units, indicators, rates, ranks, st.data())
def test_claims_read_the_same_in_traditional_script(unit: tuple[str, str, str, dict[str, str]], name: str,
                                                    rate: float, rank: int, data: st.DataObject) -> None:
    scope = data.draw(st.sampled_from(sorted(unit[3])))
    text = f"{name}增长{rate}%,連續3年位居{scope}第{cn(rank)};{name}比上年度前进2位。".replace("連續", "连续")
    plain = [key(f) for f in run(text, unit)]
    assert plain and [key(f) for f in run(traditional(text), unit)] == plain


@SETTINGS
@given(units, indicators, ranks, st.sampled_from(["长江以北县级城市", "中西部地区", "同类城市", "苏中"]))
def test_a_class_of_units_stays_the_scope_as_written(unit: tuple[str, str, str, dict[str, str]], name: str,
                                                      rank: int, group: str) -> None:
    (r,) = rankings(run(f"{name}居{group}第{cn(rank)}。", unit))
    assert (r.indicator, r.scope, r.rank) == (name, group, rank)


@SETTINGS
@given(units, indicators, st.integers(2, 100), st.sampled_from(["跻身", "进入", "位列"]), st.data())
def test_entering_the_top_n_is_a_claim_without_a_position(unit: tuple[str, str, str, dict[str, str]], name: str,
                                                          n: int, verb: str, data: st.DataObject) -> None:
    scope = data.draw(st.sampled_from(sorted(unit[3])))
    (r,) = rankings(run(f"{name}{verb}{scope}前{n}名。", unit))
    assert (r.indicator, r.scope, r.rank, r.claim) == (name, unit[3][scope], None, f"前{n}名")


@SETTINGS
@given(units, indicators, st.integers(2, 9), st.data())
def test_only_n_and_first_to_pass_a_mark(unit: tuple[str, str, str, dict[str, str]], name: str, n: int,
                                         data: st.DataObject) -> None:
    scope = data.draw(st.sampled_from([s for s in sorted(unit[3]) if s.startswith("全")]))
    (only,) = rankings(run(f"{name}获批国家级试点,{scope}仅{n}家。", unit))
    assert (only.scope, only.rank, only.claim) == (unit[3][scope], None, f"仅{n}家")
    (first,) = rankings(run(f"{name}{scope}率先突破{n}00亿元大关。", unit))
    assert (first.indicator, first.scope, first.claim) == (name, unit[3][scope], "率先")
    assert rankings(run(f"在{scope}率先聘请首批营商环境观察员。", unit)) == []


@SETTINGS
@given(st.lists(st.integers(1, 100), min_size=2, max_size=4, unique=True),
       st.sampled_from(["百强县名单中", "县域经济竞争力榜单中"]))
def test_places_ranked_in_one_list_with_bare_numbers(ranks: list[int], title: str) -> None:
    places = ["启东", "如皋", "海安", "如东"][: len(ranks)]
    text = f"第22届全国县域经济基本竞争力{title},南通{len(ranks)}县市全部上榜," + "、".join(places) + \
        "分列第" + "、".join(map(str, ranks)) + "位。"
    ranked = rankings(run(text, UNITS[2]))
    assert [(r.region, r.rank, r.scope) for r in ranked] == [
        (p, n, "全国") for p, n in zip(["启东市", "如皋市", "海安市", "如东县"], ranks, strict=False)]
    assert {r.indicator for r in ranked} == {"全国县域经济基本竞争力" + title.removesuffix("中").removesuffix("名单")
                                             .removesuffix("榜单")}


@pytest.mark.parametrize("text", ["面对突发疫情,全市第一时间启动应急指挥体系。", "其中江苏最多,有23个县上榜。"])
def test_idioms_and_other_places_superlatives_are_no_claims(text: str) -> None:
    assert rankings(run(text, UNITS[2])) == []


def comparisons(facts: list[Fact]) -> list[Fact]:
    return [f for f in facts if f.type == "comparison"]


@SETTINGS
@given(units, indicators, rates, st.integers(1, 99).map(lambda n: n / 10), st.data(),
       st.sampled_from([("高于{b}平均水平{g}个百分点", "higher"), ("低于{b}{g}个百分点", "lower"),
                        ("快于{b}平均{g}个百分点", "higher"), ("较{b}平均水平高{g}个百分点", "higher"),
                        ("比{b}低{g}个百分点", "lower"), ("领先{b}平均水平{g}个百分点", "higher")]))
def test_a_comparison_names_its_benchmark_and_gap(unit: tuple[str, str, str, dict[str, str]], name: str,
                                                  rate: float, gap: float, data: st.DataObject,
                                                  form: tuple[str, str]) -> None:
    bench = data.draw(st.sampled_from([s for s in sorted(unit[3]) if unit[3][s] != unit[0]]))
    text = f"{name}增长{rate}%," + form[0].format(b=bench, g=gap) + "。"
    (c,) = comparisons(run(text, unit))
    assert (c.indicator, c.benchmark, c.relation, c.gap) == (name, unit[3][bench], form[1], gap)
    assert rankings(run(text, unit)) == []


@SETTINGS
@given(units, st.lists(indicators, min_size=2, max_size=3, unique=True), st.lists(rates, min_size=3, max_size=3))
def test_one_comparison_for_each_growth_a_shared_statement_covers(unit: tuple[str, str, str, dict[str, str]],
                                                                  names: list[str], values: list[float]) -> None:
    stated = ",".join(f"{n}增长{v}%" for n, v in zip(names, values, strict=False))
    found = comparisons(run(f"{stated},增速均高于全省平均水平。", unit))
    assert sorted((c.indicator or "", c.benchmark, c.relation) for c in found) == sorted(
        (n, "江苏省", "higher") for n in names)


@SETTINGS
@given(units, indicators, ranks, st.sampled_from([
    ("苏北五市", "苏北五市", None), ("中西部地区县域", "中西部地区县域", None),
    ("全省同类城市", "江苏省", "同类城市"), ("全省13个设区市", "江苏省", "13个设区市"),
    ("全国县级市", "全国", "县级市")]),
    st.sampled_from([("排名第{r}", "rank"), ("位居第{r}位", "rank"), ("名列前茅", "名列前茅"), ("位居前列", "前列")]))
def test_a_frame_between_the_subject_and_its_claim_names_the_scope(
        unit: tuple[str, str, str, dict[str, str]], name: str, rank: int, frame: tuple[str, str, str | None],
        claim: tuple[str, str]) -> None:
    """'社会消费品零售总额在苏北五市中排名第二': what ranks is before 在, the frame is the scope (a grouping as
    written, never the report's own region or prefecture), a class of the scope's units kept apart."""
    inner, scope, cls = frame
    written, kind = claim
    (r,) = rankings(run(f"{name}在{inner}中{written.format(r=cn(rank))}。", unit))
    assert (r.indicator, r.scope, r.scope_class) == (name, scope, cls)
    assert (r.rank, r.claim) == ((rank, r.claim) if kind == "rank" else (None, kind))


@SETTINGS
@given(units, indicators, st.integers(1, 9), st.sampled_from(["进位{n}个", "进位{n}位", "退位{n}个"]),
       st.sampled_from(["比上年", "较上年", "排名比上年"]))
def test_a_move_counted_after_jinwei_is_a_change(unit: tuple[str, str, str, dict[str, str]], name: str, n: int,
                                                 form: str, lead: str) -> None:
    """'比上年进位2个' moves the ranking just stated; '提高2个百分点' is no move."""
    ranked = rankings(run(f"{name}增速居全省第5位,{lead}{form.format(n=n)}。", unit))
    assert [(r.rank, r.rank_change) for r in ranked] == [(5, None), (None, -n if form.startswith("退") else n)]
    assert [f for f in run(f"{name}增幅比上年提高{n}个百分点。", unit) if f.type == "ranking"] == []


@SETTINGS
@given(units, indicators, ranks, st.sampled_from(["首次", "再次", "再度", "一举"]), st.sampled_from(["跃居", "位居"]))
def test_an_adverb_before_the_claim_is_no_part_of_what_ranks(unit: tuple[str, str, str, dict[str, str]], name: str,
                                                             rank: int, adverb: str, verb: str) -> None:
    (r,) = rankings(run(f"{name}总量{adverb}{verb}全省第{cn(rank)}。", unit))
    assert (r.indicator, r.scope, r.rank) == (f"{name}总量", "江苏省", rank)


@SETTINGS
@given(units, st.lists(indicators, min_size=2, max_size=3, unique=True), st.data(),
       st.sampled_from([("高于", "higher"), ("低于", "lower")]), st.sampled_from(["增幅", "增速"]))
def test_each_subject_compared_gets_its_own_gap(unit: tuple[str, str, str, dict[str, str]], names: list[str],
                                               data: st.DataObject, rel: tuple[str, str], word: str) -> None:
    """'A、B增幅分别高于全省平均0.7和3.1个百分点': A's gap is 0.7, B's 3.1, and the points are each one's too."""
    bench = data.draw(st.sampled_from([s for s in sorted(unit[3]) if unit[3][s] != unit[0]]))
    gaps = [round(0.3 + 1.1 * k, 1) for k in range(len(names))]
    written = "、".join(str(g) for g in gaps[:-1]) + f"和{gaps[-1]}个百分点"
    text = f"{'、'.join(names)}{word}分别{rel[0]}{bench}平均{written}。"
    facts = run(text, unit)
    assert sorted((c.indicator, c.benchmark, c.relation, c.gap) for c in comparisons(facts)) == sorted(
        (n, unit[3][bench], rel[1], g) for n, g in zip(names, gaps, strict=True))
    assert [(f.indicator, abs(f.value or 0)) for f in facts if f.type == "pp_change"] == list(
        zip(names, gaps, strict=True))


@SETTINGS
@given(units, indicators, st.integers(100, 99999).map(lambda n: n / 100), st.sampled_from(["亿元", "万元", "万人"]),
       ranks)
def test_a_claims_own_figure_is_in_the_base_unit_as_a_levels_is(unit: tuple[str, str, str, dict[str, str]],
                                                                 name: str, value: float, written: str,
                                                                 rank: int) -> None:
    """'实现地区生产总值1479.31亿元,在南通市下辖区划中位列第四': the claim's figure compares with the peers'
    levels only in one base unit (亿元 and 元 alike), so it carries its value_base as the level does."""
    facts = run(f"{name}{value}{written},位居全省第{cn(rank)}。", unit)
    (level,) = [f for f in facts if f.type == "level"]
    (r,) = rankings(facts)
    assert (r.value, r.unit, r.value_base, r.unit_base) == (value, written, level.value_base, level.unit_base)
    assert r.value_base is not None
