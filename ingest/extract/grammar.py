"""Sentence grammar: quantities, claims and comparisons -> facts, with subject carry-over, pairs, signs and scopes.

The genre writes statistics as '<indicator><verb><value><unit>' chains inside one sentence, dropping the subject
when it repeats ('实现建筑业施工产值543.54亿元,增幅10.1%'), pairing lists ('分别为6.2万元和3.5万元'), and adding
claims after a comma ('…增长16.5%,南通第一'). The walk below keeps, per sentence, the subjects already named so a
bare value, claim or comparison can borrow the nearest one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from ingest.dictionary import canonical_name, code_for
from ingest.extract import lexicon as lx
from ingest.extract.mentions import (
    PAREN,
    Claim,
    Comparison,
    Quantity,
    find_claims,
    find_comparisons,
    find_quantities,
    find_structures,
    find_summaries,
    inside,
    masked_spans,
)
from ingest.extract.numbers import parse_rank
from ingest.extract.regions import (
    PLACES,
    PREFECTURE_CITIES_IN_PROVINCE,
    Unit,
    find_places,
    is_other_place,
    resolve_scope,
)

_CLAUSE_BREAK = re.compile(r"[,:?!]")
_SENTENCE = re.compile(r"[^。;!?]+[。;!?]?")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}部分)")
_LABEL_PREFIX = re.compile(r"^[^,。:]{1,10}:")
_YEAR_LEAD = re.compile(r"^(?P<y>(?:19|20)\d\d)年(?!\d{1,2}月)")
_PLACE_LEAD = re.compile(r"^(?:(?:19|20)\d\d年|今年|去年|上半年|下半年|全年|而|但|倒是|其中|此外|同期|其)*$")
_TRAILING_ET = re.compile(r"等$")
_FRAME = re.compile(r"在(?P<inner>[^,;]+)(?:中|上|里)")
_GROWTH_HINT = re.compile(r"增速|增幅|增长")
_QUOTE_RE = re.compile(r"“[^“”]*”")
_SCOPE_FIND = re.compile(lx.SCOPE_RE)
_SUB_PERIOD = re.compile(
    r"(?:(?P<m1>\d{1,2})[-—至~](?P<m2>\d{1,2})月份?|(?P<first>前)?(?:第)?(?P<q>[一二三四])季度|(?P<half>上半年|下半年|全年))"
)
_PART_OF = re.compile(r"^(?:分别)?((?:占|完成)[^,;。]{1,16}?)的?$")
_PLACE_NAMES = "|".join(sorted({n for s, (f, _, _) in PLACES.items() for n in (f, s)}, key=len, reverse=True))
_PLACE_LIST = re.compile(
    "(?:" + _PLACE_NAMES + ")(?:[、和及与](?:" + _PLACE_NAMES + "))+(?:等?[一二三四五六七八九十\\d]+[个县市区]+)?"
)
_YEAR_PREFIX = re.compile(r"(?:19|20)\d\d年(?:度)?")
_LOOKAHEAD_NAME = re.compile(r"的([^,;。的]{2,12}?)(?:总量|总额|规模)?(?=[,;。]|$)")
_LIST_SEP_LONG = re.compile(r"、|和|及|与|以及")
_COMPARE_TAIL = re.compile(r"(?:高于|低于|快于|慢于|超过|领先|落后|比|较|与).*$")
_LIST_MARK = re.compile(r"、|和")
_POSTFIX_END = re.compile(r"[、,;:。(]|\d")
_NAME_START = re.compile(r"[\u4e00-\u9fffA-Za-z“]")
_EACH_TAIL = re.compile(r"(?:均|各)$")
_LIST_SEP = re.compile(r"、|和|及|与")
_RANK_FRAME_TAIL = re.compile(r"(?:排名|排行榜?|排位|榜单|评比|中)$")
_CLAUSE_PUNCT = re.compile(r"[,;。、]")
_RANK_LIST_TAIL = re.compile(r"(?:排名|排行榜?|排位|榜单|评比)$")
_SHARED_CLAIM = re.compile(r"、.{1,8}(?:均|都)")
_LIST_SEP_SHORT = re.compile(r"、|和|及")
_GROWTH_TAIL = re.compile(r"(?:增速|增幅|增长)$")
# Sentences without a digit, a numeral count, a rank or a comparison word hold no fact (most of a report).
_WORTH_PARSING = re.compile(
    r"\d|第|前列|领先|唯一|首位|首家|垫底|强|持平|同步|相当|一致|高于|低于|快于|慢于|超过|落后|比|倒数|最后|"
    r"[一二两三四五六七八九十][家个项所座条]"
)
_CHANGE_SINCE = re.compile(r"^(?:较|比)(?:年初|上年末|上年|去年|上月末|上月)(?:同期)?(?:增加|减少|新增|多增|少增)")
_ENTRY_VERBS = re.compile(r"^(?:连续第?[\d一二三四五六七八九十]+年|连续)?(?:入围|入选|获批|成功申报|申报|获)?")


@dataclass
class Draft:
    """A fact before offsets are mapped back to the document (sentence-local compact offsets)."""

    type: str
    start: int
    end: int
    indicator: str | None
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class DocState:
    """What persists from sentence to sentence."""

    unit: Unit
    year: str | None
    period: str | None
    plan: bool = False
    plan_period: str | None = None  # the year a plan section's targets are for
    block_targets: bool = False  # '主要预期目标是:…;…;…' lists targets up to the end of the paragraph
    estimate_all: bool = False
    last_subject: str | None = None
    seen_comparisons: set[tuple[Any, ...]] = field(default_factory=set)
    patterns: tuple[re.Pattern[str], ...] = ()


@dataclass
class Sentence:
    text: str
    offset: int  # compact offset of text[0]
    clauses: list[tuple[int, int]]
    blocked: list[tuple[int, int]]
    subjects: list[tuple[str, str]] = field(default_factory=list)  # (indicator, fact type) named so far
    region: str | None = None
    period: str | None = None

    starts: list[int] = field(default_factory=list)

    def clause_at(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.clauses[max(0, min(i, len(self.clauses) - 1))]


def bench_words(unit: Unit) -> str:
    words = ["全国平均", "全国", "全省", "省内", "江苏省", "江苏", "省", "南通市", "南通", "全市"]
    words += [s for s in PLACES if s != "南通"]
    return "|".join(sorted(set(words), key=len, reverse=True))


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
            st.plan_period = _plan_period(title, st)
        elif lx.REVIEW_HEADING.search(title):
            st.plan = False
    drafts: list[Draft] = []
    st.block_targets = False
    for m in _SENTENCE.finditer(block):
        s = m.group()
        if "下同" in s and lx.ESTIMATE_RE.search(s):
            st.estimate_all = True
        if not _WORTH_PARSING.search(s):
            continue
        for d in parse_sentence(_sentence(s, offset + m.start()), st):
            d.start += offset + m.start()
            d.end += offset + m.start()
            drafts.append(d)
    return drafts


def _plan_period(title: str, st: DocState) -> str | None:
    """Targets are for the year the heading names; else the rest of this year (half-year report) or next year."""
    y = re.search(r"((?:19|20)\d\d)年", title)
    if y:
        return y.group(1) + "FY"
    if st.year and st.period and st.period.endswith("FY") and "下半年" not in title:
        return f"{int(st.year) + 1}FY"
    return f"{st.year}FY" if st.year else None


def _is_break(text: str, i: int, blocked: list[tuple[int, int]]) -> bool:
    """A comma/colon ends a clause unless it sits in quotes or between digits ('7.5:49.7:42.7')."""
    if text[i] == ":" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
        return False
    return not blocked or not inside(i, blocked)


def _sentence(text: str, offset: int) -> Sentence:
    blocked = masked_spans(text) if "“" in text or "《" in text or '"' in text or "「" in text or "‘" in text else []
    cuts = [m.start() for m in _CLAUSE_BREAK.finditer(text) if _is_break(text, m.start(), blocked)]
    bounds = [0, *[c + 1 for c in cuts], len(text) + 1]
    clauses = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    return Sentence(text, offset, clauses, blocked, starts=[a for a, _ in clauses])


# --------------------------------------------------------------------------------------------------------------------
def parse_sentence(s: Sentence, st: DocState) -> list[Draft]:
    text = s.text
    drafts: list[Draft] = []
    consumed: list[tuple[int, int]] = list(s.blocked)
    for sm in find_summaries(text):
        drafts.append(Draft("summary", sm.start, sm.end, None, {"indicators_total": sm.total,
                                                                 "indicators_met": sm.met,
                                                                 "indicators_missed": sm.missed}))
        consumed.append((sm.start, sm.end))
    for a, b, parts in find_structures(text):
        for name, v in parts:
            drafts.append(Draft("share", a, b, name, {"value": v, "unit": "%"}))
        consumed.append((a, b))
    claims = [] if st.plan else find_claims(text, consumed)
    consumed += [(c.start, c.end) for c in claims]
    comps = [] if st.plan else find_comparisons(text, st.patterns, consumed)
    quantities = [q for q in find_quantities(text, consumed) if not q.modifier]
    items: list[Any] = sorted([*claims, *comps, *quantities], key=lambda it: it.start)
    as_of = lx.AS_OF_RE.match(text)
    prev_end: dict[tuple[int, int], int] = {}
    ctx_done = 0
    i = 0
    while i < len(items):
        it = items[i]
        clause = s.clause_at(it.start)
        while ctx_done < len(s.clauses) and s.clauses[ctx_done][0] <= clause[0]:
            _update_context(s, st, s.clauses[ctx_done])
            ctx_done += 1
        lead_start = prev_end.get(clause, clause[0])
        if isinstance(it, Quantity):
            group = _value_group(text, items, i)
            new, consumed_to = _quantities(s, st, group, lead_start, clause)
            i += len(group)
            prev_end[clause] = consumed_to
        elif isinstance(it, Claim):
            new = _claim(s, st, it, lead_start, clause)
            i += 1
            prev_end[clause] = it.end
        else:
            new = _comparison(s, st, it, lead_start, clause)
            i += 1
            prev_end[clause] = it.end
        for d in new:
            _decorate(d, s, st, text, as_of)
        drafts.extend(new)
    return drafts


def _sub_period(m: re.Match[str], year: str) -> str | None:
    """'1-5月' -> 2023M1-5, '二季度' -> 2023Q2, '前三季度' -> 2023M1-9, '上半年' -> 2023H1, '全年' -> 2023FY."""
    if m.group("m1"):
        return f"{year}M{int(m.group('m1'))}-{int(m.group('m2'))}"
    if m.group("q"):
        n = parse_rank(m.group("q"))
        return f"{year}M1-{3 * n}" if m.group("first") else f"{year}Q{n}"
    word = m.group("half")
    return {"上半年": f"{year}H1", "下半年": f"{year}H2", "全年": f"{year}FY"}.get(word or "")


def _update_context(s: Sentence, st: DocState, clause: tuple[int, int]) -> None:
    """A clause that starts with another year or another place shifts what the following facts are about."""
    ctext = s.text[clause[0] : clause[1]]
    y = _YEAR_LEAD.match(ctext)
    year = y.group("y") if y else st.year
    sub = _SUB_PERIOD.match(ctext, y.end() if y else 0)
    if sub and year:
        p = _sub_period(sub, year)
        s.period = None if p == st.period else p
    elif y and st.year and y.group("y") != st.year:
        s.period = y.group("y") + "FY"
    elif ctext.startswith("今年"):
        s.period = None
    for pos, _short, full in find_places(ctext):
        if _PLACE_LEAD.match(ctext[:pos]) and is_other_place(full, st.unit):
            s.region = full
            break


def _value_group(text: str, items: list[Any], i: int) -> list[Quantity]:
    """Consecutive values joined only by 、/和/及 ('6.2万元和3.5万元', '5%、7%') form one paired list."""
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
    # a comma only continues a list that was opened by 分别 ('分别增长4.5%,7%' is rare; keep it strict)
    return between != ","


# --------------------------------------------------------------------------------------------------------------------
def clean_name(raw: str, st: DocState) -> str:
    """A lead as written -> the indicator name: fillers, years, places and trailing verbs removed."""
    s = PAREN.sub("", raw).strip() if "(" in raw else raw.strip()
    own = st.unit.name if st.unit.name and st.unit.name not in _KNOWN_PLACE_NAMES else None
    for _ in range(12):
        before = s
        m = _LEAD_JUNK.match(s)
        if m:
            s = s[m.end() :]
        t = lx.TAIL_FILLERS_REVERSED.match(s[::-1])
        if t:
            s = s[: len(s) - t.end()]
        if own and s.startswith(own):
            s = s[len(own) :]
        if s == before:
            break
    if _TRAILING_ET.search(s) or lx.VERB_ONLY.match(s) or len(s) < 2:
        return ""
    return s.strip("、,:")


_KNOWN_PLACE_NAMES = frozenset(n for s, (f, _, _) in PLACES.items() for n in (f, s))
_LEAD_PLACE = re.compile(
    "^(?:" + "|".join(sorted(_KNOWN_PLACE_NAMES, key=len, reverse=True)) + ")(?![市县区港])"
)
# Everything a lead may start with that is not the indicator: fillers, a year, a leading place name; repeated.
_LEAD_JUNK = re.compile(
    "(?:" + lx.LEAD_FILLERS.pattern.removeprefix("^") + r"|(?:19|20)\d\d年(?:度)?|"
    + _LEAD_PLACE.pattern.removeprefix("^") + ")+"
)


_TAIL_WINDOW = 24  # end-anchored patterns only ever match the last few characters; don't scan the whole lead


def _growth_strip(lead: str) -> tuple[str, str | None, str | None]:
    """'规模工业总产值同比增长' -> ('规模工业总产值', '增长', measure)."""
    m = lx.GROWTH_TRIGGER.search(lead, max(0, len(lead) - _TAIL_WINDOW))
    if not m:
        return lead, None, None
    measure = next((v for k, v in lx.MEASURE_WORDS.items() if k in m.group()), None)
    return lead[: m.start()], m.group("verb"), measure


def _with_generic(name: str, s: Sentence, st: DocState) -> str:
    """'占比21.04%' after '制造业贷款余额…' -> 制造业贷款余额占比."""
    if name and name.startswith(lx.GENERIC_NAMES) and len(name) <= 4:
        base = _carried(s, st)
        if base and not base.endswith(name):
            return base + name
    return name


def _carried(s: Sentence, st: DocState) -> str | None:
    for name, ftype in reversed(s.subjects):
        if ftype != "ranking":
            return name
    return None


def _lookahead_subject(s: Sentence, st: DocState, pos: int) -> str | None:
    """'共实现了3.1%的名义增速,以56909.14亿元的GDP总量': the subject may come later in the sentence."""
    rest = s.text[pos:]
    for m in _LOOKAHEAD_NAME.finditer(rest):
        name = clean_name(m.group(1), st)
        if name and code_for(canonical_name(name)):
            return name
    return None


def _split_subjects(name: str, n: int) -> list[str] | None:
    if n < 2 or not name:
        return None
    parts = [p for p in _LIST_SEP_LONG.split(name) if p]
    if len(parts) == 1:
        for key, (a, b) in lx.PAIR_EXPANSIONS.items():
            if key in name and n == 2:
                return [name.replace(key, a, 1), name.replace(key, b, 1)]
        return None
    if len(parts) != n:
        return None
    last = parts[-1]
    if last.startswith(lx.GENERIC_NAMES) and len(last) <= 4:
        parts[-1] = parts[0] + last
        return parts
    head_len = len(parts[0])
    if all(len(p) <= 3 for p in parts[:-1]) and len(last) > head_len + 1:
        head = last[head_len:]
        return [p + head for p in parts[:-1]] + [last]
    return parts


# --------------------------------------------------------------------------------------------------------------------
def _quantities(
    s: Sentence, st: DocState, group: list[Quantity], lead_start: int, clause: tuple[int, int]
) -> tuple[list[Draft], int]:
    text = s.text
    first = group[0]
    lead_raw = text[lead_start : first.start]
    fen = "分别" in lead_raw or "各" in lead_raw[-3:] or "均" in lead_raw
    lead = PAREN.sub("", lead_raw)
    kind = first.kind
    qualifier_cut = _after_qualifier(lead)
    lead = lead[qualifier_cut:]
    ftype, verb, measure = "level", None, None
    if kind == "pp":
        ftype = "pp_change"
        lead = _COMPARE_TAIL.sub("", lead)
        stripped, verb, measure = _growth_strip(lead)
        if verb not in ("增速", "增幅", "增长"):  # '增速低于预期4.4个百分点' is a change *of the growth rate*
            lead = stripped
    elif kind == "percent":
        stripped, verb, measure = _growth_strip(lead)
        postfix = text[group[-1].end : clause[1]]
        if verb:
            ftype, lead = "growth", stripped
        elif lx.SHARE_WORDS.search(lead) or (lx.SHARE_WORDS.search(_carried(s, st) or "") and not lead):
            ftype = "share"
        elif postfix.lstrip("的").startswith(("名义增速", "实际增速", *lx.GROWTH_NOUNS)) or (
            _GROWTH_HINT.search(text[: first.start]) and not lx.SHARE_WORDS.search(lead)
        ):
            ftype = "growth"
        else:
            ftype = "share"
    if lx.PAGE_FURNITURE.search(text, max(0, first.start - 8), first.start):
        return [], group[-1].end
    name = clean_name(lead, st)
    part_of = _PART_OF.match(lead.strip(",、"))
    if ftype == "share" and part_of and _carried(s, st):
        name = _carried(s, st) + part_of.group(1)  # '占年计划投资的49.2%' is a share of what was just named
    since = _CHANGE_SINCE.match(lead.strip(",、"))
    if ftype == "level" and since and _carried(s, st):
        name = f"{_carried(s, st)}{since.group()}"  # '较年初增加156亿元' is a change of the balance just named
    consumed_to = group[-1].end
    text_end = group[-1].end
    from_postfix = False
    if ftype in ("level",) and not fen:
        post = _postfix_name(text, group[-1], clause, st)
        if post and (first.kind == "count" or not name or lead_raw.endswith("、")):
            name, from_postfix = post, True
            post_end = text.index(post, group[-1].end) + len(post)
            text_end = post_end
            if not text[post_end : post_end + 1].isdigit():  # '为710家单位提供岗位15328个' shares the noun
                consumed_to = post_end
            name = _counted_noun(name, first.unit)
    explicit = bool(name) and not from_postfix
    names: list[str | None]
    if len(group) > 1 or fen or (ftype == "share" and _LIST_MARK.search(name)):
        names = _paired_names(s, st, name, lead_raw, len(group), ftype)
        explicit = explicit and len(set(names)) > 1
    else:
        names = [name]
    if not names[0] or (len(names) != len(group) and len(group) > 1):
        base = _carried(s, st) or _lookahead_subject(s, st, first.end) or st.last_subject
        names = [base] * len(group) if len(names) != len(group) or not names[0] else names
    if len(group) == 1 and len(names) > 1:
        group = group * len(names)
    regions = _listed_places(lead_raw, len(group), st) if fen and len(group) > 1 else None
    if regions:
        names = [clean_name(_PLACE_LIST.sub("", lead_raw.partition("分别")[0]), st) or _carried(s, st)] * len(group)
    drafts = []
    for q, nm in zip(group, names, strict=False):
        nm = _with_generic(nm or "", s, st) or nm
        value = q.value
        if ftype == "growth" and verb in lx.DOWN_VERBS and value > 0:
            value = -value
        if ftype == "pp_change" and value > 0 and lx.PP_NEGATIVE.search(text[clause[0] : q.start]):
            value = -value
        d = Draft(ftype, lead_start, max(q.end, text_end) if len(group) == 1 else q.end, nm or None,
                  {"value": value, "unit": q.unit})
        if regions:
            d.fields["_region"] = regions[len(drafts)]
        if q.approx:
            d.fields["approx"] = True
        if q.bound:
            d.fields["bound"] = q.bound
        if measure:
            d.fields["measure"] = measure
        d.fields["_qpos"] = q.start
        drafts.append(d)
    if explicit:
        for d in drafts:
            if d.indicator:
                s.subjects.append((d.indicator, d.type))
    elif drafts and drafts[0].indicator and not from_postfix:
        s.subjects.append((drafts[0].indicator, ftype))
    for d in drafts:
        if d.indicator and code_for(canonical_name(d.indicator)):
            st.last_subject = d.indicator
    return drafts, consumed_to


def _listed_places(lead: str, n: int, st: DocState) -> list[str] | None:
    """'海安、如皋、启东规上工业增加值分别增长9.1%、8.3%、7.6%': one value per listed place."""
    head = lead.partition("分别")[0]
    m = _PLACE_LIST.search(head)
    if not m:
        return None
    places = [full for _, _, full in find_places(m.group())]
    if len(places) == n and all(is_other_place(p, st.unit) for p in places):
        return places
    return None


def _counted_noun(name: str, unit: str) -> str:
    nouns = lx.COUNTED_NOUNS.get(unit)
    if nouns and not any(n in name for n in nouns):
        return name + nouns[0]
    return name


def _after_qualifier(lead: str) -> int:
    ends = [m.end() for m in lx.QUALIFIER_RE.finditer(lead)]
    return ends[-1] if ends else 0


def _postfix_name(text: str, q: Quantity, clause: tuple[int, int], st: DocState) -> str:
    """'等7家企业申报国家级专精特新小巨人企业': the noun after the value names it."""
    post = text[q.end : clause[1]]
    post = _POSTFIX_END.split(post)[0]
    post = lx.POSTFIX_STOP.split(post)[0]
    if post.startswith(("的基础", "基础上", "左右", "目标", "任务")):
        return ""
    post = post.lstrip("的")
    return post if len(post) >= 2 and _NAME_START.match(post) else ""


def _paired_names(s: Sentence, st: DocState, name: str, lead_raw: str, n: int, ftype: str) -> list[str | None]:
    """Subjects for a list of values: from the lead's own list, or the last n subjects named in the sentence."""
    head = name.split("分别")[0] if name else ""
    rest = ""
    if "分别" in lead_raw:
        before, _, after = PAREN.sub("", lead_raw).partition("分别")
        head = clean_name(before, st)
        rest = clean_name(_growth_strip(after)[0], st)
    head = _EACH_TAIL.sub("", head)
    split = _split_subjects(head, n)
    if split:
        return [p + rest if rest and not p.endswith(rest) else p for p in split]
    if not head:
        prior = _distinct_recent(s, n, ftype)
        if prior:
            return [p + rest if rest and not p.endswith(rest) else p for p in prior]
    if n == 1:
        parts = _split_subjects(head, len(_LIST_SEP.split(head))) if head else None
        return parts or [head]
    return [head or None] * n


