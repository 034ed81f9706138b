"""Which region a scope word or a named place stands for, relative to the reporting unit.

In a county-level city's report 全市 is the city itself and 南通 the prefecture; in a district's report 全区 is the
district and 全市 is Nantong; 省/全省 is Jiangsu. Facts about other places (a provincial article lists 13 cities)
carry that place as their region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.model import Document

PROVINCE = ("江苏省", "320000")
# Prefecture cities of Jiangsu (GB/T 2260) and the county-level units of Nantong; short name -> (name, code, level).
PLACES: dict[str, tuple[str, str, str]] = {
    "南京": ("南京市", "320100", "prefecture_city"), "无锡": ("无锡市", "320200", "prefecture_city"),
    "徐州": ("徐州市", "320300", "prefecture_city"), "常州": ("常州市", "320400", "prefecture_city"),
    "苏州": ("苏州市", "320500", "prefecture_city"), "南通": ("南通市", "320600", "prefecture_city"),
    "连云港": ("连云港市", "320700", "prefecture_city"), "淮安": ("淮安市", "320800", "prefecture_city"),
    "盐城": ("盐城市", "320900", "prefecture_city"), "扬州": ("扬州市", "321000", "prefecture_city"),
    "镇江": ("镇江市", "321100", "prefecture_city"), "泰州": ("泰州市", "321200", "prefecture_city"),
    "宿迁": ("宿迁市", "321300", "prefecture_city"),
    "崇川": ("崇川区", "320613", "district"), "港闸": ("港闸区", "320611", "district"),
    "通州": ("通州区", "320612", "district"), "海门": ("海门区", "320614", "district"),
    "海安": ("海安市", "320685", "county_level_city"), "如皋": ("如皋市", "320682", "county_level_city"),
    "启东": ("启东市", "320681", "county_level_city"), "如东": ("如东县", "320623", "county"),
}
BY_NAME = {full: (full, code, lvl) for full, code, lvl in PLACES.values()}
# Peers for '全省垫底' among prefecture cities: the last place is the number of cities in the province.
PREFECTURE_CITIES_IN_PROVINCE = sum(1 for _, _, lvl in PLACES.values() if lvl == "prefecture_city")


@dataclass(frozen=True)
class Unit:
    """The reporting unit and its ancestors, resolved once per document."""

    name: str | None
    code: str | None
    kind: str  # province | prefecture | county | district | unknown
    prefecture: str | None  # the prefecture city a county-level unit belongs to

    def ancestors(self) -> set[str]:
        out = {PROVINCE[0]}
        if self.prefecture:
            out.add(self.prefecture)
        return out - {self.name}


def reporting_unit(doc: Document) -> Unit:
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
    code = doc.region_code or (BY_NAME.get(name or "", (None, None, None))[1])
    if kind in ("county", "district"):
        prefecture = _prefecture_of(code) or "南通市"
    if kind == "prefecture":
        prefecture = name
    return Unit(name, code, kind, prefecture)


def _prefecture_of(code: str | None) -> str | None:
    if not code or len(code) != 6:
        return None
    want = code[:4] + "00"
    return next((full for full, c, _ in PLACES.values() if c == want), None)


def resolve_scope(word: str, unit: Unit) -> str | None:
    """A scope word as written -> the region it denotes for this reporting unit."""
    w = word
    if w.startswith(("全国", "国内", "我国")):
        return "全国"
    if w in ("全省", "省内", "省", "江苏", "江苏省"):
        return PROVINCE[0]
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
    short = w[:-1] if w.endswith(("市", "区", "县")) and w[:-1] in PLACES else w
    if short in PLACES:
        return PLACES[short][0]
    return None


_PLACE_RE = re.compile("|".join(sorted(PLACES, key=len, reverse=True)))


def find_places(text: str) -> list[tuple[int, str, str]]:
    """(position, short name, full name) of every known place named in text, in order."""
    return [(m.start(), m.group(), PLACES[m.group()][0]) for m in _PLACE_RE.finditer(text)]


def is_other_place(full: str, unit: Unit) -> bool:
    """A named place that a fact may be *about* (not the unit itself, not a unit that contains it)."""
    return full != unit.name and full not in unit.ancestors()
