"""Wire the per-file stages: path -> Source -> Cleaned -> Document (extraction follows in ingest/intake.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ingest.clean import clean
from ingest.identify import identify
from ingest.model import Document
from ingest.read import read_source


def load_document(path: Path, display_path: str | None = None) -> Document:
    source = read_source(path, display_path)
    cleaned = clean(source.text)
    return identify(replace(source, script=cleaned.script), cleaned)
