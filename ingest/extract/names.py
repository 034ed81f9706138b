"""Indicator names from the words around a value: fillers, years, places, verbs and qualifiers stripped."""

from __future__ import annotations

import re
from typing import Final

from ingest.dictionary import canonical_name, code_for
from ingest.extract import lexicon as lx
from ingest.extract.firstchars import FirstChars, first_chars
from ingest.extract.mentions import PAREN, Quantity
from ingest.extract.regions import Places
from ingest.extract.state import DocState

_YEAR_PREFIX: Final = re.compile(r"(?:19|20)\d\d年(?:度)?")
_LIST_SEP_LONG: Final = re.compile(r"、|和|及|与|以及")
_MEASURE_TAIL: Final = re.compile(r"(?:增速|增幅|增长率|占比|比重)$")
_POSTFIX_END: Final = re.compile(r"[、,;:。(]|\d")
_NAME_START: Final = re.compile(r"[\u4e00-\u9fffA-Za-z“]")
_LEAD_JUNKS: dict[int, tuple[re.Pattern[str], FirstChars]] = {}
# The long word alternations below are matched only where the name starts (ends) with a character they can match:
# most names start and end with none.
_TAIL_ENDS: Final = first_chars(lx.TAIL_FILLERS_REVERSED)  # (matched on the reversed name: its last character)
_VERB_STARTS: Final = first_chars(lx.VERB_ONLY, nonempty=True)
_TAIL_END, _TAIL_MATCH = _TAIL_ENDS.test, lx.TAIL_FILLERS_REVERSED.match
_VERB_START, _VERB_ONLY_MATCH = _VERB_STARTS.test, lx.VERB_ONLY.match


def _lead_junk(places: Places) -> tuple[re.Pattern[str], FirstChars]:
    """Everything a lead may start with that is not the indicator: fillers, a year, a leading place name; repeated."""
    found = _LEAD_JUNKS.get(id(places))
    if found is None:
        pat = re.compile(
            "(?:" + lx.LEAD_FILLERS.pattern.removeprefix("^") + r"|到?(?:19|20)\d\d年(?:度|底|末)?|"
            # (an epithet in quotes before a place: '“最强地级市”苏州')
            + r"[“\"][^”\"]{1,12}[”\"](?=" + places.alternation + ")|"
            + "(?:" + places.alternation + ")(?![市县区港])" + ")+"
        )
        found = _LEAD_JUNKS[id(places)] = (pat, first_chars(pat))  # Places objects live as long as the process
    return found
_TAIL_WINDOW: Final = 24  # end-anchored patterns only ever match the last few characters; don't scan the whole lead


def clean_name(raw: str, st: DocState) -> str:
    """A lead as written -> the indicator name: fillers, years, places and trailing verbs removed."""
    s = PAREN.sub("", raw).strip() if "(" in raw else raw.strip()
    if "——" in s:
        s = s[s.rindex("——") + 2 :]  # ('重点领域发展加快——全省规上工业增加值…': a heading before the dashes)
    ctx = st.name_ctx
    if ctx is None:  # (what depends on the reporting unit only: found once per document)
        lead_junk, junk_starts = _lead_junk(st.unit.places)
        own = st.unit.name if st.unit.name and st.unit.name not in st.unit.places.names else None
        ctx = st.name_ctx = (lead_junk.match, junk_starts.test, own)
    junk_match, junk_start, own = ctx
    for _ in range(12):
        before = s
        m = junk_match(s) if junk_start(s[:1]) else None
        if m:
            s = s[m.end() :]
        t = _TAIL_MATCH(s[::-1]) if _TAIL_END(s[-1:]) else None
        if t:
            s = s[: len(s) - t.end()]
        if own and s.startswith(own):
            s = s[len(own) :]
        if s == before:
            break
    # (VERB_ONLY matches the empty name too, and names shorter than 2 are dropped anyway; '等$' is endswith: a
    # sentence holds no line break)
    if len(s) < 2 or s[-1] == "等" or (_VERB_START(s[:1]) and _VERB_ONLY_MATCH(s)):
        return ""
    return s.strip("、,:")


def growth_strip(lead: str) -> tuple[str, str | None, str | None]:
    """'规模工业总产值同比增长' -> ('规模工业总产值', '增长', measure)."""
    m = lx.GROWTH_TRIGGER.search(lead, max(0, len(lead) - _TAIL_WINDOW))
    if not m:
        return lead, None, None
    measure = next((v for k, v in lx.MEASURE_WORDS.items() if k in m.group()), None)
    return lead[: m.start()], m.group("verb"), measure


