"""The indicator dictionary (seeds/ref_indicators.csv): loaded once, alias -> code lookup.

One reviewed file is read here by `ingest.extract` and loaded by dbt as the `ref_indicators` seed (dim_indicator).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).resolve().parent.parent / "seeds" / "ref_indicators.csv"
COLUMNS = (
    "code", "name_zh", "name_en", "aliases", "unit_kind", "unit_base", "higher_is_better", "flow", "parent_code",
    "plausible_min_county", "plausible_max_county", "plausible_min_city", "plausible_max_city",
    "plausible_min_province", "plausible_max_province",
)
_NOISE = re.compile(r"^(?:全市|全区|全县|全省|我市|我区|全年|上半年|累计|实现|完成|其中|全部)+")
_SUFFIXES = ("增速", "增幅", "增长率", "总量")


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    aliases: tuple[str, ...]
    unit_kind: str
    unit_base: str
    higher_is_better: bool
    flow: bool
    parent_code: str | None


@lru_cache(maxsize=4)
def load(path: Path = PATH) -> dict[str, Indicator]:
    """code -> Indicator, in file order."""
    out: dict[str, Indicator] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["code"]] = Indicator(
                code=row["code"],
                name_zh=row["name_zh"],
                name_en=row["name_en"],
                aliases=tuple(a for a in row["aliases"].split("|") if a),
                unit_kind=row["unit_kind"],
                unit_base=row["unit_base"],
                higher_is_better=row["higher_is_better"].strip().lower() == "true",
                flow=row["flow"].strip().lower() == "true",
                parent_code=row["parent_code"] or None,
            )
    return out


@lru_cache(maxsize=4)
def _alias_index(path: Path = PATH) -> dict[str, str]:
    index: dict[str, str] = {}
    for ind in load(path).values():
        for name in (ind.name_zh, *ind.aliases):
            index.setdefault(_norm(name), ind.code)
    return index


def _norm(name: str) -> str:
    name = re.sub(r"\s|“|”|\"", "", name)
    return _NOISE.sub("", name)


@lru_cache(maxsize=4096)
def code_for(name: str | None) -> str | None:
    """Indicator code for a name as written (alias match, then without a 增速/增幅 suffix), else None."""
    if not name:
        return None
    index = _alias_index()
    key = _norm(name)
    if key in index:
        return index[key]
    for suf in _SUFFIXES:
        if key.endswith(suf) and key[: -len(suf)] in index:
            return index[key[: -len(suf)]]
    return _facility_suffix(key, index)


# A facility named in front of a statistic ('凤山港集装箱吞吐量') does not change what is measured. A zone does: an
# 开发区's or 园区's 规上工业增加值 is a part of the region's, never a figure of the region's own series.
_FACILITY = re.compile(r"(?:港|港口|港区|站|机场|基地|中心)$")


def _facility_suffix(key: str, index: dict[str, str]) -> str | None:
    for i in range(1, len(key) - 3):
        head, tail = key[:i], key[i:]
        if tail in index and _FACILITY.search(head):
            return index[tail]
    return None


@lru_cache(maxsize=4096)
def canonical_name(name: str) -> str:
    """Abbreviations written in Latin letters ('GDP', 'GDP总量') read as the dictionary's Chinese name."""
    key = _norm(name)
    stem = key
    for suf in _SUFFIXES:
        if stem.endswith(suf):
            stem = stem[: -len(suf)]
            break
    if stem.isascii() and stem:
        code = _alias_index().get(stem)
        if code:
            return load()[code].name_zh
    return name

