"""A folder of reports -> gated seed tables on disk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingest.extract import extract
from ingest.gate import GateResult, validate
from ingest.model import Document, Fact
from ingest.pipeline import load_document
from ingest.read import ReadError
from ingest.tables import Event, build
from ingest.write import write_seeds


@dataclass
class RunResult:
    documents: int
    facts: int
    events: list[Event]
    gate: GateResult
    changed: list[str]


def ingest_folder(reports: Path) -> tuple[list[tuple[Document, list[Fact]]], list[Event]]:
    docs: dict[str, tuple[Document, list[Fact]]] = {}
    events: list[Event] = []
    for path in sorted(p for p in reports.rglob("*") if p.is_file() and not p.name.startswith(".")):
        rel = path.relative_to(reports.parent).as_posix()
        try:
            doc = load_document(path, rel)
        except (ReadError, OSError, UnicodeDecodeError) as exc:
            events.append(Event(rel, None, "rejected", None, str(exc)))
            continue
        sha = doc.sources[0].sha256
        if doc.doc_id in docs:
            docs[doc.doc_id][0].sources.append(doc.sources[0])
            events.append(Event(rel, sha, "duplicate", doc.doc_id, None))
            continue
        docs[doc.doc_id] = (doc, extract(doc))
        events.append(Event(rel, sha, "loaded", doc.doc_id, None))
    return list(docs.values()), events


def run(reports: Path, seeds: Path) -> RunResult:
    docs, events = ingest_folder(reports)
    tables = build(docs, events)
    gate = validate(tables)
    if gate.data_quality is not None:
        tables["data_quality"] = gate.data_quality
    changed = write_seeds(tables, seeds) if gate.passed else []
    return RunResult(len(docs), sum(len(f) for _, f in docs), events, gate, changed)