def _distinct_recent(s: Sentence, n: int, ftype: str) -> list[str] | None:
    seen: list[str] = []
    for name, _t in reversed(s.subjects):
        if name not in seen:
            seen.append(name)
        if len(seen) == n:
            return list(reversed(seen))
    return None


# --------------------------------------------------------------------------------------------------------------------
def _claim(s: Sentence, st: DocState, c: Claim, lead_start: int, clause: tuple[int, int]) -> list[Draft]:
    text = s.text
    scope = _scope(s, st, c)
    lead = text[lead_start : c.start]
    frame = _FRAME.search(PAREN.sub("", text[: c.start]))
    base = clean_name(_RANK_FRAME_TAIL.sub("", lead), st)
    if not clean_name(_QUOTE_RE.sub("", base), st):
        base = ""  # '“人生”首次全省垫底': a quoted aside is not what ranks
    base = _with_generic(base, s, st) if base else base
    if c.claim in ("首家", "首个") and not st.plan:
        base = _CLAUSE_PUNCT.split(text[c.end : clause[1]])[0].strip("“”") or base
    if c.names:
        names: list[str | None] = list(c.names)
        if len(c.names) == 1 and base and code_for(canonical_name(base)):
            names = [base]  # a recognised statistic ranks in the list ('GDP总量跌出全国30强')
    elif c.rank_range:
        names = [_claim_subject(s, st, c, clause)] * len(c.ranks)
    else:
        if not base and frame:  # '在全国县级市基本现代化排行榜中列第26位': the frame names the list
            base = clean_name(_RANK_LIST_TAIL.sub("", frame.group("inner")), st)
        if not base:
            base = _claim_subject(s, st, c, clause)
        n = len(c.ranks)
        split = _split_subjects(base, n) if n > 1 else None
        if not split and n == 1 and _SHARED_CLAIM.search(lead):
            split = _split_subjects(base, len(_LIST_SEP_SHORT.split(base)))
        names = split or [base] * n
    regions = _claim_regions(s, st, c, clause)
    ranks = list(c.ranks)
    if len(names) != len(ranks):
        ranks = ranks[:1] * len(names)
    drafts = []
    for k, (nm, rank) in enumerate(zip(names, ranks, strict=True)):
        region = regions[k] if k < len(regions) else (regions[0] if regions and not c.rank_range else None)
        if rank is None and c.claim == "垫底" and scope == "江苏省" and region and region.endswith("市"):
            rank = PREFECTURE_CITIES_IN_PROVINCE
        d = Draft("ranking", lead_start, c.end, nm or None,
                  {"scope": scope, "rank": rank, "claim": c.claim})
        if region:
            d.fields["_region"] = region
        drafts.append(d)
    if drafts and drafts[-1].indicator:
        s.subjects.append((drafts[-1].indicator, "ranking"))
    return drafts


