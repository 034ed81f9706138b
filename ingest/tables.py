"""Documents and facts -> the seed tables (polars frames with fixed columns and types).

This file is the one place that names the ingest seed columns; dbt declares the same columns in
`dbt_project.yml` (`column_types`) and the gate's suites check them.
"""

from __future__ import annotations

import json
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
        "rank_change": N, "streak": S, "scope_class": S, "other_spans": S, "value_max": F,
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


# facts columns read straight off the Fact attribute of the same name
_FACT_FIELDS = [c for c in SCHEMAS["facts"] if c not in ("fact_id", "doc_id", "seq", "fact_type", "span_start",
                                                          "span_end", "source_start", "source_end", "other_spans")]
_RENAMED = {"fact_type": "type", "span_start": "start", "span_end": "end"}


FACT_CHUNK = 50_000  # facts per piece of the facts table: the Python lists behind one piece stay small


def fact_columns(docs: list[tuple[Document, list[Fact]]]) -> pl.DataFrame:
    """The facts table, built column by column (500k facts: a dict per row, or Fact.record()'s asdict, cost
    tens of seconds), a piece of documents at a time: lists of every fact's values cost ~700 MB at 10,000 reports,
    and what they leave behind in the heap was still there when the gate ran."""
    pieces: list[pl.DataFrame] = []
    piece: list[tuple[Document, list[Fact]]] = []
    size = 0
    for doc, facts in docs:
        piece.append((doc, facts))
        size += len(facts)
        if size >= FACT_CHUNK:
            pieces.append(_fact_piece(piece))
            piece, size = [], 0
    if piece or not pieces:
        pieces.append(_fact_piece(piece))
    df = pl.concat(pieces, rechunk=True) if len(pieces) > 1 else pieces[0]
    return df.sort(ORDER["facts"], nulls_last=True)


def _fact_piece(docs: list[tuple[Document, list[Fact]]]) -> pl.DataFrame:
    cols: dict[str, list[object]] = {c: [] for c in SCHEMAS["facts"]}
    for doc, facts in docs:
        n = len(facts)
        for c in _FACT_FIELDS:
            cols[c].extend(getattr(f, c) for f in facts)
        for c, attr in _RENAMED.items():
            cols[c].extend(getattr(f, attr) for f in facts)
        # a claim's other statements as JSON: [[start, end], ...] in the document text
        cols["other_spans"].extend(json.dumps(f.other_spans) if f.other_spans else None for f in facts)
        spans = [doc.cleaned.source_span(f.start, f.end) if doc.cleaned else (None, None) for f in facts]
        cols["source_start"].extend(s[0] for s in spans)
        cols["source_end"].extend(s[1] for s in spans)
        cols["fact_id"].extend(fact_id(doc.doc_id, seq) for seq in range(1, n + 1))
        cols["doc_id"].extend([doc.doc_id] * n)
        cols["seq"].extend(range(1, n + 1))
    schema = SCHEMAS["facts"]
    return pl.DataFrame({k: pl.Series(k, v, dtype=schema[k]) for k, v in cols.items()}, schema=schema)


class FactPieces:
    """The facts table built while a run's outcomes arrive, so their Fact objects (~1 KB a fact: 0.6 GB at 10,000
    reports, and a fragmented heap after) never all live at once. Facts are added per file under a key; `table`
    keeps those of the files that became documents (one copy of each report)."""

    def __init__(self) -> None:
        self._pieces: list[pl.DataFrame] = []
        self._waiting: list[tuple[Document, list[Fact]]] = []
        self._keys: list[int] = []

    def add(self, key: int, doc: Document, facts: list[Fact]) -> None:
        self._waiting.append((doc, facts))
        self._keys.extend([key] * len(facts))
        if len(self._keys) >= FACT_CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self._waiting:
            self._pieces.append(_fact_piece(self._waiting).with_columns(pl.Series("_key", self._keys,
                                                                                  dtype=pl.Int64)))
        self._waiting, self._keys = [], []

    def table(self, keys: set[int]) -> pl.DataFrame:
        self._flush()
        kept = pl.Series(sorted(keys), dtype=pl.Int64)
        pieces = [p.filter(pl.col("_key").is_in(kept)).drop("_key") for p in self._pieces]
        self._pieces = []
        df = pl.concat(pieces, rechunk=True) if pieces else _fact_piece([])
        return df.sort(ORDER["facts"], nulls_last=True)


def fact_rows(doc: Document, facts: list[Fact]) -> list[dict[str, object]]:
    """One document's facts as rows (what `frame("facts", ...)` takes)."""
    return fact_columns([(doc, facts)]).to_dicts()


def build(docs: list[tuple[Document, list[Fact]]], events: list[Event],
          facts: pl.DataFrame | None = None) -> dict[str, pl.DataFrame]:
    """All ingest tables for one batch; data_quality starts empty and is filled by the gate. `facts`, if given, is
    the facts table already built (FactPieces), and the documents' fact lists are not read."""
    counts = dict(facts.group_by("doc_id").len().iter_rows()) if facts is not None else {}
    documents, sources, texts, spans = [], [], [], []
    for doc, doc_facts in docs:
        n_facts = counts.get(doc.doc_id, 0) if facts is not None else len(doc_facts)
        documents.append({
            "doc_id": doc.doc_id, "title": doc.title, "region": doc.region, "region_code": doc.region_code,
            "region_level": doc.region_level, "period": doc.period, "doc_type": doc.doc_type,
            "published": doc.published, "script": doc.script, "tampered": doc.tampered,
            "n_sources": len(doc.sources), "n_facts": n_facts,
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
    return {
        "documents": frame("documents", documents),
        "document_sources": frame("document_sources", sources),
        "document_texts": frame("document_texts", texts),
        "removed_spans": frame("removed_spans", spans),
        "facts": fact_columns(docs) if facts is None else facts,
        "ingest_events": frame("ingest_events", [e.__dict__ for e in events]),
        "data_quality": frame("data_quality", []),
    }
