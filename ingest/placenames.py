"""The names a report can use for the units of China around a date, and one linear scan that finds them in a text.

A unit is named by its full name (海安市), its short name (海安), a colloquial form of an autonomous unit's name
(大理州 for 大理白族自治州, 围场县 for 围场满族蒙古族自治县), or a name it had until recently (海安县 in a report
of 2019 means what became 海安市). A name several units share (鼓楼区, 通州) keeps every candidate: the caller
decides by context. Names are looked up by their first two characters, so a scan costs one dictionary probe per
character, however many names there are (a regex alternation of ~6,000 names costs ten times as much).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ingest.regions import Region, gazetteer

LOOKBACK_YEARS = 10  # a name retired longer ago than this is history, not how a report names the unit
# A district called only by a generic word (城区, 郊区, 矿区) is a place only right after its city's name.
_GENERIC_LEVELS = ("district",)
_COLLOQUIAL = {"自治州": "州", "自治县": "县", "自治旗": "旗"}


@dataclass(frozen=True)
class Name:
    text: str
    kind: str  # full | colloquial | short | old | generic
    regions: tuple[Region, ...]  # the versions it names (a shared name: several units)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: Name


class NameIndex:
    """Names of the units relevant to one year, keyed by their first two characters, longest first."""

    def __init__(self, names: dict[str, Name]) -> None:
        self.names = names
        by2: dict[str, list[Name]] = {}
        for n in names.values():
            by2.setdefault(n.text[:2], []).append(n)
        self._by2 = {k: sorted(v, key=lambda n: len(n.text), reverse=True) for k, v in by2.items()}

    def matches(self, text: str) -> list[Mention]:
        """The longest name starting at each position, overlaps kept ("亲临安庆": 临安 and 安庆): for callers that
        choose between overlapping readings."""
        out: list[Mention] = []
        by2 = self._by2
        for i in range(len(text) - 1):
            names = by2.get(text[i : i + 2])
            if names:
                hit = next((nm for nm in names if text.startswith(nm.text, i)), None)
                if hit is not None:
                    out.append(Mention(i, i + len(hit.text), hit))
        return out

def _colloquial(region: Region) -> str | None:
    for suffix, short in _COLLOQUIAL.items():
        if region.name.endswith(suffix) and region.short_name:
            return region.short_name + short
    return None


@lru_cache(maxsize=64)
def name_index(year: int) -> NameIndex:
    """Names of units in force at some time of `year` (full, colloquial, short) and full names retired within
    LOOKBACK_YEARS (kind old: the caller maps them to their successors). Statistics-only zones are left out."""
    first, end = date(year, 1, 1), date(year + 1, 1, 1)
    since = date(year - LOOKBACK_YEARS, 1, 1)
    # a name is a unit's full, everyday, generic or former name before it is anyone's short name; such names keep
    # every unit they can mean (东乡县: the former county of 抚州 and 东乡族自治县 of 临夏)
    acc: dict[str, dict[str, list[Region]]] = {}

    def add(text: str, kind: str, region: Region) -> None:
        if len(text) >= 2:
            regions = acc.setdefault(text, {}).setdefault(kind, [])
            if region not in regions:
                regions.append(region)

    for r in gazetteer().regions:
        if r.level == "functional_zone" or r.valid_from >= end or (r.valid_to is not None and r.valid_to <= since):
            continue
        current = r.valid_to is None or r.valid_to > first
        if not current:
            add(r.name, "old", r)
            continue
        generic = not r.short_name and r.level in _GENERIC_LEVELS
        add(r.name, "generic" if generic else "full", r)
        colloquial = _colloquial(r)
        if colloquial:
            add(colloquial, "colloquial", r)
        if r.short_name:
            add(r.short_name, "short", r)
    names = {}
    for text, kinds in acc.items():
        kind = next((k for k in ("full", "colloquial", "generic", "old") if k in kinds), "short")
        regions = [r for k, rs in kinds.items() if k != "short" or kind == "short" for r in rs]
        names[text] = Name(text, kind, tuple(regions))
    return NameIndex(names)


def names_at(when: date | None) -> NameIndex:
    return name_index((when or date.today()).year)