def _claim_subject(s: Sentence, st: DocState, c: Claim, clause: tuple[int, int]) -> str:
    """Rank claims after a comma borrow the subject of what came just before."""
    if s.subjects:
        name, ftype = s.subjects[-1]
        if ftype == "growth" and not name.endswith(("增速", "增幅")):
            return name + "增速"
        return name
    idx = s.clauses.index(clause)
    for a, b in reversed(s.clauses[:idx]):
        if any(is_other_place(full, st.unit) for _, _, full in find_places(s.text[a:b])):
            continue
        prev = clean_name(_ENTRY_VERBS.sub("",
                                 PAREN.sub("", s.text[a:b])), st)
        if prev:
            return prev
    return st.last_subject or ""


def _scope(s: Sentence, st: DocState, c: Claim) -> str | None:
    if c.scope_word:
        return resolve_scope(c.scope_word, st.unit)
    before = s.text[: c.start]
    best = None
    valid = {"全国", *st.unit.ancestors()}
    for m in _SCOPE_FIND.finditer(before):
        r = resolve_scope(m.group(), st.unit)
        if r in valid:
            best = (m.start(), r)
    if best:
        return best[1]
    for short, (full, _, _) in PLACES.items():
        if short in before and full in st.unit.ancestors():
            return full
    if lx.NATIONAL_LIST_HINTS.search(s.text):
        return "全国"
    if st.unit.kind == "province":
        return "江苏省"
    return st.unit.prefecture


