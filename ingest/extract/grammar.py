"""Sentence grammar: quantities, claims and comparisons -> facts, with subject carry-over, pairs, signs and scopes.

The genre writes statistics as '<indicator><verb><value><unit>' chains inside one sentence, dropping the subject
when it repeats ('实现建筑业施工产值321.45亿元,增幅9.7%'), pairing lists ('分别为7.1万元和3.9万元'), and adding
claims after a comma ('…增长12.4%,南通第一'). The walk below keeps, per sentence, the subjects already named so a
bare value, claim or comparison can borrow the nearest one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any, Final

from ingest.dictionary import canonical_name, code_for
from ingest.extract import lexicon as lx
from ingest.extract.claims import claim_facts, comparison_facts
from ingest.extract.firstchars import first_chars
from ingest.extract.mentions import (
    PAREN,
    Claim,
    Covered,
    Quantity,
    Uncounted,
    find_claims,
    find_comparisons,
    find_quantities,
    find_structures,
    find_summaries,
    masked_spans,
)
from ingest.extract.names import after_qualifier, clean_name, counted_noun, growth_strip, postfix_name
from ingest.extract.numbers import parse_rank
from ingest.extract.regions import COUNTED_CLASS_SOURCE, child_named, find_places, is_other_place
from ingest.extract.state import DocState, Draft, Sentence
from ingest.extract.subjects import (
    carried,
    listed_places,
    lookahead_subject,
    paired_names,
    place_list,
    with_generic,
)
from ingest.extract.targets import decorate, is_target, list_period, plan_period, qualifier

__all__ = ["MAX_SENTENCE", "DocState", "Draft", "blocks", "parse_block", "sentence_spans"]


_CLAUSE_BREAK: Final = re.compile(r"[,:?!]")
_SENTENCE: Final = re.compile(r"[^。;!?]+[。;!?]?")
_HEADING: Final = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}部分)")
_YEAR_LEAD: Final = re.compile(r"^(?P<y>(?:19|20)\d\d)年(?!\d{1,2}月)")
# '截至2021年4月,…', '截至2023年末,…': a stock at a date; in another year than the report's, that year's (its month's)
_AS_OF_YEAR: Final = re.compile(
    r"(?:截至|截止)(?:到|至)?(?P<y>(?:19|20)\d\d)年(?:(?P<m>1[0-2]|[1-9])月(?:份|末|底)?(?:\d{1,2}日)?)?"
)
_PLACE_LEAD: Final = re.compile(
    r"^(?:(?:19|20)\d\d年|今年|去年|上半年|下半年|全年|而|但|倒是|其中|此外|同期|其|[" + lx.BULLET_CHARS + r"—─-]"
    r"|\"[^\"]{1,12}\"|“[^”]{1,12}”)*$"  # (an epithet in quotes before the name: '“最强地级市”苏州')
)
# A unit named under its parent ('苏州下辖的昆山', '南通所辖的海安'): the clause is about the child.
_SUBORDINATE: Final = re.compile(r"(?:下辖|所辖|辖下|辖区内|代管)的?")
# A superlative said of a place ('其中江苏最多,达到23个'): the place has it, the figure after it is the place's.
_SUPERLATIVE: Final = re.compile(r"最(?:多|高|大|快|少|低)")
_GROWTH_HINT: Final = re.compile(r"增速|增幅|增长")
_SUB_PERIOD: Final = re.compile(
    r"(?:(?P<m1>\d{1,2})[-—至~](?P<m2>\d{1,2})月份?|(?P<first>前)?(?:第)?(?P<q>[一二三四])季度|(?P<half>上半年|下半年|全年)"
    r"|(?P<mon>1[0-2]|[1-9])月份?(?![末底初中\d日]))"  # ('6月份,…': that month; '6月末' is a date in the period)
)
_PART_OF: Final = re.compile(
    r"^(?:分别)?(?P<part>(?:占|完成)[^,;。]{1,16}?)的?(?P<noun>比重|比例|份额)?(?:为|是|达到|达|约)?$"
)
_COMPARE_TAIL: Final = re.compile(r"(?:高于|低于|快于|慢于|超过|领先|落后|(?<![占同环])比|较|与).*$")
# Points stated against something right before them: a benchmark or an aim ('高于全省平均水平', '比全市快'), or an
# earlier time of the subject itself ('比上年提高', '较年初'), told apart by _OVER_TIME.
_GAP_TO: Final = re.compile(
    r"(?:高于|低于|快于|慢于|超过|超出|领先|落后)[^,;。]{0,16}$|(?<![占同环])(?P<than>(?:比|较)[^,;。]{1,12}?)[快慢高低多少]了?$"
)
_OVER_TIME: Final = re.compile(
    r"(?:比|较)(?:上年|去年|上半年|下半年|[一二三四]季度|前三季度|年初|上年末|上年同期|去年同期|同期|上月|上季度|"
    r"(?:19|20)\d\d年|\d{1,2}[-—–~至]\d{1,2}月|\d{1,2}月|前[两二三四五六七八九十]个月)"
)
_LIST_MARK: Final = re.compile(r"、|和")
# What a count of the report's own indicators is followed by: no statistic of the region (a scorecard's words).
_INDICATOR_COUNT: Final = re.compile(r"(?:主要|重点|核心)?(?:经济社会发展|经济|发展|考核|监测)?(?:预期)?(?:目标)?指标")
# What stands between an indicator and '翻番': a base ('比上年') and a verb ('实现'); neither is part of the name.
_DOUBLING_LEAD: Final = re.compile(lx.BASE_WORDS + r"?(?:实现|达到|基本|接近|将近|近)*$")
# Sentences without a digit, a numeral count, a rank or a comparison word hold no fact (most of a report).
_WORTH_PARSING: Final = re.compile(
    r"\d|[第前][一二两三四五六七八九十]|前列|前茅|领先|领跑|率先|唯一|首位|首家|首个|榜首|垫底|百强|十强|强[县区市]|持平|同步|相当|"
    r"一致|高于|低于|快于|慢于|超过|高出|低出|落后|比[^,。;]{1,8}?[高低快慢]|倒数|最后|最[高快多]|方阵|梯队|下达|控制在|"
    r"[一二两三四五六七八九十][家个项所座条]|翻了?[一两二三]?番|进位"
)
# Found in two scans the regex engine can skip through: the first digit, and the first word before it. Every word
# alternative below opens with a fixed character (the two leading classes above written out), so the engine tests
# one set per position; a look-ahead in front of _WORTH_PARSING made it start a match attempt at every position.
_DIGIT: Final = re.compile(r"\d")
_NUMERALS: Final = "一二两三四五六七八九十"
_WORTH_WORDS: Final = re.compile(
    "|".join([f"{c}[{_NUMERALS}]" for c in "第前"] + [
        alt for alt in _WORTH_PARSING.pattern.split("|")
        if not alt.startswith(("\\d", "[第前]", f"[{_NUMERALS}]"))
    ] + [f"{c}[家个项所座条]" for c in _NUMERALS])
)
_WORTH_WORD_MAX: Final = 10  # the longest word match ('比' + 8 + '高'): one starting before a digit ends by it + 10
_ABS_CHANGE: Final = re.compile(
    r"(?:较|比)(?:年初|上年末|上年底|上年|去年末|去年底|去年|上月末|上月|上季末)(?:同期)?净?"
    r"(?P<verb>增加|减少|新增|净增|多增|少增|下降|降低|增长|提高|扩大|缩小)了?$"
)
# 'GDP增长1200多亿', '存款余额同比增加35亿元': an amount right after a verb of change is the change, not the level
# (a rate after it is a growth, found before this; 新增/净增 name a flow of new items, a level of its own)
_BARE_CHANGE: Final = re.compile(r"(?<![新净])(?:同比)?(?P<verb>增长|增加|减少|下降)了?$")
# A sentence opened by a zone inside the region ('某开发区新增规上企业5家,完成规上工业增加值12亿元;实现税收9万元'):
# its later clauses, which name no other subject, are the zone's figures, not the region's.
_ZONE_LEAD: Final = re.compile(
    r"[^\d,;。、:()]{0,10}?(?:集中区|工业园区|产业园区|园区|开发区|高新区|工业园|产业园|集聚区|示范区|保税区)"
    r"(?=新增|完成|实现|引进|入驻|签约|累计|全年|上半年|共)"
)
# '民营经济增加值500亿元,…。其中,第一产业增加值…': the sectors that follow are the named economy's, not the region's
_SECTOR_PART: Final = re.compile(r"第[一二三]产业")
_SECTOR_WHOLE: Final = re.compile(r"(?P<whole>[^\d,;。]{2,8}?)增加值$")
# '增长面', '亏损面': the share of a set's members that grew / made a loss ('40个行业中28个增长,增长面达70%')
_SHARE_FACE: Final = re.compile(r"(?:增长|盈利|亏损|下降)面")
_VERB_LEAD: Final = re.compile(r"新增|完成|实现|引进|入驻|签约|累计")
# A CPI category in a paragraph about consumer prices ('医疗保健类价格', '衣着类', '居住价格').
_CPI_CATEGORY: Final = re.compile(r"(?P<cat>[\u4e00-\u9fff、和及]{1,12}?)(?:类价格|类|价格)(?:指数)?")


def blocks(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for part in text.split("\n"):
        if part:
            out.append((pos, part))
        pos += len(part) + 1
    return out


def parse_block(block: str, offset: int, st: DocState) -> list[Draft]:
    if _HEADING.match(block):
        title = block[:40]
        if lx.PLAN_HEADING.search(title) and not lx.REVIEW_HEADING.search(title):
            st.plan = True
            st.plan_period = plan_period(title, st)
        elif lx.REVIEW_HEADING.search(title):
            st.plan = False
    drafts: list[Draft] = []
    # a target list opened by '…主要预期目标是:' goes on over the bulleted lines that follow it
    st.block_targets = st.target_list and lx.LIST_BULLET.match(block) is not None
    st.target_list = st.block_targets
    st.block_plan = st.block_estimate = False
    st.cpi_block = "居民消费价格" in block or "CPI" in block
    if st.nominal_names or st.plain_names or st.nominal_block:
        st.nominal_names, st.plain_names = set(), set()
    st.nominal_block = ("现价" in block or "名义" in block) and lx.NOMINAL_FRAME.match(block) is not None
    if block[-1] == ":" and lx.TARGET_SENTENCE.search(block, max(0, len(block) - 24)):
        st.target_list = True
        st.list_period = list_period(block, st)
    # where the next fact-bearing word or digit starts, found at most once per stretch of the block
    worth = _next_worth(block, 0)
    if worth == len(block) and "下同" not in block:  # (a block with nothing to read: not split into sentences)
        st.sentences = []
        return drafts
    st.sentences = sentence_spans(block)
    for start, end in st.sentences:
        s = block[start:end]
        if "下同" in s and "预计" in s:
            st.estimate_all = True
        if not st.block_estimate and ("预" in s or "测算" in s) and lx.ESTIMATE_FRAME.match(s):
            st.block_estimate = True  # '初步预计,…': the paragraph's figures are estimates
        if not st.block_plan and ("将" in s or "要" in s) and lx.FUTURE_INTENT.search(s):
            st.block_plan = True  # '该县将重点抓好…': from here on the paragraph says what will be done
        if worth < start:
            worth = _next_worth(block, start)
        if worth >= end:
            continue
        shift = offset + start
        for d in parse_sentence(_sentence(s, shift), st):
            d.start += shift
            d.end += shift
            drafts.append(d)
    return drafts


# Real sentences run to a few hundred characters; a longer run without a full stop is a table or a page that lost its
# punctuation. It is read in pieces of at most this many characters, cut after a comma where there is one, so the
# per-sentence work (which looks back over the sentence for each value) stays linear in the length of the text.
MAX_SENTENCE: Final = 2000
_LAST_BREAK: Final = re.compile(r".*[,:?!]", re.DOTALL)


def sentence_spans(block: str) -> list[tuple[int, int]]:
    """The sentences of a block as (start, end), each at most MAX_SENTENCE long."""
    spans = []
    for m in _SENTENCE.finditer(block):
        start, end = m.span()
        while end - start > MAX_SENTENCE:
            cut = _LAST_BREAK.match(block, start, start + MAX_SENTENCE)
            piece_end = cut.end() if cut else start + MAX_SENTENCE
            spans.append((start, piece_end))
            start = piece_end
        spans.append((start, end))
    return spans


def _next_worth(block: str, pos: int) -> int:
    """Where the first fact-bearing word or digit at or after pos starts (len(block) if none does): where
    `_WORTH_PARSING.search(block, pos)` starts."""
    d = _DIGIT.search(block, pos)
    digit = d.start() if d is not None else len(block)
    m = _WORTH_WORDS.search(block, pos, digit + _WORTH_WORD_MAX)
    return m.start() if m is not None and m.start() < digit else digit


def _is_break(text: str, i: int, blocked: Covered) -> bool:
    """A comma/colon ends a clause unless it sits in quotes or between digits ('6.3:47.1:46.6')."""
    if text[i] == ":" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
        return False
    return i not in blocked


def _sentence(text: str, offset: int) -> Sentence:
    blocked = masked_spans(text) if "“" in text or "《" in text or '"' in text or "「" in text or "‘" in text else []
    starts = [0]  # a clause starts after each break (breaks are one character)
    if blocked or ":" in text:
        covered = Covered(blocked)
        starts += [m.end() for m in _CLAUSE_BREAK.finditer(text) if _is_break(text, m.start(), covered)]
    else:  # (most sentences: every comma ends a clause)
        starts += [m.end() for m in _CLAUSE_BREAK.finditer(text)]
    clauses = list(zip(starts, [*starts[1:], len(text) + 1], strict=True))
    return Sentence(text, offset, clauses, blocked, starts=starts)


def parse_sentence(s: Sentence, st: DocState) -> list[Draft]:
    text = s.text
    drafts: list[Draft] = []
    consumed: list[tuple[int, int]] = list(s.blocked)
    _open_owners(s, st)
    for sm in find_summaries(text):
        drafts.append(Draft("summary", sm.start, sm.end, None, {"indicators_total": sm.total,
                                                                 "indicators_met": sm.met,
                                                                 "indicators_missed": sm.missed}))
        consumed.append((sm.start, sm.end))
    as_of = lx.AS_OF_RE.match(text)
    for a, b, parts in find_structures(text):
        clause = s.clause_at(a)
        owner = clean_name(text[clause[0] : a], st)  # '民营经济三次产业结构…': whose structure
        for name, v in parts:
            d = Draft("share", a, b, owner + name, {"value": v, "unit": "%"})
            decorate(d, s, st, text, as_of)
            drafts.append(d)
        consumed.append((a, b))
    claims = [] if st.plan or st.claims is None else find_claims(text, consumed, st.claims)
    if claims:
        s.memo["claims"] = True
        if "总数" in text or "总量" in text or "总额" in text:
            s.memo["totals"] = True
    consumed += [(c.start, c.end) for c in claims]
    comps = [] if st.plan else find_comparisons(text, st.patterns, consumed)
    uncounted: list[Uncounted] = []
    found = find_quantities(text, consumed, uncounted)
    quantities = [q for q in found if not q.modifier] if found else found
    items: list[Any] = sorted([*claims, *comps, *quantities, *uncounted], key=lambda it: it.start)
    prev_end: dict[tuple[int, int], int] = {}
    ctx_done = 0
    i = 0
    clauses = s.clauses
    # (whether a place is named anywhere in the sentence: most sentences name none, and then no clause does)
    places = st.unit.places.finder.search(text) is not None
    # (where a scope a clause could be about is named: found once per sentence, most name none)
    scopes = [m.start() for m in st.subject_scopes.finditer(text)] if st.subject_scopes is not None else None
    while i < len(items):
        it = items[i]
        k = s.clause_index(it.start)
        clause = clauses[k]
        while ctx_done <= k:  # the clauses up to this one, each once (clause starts rise strictly)
            _update_context(s, st, clauses[ctx_done], places, scopes)
            ctx_done += 1
        lead_start = prev_end.get(clause, clause[0])
        if isinstance(it, Quantity):
            group = _value_group(text, items, i)
            new, consumed_to = _quantities(s, st, group, lead_start, clause)
            i += len(group)
            prev_end[clause] = consumed_to
        elif isinstance(it, Claim):
            new = claim_facts(s, st, it, lead_start, clause)
            i += 1
            prev_end[clause] = it.end
        elif isinstance(it, Uncounted):
            # '生猪出栏45万X,增长5%': a figure in a measure word no table knows names its subject all the same, so
            # the growth after it is not put on the subject before it
            name = clean_name(text[lead_start : it.start], st)
            if name:
                s.subjects.append((name, "level"))
            new = []
            i += 1
            prev_end[clause] = it.end
        else:
            new = comparison_facts(s, st, it, lead_start, clause)
            i += 1
            prev_end[clause] = it.end
        for d in new:
            decorate(d, s, st, text, as_of)
        if s.region == lx.GROUP:
            continue  # a group's figures and claims are no region's: not credited to the report's
        drafts.extend(new)
    if "同步" in text or "内" in text or "下达" in text:  # (most sentences: none of the three)
        drafts += _unquantified_targets(s, st)
    return drafts


def _unquantified_targets(s: Sentence, st: DocState) -> list[Draft]:
    """'居民人均可支配收入增长与经济增长同步', '主要约束性指标控制在省市规定范围以内': aims stated without a figure,
    in a target list or governed by its qualifier."""
    out: list[Draft] = []
    text = s.text
    for m in lx.UNQUANTIFIED_TARGET.finditer(text):
        a = s.clause_at(m.start())[0]
        if _DIGIT.search(text, a, m.end()) or not is_target(s, st, m.start()):
            continue
        name = clean_name(text[a : m.start()], st)
        if name:
            d = Draft("target", a, m.end(), name, {"claim": m.group(), "qualifier": qualifier(s, st, m.start())})
            decorate(d, s, st, text, None)
            out.append(d)
    return out


def _sub_period(m: re.Match[str], year: str) -> str | None:
    """'1-5月' -> 2023M1-5, '6月份' -> 2023M6, '二季度' -> 2023Q2, '前三季度' -> 2023M1-9, '上半年' -> 2023H1,
    '全年' -> 2023FY."""
    if m.group("m1"):
        return f"{year}M{int(m.group('m1'))}-{int(m.group('m2'))}"
    if m.group("mon"):
        return f"{year}M{int(m.group('mon'))}"
    if m.group("q"):
        n = parse_rank(m.group("q")) or 0  # ([一二三四]: never None)
        return f"{year}M1-{3 * n}" if m.group("first") else f"{year}Q{n}"
    word = m.group("half")
    return {"上半年": f"{year}H1", "下半年": f"{year}H2", "全年": f"{year}FY"}.get(word or "")


# Whether a clause can open with a time word at all (most clauses cannot: the full checks below are skipped).
_TIME_LEAD: Final = re.compile(
    "|".join((_YEAR_LEAD.pattern.removeprefix("^"), _SUB_PERIOD.pattern, "今年", "上年", "去年",
              "[“\"]?十[一二三四五]五", "(?:近|过去)?五年", "预计(?:全年|今年|下半年|(?:19|20)\\d\\d年)",
              re.sub(r"\(\?P<\w+>", "(?:", lx.HORIZON.pattern)))  # (lx.HORIZON without its group names)
)
_TIME_STARTS: Final = first_chars(_TIME_LEAD)


_LAST_YEAR: Final = re.compile(r"(?:上年|去年)(?!同期|末|底|以来)")
_FIVE_YEAR_PLAN: Final = re.compile(
    r"[“\"]?十(?P<n>[一二三四五])五[”\"]?(?:期间|时期|(?P<since>以来))|(?:近|过去)?五年(?:来|间|以来)"
)
_CLAUSE_LEAD: Final = re.compile(
    r"(?:(?:19|20)\d\d年|今年|去年|上年|上半年|下半年|全年|前三季度|[一二三四]季度|\d{1,2}-\d{1,2}月份?|而|但|其中|此外|同期|其|"
    r"[" + lx.BULLET_CHARS + r"—─-])+"
)


def _update_context(s: Sentence, st: DocState, clause: tuple[int, int], places: bool = True,
                    scopes: list[int] | None = None) -> None:
    """A clause that starts with another year or another place shifts what the following facts are about."""
    a, b = clause
    as_of = _AS_OF_YEAR.match(s.text, a, b) if s.text.startswith("截", a) else None
    if as_of is not None and as_of.group("y") != st.year:
        month = int(as_of.group("m") or 12)
        s.period = as_of.group("y") + ("FY" if month == 12 else f"M{month}")
    elif _TIME_STARTS.test(s.text[a : a + 1]) and _TIME_LEAD.match(s.text, a, b):
        ctext = s.text[a:b]
        if ctext.startswith("预计") and not lx.HORIZON.match(ctext):
            ctext = ctext[2:]  # '预计全年地区生产总值增长6%左右': a forecast for the period it names
        y = _YEAR_LEAD.match(ctext)
        year = y.group("y") if y else st.year
        sub = _SUB_PERIOD.match(ctext, y.end() if y else 0)
        horizon = lx.HORIZON.match(ctext) if y is None else None
        if horizon and st.year and int(horizon.group("y")) > int(st.year):
            # '到2025年,地区生产总值达到…': an aim (or, after 预计, a forecast) for that year, never this year's figure
            s.period = horizon.group("y") + "FY"
            if horizon.group("lead") != "预计":
                s.memo["horizon"] = a
        elif sub and year:
            p = _sub_period(sub, year)
            s.period = None if p == st.period else p
        elif y and st.year and y.group("y") != st.year:
            s.period = y.group("y") + "FY"
        elif ctext.startswith("今年"):
            s.period = None
        elif _LAST_YEAR.match(ctext) and st.year:
            s.period = f"{int(st.year) - 1}FY"  # '上年全市地区生产总值增长3.1%'
        elif (plan := _FIVE_YEAR_PLAN.match(ctext)) is not None:
            # '“十三五”期间累计…': the plan's last year, and its figures are totals over the five years
            if plan.group("n"):
                end = 2010 + 5 * "一二三四五".index(plan.group("n"))  # 十一五 2006-2010, 十三五 2016-2020
                s.period = f"{min(end, int(st.year))}FY" if plan.group("since") and st.year else f"{end}FY"
            s.memo["cumulative"] = a
    if ("各" in s.text or "辖" in s.text) and lx.GROUP_SUBJECT.match(s.text, a, b):
        s.region = lx.GROUP  # '全市各县(市、区)…', '江苏省下辖13市…': about a group of units, no one region's
        return
    if scopes and st.subject_scopes is not None and a <= scopes[-1] and scopes[bisect_left(scopes, a)] < a + 24:
        lead = _CLAUSE_LEAD.match(s.text, a, b)
        at = lead.end() if lead else a
        scope = st.subject_scopes.match(s.text, at, b)
        if (scope is not None and (not lx.CLAIM_AFTER_SCOPE.match(s.text, scope.end())
                                   or _SUPERLATIVE.match(s.text, scope.end()))
                and (scope.group().startswith("全") or not lx.NAMED_THING.match(s.text, scope.end()))):
            # '全省实现生产总值…', '南通市规模以上工业增加值增长…': the clause is about the scope it opens with (the
            # report's own unit included: '苏州增长1.8%,全省增长1.6%')
            found = st.scope_of(scope.group())
            if found is not None and found.kind in ("unit", "country"):  # (not a grouping of units: no region)
                s.region = None if found.name == st.unit.name else found.name
                return
    if s.region and s.region != lx.GROUP and st.own_names:
        lead = _CLAUSE_LEAD.match(s.text, a, b)
        at = lead.end() if lead else a
        if s.text.startswith(st.own_names, at) and not lx.CLAIM_AFTER_SCOPE.match(
                s.text, at + len(next(n for n in st.own_names if s.text.startswith(n, at)))):
            s.region = None  # '石家庄…增长5.1%,井陉增长6.2%': back to the report's own unit
            return
    if not places or st.unit.places.finder.search(s.text, a, b) is None:  # most clauses name no place
        return
    ctext = s.text[a:b]
    for pos, _short, full in find_places(ctext, st.unit):
        if _PLACE_LEAD.match(ctext[:pos]):
            if is_other_place(full, st.unit):
                end = pos + len(_short)
                sub = _SUBORDINATE.match(ctext, end) if "辖" in ctext or "代管" in ctext else None
                child = child_named(full, ctext, sub.end(), st.unit) if sub is not None else None
                if child is not None:
                    # '苏州下辖的昆山全市完成地区生产总值…': the child's figure; its name is no part of the subject's
                    s.region = child[0]
                    s.memo["lead_cut"] = a + child[1]
                elif not lx.NAMED_THING.match(ctext, end):
                    s.region = full  # '苏州实现地区生产总值…', '南京增长2.5%' (not '吉林辽源产业园区…')
                break
            if full == st.unit.name and not lx.CLAIM_AFTER_SCOPE.match(ctext, pos + len(_short)):
                s.region = None  # '南通市…增长5.2%,海安增长6.1%': back to the report's own unit
                break


def _value_group(text: str, items: list[Any], i: int) -> list[Quantity]:
    """Consecutive values joined only by 、/和/及 ('7.1万元和3.9万元', '5%、7%') form one paired list."""
    group = [items[i]]
    j = i + 1
    while j < len(items) and isinstance(items[j], Quantity):
        between = text[group[-1].end : items[j].start]
        same_kind = (items[j].kind == "percent") == (group[-1].kind == "percent")
        if between in ("、", "和", "及", "与", ",") and same_kind and _paired(text, group[0], items[j], between):
            group.append(items[j])
            j += 1
        else:
            break
    return group


def _paired(text: str, first: Quantity, nxt: Quantity, between: str) -> bool:
    # a comma only continues a list that was opened by 分别 ('分别增长5.1%,7%' is rare; keep it strict)
    return between != ","


_PLAN_WORDS: Final = re.compile(r"计划|目标|预算|任务|进度")
_SPREAD_TAIL: Final = re.compile(r"(?:分布在|分布于|遍布|覆盖|涉及)[^,;。]*$")
_PLAN_DONE: Final = re.compile(r"完成(?P<plan>全?年(?:度)?计划|全年目标|年度目标|目标任务)[^,;]{1,16}的$")


_STREAK_UNITS: Final = {"个月": "月数", "个季度": "季度数", "季度": "季度数", "天": "天数", "年": "年数"}
_STREAK_LEAD: Final = re.compile(r"连续(?:第)?$")


def _streak(s: Sentence, st: DocState, q: Quantity, lead: str, lead_start: int,
            clause: tuple[int, int]) -> tuple[list[Draft], int]:
    """'工业投资连续36个月保持两位数增长': how long something has held, not a level of the subject — named for what
    held ('工业投资保持两位数增长的连续月数')."""
    subject = clean_name(_STREAK_LEAD.sub("", lead), st) or _carried_growth(s, st)
    held = s.text[q.end : clause[1]].rstrip(",;。:!?")
    d = Draft("level", lead_start, q.end + len(held), f"{subject}{held}的连续{_STREAK_UNITS[q.unit]}",
              {"value": q.value, "unit": q.unit, "_qpos": q.start})
    return [d], q.end


def _carried_growth(s: Sentence, st: DocState) -> str:
    """The subject just named, as a growth rate when it was named by its growth."""
    name = carried(s, st) or ""
    kinds = {t for n, t in s.subjects if n == name}
    return name + "增速" if name and "growth" in kinds and not name.endswith(("增速", "增幅")) else name


_COUNTED_CLASS: Final = re.compile("(?:" + COUNTED_CLASS_SOURCE + ")(?:之中|中|里|内|,|。|;|$)")


def _ends_with_scope(st: DocState, text: str, start: int, end: int) -> bool:
    """Whether a scope word or name ends right at `end` (the words before a count of its units)."""
    if st.claims is None:
        return False
    return any(m.end() == end for m in st.claims.scope_re.finditer(text, max(start, end - 12), end))


def _owner_before(s: Sentence, st: DocState, lead: str) -> str | None:
    """The other place whose figure a value right after '<place>的' is ('超过连云港的4005亿元'), else None."""
    head = lead[:-1]
    for pos, short, full in reversed(find_places(head, st.unit)):
        if pos + len(short) == len(head) or head.endswith(full):
            return full if is_other_place(full, st.unit) and full != s.region else None
        break
    return None


def _elliptic(s: Sentence, st: DocState, name: str, clause: tuple[int, int]) -> str:
    """Names a list writes short: '新增国家级专精特新企业2家、省级20家' (the level swapped into the item before),
    '组织企业申报省级示范智能车间,争取入选3家以上' (what is entered: the application's object)."""
    if lx.LEVEL_LABEL.fullmatch(name):
        prev = carried(s, st)
        if prev and lx.LEVEL_LABEL.search(prev):
            return lx.LEVEL_LABEL.sub(name, prev, count=1)
    elif name in lx.ENTRY_ONLY:
        k = s.clause_index(clause[0])
        if k:
            a, b = s.clauses[k - 1]
            applied = lx.APPLIED_FOR.search(s.text, a, b)
            if applied:
                return name + s.text[applied.end() : b].rstrip(",:;")
    return name


def _owned_name(s: Sentence, st: DocState, name: str, lead: str, clause: tuple[int, int]) -> str:
    """A figure of a part of the region named before it: a zone opening the sentence (or the one before, when this
    one has no subject of its own), or an economy whose 增加值 was just given ('其中,第一产业增加值…' after
    '民营经济增加值…'). A name that is itself such a whole sets the economy for the sectors that may follow."""
    zone, opened_here = s.memo["zone"]
    if zone and opened_here and clause[0] == 0 and name.startswith(zone):
        return zone + (clean_name(name[len(zone) :], st) or name[len(zone) :])  # ('…开发区完成规上工业增加值')
    if (zone and (clause[0] > 0 or not opened_here) and not name.startswith(zone) and "全" not in lead
            and "其中" not in lead):
        return zone + name
    whole = s.memo["whole"]
    if whole and _SECTOR_PART.match(name):
        return whole + name
    m = _SECTOR_WHOLE.fullmatch(name)
    if m and clause[0] == 0 and code_for(canonical_name(name)) is None and not _SECTOR_PART.match(name):
        st.whole = m.group("whole")  # ('民营经济增加值', not '地区生产总值' nor '第二产业增加值': a dictionary whole)
    return name


def _is_zone(name: str, st: DocState) -> bool:
    """A zone inside the report's unit, not the unit itself nor a place of the dictionary (梁园区 is a district)."""
    if st.unit.level == "functional_zone" or name in st.own_names:
        return False
    return not any(name in (short, full) for _, short, full in find_places(name, st.unit))


def _open_owners(s: Sentence, st: DocState) -> None:
    """Whose figures the sentence may state besides the region's: the zone or the economy of the sentence before
    carries on while a sentence has no subject of its own (it opens with a verb, 其中, or the next sector)."""
    text = s.text
    m = _ZONE_LEAD.match(text)
    if m and _is_zone(m.group(), st):
        st.zone = m.group()
        s.memo["zone"] = (st.zone, True)
    else:
        if not _VERB_LEAD.match(text):
            st.zone = None
        s.memo["zone"] = (st.zone or "", False)
    if not (text.startswith("其中") or _SECTOR_PART.match(text)):
        st.whole = None
    s.memo["whole"] = st.whole or ""


def _membership(text: str, lead: str, post: str, end: int) -> bool:
    after = text.find(post, end) + len(post)
    if post.endswith("之一") or text.startswith("之一", after):
        return True
    return bool(lx.UNIT_CLASS_WORD.search(post) and lx.MEMBERSHIP_VERBS.search(lead))


def _is_nominal(s: Sentence, clause: tuple[int, int], start: int, end: int) -> bool:
    """A rate at current prices: said in its clause before it, right after it ('3.1%的名义增速'), or by a clause of
    its own just before ('按现价计算,…')."""
    text = s.text
    words = s.memo.get("nominal")
    if words is None:
        words = s.memo["nominal"] = "名义" in text or "现价" in text
    if not words:
        return False
    if lx.NOMINAL.search(text, clause[0], start) or lx.NOMINAL.match(text, end) or (
        text[end : end + 1] == "的" and lx.NOMINAL.match(text, end + 1)
    ):
        return True
    k = s.clause_index(clause[0])
    if k:
        a, b = s.clauses[k - 1]
        return lx.NOMINAL.fullmatch(text[a:b].rstrip(",:")) is not None
    return False


def _nominal_context(s: Sentence, st: DocState, drafts: list[Draft], clause: tuple[int, int]) -> None:
    """Rates a paragraph's statement makes nominal (see DocState.nominal_block): every plain rate of a paragraph
    opened by '按现价计算,', and the later plain rates of a statistic whose first rate in the paragraph was nominal
    ('江苏共实现了3.1%的名义增速,…苏州增长2.6%、南京增长3.4%'); a rate marked real ends it."""
    for d in drafts:
        key = canonical_name(d.indicator) if d.indicator else ""
        measure = d.fields.get("measure")
        if measure == "nominal":
            if key not in st.plain_names:
                st.nominal_names.add(key)
        elif measure is None and (st.nominal_block or key in st.nominal_names):
            if _marked_real(s, clause, d.end):
                st.nominal_block = False
                st.nominal_names.clear()
                st.plain_names.add(key)
            else:
                d.fields["measure"] = "nominal"
        elif measure is None:
            st.plain_names.add(key)


def _marked_real(s: Sentence, clause: tuple[int, int], end: int) -> bool:
    """Whether a rate is said to be real, in its clause or by a clause of its own just before ('按可比价格计算,')."""
    if lx.REAL_MARK.search(s.text, clause[0], end):
        return True
    k = s.clause_index(clause[0])
    return k > 0 and lx.REAL_MARK.search(s.text, *s.clauses[k - 1]) is not None


def _growth_hint_end(s: Sentence) -> int:
    """Where the sentence's first growth word ends (-1 if none): the words are all two characters long, so the first
    match is the one that ends first."""
    end = s.memo.get("growth_hint")
    if end is None:
        m = _GROWTH_HINT.search(s.text)
        end = s.memo["growth_hint"] = m.end() if m else -1
    return end


def _quantities(
    s: Sentence, st: DocState, group: list[Quantity], lead_start: int, clause: tuple[int, int]
) -> tuple[list[Draft], int]:
    text = s.text
    first = group[0]
    last = group[-1]
    if len(group) > 1 and (last.bound or last.approx):
        for q in group[:-1]:  # '分别增长8%、9%以上', '5%和7.5%左右': a bound written once for the list is every value's
            if not q.bound and not q.approx:
                q.bound, q.approx = last.bound, last.approx
    cut = s.memo.get("lead_cut", -1)
    # ('苏州下辖的昆山全市完成地区生产总值…': the words up to the child's name name no statistic)
    lead_raw = text[cut if lead_start < cut <= first.start else lead_start : first.start]
    if "(" in lead_raw and ")" not in lead_raw[(paren := lead_raw.rfind("(")) :]:
        lead_raw = lead_raw[paren + 1 :]  # '…(预期目标为8.5%以上)': the words inside the parenthesis name it
    fen = "分别" in lead_raw or "各" in lead_raw[-3:] or "均" in lead_raw
    lead = PAREN.sub("", lead_raw) if "(" in lead_raw else lead_raw
    kind = first.kind
    qualifier_cut = after_qualifier(lead)
    if qualifier_cut:
        # '确保工业应税销售达2380亿元': the name follows the qualifier; '地区生产总值预期增长6%': it precedes it
        rest = lead[qualifier_cut:]
        lead = rest if growth_strip(rest)[0].strip(",、") else lead[: qualifier_cut - 2] + rest
    ftype, verb, measure = "level", None, None
    if kind == "pp":
        ftype = "pp_change"
        lead = _COMPARE_TAIL.sub("", lead)
        stripped, verb, measure = growth_strip(lead)
        if verb not in ("增速", "增幅", "增长"):  # '增速低于预期4.4个百分点' is a change *of the growth rate*
            lead = stripped
        window = text[max(clause[0], first.start - 24) : first.start]
        ahead = _GAP_TO.search(window)
        if ahead and not (ahead.group("than") and _OVER_TIME.match(ahead.group("than"))):
            # '增长4.1%,高于全省平均水平21.4个百分点', '低于预期4.4个百分点', '比全市快1.5个百分点': the distance to a
            # benchmark or an aim, not a change of the rate over time ('比上年提高2个百分点')
            measure = "gap"
    elif kind == "percent":
        stripped, verb, measure = growth_strip(lead)
        postfix = text[group[-1].end : clause[1]]
        if _SHARE_FACE.search(lead):
            ftype, measure = "share", None  # '增长面达70%': the share of the items that grew, no rate of growth
        elif verb:
            ftype, lead = "growth", stripped
        elif first.growth:
            ftype, lead = "growth", _DOUBLING_LEAD.sub("", lead)
        elif lx.SHARE_WORDS.search(lead) or (lx.SHARE_WORDS.search(carried(s, st) or "") and not lead):
            ftype = "share"
        elif postfix.lstrip("的").startswith(("名义增速", "实际增速", *lx.GROWTH_NOUNS)) or (
            0 <= _growth_hint_end(s) <= first.start and not lx.SHARE_WORDS.search(lead)
        ):
            ftype = "growth"
        else:
            ftype = "share"
    furniture = s.memo.get("furniture")
    if furniture is None:  # (a word in the window is a word in the sentence: most sentences have none)
        furniture = s.memo["furniture"] = lx.PAGE_FURNITURE.search(text) is not None
    if furniture and lx.PAGE_FURNITURE.search(text, max(0, first.start - 8), first.start):
        return [], group[-1].end
    if s.region and lx.DIFFERENCE_LEAD.match(lead):
        return [], last.end  # '扬州为…,盐城为…,仅差9.59亿元': the gap between places, no one place's figure
    if first.kind == "count" and _INDICATOR_COUNT.match(text, first.end):
        return [], group[-1].end  # '23项主要经济指标中,15项指标增速高于全省': a count of the report's indicators
    if (first.kind == "count" and len(group) == 1 and _COUNTED_CLASS.match(text, first.end)
            and st.claims is not None and _ends_with_scope(st, text, lead_start, first.start)):
        # '在赣州市9个县市区中位列第一', '全省13个设区市': the scope's units, no figure (and the words stay the
        # lead of what follows: the frame of a claim)
        return [], lead_start
    if first.unit in _STREAK_UNITS and len(group) == 1 and _STREAK_LEAD.search(lead):
        return _streak(s, st, first, lead, lead_start, clause)
    name = clean_name(lead, st)
    if name and len(name) <= 6 and ftype == "level":
        name = _elliptic(s, st, name, clause)
    if name:
        name = _owned_name(s, st, name, lead, clause)
    plan_value = share_of = False
    if (ftype in ("level", "growth") and lead[-1:] in "划标务为是"
            and lx.PLAN_VALUE.search(lead, max(0, len(lead) - 12)) and carried(s, st)):
        # '完成年计划710亿元': the plan's figure for what was just named
        plan_value, name = True, carried(s, st) or ""
    part_of = _PART_OF.match(lead.strip(",、")) if ftype == "share" else None
    subject = carried(s, st) if part_of else None
    if part_of and subject:
        # '占年计划投资的52.8%' is a share of what was just named, '占全市…的比重为69.3%' too; a property of the
        # subject: what follows ('同比增长5.4%') is still about the subject
        whole = canonical_name(subject) if code_for(canonical_name(subject)) else subject  # (GDP: 地区生产总值)
        name = whole + part_of.group("part") + (part_of.group("noun") or "")
        share_of = True
        if _PLAN_WORDS.search(part_of.group("part")):
            measure = "completion"  # (of a plan or budget: may pass 100 %, '完成年度预算的103.2%')
    elif ftype == "share" and lead.strip(",、") == "的" and (done := _PLAN_DONE.search(text, clause[0], first.start)):
        name = f"{carried(s, st) or ''}完成{done.group('plan')}比例"  # '完成年计划710亿元的89.4%'
        plan_value = True  # (a property of the subject: what follows is still about the subject)
        measure = "completion"
    sign = 1
    change = _ABS_CHANGE.search(lead) if ftype == "level" and ("比" in lead or "较" in lead) else None
    if change is None and ftype == "level" and first.kind != "count":  # ('人口自然减少300人': a level)
        change = _BARE_CHANGE.search(lead)
    if change:
        # '比上年减少11265公顷', '常住人口比上年末减少1.2万人': a change of the subject in its own unit, signed
        name = clean_name(lead[: change.start()], st) or carried(s, st) or name
        measure = "abs_change"
        sign = -1 if change.group("verb") in lx.DOWN_VERBS else 1
    elif ftype == "growth" and measure is None and _is_nominal(s, clause, first.start, last.end):
        measure = "nominal"  # '3.1%的名义增速', '按现价计算增长5%': never the plain (real) rate
    elif ftype == "level" and measure is None and "cumulative" in s.memo and clause[0] >= s.memo["cumulative"]:
        measure = "cumulative"  # '“十三五”期间累计完成固定资产投资3000亿元': a total over the plan's five years
    if (ftype == "growth" and name and st.cpi_block and not name.startswith(lx.PRICE_TOTALS)
            and (cat := _CPI_CATEGORY.fullmatch(name))):
        name = f"居民消费价格({cat.group('cat')})"  # '分类别看,医疗保健类价格上涨1.8%'
    consumed_to = group[-1].end
    text_end = group[-1].end
    from_postfix = False
    if ftype in ("level",) and not fen:
        post = postfix_name(text, group[-1], clause, st)
        if post and first.kind == "count" and _membership(text, lead_raw, post, group[-1].end):
            # '全国7个国家级幸福河湖试点项目之一', '纳入省国际班列5个开行城市统筹管理': the size of a set the region
            # is one of, not a figure of the region
            return [], group[-1].end
        if post and first.kind == "count" and lx.UNIT_CLASS_WORD.fullmatch(post):
            # '百强县分布在全国19个省区': a count of units the subject spreads over, no figure of the region; the
            # subject is still what a figure after it counts ('其中江苏最多,达到23个')
            spread = clean_name(_SPREAD_TAIL.sub("", lead), st)
            if spread:
                s.subjects.append((spread, "level"))
            return [], group[-1].end
        if post and lx.UNIT_CLASS_NOUN.search(post):
            post = ""  # '突破13万亿元的省份': the units passing a mark, not what is measured
        if post and (first.kind == "count" or not name or lead_raw.endswith("、")):
            name, from_postfix = post, True
            post_end = text.index(post, group[-1].end) + len(post)
            text_end = post_end
            if not text[post_end : post_end + 1].isdigit():  # '为710家单位提供岗位15328个' shares the noun
                consumed_to = post_end
            name = counted_noun(name, first.unit)
    explicit = bool(name) and not from_postfix
    names: list[str | None]
    if len(group) > 1 or fen or (ftype == "share" and _LIST_MARK.search(name)):
        k = s.clause_index(clause[0])
        before = s.text[s.clauses[k - 1][0] : s.clauses[k - 1][1]] if k > 0 else ""
        names = paired_names(s, st, name, lead_raw, len(group), ftype, before)
        explicit = explicit and len(set(names)) > 1
    else:
        names = [name]
    if not names[0] and ftype == "pp_change" and s.subjects and s.subjects[-1][1] == "part":
        names = [s.subjects[-1][0]] * len(group)  # '…的比重为12.3%,比上年提高1.3个百分点': the share's change
    if not names[0] or (len(names) != len(group) and len(group) > 1):
        base = carried(s, st) or lookahead_subject(s, st, first.end) or st.last_subject
        names = [base] * len(group) if len(names) != len(group) or not names[0] else names
    if len(group) == 1 and len(names) > 1:
        group = group * len(names)
    owner = _owner_before(s, st, text[clause[0] : first.start]) if lead_raw.endswith("的") else None
    regions = listed_places(lead_raw, len(group), st) if fen and len(group) > 1 else None
    if regions:
        head = place_list(st.unit.places).sub("", lead_raw.partition("分别")[0])
        names = [clean_name(head, st) or carried(s, st)] * len(group)
    drafts: list[Draft] = []
    for q, nm in zip(group, names, strict=False):
        nm = with_generic(nm or "", s, st) or nm
        value = q.value * sign
        if ftype == "growth" and verb in lx.DOWN_VERBS and value > 0:
            value = -value
        if ftype == "pp_change" and value > 0 and lx.PP_NEGATIVE.search(text[clause[0] : q.start]):
            value = -value
        d = Draft(ftype, lead_start, max(q.end, text_end) if len(group) == 1 else q.end, nm or None,
                  {"value": value, "unit": q.unit})
        if regions:
            d.fields["_region"] = regions[len(drafts)]
        elif owner:
            d.fields["_region"] = owner  # '逆袭超过连云港的4005亿元': 连云港's figure
        if q.approx:
            d.fields["approx"] = True
        if q.bound:
            d.fields["bound"] = q.bound
        if q.value_max is not None:
            d.fields["value_max"] = q.value_max * sign
        if measure:
            d.fields["measure"] = measure
        if plan_value and ftype != "share":
            d.fields["_plan_value"] = True
        d.fields["_qpos"] = q.start
        drafts.append(d)
    if ftype == "growth":
        _nominal_context(s, st, drafts, clause)
    if "totals" in s.memo and drafts and drafts[0].indicator and text.startswith("其中", clause[0]):
        s.memo.setdefault("parts", set()).add(drafts[0].indicator)  # '其中省四星级上云企业8家': a part of a whole
    if "claims" in s.memo:  # (what a claim of the sentence may state as the claimant's figure, and whose it is)
        values = s.memo.setdefault("values", {})
        for d in drafts:
            if d.type in ("level", "growth"):
                region = d.fields.get("_region") or s.region
                if d.indicator:
                    key = d.indicator + ("增速" if d.type == "growth" else "")
                    values.setdefault(key, []).append((d.fields["value"], d.fields["unit"], region,
                                                       d.fields.get("bound")))
                s.memo["last_value"] = (clause, d.end, d.fields["value"], d.fields["unit"], region, d.indicator,
                                        d.type)
    if owner:
        pass  # another place's figure: no subject of the report's unit's
    elif plan_value:
        pass  # the plan's figure and the share done are the subject's: the next bare value is still about it
    elif share_of and drafts and drafts[0].indicator:
        # a property of the subject: the next bare growth is still the subject's, a change in points the share's
        # ('…占GDP的比重为12.3%,比上年提高1.3个百分点')
        s.subjects.append((drafts[0].indicator, "part"))
    elif explicit:
        for d in drafts:
            if d.indicator:
                s.subjects.append((d.indicator, d.type))
    elif drafts and drafts[0].indicator and not from_postfix:
        s.subjects.append((drafts[0].indicator, ftype))
    elif drafts and drafts[0].indicator:
        # '5个园区成功认定自治区级化工园区,数量居全区第一': what a generic word or a claim may refer to, though not
        # the subject a bare value borrows
        s.subjects.append((drafts[0].indicator, "postfix"))
    for d in drafts:
        if d.indicator and code_for(canonical_name(d.indicator)):
            st.last_subject = d.indicator
    return drafts, consumed_to
