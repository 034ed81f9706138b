"""Documents and facts -> the seed tables (polars frames with fixed columns and types).

This file is the one place that names the ingest seed columns; dbt declares the same columns in
`dbt_project.yml` (`column_types`) and the gate's suites check them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from ingest.model import Document, Fact

S, F, N, B = pl.String, pl.Float64, pl.Int64, pl.Boolean

SCHEMAS: dict[str, dict[str, type[pl.DataType]]] = {
    "documents": {
        "doc_id": S, "title": S, "region": S, "region_code": S, "region_level": S, "period": S, "doc_type": S,
        "published": S, "script": S, "tampered": B, "n_sources": N, "n_facts": N,
    },
    "document_sources": {
        "doc_id": S, "source_path": S, "sha256": S, "format": S, "encoding": S, "script": S, "n_bytes": N,
        "meta_source": S, "meta_published": S,
    },
    "document_texts": {"doc_id": S, "text": S},
    "removed_spans": {"doc_id": S, "span_start": N, "span_end": N, "text": S, "reason": S},
    "facts": {
        "fact_id": S, "doc_id": S, "seq": N, "fact_type": S, "indicator": S, "indicator_code": S, "region": S,
        "region_code": S, "period": S, "measure": S, "value": F, "unit": S, "value_base": F, "unit_base": S,
        "benchmark": S,
        "relation": S, "gap": F, "scope": S, "rank": N, "claim": S, "qualifier": S, "bound": S,
        "indicators_total": N, "indicators_met": N, "indicators_missed": N, "approx": B, "as_of": S, "basis": S,
        "estimate": B, "text": S, "span_start": N, "span_end": N, "source_start": N, "source_end": N, "sentence": S,
    },
    "ingest_events": {"source_path": S, "sha256": S, "status": S, "doc_id": S, "reason": S},
    "data_quality": {
        "check_name": S, "severity": S, "doc_id": S, "fact_id": S, "source_path": S, "message": S, "fact_type": S,
        "indicator_code": S,
    },
}

# Sort keys make the CSVs byte-identical from run to run.
ORDER: dict[str, list[str]] = {
    "documents": ["doc_id"],
    "document_sources": ["doc_id", "source_path"],
    "document_texts": ["doc_id"],
    "removed_spans": ["doc_id", "span_start"],
    "facts": ["doc_id", "seq"],
    "ingest_events": ["source_path"],
    "data_quality": ["check_name", "doc_id", "fact_id", "source_path", "message"],
}


@dataclass(frozen=True)
class Event:
    """What happened to one file of the reports folder."""

    source_path: str
    sha256: str | None
    status: str  # loaded | duplicate | rejected
    doc_id: str | None = None
    reason: str | None = None


def frame(table: str, rows: Iterable[dict[str, object]]) -> pl.DataFrame:
    schema = SCHEMAS[table]
    rows = list(rows)
    # column by column: polars builds a typed column from a list far faster than a frame from row dicts
    df = pl.DataFrame({k: pl.Series(k, [r.get(k) for r in rows], dtype=dtype) for k, dtype in schema.items()},
                      schema=schema)
    return df.sort(ORDER[table], nulls_last=True)


def fact_id(doc_id: str, seq: int) -> str:
    return f"{doc_id}-{seq:04d}"


# facts columns read straight off the Fact of the same name (Fact.record() would copy each fact with asdict)
_FACT_FIELDS = [c for c in SCHEMAS["facts"] if c not in ("fact_id", "doc_id", "seq", "fact_type", "span_start",
                                                          "span_end", "source_start", "source_end")]


def fact_rows(doc: Document, facts: list[Fact]) -> list[dict[str, object]]:
    rows = []
    for seq, f in enumerate(facts, 1):
        src = doc.cleaned.source_span(f.start, f.end) if doc.cleaned else (None, None)
        r: dict[str, object] = {c: getattr(f, c) for c in _FACT_FIELDS}
        r.update(fact_id=fact_id(doc.doc_id, seq), doc_id=doc.doc_id, seq=seq, fact_type=f.type, span_start=f.start,
                 span_end=f.end, source_start=src[0], source_end=src[1])
        rows.append(r)
    return rows


def build(docs: list[tuple[Document, list[Fact]]], events: list[Event]) -> dict[str, pl.DataFrame]:
    """All ingest tables for one batch; data_quality starts empty and is filled by the gate."""
    documents, sources, texts, spans, facts = [], [], [], [], []
    for doc, doc_facts in docs:
        documents.append({
            "doc_id": doc.doc_id, "title": doc.title, "region": doc.region, "region_code": doc.region_code,
            "region_level": doc.region_level, "period": doc.period, "doc_type": doc.doc_type,
            "published": doc.published, "script": doc.script, "tampered": doc.tampered,
            "n_sources": len(doc.sources), "n_facts": len(doc_facts),
        })
        for s in doc.sources:
            sources.append({
                "doc_id": doc.doc_id, "source_path": s.path, "sha256": s.sha256, "format": s.format,
                "encoding": s.encoding, "script": s.script or doc.script, "n_bytes": s.n_bytes,
                "meta_source": s.meta.get("source"), "meta_published": s.meta.get("published"),
            })
        texts.append({"doc_id": doc.doc_id, "text": doc.text})
        spans.extend(
            {"doc_id": doc.doc_id, "span_start": sp.start, "span_end": sp.end, "text": sp.text, "reason": sp.reason}
            for sp in doc.removed
        )
        facts.extend(fact_rows(doc, doc_facts))
    return {
        "documents": frame("documents", documents),
        "document_sources": frame("document_sources", sources),
        "document_texts": frame("document_texts", texts),
        "removed_spans": frame("removed_spans", spans),
        "facts": frame("facts", facts),
        "ingest_events": frame("ingest_events", [e.__dict__ for e in events]),
        "data_quality": frame("data_quality", []),
    }
