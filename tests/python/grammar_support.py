"""What the grammar tests share: a sentence run through the extractor as one report of a given unit, and the same
sentence as a traditional-script page writes it."""

from __future__ import annotations

from functools import cache

from ingest.clean import clean
from ingest.extract import extract
from ingest.model import Document, Fact


def extract_text(text: str, *, region: str = "海安市", level: str = "county_level_city", code: str = "320685",
                 period: str = "2023FY", doc_type: str = "stats_communique") -> list[Fact]:
    """The facts of `text` as a report of this unit and period; every fact's span is its own text."""
    doc = Document(doc_id="t", text=text, region=region, region_level=level, region_code=code, period=period,
                   doc_type=doc_type)
    facts = extract(doc)
    for f in facts:
        assert f.text == text[f.start : f.end]
    return facts


def of(facts: list[Fact], type_: str) -> list[Fact]:
    return [f for f in facts if f.type == type_]


@cache
def _s2t() -> object:
    from opencc import OpenCC

    return OpenCC("s2t")


def traditional(text: str) -> str:
    """The sentence as a traditional-script page writes it; the pipeline's cleaning turns it back."""
    return clean(_s2t().convert(text)).text  # type: ignore[attr-defined]