def _claim_regions(s: Sentence, st: DocState, c: Claim, clause: tuple[int, int]) -> list[str]:
    if st.unit.kind not in ("province", "prefecture"):
        return [s.region] if s.region else []
    if c.rank_range:
        for a, b in s.clauses:
            if a >= c.start:
                break
            places = [full for _, _, full in find_places(s.text[a:b]) if is_other_place(full, st.unit)]
            if len(places) >= 2:
                return places
    places = [full for _, _, full in find_places(s.text[clause[0] : clause[1]]) if is_other_place(full, st.unit)]
    if places:
        return places[:1]
    return [s.region] if s.region else []


# --------------------------------------------------------------------------------------------------------------------
def _comparison(s: Sentence, st: DocState, c: Comparison, lead_start: int, clause: tuple[int, int]) -> list[Draft]:
    lead = clean_name(s.text[lead_start : c.start], st)
    lead = _GROWTH_TAIL.sub("", lead)
    name = lead if lead and len(lead) > 1 else (_carried(s, st) or st.last_subject)
    if name and s.subjects and name.startswith(lx.GENERIC_NAMES):
        name = s.subjects[-1][0]
    drafts = []
    for b in c.benchmarks:
        bench = resolve_scope(b.replace("平均", ""), st.unit)
        if not bench or bench == st.unit.name or bench == s.region:
            continue
        key = (name, bench, c.relation, s.region, s.period)
        if key in st.seen_comparisons:
            continue
        st.seen_comparisons.add(key)
        drafts.append(Draft("comparison", lead_start, c.end, name, {"benchmark": bench, "relation": c.relation}))
    return drafts


