"""Which region a scope word or a named place stands for, relative to the reporting unit, anywhere in China.

Scope words are read from the report's own unit: 全省 is its province; 全市 its prefecture (in a county-level city's
own report the city itself; in a municipality's district, the municipality); 全区 the district in a district's
report and the autonomous region in the report of any other of its units, prefectures, counties and
county-level cities alike (内蒙古, 广西, 西藏, 宁夏, 新疆: they call themselves 全市, 全县, 全旗); 全县 the county;
全州 the autonomous prefecture. A named scope (苏州第二, 浙江全省) is that unit. A class of the scope's units after
it (南通各县(市、区), 全市七县(市), 全国县级市, 全省13个设区市) keeps the scope and names the class (scope_of ->
Scope.cls), so a claim's peers can follow it; 全市 before a class of county-level units is the prefecture even in a
county-level city's report. Groupings that are no unit (苏北五市, 川东北, 长三角, 中西部地区) and peers
(同类城市) stay as written.

The places a report's text can name (`Places`, which find_places finds and facts can be filed under) are its own
province's units in force on its date: prefecture-level units by full and short name, county-level units by full
name, and those of the report's own prefecture also by short name (a county's report compares with its neighbours,
a city's lists its counties, a province's its cities). Short names further away, and other provinces and their
cities, are left out: in the dev and header corpus they were named only inside other words and names (上海交大,
上海市场, 新兴产业 …), never as the place a figure was about; a scope naming them (浙江全省, 苏州第二) is still
resolved (scope_of). A name shared inside the province (鼓楼区 of 南京 and 徐州 in a Jiangsu report) means the
one in the report's own prefecture, else the higher level, else no place.

Places come from the regions file (ingest.regions) as they stood on the report's date: a 2019 report's 海门 is
海门市 320684, a 2022 report's 海门区 320614.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache

from ingest.identify import reference_date
from ingest.model import Document
from ingest.regions import Region, code_at, gazetteer

# Which of two places sharing a name on one date a bare name means: the higher level.
_LEVEL_ORDER = {"province": 0, "prefecture_city": 1, "prefecture": 1, "county_level_city": 2, "district": 2,
                "county": 2, "functional_zone": 3}
_COLLOQUIAL = {"自治州": "州", "自治县": "县", "自治旗": "旗"}


@dataclass(frozen=True)
class Place:
    name: str
    code: str
    level: str
    parent_code: str | None
    province_code: str | None = None
    prefecture_code: str | None = None


@dataclass(eq=False)
class Places:
    """The places a report of one date and province can name: short (and full) name -> place; the province apart."""

    by_name: dict[str, Place]  # short names and full names
    shorts: dict[str, Place]  # short name (or the full name of a zone only matched in full) -> place
    province: Place | None
    prefecture_cities: int  # prefecture cities in the province: the last place of a '全省垫底' among them
    # patterns derived from these places by their users, kept with them (rather than in a dict keyed by id())
    memo: dict[str, object] = field(default_factory=dict)

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset(self.by_name)

    @cached_property
    def alternation(self) -> str:
        """All names as one regex alternation, longest first."""
        return "|".join(sorted((re.escape(n) for n in self.by_name), key=len, reverse=True)) or "(?!)"

    @cached_property
    def finder(self) -> re.Pattern[str]:
        return re.compile("|".join(sorted((re.escape(n) for n in self.shorts), key=len, reverse=True)) or "(?!)")

    @cached_property
    def by_code(self) -> dict[str, Place]:
        return {p.code: p for p in self.by_name.values()}

    def full(self, short: str) -> str | None:
        p = self.by_name.get(short)
        return p.name if p else None

    def code(self, full: str) -> str | None:
        p = self.by_name.get(full)
        return p.code if p and p.name == full else None


def _short_forms(r: Region) -> list[str]:
    out = [r.short_name] if r.short_name and len(r.short_name) >= 2 else []
    for suffix, short in _COLLOQUIAL.items():
        if r.name.endswith(suffix) and r.short_name:
            out.append(r.short_name + short)  # 大理州, 凉山州
    return out


def places_at(when: date | None, province_code: str | None = None, prefecture_code: str | None = None) -> Places:
    """The places a report of this date, province and prefecture can name. Without a province: none.

    One object per province, prefecture and era (the span between two changes of the province's map), kept for the
    life of the process: documents of one era share one set of compiled patterns, and a Places is never replaced
    by another at the same id (the grammar caches patterns by it)."""
    day = when or date.today()
    return _places(province_code, prefecture_code, _era(province_code, day), day)


@lru_cache(maxsize=64)
def _changes(province_code: str | None) -> tuple[date, ...]:
    """The days a province's map changed (a unit began or ended)."""
    days = {d for r in gazetteer().regions if r.province_code == province_code
            for d in (r.valid_from, r.valid_to) if d is not None}
    return tuple(sorted(days))


def _era(province_code: str | None, day: date) -> int:
    return bisect_right(_changes(province_code), day) if province_code else 0


_PLACES: dict[tuple[str | None, str | None, int], Places] = {}


def _places(province_code: str | None, prefecture_code: str | None, era: int, when: date) -> Places:
    key = (province_code, prefecture_code, era)
    found = _PLACES.get(key)
    if found is None:
        found = _PLACES[key] = _build_places(when, province_code, prefecture_code)
    return found


def _build_places(when: date, province_code: str | None, prefecture_code: str | None) -> Places:
    gaz = gazetteer()
    live = gaz.live(when)
    full: dict[str, list[Region]] = {}
    short: dict[str, list[Region]] = {}
    own_province = None
    for r in live:
        if province_code is None or r.province_code != province_code:
            continue
        if r.level == "province":
            own_province = r
            continue  # 省/全省/江苏 are scope words, resolved apart
        full.setdefault(r.name, []).append(r)
        # short names: the province's prefectures, and the county-level units of the report's own prefecture (its
        # neighbours); further away a short name is as often a word (光明, 和平, 新兴 in a Guangdong report)
        if r.tier == "prefecture" or (r.level != "functional_zone" and prefecture_code is not None
                                      and r.prefecture_code == prefecture_code):
            for s in _short_forms(r):
                short.setdefault(s, []).append(r)
    by_name: dict[str, Place] = {}
    shorts: dict[str, Place] = {}
    for table, is_short in ((full, False), (short, True)):
        for name, rows in table.items():
            chosen = _choose(rows, prefecture_code, province_code)
            if chosen is None or (is_short and name in by_name):
                continue
            place = Place(chosen.name, chosen.code, chosen.level, chosen.parent_code, chosen.province_code,
                          chosen.prefecture_code)
            by_name[name] = place
            if is_short or chosen.level == "functional_zone":
                shorts[name] = place
    # a full name is found by its short form (海安 in 海安市); a unit without one is found in full
    for name, place in by_name.items():
        if name == place.name and not any(p.code == place.code for p in shorts.values()):
            shorts.setdefault(name, place)
    province = None
    if own_province is not None:
        province = Place(own_province.name, own_province.code, own_province.level, None, own_province.code)
        # found (so 黑龙江 is not read as 龙江县), though never a place a fact is filed under (an ancestor)
        for name in (own_province.name, *_short_forms(own_province)):
            shorts.setdefault(name, province)
    cities = sum(1 for r in live if r.level == "prefecture_city" and r.province_code == province_code)
    return Places(by_name, shorts, province, cities)


def _choose(rows: list[Region], prefecture_code: str | None, province_code: str | None) -> Region | None:
    """The unit a name shared by several means in this report: the one in its own prefecture, else in its own
    province, else the higher level; still several: none."""
    if len({r.code for r in rows}) == 1:
        return rows[0]
    for inside in ([r for r in rows if prefecture_code and r.prefecture_code == prefecture_code],
                   [r for r in rows if province_code and r.province_code == province_code], rows):
        if not inside:
            continue
        top = min(_LEVEL_ORDER.get(r.level, 9) for r in inside)
        best = {r.code: r for r in inside if _LEVEL_ORDER.get(r.level, 9) == top}
        return next(iter(best.values())) if len(best) == 1 else None
    return None


@dataclass(frozen=True)
class Unit:
    """The reporting unit and its ancestors, resolved once per document."""

    name: str | None
    code: str | None
    kind: str  # province | prefecture | county | district | unknown
    prefecture: str | None  # the prefecture-level unit a county-level unit belongs to (the municipality in one)
    places: Places = field(default_factory=lambda: places_at(None), compare=False)
    when: date | None = None  # the date region codes must be valid at
    level: str | None = None  # the dictionary's level (county_level_city, prefecture, …)
    province_name: str | None = None
    province_code: str | None = None
    prefecture_code: str | None = None

    @property
    def province(self) -> str:
        """The province's name ('' when the report's region is not known)."""
        return self.province_name or ""

    def ancestors(self) -> set[str]:
        out = {n for n in (self.province_name, self.prefecture) if n}
        return out - {self.name}

    def code_of(self, full: str) -> str | None:
        """A place's code on the report's date."""
        return self.places.code(full) or code_at(full, self.when, self.province_code)

    def place(self, name: str) -> Place | None:
        """A place this report can name, by short or full name: its full name, code on the date and level."""
        return self.places.by_name.get(name)


_KIND = {"province": "province", "prefecture_city": "prefecture", "prefecture": "prefecture",
         "county_level_city": "county", "county": "county", "district": "district", "functional_zone": "district"}


def reporting_unit(doc: Document) -> Unit:
    when = _when(doc)
    gaz = gazetteer()
    region = gaz.at(doc.region_code, when) if doc.region_code else _named(doc.region, doc.region_level, when)
    if region is None:
        return Unit(doc.region, doc.region_code, "unknown", None, places_at(when), when, doc.region_level)
    province = gaz.at(region.province_code, when)
    prefecture = gaz.at(region.prefecture_code, when) if region.prefecture_code else None
    places = places_at(when, region.province_code, region.prefecture_code)
    return Unit(
        doc.region or region.name, region.code, _KIND.get(region.level, "unknown"),
        prefecture.name if prefecture is not None else None, places, when, region.level,
        province.name if province is not None else None, region.province_code, region.prefecture_code,
    )


def _named(name: str | None, level: str | None, when: date | None) -> Region | None:
    """A document made by hand with a region name and no code: the one unit of that name (and level) in force."""
    day = when or date.today()
    rows = [r for r in gazetteer().live(day) if r.name == name and (not level or r.level == level)]
    return rows[0] if len({r.code for r in rows}) == 1 else None


def _when(doc: Document) -> date | None:
    try:
        return reference_date(doc.period, doc.published)
    except ValueError:  # a malformed date says nothing about which codes held
        return None


COUNTRY_CODE = "000000"  # the country in scopes and benchmarks (not a unit of the regions file)

# Classes of a scope's units a claim or a list ranks among ('南通各县(市、区)', '全市七县(市)', '全国县级市'), as
# Scope.cls. The peer set of a claim follows its class: every county-level unit, or counties and county-level cities
# without the districts, or one level only, or the prefecture-level units of a province (or of the country).
COUNTY_LEVEL = "county_level"  # 县(市、区), 县市区, 区县: every county-level unit
COUNTY_OR_CITY = "county_or_city"  # 县(市), 县市, 县域, 旗县(市): counties and county-level cities, no districts
COUNTY_LEVEL_CITY = "county_level_city"  # 县级市
COUNTY = "county"  # 县, 旗
DISTRICT = "district"  # 区, 市辖区, 城区
PREFECTURE = "prefecture"  # 设区市, 地级市, 省辖市, 地市, 市州, 盟市, 城市; '全省13市', '苏北五市'
_CLASS_WORDS: dict[str, str] = {
    "县(市、区)": COUNTY_LEVEL, "县(市,区)": COUNTY_LEVEL, "县(区、市)": COUNTY_LEVEL, "县(市区)": COUNTY_LEVEL,
    "县(区市)": COUNTY_LEVEL, "县市区": COUNTY_LEVEL, "县区市": COUNTY_LEVEL, "区县(市)": COUNTY_LEVEL,
    "区县": COUNTY_LEVEL, "县区": COUNTY_LEVEL, "县(区)": COUNTY_LEVEL, "市(县、区)": COUNTY_LEVEL,
    "县级单位": COUNTY_LEVEL, "旗县(市、区)": COUNTY_LEVEL, "旗县市区": COUNTY_LEVEL,
    "区市县": COUNTY_LEVEL, "市县区": COUNTY_LEVEL, "市区县": COUNTY_LEVEL, "区县市": COUNTY_LEVEL,
    "区划": COUNTY_LEVEL, "县级区划": COUNTY_LEVEL, "县级行政区": COUNTY_LEVEL, "县级行政区划": COUNTY_LEVEL,
    "县(市)": COUNTY_OR_CITY, "县市": COUNTY_OR_CITY, "市县": COUNTY_OR_CITY, "县域": COUNTY_OR_CITY,
    "旗县(市)": COUNTY_OR_CITY, "旗县市": COUNTY_OR_CITY, "县(旗、市)": COUNTY_OR_CITY, "旗县": COUNTY_OR_CITY,
    "县级市": COUNTY_LEVEL_CITY, "县级城市": COUNTY_LEVEL_CITY,
    "县": COUNTY, "旗": COUNTY,
    "区": DISTRICT, "市辖区": DISTRICT, "城区": DISTRICT,
    "设区市": PREFECTURE, "设区的市": PREFECTURE, "地级市": PREFECTURE, "省辖市": PREFECTURE,
    "地级及以上城市": PREFECTURE, "地级以上市": PREFECTURE, "地级以上城市": PREFECTURE, "地市": PREFECTURE,
    "市州": PREFECTURE, "州市": PREFECTURE, "盟市": PREFECTURE, "城市": PREFECTURE, "市": PREFECTURE,
    "市区": PREFECTURE,  # (counted only: '全省13个市区' are its cities and 地区; '全市市区' is a city's urban area)
}
_COUNTY_CLASSES = frozenset({COUNTY_LEVEL, COUNTY_OR_CITY, COUNTY_LEVEL_CITY, COUNTY, DISTRICT})
# a bare level (县, 区, 市, 旗) names a class only with a count or 各 before it ('七县', '各区'): alone it is a word
_BARE_LEVELS = frozenset({"县", "区", "市", "旗", "市区"})
_CN_COUNT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CLASS_PHRASE = re.compile(
    r"(?:所辖|下辖|辖区内?|管辖|全部|所有|的)?(?P<each>各)?(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})?个?"
    r"(?P<cls>" + "|".join(sorted(map(re.escape, _CLASS_WORDS), key=len, reverse=True)) + r")?"
    r"(?:之中|中|里|内|范围内|平均水平|平均|水平|均值)?"
)
_OWN_WORD = re.compile(r"(?:全|本|我|该)(?:省|市|区|县|州|旗|盟|地区)(?:域|内|里)?|(?:省|市|区|县|州)(?:内|里)")
_PLACE_TAIL = re.compile(r"全省|全市|全区|全县|全州|全盟|全旗|全境|全域|境内|范围内|省|市|内")
# Regions that are no administrative unit: a province's parts by compass (苏北, 川东北, 粤东西北, written with the
# province's one-character name), the country's parts (中西部地区, 东北地区) and named economic regions (长三角,
# 珠三角, 京津冀). A unit's own name wins (湘西, 黔东南 are autonomous prefectures).
_PROVINCE_CHARS = "京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川蜀贵黔云滇藏陕秦甘陇青宁新"
_GROUP = re.compile(
    r"(?:[" + _PROVINCE_CHARS + r"][东南西北中]{1,4}(?:部|地区|片区)?"
    r"|(?:东|中|西|东北|中西|东中|中东|东中西)部(?:地区|省份|省区)?|东北地区|东北三省|西北地区|西南地区"
    r"|[长珠]三角(?:地区)?|闽三角|京津冀|环渤海(?:地区)?|成渝(?:地区)?|长株潭|关中|中原|海峡西岸|粤港澳大湾区"
    # a side of a river (长江以北县级城市, 淮河以南)
    r"|(?:长江|黄河|淮河|珠江|汉江|黄淮)(?:以北|以南|以东|以西|沿线|流域|沿岸))"
)
_PEERS = re.compile(r"同类|同等规模|同规模|同级|同层次|同档")

# What a claim or a comparison may write right after its scope to name a class of the scope's units, as regex source
# for the claim patterns (mentions.py): '各县(市、区)', '七县(市)', '13个设区市', '县域', '所辖区县', '各县级市'. A bare
# level (县, 区, 市, 旗) only with a count or 各 before it, as in _class_phrase.
_COUNT_SOURCE = r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})个?"
CLASS_SOURCE = (
    r"(?:所辖|下辖)?(?:各|" + _COUNT_SOURCE + r")?(?:"
    + "|".join(sorted((re.escape(w) for w in _CLASS_WORDS if w not in _BARE_LEVELS), key=len, reverse=True))
    + r")|(?:所辖|下辖)?(?:各|" + _COUNT_SOURCE + r")(?:市区|县|区|市|旗)"
)
# A class word right after a count ('13个设区市', '9个县市区', '185个区市县'), as regex source.
COUNTED_CLASS_SOURCE = "|".join(sorted((re.escape(w) for w in _CLASS_WORDS), key=len, reverse=True))
# Groupings that are no unit and peers, as regex source a claim's scope may be written with (川东北, 苏北, 长三角,
# 同类城市); scope_of reads what they denote (a unit whose name has the same shape wins there).
GROUP_SOURCE = _GROUP.pattern
PEERS_SOURCE = r"(?:同类|同等规模|同规模|同级|同层次|同档)(?:城市|地区|县市|县\(市\)|县区|区县|县域|县级市|县|区|市)"
# The scope words a report may rank or compare within, whatever its unit: the country, and the words for the
# report's own units (resolved per report by scope_of; one this report has no unit for names no scope).
COUNTRY_WORDS = ("全国", "国内", "我国", "中国", "全球")
OWN_SCOPE_WORDS = ("全省", "省内", "本省", "全市", "市内", "本市", "全区", "区内", "本区", "全县", "县内", "全州",
                   "州内", "全盟", "全旗", "全地区")


