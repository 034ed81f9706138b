"""The regions file (seeds/ref_regions.csv) as the extractor reads it: which places a report can name, and the
GB/T 2260 code each one had on the report's date.

One place for each fact: names, codes, levels, parents and validity all come from the CSV. A row's short name is its
name without the level suffix (海门市 -> 海门); statistics-only zones (level functional_zone) are matched only when
written in full, since their short names (南通经济技术开发) are not how a report names a place.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from ingest import SEEDS

REGIONS_CSV = SEEDS / "ref_regions.csv"
_SUFFIXES = ("自治县", "新区", "省", "市", "区", "县")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str
    parent_code: str | None
    valid_from: date
    valid_to: date | None  # first day it no longer holds

    def valid_at(self, when: date) -> bool:
        return self.valid_from <= when and (self.valid_to is None or when < self.valid_to)

    @property
    def stem(self) -> str:
        """The name without its level suffix for matching mentions (海门区 -> 海门); a two-character name is its own."""
        if len(self.name) <= 2:
            return self.name
        return next((self.name[: -len(s)] for s in _SUFFIXES if self.name.endswith(s)), self.name)

    @property
    def short(self) -> str | None:
        """The name as reports shorten it, or None when only the full name identifies the place."""
        if self.level == "functional_zone":
            return None
        for suffix in _SUFFIXES:
            # a two-character name (城区) is its own short form: one character is no place name
            if self.name.endswith(suffix) and len(self.name) - len(suffix) >= 2:
                return self.name[: -len(suffix)]
        return None


def _date(value: str) -> date | None:
    """'1983' (a bare year: its first day), '2020-06-05', or '' (open)."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], *(parts[1:] or [1, 1]))


@cache
def load_regions(path: Path = REGIONS_CSV) -> tuple[Region, ...]:
    """Every row of the regions file, read once."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return tuple(
        Region(r["code"].strip(), r["name"].strip(), r["level"].strip(), (r["parent_code"] or "").strip() or None,
               _date(r["valid_from"].strip()) or date.min, _date((r["valid_to"] or "").strip()))
        for r in rows
        if r.get("code") and r.get("name")
    )


def regions_at(when: date | None) -> tuple[Region, ...]:
    """The rows in force on a date; with no date, the rows in force today (the current map)."""
    day = when or date.today()
    return tuple(r for r in load_regions() if r.valid_at(day))


def code_at(name: str, when: date | None) -> str | None:
    """The code a full region name had on a date (海门市 320684 in 2019; 崇川区 320602 before 2020-06-05, then
    320613); a name not in force then falls back to its latest code, which the gate will question."""
    day = when or date.today()
    rows = [r for r in load_regions() if r.name == name]
    valid = [r for r in rows if r.valid_at(day)]
    if valid:
        return valid[0].code
    return max(rows, key=lambda r: r.valid_from).code if rows else None
