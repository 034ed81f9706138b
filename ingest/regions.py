"""The national region dictionary (seeds/ref_regions.csv, built by scripts/build_ref_regions.py) as ingest reads it:
every county-level and higher unit of China since 1981, the GB/T 2260 code each had on a date, its parent, province
and prefecture, its short and romanized names, and what took over when it ended.

One place for each fact: names, codes, levels, parents and validity all come from the CSV. A version (a code with
one name over one span of dates) is a `Region`; `Gazetteer` answers the questions identify and extract ask of them
(which units were in force on a date, a unit's ancestors, its successors, the units a name or short name can mean).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property, lru_cache
from pathlib import Path

from ingest import SEEDS

REGIONS_CSV = SEEDS / "ref_regions.csv"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province | prefecture_city | prefecture | county_level_city | county | district | functional_zone
    parent_code: str | None
    valid_from: date
    valid_to: date | None  # first day it no longer holds
    short_name: str = ""  # 张家港 for 张家港市, 广西 for 广西壮族自治区; '' when none is usable (城区)
    name_en: str = ""  # Hai'an
    tier: str = ""  # province | prefecture | county
    province_code: str | None = None  # its own code for a province
    prefecture_code: str | None = None  # its own for a prefecture; the municipality for its districts; else None
    successor_codes: tuple[str, ...] = field(default=(), compare=False)

    def valid_at(self, when: date) -> bool:
        return self.valid_from <= when and (self.valid_to is None or when < self.valid_to)

    @property
    def stem(self) -> str:
        """The short name, else the full name: what a mention of the unit is reduced to."""
        return self.short_name or self.name

    @property
    def short(self) -> str | None:
        """The name as reports shorten it, or None when only the full name identifies the place."""
        if self.level == "functional_zone":
            return None
        return self.short_name or None

    def __repr__(self) -> str:  # the tests print candidates: name and code say which unit it is
        return f"Region({self.name} {self.code} {self.level} {self.valid_from}–{self.valid_to or ''})"


def _date(value: str) -> date | None:
    """'1983' (a bare year: its first day), '2020-06-05', or '' (open)."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], *(parts[1:] or [1, 1]))


def _successors(value: str) -> tuple[str, ...]:
    """'310115[1992];310101' -> ('310115', '310101'): the codes, without the year a later one took over."""
    return tuple(part.split("[")[0].strip() for part in value.split(";") if part.strip())


@cache
def load_regions(path: Path = REGIONS_CSV) -> tuple[Region, ...]:
    """Every row of the regions file, read once."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return tuple(
        Region(
            r["code"].strip(), r["name"].strip(), r["level"].strip(), (r.get("parent_code") or "").strip() or None,
            _date((r.get("valid_from") or "").strip()) or date.min, _date((r.get("valid_to") or "").strip()),
            short_name=(r.get("short_name") or "").strip(), name_en=(r.get("name_en") or "").strip(),
            tier=(r.get("tier") or "").strip(), province_code=(r.get("province_code") or "").strip() or None,
            prefecture_code=(r.get("prefecture_code") or "").strip() or None,
            successor_codes=_successors(r.get("successor_codes") or ""),
        )
        for r in rows
        if r.get("code") and r.get("name")
    )


class Gazetteer:
    """The dictionary indexed for look-ups: by code, by name, by parent; built once per regions file."""

    def __init__(self, regions: tuple[Region, ...]) -> None:
        self.regions = regions
        by_code: dict[str, list[Region]] = defaultdict(list)
        for r in regions:
            by_code[r.code].append(r)
        self.by_code = dict(by_code)

    def at(self, code: str | None, when: date | None) -> Region | None:
        """The version of a code in force on a date (the latest version without a date, or when none holds)."""
        rows = self.by_code.get(code or "")
        if not rows:
            return None
        day = when or date.today()
        return next((r for r in rows if r.valid_at(day)), max(rows, key=lambda r: r.valid_from))

    def parent(self, region: Region, when: date | None) -> Region | None:
        return self.at(region.parent_code, when) if region.parent_code else None

    def ancestors(self, region: Region, when: date | None) -> list[Region]:
        """Parent, grandparent … (nearest first)."""
        out: list[Region] = []
        seen = {region.code}
        parent = self.parent(region, when)
        while parent is not None and parent.code not in seen:
            out.append(parent)
            seen.add(parent.code)
            parent = self.parent(parent, when)
        return out

    def successors_at(self, region: Region, when: date, depth: int = 6) -> tuple[Region, ...]:
        """The units in force on `when` that took over from a unit that had ended by then (海安县 -> 海安市)."""
        out: dict[str, Region] = {}
        for code in region.successor_codes:
            for nxt in self.by_code.get(code, []):
                if nxt.valid_at(when):
                    out[nxt.code] = nxt
                elif nxt is not region and nxt.valid_from >= region.valid_from and depth > 0 and (
                        nxt.valid_to is not None and nxt.valid_to <= when):
                    out.update((r.code, r) for r in self.successors_at(nxt, when, depth - 1))
        return tuple(out.values())

    @lru_cache(maxsize=256)  # noqa: B019 - one gazetteer per process; dates repeat across documents
    def live(self, when: date | None) -> tuple[Region, ...]:
        """The units in force on a date (today's map without one); statistics-only zones included."""
        day = when or date.today()
        return tuple(r for r in self.regions if r.valid_at(day))

    @cached_property
    def provinces(self) -> tuple[Region, ...]:
        return tuple(r for r in self.regions if r.level == "province")


@cache
def gazetteer(path: Path = REGIONS_CSV) -> Gazetteer:
    return Gazetteer(load_regions(path))


def code_at(name: str, when: date | None, within: str | None = None) -> str | None:
    """The code a full region name had on a date (海门市 320684 in 2019; 崇川区 320602 before 2020-06-05, then
    320613). A name several units share (鼓楼区) is decided by `within` (a province or prefecture code the unit lies
    in), else it has no code. A name not in force then falls back to its latest code, which the gate questions."""
    day = when or date.today()
    rows = [r for r in load_regions() if r.name == name]
    if within:
        inside = [r for r in rows if within in (r.province_code, r.prefecture_code, r.code)]
        rows = inside or rows
    valid = {r.code: r for r in rows if r.valid_at(day)}
    if len(valid) == 1:
        return next(iter(valid))
    if valid:
        return None
    codes = {r.code for r in rows}
    return max(rows, key=lambda r: r.valid_from).code if len(codes) == 1 else None