@dataclass(frozen=True)
class Scope:
    """What a scope or benchmark word denotes in one report.

    kind 'unit': a region (name, code on the report's date); 'country': 全国 (code COUNTRY_CODE); 'group': a
    grouping that is no unit (苏北, 川东北, 长三角), kept as written without a code; 'peers': a class of units like
    the report's (同类城市), as written. `cls` is the class of the scope's units meant (COUNTY_LEVEL, COUNTY_OR_CITY,
    COUNTY_LEVEL_CITY, COUNTY, DISTRICT, PREFECTURE; None: the whole scope), `count` the number of them the text
    states (全市七县(市): 7), `written` the words as written."""

    name: str
    code: str | None
    kind: str = "unit"
    cls: str | None = None
    count: int | None = None
    written: str = ""

    @property
    def label(self) -> str:
        """The scope as a fact field stores it: the unit's full name, 全国, or a group as written."""
        return self.name if self.kind in ("unit", "country") else (self.written or self.name)


def scope_of(word: str, unit: Unit) -> Scope | None:
    """A scope or benchmark word as written -> what it denotes for this reporting unit, or None when it names no
    scope this report can mean. '全市七县(市)' -> the unit's prefecture, COUNTY_OR_CITY, 7; '苏州各县级市' -> 苏州市,
    COUNTY_LEVEL_CITY; '全国县域' -> the country, COUNTY_OR_CITY; '苏北五市' -> the group 苏北, PREFECTURE, 5."""
    w = re.sub(r"\s", "", word).replace("（", "(").replace("）", ")").replace("，", ",")
    if not w:
        return None
    if w.startswith(("全国", "国内", "我国", "中国")):
        cls = _class_phrase(w[2:])
        return Scope("全国", COUNTRY_CODE, "country", *(cls or (None, None)), written=w)
    own = _own_scope(w, unit)
    if own is not None:  # 全省, 本市, 省 …: '' when this unit has no unit at that level
        return Scope(own, _code(own, unit), "unit", written=w) if own else None
    m = _OWN_WORD.match(w)
    if m:
        own = _own_scope(m.group(), unit)
        cls = _class_phrase(w[m.end():])
        if own and cls is not None and cls[0] in _COUNTY_CLASSES and own == unit.name and unit.kind in (
                "county", "district"):
            # '全市七县(市)' in a county-level city's report: the city has no counties, its prefecture has
            own = unit.prefecture or unit.province
        if own is not None and cls is not None:
            return Scope(own, _code(own, unit), "unit", *cls, written=w) if own else None
    named = _named_prefix(w, unit)
    if named is not None:
        full, code, end = named
        rest = _PLACE_TAIL.sub("", w[end:], count=1) if _PLACE_TAIL.match(w, end) else w[end:]
        cls = _class_phrase(rest)
        if cls is not None:
            return Scope(full, code, "unit", *cls, written=w)
    for pattern, kind in ((_GROUP, "group"), (_PEERS, "peers")):
        g = pattern.match(w)
        if g is not None:
            cls = _class_phrase(w[g.end():])
            if kind == "peers":  # like the report's own unit: which level that is, the words do not say
                return Scope(w, None, kind, written=w)
            if cls is not None:
                return Scope(g.group(), None, kind, *cls, written=w)
    cls = _class_phrase(w)
    if cls is not None and cls[1] is not None:  # a class counted, its scope unnamed ('13个设区市', '七县(市)')
        return Scope(w, None, "group", *cls, written=w)
    return None