def split_subjects(name: str, n: int) -> list[str] | None:
    if n < 2 or not name:
        return None
    parts = [p for p in _LIST_SEP_LONG.split(name) if p]
    if len(parts) == 1:
        for key, expanded in lx.PAIR_EXPANSIONS.items():
            if key in name and n == len(expanded):
                return [name.replace(key, part, 1) for part in expanded]
        return None
    if len(parts) != n:
        return None
    last = parts[-1]
    if last.startswith(lx.GENERIC_NAMES) and len(last) <= 4 and not parts[0].startswith(lx.GENERIC_NAMES):
        parts[-1] = parts[0] + last
        return parts
    head_len = len(parts[0])
    if all(len(p) <= 3 for p in parts[:-1]) and len(last) > head_len + 1:
        head = last[head_len:]  # '轻、重工业占比' -> 轻工业占比, 重工业占比
        return [p + head for p in parts[:-1]] + [last]
    tail = _MEASURE_TAIL.search(last)
    if tail and len(last) > len(tail.group()) + 1 and not any(_MEASURE_TAIL.search(p) for p in parts[:-1]):
        # '地方一般公共预算收入、规模工业增加值增速均居…第二': the measure written once is every subject's
        return [*(p + tail.group() for p in parts[:-1]), last]
    if not any(_MEASURE_NOUN.search(p) or code_for(p) for p in parts[:-1]):
        head = _shared_head(last)
        # '船舶工业、水产加工总产值', '高新技术和数字经济规上工业增加值': the statistic written once (not when every
        # item already ends with the same noun: '10亿元以上企业、5亿元以上企业')
        if head and not any(p.endswith(head[-2:]) for p in parts[:-1]):
            return [*(p + head for p in parts[:-1]), last]
    return parts


# What a statistic's name ends with: the part a list of subjects writes once, after its last item.
_MEASURE_NOUN: Final = re.compile(
    r"(?:增速|增幅|增长率|占比|比重|总产值|增加值|产值|产量|营业收入|销售额|销售收入|利润总额|利润|投资额|投资|收入|支出|总额|"
    r"余额|总量|规模)$"
)


def _shared_head(last: str) -> str:
    """The longest ending of the list's last item that is a statistic of the dictionary (规上工业增加值), else its
    measure noun (总产值); '' when it has neither or is nothing but it."""
    for i in range(1, len(last) - 1):
        if code_for(canonical_name(last[i:])):
            return last[i:]
    m = _MEASURE_NOUN.search(last)
    return m.group() if m and m.start() >= 2 else ""


def counted_noun(name: str, unit: str) -> str:
    nouns = lx.COUNTED_NOUNS.get(unit)
    if nouns and not any(n in name for n in nouns):
        return name + nouns[0]
    return name


def after_qualifier(lead: str) -> int:
    if lx.QUALIFIER_RE.search(lead) is None:  # (most leads: one scan, no list)
        return 0
    return [m.end() for m in lx.QUALIFIER_RE.finditer(lead)][-1]


def postfix_name(text: str, q: Quantity, clause: tuple[int, int], st: DocState) -> str:
    """'等7家企业申报国家级专精特新小巨人企业': the noun after the value names it."""
    post = text[q.end : clause[1]]
    # (the text up to the first stop: what split(...)[0] gives, without splitting the rest)
    stop = _POSTFIX_END.search(post)
    if stop:
        post = post[: stop.start()]
    stop = lx.POSTFIX_STOP.search(post)
    if stop:
        post = post[: stop.start()]
    if post.startswith(("的基础", "基础上", "左右", "目标", "任务", "大关", "关口", "台阶", "新台阶")):
        return ""
    ranked = lx.RANKED_AFTER.match(post)
    if ranked:
        # ('…亿元位居全省第一': a claim follows, not a noun; '以23958亿元的经济总量…位居': the noun the claim ranks)
        return ranked.group("what") or ""
    post = post.lstrip("的")
    if post[:1] in (" ", '"'):
        post = post.strip(' "')  # ('4 座 " 万亿之城 "': a quoted noun, as a reprint spaces it)
    if len(post) == 1 and q.kind == "count" and post in _ONE_CHAR_UNITS:
        return post  # '辖3个街道、11个镇': the units counted, not a figure of the subject before
    return post if len(post) >= 2 and _NAME_START.match(post) else ""


_ONE_CHAR_UNITS: Final = frozenset("镇乡村县市区")
