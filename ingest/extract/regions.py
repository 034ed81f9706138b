"""Which region a scope word or a named place stands for, relative to the reporting unit.

In a county-level city's report 全市 is the city itself and 南通 the prefecture; in a district's report 全区 is the
district and 全市 is Nantong; 省/全省 is Jiangsu. Facts about other places (a provincial article lists 13 cities)
carry that place as their region.

Places come from the regions file (ingest.regions), as they stood on the report's date: a 2019 report's 海门 is
海门市 320684, a 2022 report's 海门区 320614.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property, lru_cache

from ingest.identify import reference_date
from ingest.model import Document
from ingest.regions import Region, code_at, regions_at

# Which of two places sharing a short name in force on one date a bare short name means: the higher level.
_LEVEL_ORDER = {"prefecture_city": 0, "county_level_city": 1, "district": 1, "county": 1, "functional_zone": 2}


@dataclass(frozen=True)
class Place:
    name: str
    code: str
    level: str
    parent_code: str | None


@dataclass(eq=False)
class Places:
    """The places a report of one date can name: short (and full) name -> place; the province apart."""

    by_name: dict[str, Place]  # short names and full names
    shorts: dict[str, Place]  # short name (or the full name of a zone only matched in full) -> place
    province: Place | None
    prefecture_cities: int  # prefecture cities in the province: the last place of a '全省垫底' among them

    @cached_property
    def names(self) -> frozenset[str]:
        return frozenset(self.by_name)

    @cached_property
    def alternation(self) -> str:
        """All names as one regex alternation, longest first."""
        return "|".join(sorted((re.escape(n) for n in self.by_name), key=len, reverse=True))

    @cached_property
    def finder(self) -> re.Pattern[str]:
        return re.compile("|".join(sorted((re.escape(n) for n in self.shorts), key=len, reverse=True)) or "(?!)")

    def full(self, short: str) -> str | None:
        p = self.by_name.get(short)
        return p.name if p else None

    def code(self, full: str) -> str | None:
        p = self.by_name.get(full)
        return p.code if p and p.name == full else None

    def parent_name(self, code: str | None) -> str | None:
        if not code:
            return None
        parent = next((p.parent_code for p in self.by_name.values() if p.code == code), None)
        return next((p.name for p in self.by_name.values() if p.code == parent), None) if parent else None


@cache
def _places(rows: tuple[Region, ...]) -> Places:
    by_name: dict[str, Place] = {}
    shorts: dict[str, Place] = {}
    province = None
    for r in sorted(rows, key=lambda r: _LEVEL_ORDER.get(r.level, 3)):
        place = Place(r.name, r.code, r.level, r.parent_code)
        if r.level == "province":
            province = province or place
            continue  # 省/全省/江苏 are scope words, resolved apart
        by_name.setdefault(r.name, place)
        short = r.short
        if short:
            by_name.setdefault(short, place)
            shorts.setdefault(short, place)
        else:
            shorts.setdefault(r.name, place)
    cities = sum(1 for p in {p.code: p for p in by_name.values()}.values()
                 if p.level == "prefecture_city" and province and p.parent_code == province.code)
    return Places(by_name, shorts, province, cities)


@lru_cache(maxsize=512)
def places_at(when: date | None) -> Places:
    """The places in force on a date (cached per date, and documents of one era share one set of compiled
    patterns)."""
    return _places(regions_at(when))


@dataclass(frozen=True)
class Unit:
    """The reporting unit and its ancestors, resolved once per document."""

    name: str | None
    code: str | None
    kind: str  # province | prefecture | county | district | unknown
    prefecture: str | None  # the prefecture city a county-level unit belongs to
    places: Places = field(default_factory=lambda: places_at(None), compare=False)
    when: date | None = None  # the date region codes must be valid at

    @property
    def province(self) -> str:
        return self.places.province.name if self.places.province else "江苏省"

    def ancestors(self) -> set[str]:
        out = {self.province}
        if self.prefecture:
            out.add(self.prefecture)
        return out - {self.name}

    def code_of(self, full: str) -> str | None:
        """A place's code on the report's date."""
        return self.places.code(full) or code_at(full, self.when)


def reporting_unit(doc: Document) -> Unit:
    when = _when(doc)
    places = places_at(when)
    level = (doc.region_level or "").lower()
    name = doc.region
    kind = "unknown"
    if level == "province" or (name or "").endswith("省"):
        kind = "province"
    elif level in ("prefecture_city", "city", "prefecture"):
        kind = "prefecture"
    elif level == "district" or (name or "").endswith("区"):
        kind = "district"
    elif level in ("county", "county_level_city") or (name or "").endswith(("县", "市")):
        kind = "county"
    prefecture = None
    code = doc.region_code or places.code(name or "")
    if kind in ("county", "district"):
        prefecture = places.parent_name(code) or _only_prefecture(places)
    if kind == "prefecture":
        prefecture = name
    return Unit(name, code, kind, prefecture, places, when)


def _when(doc: Document) -> date | None:
    try:
        return reference_date(doc.period, doc.published)
    except ValueError:  # a malformed date says nothing about which codes held
        return None


def _only_prefecture(places: Places) -> str | None:
    """An unplaced county-level unit belongs to the one prefecture whose counties the regions file lists."""
    parents = {p.parent_code for p in places.by_name.values() if p.level != "prefecture_city"}
    names = [p.name for p in places.by_name.values() if p.level == "prefecture_city" and p.code in parents]
    return names[0] if len(set(names)) == 1 else None


def resolve_scope(word: str, unit: Unit) -> str | None:
    """A scope word as written -> the region it denotes for this reporting unit."""
    w = word
    if w.startswith(("全国", "国内", "我国")):
        return "全国"
    prov = unit.province
    if w in ("全省", "省内", "省", prov, prov[:-1]):
        return prov
    if w in ("苏中", "苏北", "苏南"):
        return w
    if w in ("全市", "市内", "本市", "我市"):
        if unit.kind == "county" and (unit.name or "").endswith("市"):
            return unit.name
        if unit.kind in ("prefecture", "district", "county"):
            return unit.prefecture or unit.name
        return None
    if w in ("全区", "区内", "全县", "县内"):
        return unit.name
    by_name = unit.places.by_name
    short = w[:-1] if w.endswith(("市", "区", "县")) and w[:-1] in by_name else w
    if short in by_name:
        return by_name[short].name
    return None


def find_places(text: str, unit: Unit) -> list[tuple[int, str, str]]:
    """(position, short name, full name) of every known place named in text, in order."""
    shorts = unit.places.shorts
    return [(m.start(), m.group(), shorts[m.group()].name) for m in unit.places.finder.finditer(text)]


def is_other_place(full: str, unit: Unit) -> bool:
    """A named place that a fact may be *about* (not the unit itself, not a unit that contains it)."""
    return full != unit.name and full not in unit.ancestors()