def is_class_phrase(rest: str) -> bool:
    """Whether the words after a scope name a class of its units ('下辖区划', '13个设区市', '') and nothing else."""
    return _class_phrase(rest) is not None


def _class_phrase(rest: str) -> tuple[str | None, int | None] | None:
    """(class, count) of what follows a scope ('各县(市、区)', '七县(市)中', '县域', ''), or None when it is not a
    class phrase."""
    m = _CLASS_PHRASE.fullmatch(rest)
    if m is None:
        return None
    word, n = m.group("cls"), m.group("n")
    if word in _BARE_LEVELS and not (n or m.group("each")):
        return None
    if n and not word:
        return None
    return (_CLASS_WORDS[word] if word else None), (_count(n) if n else None)


def _code(full: str, unit: Unit) -> str | None:
    """The code of a unit the report's own scope words name (itself, its prefecture or province: no search)."""
    if full == unit.name:
        return unit.code
    if full == unit.province:
        return unit.province_code
    if full == unit.prefecture:
        return unit.prefecture_code
    return unit.code_of(full)


def _count(n: str) -> int:
    if n.isdigit():
        return int(n)
    if len(n) == 1:
        return _CN_COUNT[n]
    if n[0] == "十":
        return 10 + _CN_COUNT.get(n[1:], 0)
    tens = _CN_COUNT[n[0]] * 10
    return tens + (_CN_COUNT.get(n[2:], 0) if n[1:2] == "十" else _CN_COUNT.get(n[1:], 0))


