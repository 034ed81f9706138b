"""Wire the stages: path -> Document -> facts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ingest.clean import clean
from ingest.extract import extract
from ingest.identify import identify
from ingest.model import Document, Fact
from ingest.read import read_source


def load_document(path: Path, display_path: str | None = None) -> Document:
    source = read_source(path, display_path)
    cleaned = clean(source.text)
    return identify(replace(source, script=cleaned.script), cleaned)


def document_facts(path: Path) -> tuple[Document, list[Fact]]:
    doc = load_document(path)
    return doc, extract(doc)