# --------------------------------------------------------------------------------------------------------------------
def _decorate(d: Draft, s: Sentence, st: DocState, text: str, as_of: re.Match[str] | None) -> None:
    """Region/period shifts, targets, estimates, as-of dates and bases."""
    d.fields["_region"] = d.fields.get("_region") or s.region
    if s.period:
        d.fields["_period"] = s.period
    elif st.plan and st.plan_period:
        d.fields["_period"] = st.plan_period
    qpos = d.fields.pop("_qpos", d.start)
    before = text[:qpos]
    if d.type in ("level", "growth", "share") and _is_target(s, st, qpos):
        d.fields["qualifier"] = _qualifier(s, st, qpos)
        d.fields["_target_of"] = d.type
        d.type = "target"
    if st.estimate_all or lx.ESTIMATE_RE.search(before):
        d.fields["estimate"] = True
    if as_of and d.type in ("level", "share"):
        d.fields["as_of"] = as_of.group("as_of")
    basis = lx.BASIS_WORDS.search(text[s.clause_at(d.start)[0] : min(len(text), d.end + 14)])
    if basis and d.type in ("level", "growth", "target"):
        d.fields["basis"] = basis.group()


def _is_target(s: Sentence, st: DocState, pos: int) -> bool:
    if st.plan or st.block_targets:
        return True
    if lx.TARGET_SENTENCE.search(s.text[:pos]):
        st.block_targets = True
        return True
    clause = s.clause_at(pos)
    return bool(lx.QUALIFIER_RE.search(s.text[clause[0] : pos]))


def _qualifier(s: Sentence, st: DocState, pos: int) -> str:
    clause = s.clause_at(pos)
    best = None
    for m in lx.QUALIFIER_RE.finditer(s.text[:pos]):
        c = s.clause_at(m.start())
        if c == clause or m.start() - c[0] <= 2:
            best = m.group()
    if best:
        return best
    t = lx.TARGET_SENTENCE.search(s.text[:pos])
    return "预期" if (t and "预期" in t.group()) or (st.block_targets and not st.plan) else "目标"