def _named_prefix(w: str, unit: Unit) -> tuple[str, str | None, int] | None:
    """(full name, code, end) of the longest unit named at the start of w: a place of the report's province, the
    province itself, or a province or prefecture-level unit anywhere by full name or a short name no other such
    unit shares (浙江, 苏州)."""
    for end in range(min(len(w), 12), 1, -1):
        name = w[:end]
        place = unit.places.by_name.get(name)
        if place is not None:
            return place.name, place.code, end
        if unit.places.province is not None and name in (unit.province, _short(unit.province)):
            return unit.province, unit.province_code, end
        found = _national_names(unit.when).get(name)
        if found is not None:
            return found[0], found[1], end
    return None


_CLASS = re.compile(r"同类|县域|[一二三四五六七八九十两\d]+[个座]?(?:市|县|区|省)|^[^\s]{1}[东南西北中]$")


def scope_label(found: Scope | None, word: str) -> str | None:
    """What a fact stores for a scope word scope_of resolved to `found`: its label; unresolved, a count or class of
    units as written ('三县', '同类'), else None."""
    if found is not None:
        return found.label
    w = word.strip()
    return w if _CLASS.search(w) else None


def _own_scope(w: str, unit: Unit) -> str | None:
    """全省 / 全市 / 全区 / 全县 / 全州 (and 省内, 本市, 我县 …) for this unit; '' when the word names a level the
    unit has no unit at; None when the word is not such a word.

    全市 is a county-level city's own report's city, else the prefecture when it is a city (a county of an
    autonomous prefecture has no 全市). 全区 is the district in a district's report; in an autonomous region
    (广西, 内蒙古, 西藏, 宁夏, 新疆) the region in every other unit's report (a county calls itself 全县, a
    county-level city 全市, so 全区 there is the region: "高于全区平均水平"); else a 地区 (大兴安岭地区) in its own and
    its counties' reports."""
    m = re.fullmatch(r"(?:全|本|我|该)?(省|市|区|县|州|旗|盟|地区)(?:域|内|里)?", w)
    if not m:
        return None
    level = m.group(1)
    name, kind = unit.name or "", unit.kind
    prefecture = unit.prefecture or ""
    if level == "省":
        return unit.province
    if level == "市":
        if kind == "province":
            return name if name.endswith("市") else ""  # a municipality's own report
        if kind in ("county", "prefecture") and name.endswith("市"):
            return name  # a county-level city's or a prefecture city's own report
        return prefecture if prefecture.endswith("市") else ""
    if level == "区":
        if kind == "district":
            return name
        if unit.province.endswith("自治区"):
            return unit.province
        if name.endswith("区"):
            return name  # 大兴安岭地区's own report
        return prefecture if prefecture.endswith("地区") else ""
    if level in ("县", "旗"):
        return name if kind == "county" else ""
    if level in ("州", "盟", "地区"):
        if kind == "prefecture":
            return name
        return prefecture if prefecture.endswith(("州", "盟", "地区")) else ""
    return ""


