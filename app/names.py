"""Region and indicator names in the reader's language, looked up by code (names repeat across China, codes do not).

English region names come from dim_region.name_en (pinyin, e.g. Hai'an) and indicator names from
dim_indicator.name_en; where the warehouse has none, the Chinese name stands.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import streamlit as st

from app import data
from app.i18n import english


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    name_en: str | None
    level: str | None
    parent_code: str | None
    prefecture_code: str | None
    province_code: str | None
    is_county_level: bool


def _s(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


# A resource, not data: st.cache_data would unpickle a copy of the 7,000-region index on every call.
@st.cache_resource(show_spinner=False, max_entries=4)
def _index(version: data.Signature | None) -> tuple[dict[str, Region], dict[str, str]]:
    """code -> its latest version; Chinese name -> English name (for sentences that carry names, not codes)."""
    del version  # only the cache key: one index per warehouse build
    rows = data.region_table()
    by_code: dict[str, Region] = {}
    for r in rows.itertuples(index=False):  # ordered by valid_from: the latest version of a code wins
        by_code[r.region_code] = Region(
            r.region_code, r.region_name, _s(r.name_en), _s(r.region_level), _s(r.parent_code),
            _s(r.prefecture_code), _s(r.province_code), bool(r.is_county_level),
        )
    by_name = {r.name: r.name_en for r in by_code.values() if r.name_en}
    return by_code, by_name


_LAST: list[tuple[data.Signature | None, tuple[dict[str, Region], dict[str, str]]]] = []


def index() -> tuple[dict[str, Region], dict[str, str]]:
    """The name index of the warehouse build on disk; a pick list of 2,000 regions asks for it 2,000 times a run,
    so the last one is kept at hand and checked with one stat() instead of Streamlit's cache machinery."""
    sig = data.signature(data.warehouse_path())
    last = _LAST[0] if _LAST else None
    if last is not None and last[0] == sig:
        return last[1]
    found = _index(data.handle().signature)
    _LAST[:] = [(sig, found)]
    return found


def region(code: object) -> Region | None:
    return index()[0].get(code) if isinstance(code, str) else None


def region_label(code: object, name: object = None) -> str:
    """The region's name in the reader's language: by code when there is one, else by its Chinese name."""
    return _label(index(), english(), code, name)


def _label(idx: tuple[dict[str, Region], dict[str, str]], en: bool, code: object, name: object) -> str:
    found = idx[0].get(code) if isinstance(code, str) else None
    zh = found.name if found else (name if isinstance(name, str) else "")
    if en:
        if found and found.name_en:
            return found.name_en
        if isinstance(name, str):
            return idx[1].get(name, name)
    return zh or (code if isinstance(code, str) else "")


def region_labels(codes: Iterable[object], names: Iterable[object] | None = None) -> list[str]:
    idx, en = index(), english()
    codes = codes.tolist() if hasattr(codes, "tolist") else list(codes)
    names_list = (names.tolist() if hasattr(names, "tolist") else list(names)) if names is not None \
        else [None] * len(codes)
    return [_label(idx, en, c, n) for c, n in zip(codes, names_list, strict=True)]


def name_en(name: str) -> str:
    """English name of a region known only by its Chinese name (in generated sentences)."""
    return index()[1].get(name, name)


def indicator_label(zh: object, en: object) -> str:
    if english() and isinstance(en, str) and en.strip():
        return en
    return zh if isinstance(zh, str) else ""


def indicator_labels(zh: Iterable[object], en: Iterable[object]) -> list[str]:
    return [indicator_label(z, e) for z, e in zip(zh, en, strict=True)]
