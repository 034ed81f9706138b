"""Which region a scope word or a named place stands for, relative to the reporting unit, anywhere in China.

Scope words are read from the report's own unit: 全省 is its province; 全市 its prefecture (in a county-level city's
own report the city itself; in a municipality's district, the municipality); 全区 the district in a district's
report and the autonomous region in a report of one of its prefectures or counties (内蒙古, 广西, 西藏, 宁夏, 新疆);
全县 the county; 全州 the autonomous prefecture. A named scope (苏州第二, 浙江全省) is that unit; a class of units
(全国县域, 同类城市, 苏北五市) stays as written.

The places a report's text can name (`Places`, which find_places finds and facts can be filed under) are its own
province's units in force on its date: prefecture-level units by full and short name, county-level units by full
name, and those of the report's own prefecture also by short name (a county's report compares with its neighbours,
a city's lists its counties, a province's its cities). Short names further away, and other provinces and their
cities, are left out: in the dev and header corpus they were named only inside other words and names (上海交大,
上海市场, 新兴产业 …), never as the place a figure was about; a scope naming them (浙江全省, 苏州第二) is still
resolved (resolve_scope). A name shared inside the province (鼓楼区 of 南京 and 徐州 in a Jiangsu report) means the
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

    def parent_name(self, code: str | None) -> str | None:
        place = self.by_code.get(code or "")
        parent = self.by_code.get(place.parent_code or "") if place else None
        return parent.name if parent else None


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


_SCOPE_SUFFIX = re.compile(r"(?:全省|全市|全区|全县|全州|范围内|范围|境内|以内|内)$")
_CLASS = re.compile(r"同类|县域|[一二三四五六七八九十两\d]+[个座]?(?:市|县|区|省)|^[^\s]{1}[东南西北中]$")


def resolve_scope(word: str, unit: Unit) -> str | None:
    """A scope word as written -> the region it denotes for this reporting unit (a class of units: as written)."""
    w = word.strip()
    if w.startswith(("全国", "国内", "我国", "中国")):
        # the country; a class of its units (全国县域, 全国县级市) stays as written
        return "全国" if w[2:] in ("", "平均", "范围", "范围内", "各地") else w
    own = _own_scope(w, unit)
    if own is not None:
        return own or None
    name = _SCOPE_SUFFIX.sub("", w) or w
    place = unit.places.by_name.get(name)
    if place is not None:
        return place.name
    if unit.places.province is not None and name in (unit.province, unit.province[:-1], _short(unit.province)):
        return unit.province
    found = _national(name, unit.when)
    if found is not None:
        return found
    if w in ("苏中", "苏北", "苏南") or _CLASS.search(w):
        return w
    return None


def _own_scope(w: str, unit: Unit) -> str | None:
    """全省 / 全市 / 全区 / 全县 / 全州 (and 省内, 本市, 我县 …) for this unit; '' when the word names a level the
    unit has no unit at; None when the word is not such a word."""
    m = re.fullmatch(r"(?:全|本|我|该)?(省|市|区|县|州|旗|盟|地区)(?:内|里|域)?", w)
    if not m:
        return None
    level = m.group(1)
    name, kind = unit.name or "", unit.kind
    if level == "省":
        return unit.province
    if level == "市":
        if kind == "province":
            return name if name.endswith("市") else ""  # a municipality's own report
        if kind == "county" and name.endswith("市"):
            return name  # a county-level city's own report
        if kind == "prefecture" and name.endswith("市"):
            return name
        return unit.prefecture or ""
    if level == "区":
        if kind == "district":
            return name
        if unit.province.endswith("自治区"):
            return unit.province
        return name if name.endswith("区") else ""
    if level in ("县", "旗"):
        return name if kind == "county" else ""
    if level in ("州", "盟", "地区"):
        if kind == "prefecture":
            return name
        return unit.prefecture if unit.prefecture and unit.prefecture.endswith(("州", "盟", "地区")) else ""
    return ""


def _short(name: str) -> str:
    region = next((r for r in gazetteer().provinces if r.name == name), None)
    return region.short_name if region is not None else name


@lru_cache(maxsize=64)
def _national_names(when: date | None) -> dict[str, str]:
    """Provinces and prefecture-level units anywhere in China by full name, and by a short name no other such unit
    shares (浙江, 苏州)."""
    names: dict[str, set[str]] = {}
    for r in gazetteer().live(when):
        if r.tier in ("province", "prefecture"):
            for s in (r.name, *_short_forms(r)):
                names.setdefault(s, set()).add(r.name)
    return {s: next(iter(full)) for s, full in names.items() if len(full) == 1}


def _national(name: str, when: date | None) -> str | None:
    return _national_names(when).get(name)


# A place name that begins the name of something else: a university, a new area, a bay, a road, a newspaper …
# (南京大学, 滨海新区, 通州湾, 张家口新闻网): not the place itself.
_NOT_THE_PLACE = re.compile(
    r"大学|学院|中学|小学|新区|开发区|高新区|湾|路|大道|大街|街道|镇|乡|村|机场|车站|站|银行|医院|日报|晚报|新闻|电视|"
    r"广播|集团|公司|宾馆|酒店"
)


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