def _short(name: str) -> str:
    region = next((r for r in gazetteer().provinces if r.name == name), None)
    return region.short_name if region is not None else name


@lru_cache(maxsize=64)
def _national_names(when: date | None) -> dict[str, tuple[str, str]]:
    """Provinces and prefecture-level units anywhere in China by full name, and by a short name no other such unit
    shares (浙江, 苏州): name -> (full name, code)."""
    names: dict[str, set[tuple[str, str]]] = {}
    for r in gazetteer().live(when):
        if r.tier in ("province", "prefecture"):
            for s in (r.name, *_short_forms(r)):
                names.setdefault(s, set()).add((r.name, r.code))
    return {s: next(iter(full)) for s, full in names.items() if len(full) == 1}


def benchmark_words(unit: Unit) -> tuple[str, ...]:
    """The words a report's comparisons can name as a benchmark ("高于全区平均水平", "与省和南通市持平"): the country,
    the scope words that denote a unit for this report (全区 in a 广西 county's report, not in a Jiangsu county's),
    its province by full and short name, and the places it can name (ingest.extract.regions.Places)."""
    words = {"全国", "全国平均", "国内"}
    for w in ("全省", "省内", "本省", "省", "全市", "市内", "本市", "全区", "区内", "本区", "全县", "县内", "全州",
              "州内", "全盟", "全旗", "全地区"):
        if _own_scope(w, unit):
            words.add(w)
    if unit.province:
        words.update(n for n in (unit.province, _short(unit.province)) if len(n) >= 2)
    words.update(unit.places.shorts)
    words.update(unit.places.by_name)
    return tuple(sorted(words, key=lambda x: (-len(x), x)))


