"""Which unit of China a report is about, from what it says: the units it names, where and how it names them, and
the level it speaks of itself at (全县, 我市, 区委 …).

Evidence, not the first hit: a name in the title counts more than one in the body; "我代表鼓楼区人民政府",
"在安庆市第十八届人民代表大会", "高平市统计局", "2024年浦北县地区生产总值" say whose report it is; "南通市委",
"经梅州市统计局统一核算", "省和南通市的决策部署" name the level above; "衡阳日报", "石家庄4月22日电" name a
newspaper or a dateline. In a chain ("吐鲁番市高昌区", "四川省凉山州西昌市") the leading names only qualify the
last. A name several units share (鼓楼区, 通州) is decided by the places named around it (江苏, 南通); a file name or
URL that spells a candidate's name in pinyin may decide what the text leaves open; the text always wins. When
nothing decides, the answer says so: `ambiguous` with the candidates, or `unknown`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ingest.placenames import Mention, names_at
from ingest.regions import Region, gazetteer

TITLE_WEIGHT = 5.0
LEAD_CHARS = 150  # the opening of the body: a name there weighs a little more
SELF, PARENT, WEAK, QUALIFIER = 3.0, 0.2, 0.3, 0.2

_SELF_AFTER = re.compile(
    r"(?:第[一二三四五六七八九十]+届(?:人民代表大会|人大)|人民政府|政府工作|(?<!经)统计局|发展和改革|发改|"
    r"(?:\d{4}年)|(?:上半年|前三季度|[一二三四]季度|全年)?(?:地区)?生产总值|GDP|国民经济|经济运行|经济形势|统计公报)"
)
# The level above, or a place the report measures itself against: "南通市委", "省和南通市的决策部署",
# "经梅州市统计局统一核算", "南通第一", "高于南通平均水平", "占南通的比重".
_PARENT_AFTER = re.compile(
    r"(?:[省市县区州]?委(?!员)|、[省市县区州]?委|的?决策部署|的?部署|的?工作要求|的?要求|统一核算|"
    r"(?:全[省市区县])?第[一二三四五六七八九十\d]+(?![一二三四五六七八九十\d届次季期批轮号产])|前列|首位|领先|平均|唯一|"
    r"排名|位次|同类|县区|县市|各县)"
)
_PARENT_BEFORE = re.compile(r"(?:经|中央、省、|省和|省、|高于|低于|快于|慢于|超过|占|居|位居|位列|领跑|全|比)$")
_MEDIA_AFTER = re.compile(
    r"(?:日报|晚报|新闻|网讯|网|电视|广播|融媒|发布|\d{1,2}月\d{1,2}日电|(?:隆重)?(?:开幕|召开|举行))"
)

# The level a report speaks of itself at: 全县上下 / 全市经济 / 我市 / 本区 / 我代表县人民政府 / 地委、行署. Not
# 全省第一, 领跑全区 (a scope it ranks in) and not 市委、市政府 (in a county's report, the city above).
_SELF_WORD = re.compile(
    r"(?:我|本)(省|市|县|区|州|旗|盟)(?![委民])|"
    r"全(省|市|县|区|州|旗|盟|地区)(?=上下|经济|人民|实现|完成|地区生产总值|生产总值|GDP|国民经济|规模以上|一般公共预算|"
    r"常住人口|户籍人口|城乡|居民|各|共|累计|\d{4}年)|"
    r"(?:代表|受)(省|市|县|区|州|旗)?人民政府|(地委|行署)"
)
_SELF_CHAR = {"地委": "地区", "行署": "地区"}
_TIER = {"province": 0, "prefecture_city": 1, "prefecture": 1, "county_level_city": 2, "county": 2, "district": 2,
         "functional_zone": 2}
_NON_LETTER = re.compile(r"[^a-z]+")


@dataclass(frozen=True)
class Located:
    region: Region | None
    status: str  # identified | ambiguous | unknown
    candidates: tuple[Region, ...] = ()


@dataclass
class _Hit:
    mention: Mention
    candidates: list[Region]
    weight: float


def self_word(text: str) -> str | None:
    """The level character a report uses most for itself (县 for "全县上下 … 县委"), or None."""
    counts: Counter[str] = Counter()
    for m in _SELF_WORD.finditer(text):
        word = next((g for g in m.groups() if g), None)
        if word is None:
            continue
        counts[_SELF_CHAR.get(word, word)] += 1
    if not counts:
        return None
    (word, n), *rest = counts.most_common(2)
    return word if not rest or n > rest[0][1] else None


def fits(region: Region, word: str | None) -> bool | None:
    """Does a unit speak of itself with this level word? None when there is no word."""
    if word is None:
        return None
    name, level = region.name, region.level
    return {
        "省": level == "province" and name.endswith("省"),
        "市": name.endswith("市"),
        "县": level == "county" and name.endswith("县"),
        "区": (level == "district") or (level == "province" and name.endswith("自治区")),
        "州": level == "prefecture" and name.endswith("州"),
        "旗": name.endswith("旗"),
        "盟": name.endswith("盟"),
        "地区": name.endswith("地区"),
    }.get(word, False)


def _below(word: str | None, region: Region, gaz_province: Region | None) -> bool:
    """The report speaks of itself at a level below the unit found ("全区上下" with only 南通 named)."""
    if word in ("县", "旗"):
        return _TIER[region.level] < 2
    if word == "区":
        autonomous = gaz_province is not None and gaz_province.name.endswith("自治区")
        return _TIER[region.level] == 1 and not autonomous
    return False


def locate(title: str, head: str, when: date | None, hints: tuple[str, ...] = ()) -> Located:
    gaz = gazetteer()
    day = when or date.today()
    at = head.find(title) if title else -1
    text = head if at >= 0 or not title else f"{title}\n{head}"
    title_span = (at, at + len(title)) if at >= 0 else (0, len(title) if title else 0)
    hits = _hits(text, title_span, day)
    word = self_word(text)
    hint_codes = _hinted(hints, day)
    if not hits:
        return _from_hints(hint_codes, word, None, day)
    _disambiguate(hits, day, hint_codes)
    score: dict[str, float] = defaultdict(float)
    units: dict[str, Region] = {}
    for h in hits:
        for c in h.candidates:
            score[c.code] += h.weight
            units[c.code] = c
    for code, unit in units.items():
        ok = fits(unit, word)
        if ok is not None:
            score[code] *= 2.0 if ok else 0.6
    # a unit whose parts the text names too, none of them ahead of the others (a province's article on its cities,
    # a city's report naming its counties), is what the text covers: half of what its parts score is its own
    parts: dict[str, list[str]] = defaultdict(list)
    for code, unit in units.items():
        if unit.parent_code in units:
            parts[unit.parent_code].append(code)
    own = dict(score)
    for code, kids in parts.items():
        total = sum(own[k] for k in kids)
        if len(kids) >= 2 and max(own[k] for k in kids) < 0.5 * total:
            score[code] += 0.5 * total
    ranked = sorted(score, key=lambda c: (-score[c], c))
    best = units[ranked[0]]
    # a group of siblings, none ahead, in a report that speaks at their parent's level: the parent's report
    ties = [units[c] for c in ranked if score[c] >= 0.8 * score[ranked[0]]]
    parents = {u.parent_code for u in ties}
    if len(ties) >= 3 and len(parents) == 1 and best.parent_code:
        parent = gaz.at(best.parent_code, day)
        if parent is not None and fits(parent, word) is not False:
            return Located(parent, "identified")
    # tied units that one name stands for (a shared name nothing decided) are candidates, not an answer
    together = {c.code for h in hits if best in h.candidates for c in h.candidates}
    same = [units[c] for c in ranked if score[c] == score[ranked[0]] and c in together]
    if len(same) > 1:
        hinted = [u for u in same if u.code in hint_codes]
        if len(hinted) == 1:
            return Located(hinted[0], "identified")
        return Located(None, "ambiguous", tuple(sorted(same, key=lambda r: r.code)))
    if word == "省" and best.level != "province":
        province = gaz.at(best.province_code, day)
        if province is not None and score.get(province.code, 0) > 0:
            return Located(province, "identified")
    if _below(word, best, gaz.at(best.province_code, day)):
        return _from_hints(hint_codes, word, best, day)
    return Located(best, "identified")


def _hits(text: str, title: tuple[int, int], day: date) -> list[_Hit]:
    gaz = gazetteer()
    hits: list[_Hit] = []
    prev: _Hit | None = None
    for m in _readings(names_at(day).matches(text)):
        cands = _resolve(m, day)
        if not cands:
            continue
        chained = prev is not None and m.start - prev.mention.end <= 1 and not text[prev.mention.end:m.start].strip(
            ")）]】 ")
        if chained and prev is not None:
            inside = [c for c in cands if any(a.code in {p.code for p in prev.candidates}
                                              for a in gaz.ancestors(c, day))]
            if inside:
                prev.candidates = [p for p in prev.candidates
                                   if any(p.code in {a.code for a in gaz.ancestors(c, day)} for c in inside)]
                prev.weight *= QUALIFIER
                cands = inside
        if m.name.kind == "generic" and not chained and not _SELF_AFTER.match(text, m.end):
            prev = None
            continue
        hits.append(_Hit(m, cands, _weight(text, m, title)))
        prev = hits[-1]
    return _credible(hits, text, title, day)


_KIND_RANK = {"full": 0, "old": 0, "colloquial": 1, "generic": 2, "short": 3}


def _readings(matches: list[Mention]) -> list[Mention]:
    """One reading of overlapping names: full names before short ones, then the unit the text names more often
    ("亲临安庆 … 安庆发展": 安庆, not 临安), then the longer name, then the earlier."""
    if not matches:
        return []
    freq: Counter[str] = Counter(r.code for m in matches for r in m.name.regions)

    def key(m: Mention) -> tuple[int, int, int, int]:
        return (_KIND_RANK[m.name.kind], -max(freq[r.code] for r in m.name.regions), m.start - m.end, m.start)

    taken = bytearray(matches[-1].end + 1)
    chosen = []
    for m in sorted(matches, key=key):
        if not any(taken[m.start : m.end]):
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


_OPEN_QUOTE = "“\"「『"
_CLOSE_QUOTE = "”\"」』"


def _credible(hits: list[_Hit], text: str, title: tuple[int, int], day: date) -> list[_Hit]:
    """A short name below a province is also an ordinary word often enough (新兴产业, 前进方向, 宏伟蓝图): it counts
    in the title, opening a line, or in the byline that opens the page (秀山网讯 …), inside a slogan ("“四个辽阳”"),
    or before a year or a figure of its own ("綿陽2022年"), or when its province or prefecture is named too, or a
    neighbour under the same parent ("海安、如皋、启东"), or when the text names it twice."""
    gaz = gazetteer()
    named = {c.code for h in hits for c in h.candidates}
    twice = Counter(c.code for h in hits for c in h.candidates)
    kin = Counter(parent for parent, _ in {(c.parent_code, c.code) for h in hits for c in h.candidates})
    out = []
    for h in hits:
        m = h.mention
        # a two-character full name (理县, 和县, 范县) is as much a word as a short name is (代理县长, 示范县),
        # wherever it stands
        tiny = m.name.kind != "short" and m.end - m.start == 2
        opens = m.start == 0 or text[m.start - 1] == "\n" or (m.start < 30 and _MEDIA_AFTER.match(text, m.end))
        lead = (title[0] <= m.start < title[1] or opens) and not tiny
        if (m.name.kind != "short" and not tiny) or lead or _SELF_AFTER.match(text, m.end) or _quoted(
                text, m.start, m.end):
            out.append(h)
            continue
        keep = [c for c in h.candidates if c.level == "province" or twice[c.code] > 1 or kin[c.parent_code] > 1
                or any(a.code in named for a in gaz.ancestors(c, day))]
        if keep:
            h.candidates = keep
            out.append(h)
    return out


_SLOGAN_BEFORE = re.compile(r"[“「『\"](?:[一二三四五六七八九十两]+个)?$")


def _quoted(text: str, start: int, end: int) -> bool:
    """A name that opens or closes a slogan in quotes (“四个辽阳”, “五个海安”), not one inside a word of it."""
    return bool(_SLOGAN_BEFORE.search(text, max(0, start - 5), start)) or text[end : end + 1] in _CLOSE_QUOTE


def _resolve(m: Mention, day: date) -> list[Region]:
    """The units a mention can mean on the day: versions in force, else what took over from a retired name."""
    gaz = gazetteer()
    live = {r.code: r for r in m.name.regions if r.valid_at(day)}
    if not any(r.name == m.name.text for r in live.values()):
        # no unit in force has this very name: a former name means what took over from it (东乡县 of 抚州 became
        # 东乡区), besides a unit that has it only as an everyday name (东乡族自治县)
        for r in m.name.regions:
            if not r.valid_at(day):
                live.update((s.code, s) for s in gaz.successors_at(r, day))
    return sorted(live.values(), key=lambda r: r.code)


def _weight(text: str, m: Mention, title: tuple[int, int]) -> float:
    if title[0] <= m.start < title[1]:
        w = TITLE_WEIGHT
    elif m.start < max(title[1], 0) + LEAD_CHARS:
        w = 1.5
    else:
        w = 1.0
    after, before = text[m.end : m.end + 16], text[max(0, m.start - 6) : m.start]
    if m.name.kind in ("full", "colloquial", "old"):
        w *= 1.2
    if _PARENT_BEFORE.search(before) or _PARENT_AFTER.match(after):
        return w * PARENT
    if _SELF_AFTER.match(after):
        return w * SELF
    if _MEDIA_AFTER.match(after):
        return w * WEAK
    return w


def _disambiguate(hits: list[_Hit], day: date, hint_codes: set[str]) -> None:
    """A shared name means the candidates whose province or prefecture the text names too (江苏 … 通州区); a file
    name or URL spelling one of them may decide what is left."""
    gaz = gazetteer()
    named: Counter[str] = Counter()
    for h in hits:
        if len(h.candidates) == 1:
            named[h.candidates[0].code] += 1
    for h in hits:
        if len(h.candidates) < 2:
            continue
        # (a candidate's own ancestor among the candidates is no support: 安阳 is 安阳市 or its 安阳县)
        own = {c.code for c in h.candidates}
        support = {c.code: sum(named[a.code] for a in gaz.ancestors(c, day) if a.code not in own)
                   for c in h.candidates}
        top = max(support.values())
        if top > 0:
            h.candidates = [c for c in h.candidates if support[c.code] == top]
        hinted = [c for c in h.candidates if c.code in hint_codes]
        if len(hinted) == 1:
            h.candidates = hinted


def _hinted(hints: tuple[str, ...], day: date) -> set[str]:
    """Codes of units in force whose romanized name a file name or URL spells as a word (haimen_2022_plan.txt,
    www.haimen.gov.cn)."""
    tokens = {t for h in hints for t in _NON_LETTER.split(h.lower()) if len(t) >= 4}
    if not tokens:
        return set()
    romanized = _romanized(day)
    return {code for t in tokens for code in romanized.get(t, ())}


@lru_cache(maxsize=64)
def _romanized(day: date) -> dict[str, tuple[str, ...]]:
    """'haimen' -> codes of the units in force whose name_en reads so (Haimen)."""
    out: dict[str, list[str]] = defaultdict(list)
    for r in gazetteer().live(day):
        if r.level != "functional_zone":
            out[_NON_LETTER.sub("", r.name_en.lower())].append(r.code)
    return {k: tuple(v) for k, v in out.items()}


def _from_hints(codes: set[str], word: str | None, above: Region | None, day: date) -> Located:
    """No unit named, or only one above the report's own level: a romanized file-name or URL hint may name it."""
    gaz = gazetteer()
    units = [u for u in (gaz.at(c, day) for c in sorted(codes)) if u is not None]
    if word is not None:
        units = [u for u in units if fits(u, word)] or units
    if above is not None:
        units = [u for u in units if above.code in {a.code for a in gaz.ancestors(u, day)}]
    if len(units) == 1:
        return Located(units[0], "identified")
    if len(units) > 1:
        return Located(None, "ambiguous", tuple(units))
    return Located(None, "unknown")
