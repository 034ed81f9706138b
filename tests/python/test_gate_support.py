"""Helpers for the gate tests: small, consistent batches built by hand (this module holds no tests).

A batch here has every ingest table plus its own reference tables (`ref_regions` from the repo, a small
`ref_indicators`), so the gate judges it without reading the repo's seeds.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import polars as pl

from ingest.tables import fact_id, frame

ROOT = Path(__file__).resolve().parents[2]

REGIONS = pl.read_csv(ROOT / "seeds" / "ref_regions.csv", infer_schema=False)

_DICT_ROWS = [
    # code, name_zh, unit_kind, unit_base, flow, parent, county range, city range, province range
    ("GDP", "地区生产总值", "currency", "元", "true", "", (1e10, 5e11), (1e11, 5e12), (1e12, 2e13)),
    ("fixed_asset_investment", "固定资产投资", "currency", "元", "true", "", (1e9, 3e11), (1e10, 3e12), (1e11, 1e13)),
    ("industrial_investment", "工业投资", "currency", "元", "true", "fixed_asset_investment", (1e8, 2e11), (1e9, 2e12),
     (1e10, 8e12)),
    ("port_container_teu", "集装箱吞吐量", "container", "标箱", "true", "", (0, 5e6), (0, 2e7), (0, 5e7)),
    ("population", "常住人口", "count", "人", "false", "", (1e5, 3e6), (1e6, 2e7), (1e7, 2e8)),
]
DICTIONARY = pl.DataFrame(
    [
        {
            "code": c, "name_zh": zh, "name_en": c, "aliases": zh, "unit_kind": kind, "unit_base": base,
            "higher_is_better": "true", "flow": flow, "parent_code": parent or None,
            "plausible_min_county": repr(cty[0]), "plausible_max_county": repr(cty[1]),
            "plausible_min_city": repr(city[0]), "plausible_max_city": repr(city[1]),
            "plausible_min_province": repr(prov[0]), "plausible_max_province": repr(prov[1]),
        }
        for c, zh, kind, base, flow, parent, cty, city, prov in _DICT_ROWS
    ],
    schema=dict.fromkeys(
        ["code", "name_zh", "name_en", "aliases", "unit_kind", "unit_base", "higher_is_better", "flow", "parent_code",
         "plausible_min_county", "plausible_max_county", "plausible_min_city", "plausible_max_city",
         "plausible_min_province", "plausible_max_province"], pl.String),
)


def doc(doc_id: str, text: str, *, period: str = "2022H1", published: str | None = "2022-08-03",
        region: tuple[str, str] = ("海安市", "320685"), tampered: bool = False) -> dict[str, Any]:
    return {
        "doc_id": doc_id, "title": text.split("。")[0], "region": region[0], "region_code": region[1],
        "region_level": "county_level_city", "period": period, "doc_type": "news", "published": published,
        "script": "simplified", "tampered": tampered, "text": text,
    }


def fact(d: dict[str, Any], kind: str, text: str, value: float, unit: str | None, *, code: str | None = None,
         value_base: float | None = None, unit_base: str | None = None, indicator: str | None = None,
         text_override: bool = False) -> dict[str, Any]:
    """A fact of document `d`; its span is where `text` occurs (or [0, len) when `text_override` plants a text
    the document does not contain)."""
    start = 0 if text_override else d["text"].index(text)
    if indicator is None:
        m = re.match(r"^\D+?(?=增长|下降|\d)", text)
        indicator = m.group() if m and kind != "growth" else None
    return {
        "doc_id": d["doc_id"], "fact_type": kind, "indicator": indicator, "indicator_code": code,
        "region": d["region"], "region_code": d["region_code"], "period": d["period"], "value": value, "unit": unit,
        "value_base": value_base, "unit_base": unit_base, "text": text, "span_start": start,
        "span_end": start + len(text), "source_start": start, "source_end": start + len(text), "sentence": d["text"],
    }


def batch(docs: list[dict[str, Any]], facts: list[dict[str, Any]]) -> dict[str, pl.DataFrame]:
    seqs: dict[str, int] = {}
    fact_rows = []
    for f in facts:
        seqs[f["doc_id"]] = seqs.get(f["doc_id"], 0) + 1
        fact_rows.append({**f, "seq": seqs[f["doc_id"]], "fact_id": fact_id(f["doc_id"], seqs[f["doc_id"]])})
    n_facts = {d["doc_id"]: seqs.get(d["doc_id"], 0) for d in docs}
    sources = [{
        "doc_id": d["doc_id"], "source_path": f"reports/{d['doc_id']}.txt",
        "sha256": hashlib.sha256(d["text"].encode()).hexdigest(), "format": "txt", "encoding": "utf-8",
        "script": "simplified", "n_bytes": len(d["text"].encode()),
    } for d in docs]
    spam = [{"doc_id": d["doc_id"], "span_start": 0, "span_end": 14, "text": "澳门皇冠_皇冠足球比分-官网",
             "reason": "spam:lexicon"} for d in docs if d["tampered"]]
    return {
        "documents": frame("documents", [{**d, "n_sources": 1, "n_facts": n_facts[d["doc_id"]]} for d in docs]),
        "document_sources": frame("document_sources", sources),
        "document_texts": frame("document_texts", docs),
        "removed_spans": frame("removed_spans", spam),
        "facts": frame("facts", fact_rows),
        "ingest_events": frame("ingest_events", [
            {"source_path": s["source_path"], "sha256": s["sha256"], "status": "loaded", "doc_id": s["doc_id"]}
            for s in sources
        ]),
        "data_quality": frame("data_quality", []),
        "ref_regions": REGIONS,
        "ref_indicators": DICTIONARY,
    }