# A place name that begins the name of something else: a university, a new area, a bay, a road, a newspaper …
# (南京大学, 滨海新区, 通州湾, 张家口新闻网): not the place itself.
_NOT_THE_PLACE = re.compile(
    r"大学|学院|中学|小学|新区|开发区|高新区|湾|路|大道|大街|街道|镇|乡|村|机场|车站|站|银行|医院|日报|晚报|新闻|电视|"
    r"广播|集团|公司|宾馆|酒店"
)


def child_named(parent: str, text: str, pos: int, unit: Unit) -> tuple[str, int] | None:
    """(full name, end) of a unit under `parent` (a place of this report) named at text[pos] by full or short name
    ('苏州下辖的昆山全市…' -> 昆山市, the end after '全市'), or None. Any unit under it, though the report's places hold
    the short names of its own prefecture's units only: the parent named just before says whose unit it is."""
    code = unit.places.code(parent) or unit.code_of(parent)
    if not code:
        return None
    for name, full in _children(code, unit.when):
        if text.startswith(name, pos):
            end = pos + len(name)
            own = _OWN_CHILD_WORD.match(text, end)
            return full, own.end() if own else end
    return None


_OWN_CHILD_WORD = re.compile(r"全[市县区旗]|[市县区]域")


@lru_cache(maxsize=256)
def _children(code: str, when: date | None) -> tuple[tuple[str, str], ...]:
    """(name, full name) of the units under a unit on a date, by full and short name, longest first."""
    out = []
    for r in gazetteer().live(when):
        if r.code != code and (r.parent_code == code or r.prefecture_code == code):
            out += [(n, r.name) for n in {r.name, *_short_forms(r)}]
    return tuple(sorted(out, key=lambda t: -len(t[0])))


def find_places(text: str, unit: Unit) -> list[tuple[int, str, str]]:
    """(position, short name, full name) of every known place named in text, in order."""
    shorts, names = unit.places.shorts, unit.places.by_name
    out = []
    for m in unit.places.finder.finditer(text):
        place, after = shorts[m.group()], text[m.end() : m.end() + 1]
        if _NOT_THE_PLACE.match(text, m.end()):
            continue
        if after and after in "区县市州旗" and m.group() + after != place.name and m.group() + after not in names:
            continue  # 安新 in 雄安新区: followed by a level it does not have, it is part of another name
        out.append((m.start(), m.group(), place.name))
    return out


def is_other_place(full: str, unit: Unit) -> bool:
    """A named place that a fact may be *about* (not the unit itself, not a unit that contains it)."""
    return full != unit.name and full not in unit.ancestors()
