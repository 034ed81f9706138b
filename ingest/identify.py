"""Cleaned text -> Document: id, region, period, type, publish date."""

from __future__ import annotations

import hashlib
import re

from ingest.model import Cleaned, Document, Source

REGIONS = {"海安": ("海安市", "320685", "county_level_city")}


def document_id(text: str) -> str:
    return hashlib.sha256(re.sub(r"\s+", "", text).encode()).hexdigest()[:16]


def identify(source: Source, cleaned: Cleaned) -> Document:
    text = cleaned.text
    head = text[:400]
    region = code = level = None
    for key, (name, c, lvl) in REGIONS.items():
        if key in head:
            region, code, level = name, c, lvl
            break
    year = re.search(r"(20\d\d)年(上半年)?", head)
    period = None
    if year:
        period = year.group(1) + ("H1" if year.group(2) else "FY")
    published = re.search(r"发布时间[:：]\s*(\d{4}-\d{2}-\d{2})", head)
    return Document(
        doc_id=document_id(text),
        text=text,
        title=next((ln.strip() for ln in text.splitlines() if ln.strip()), ""),
        region=region,
        region_code=code,
        region_level=level,
        period=period,
        doc_type="plan_execution" if "计划执行情况" in head else "news",
        published=published.group(1) if published else None,
        script=cleaned.script,
        tampered=cleaned.tampered,
        removed=cleaned.removed,
        sources=[source],
        cleaned=cleaned,
    )
