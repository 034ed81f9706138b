"""Bytes on disk -> Source (decoded text of the original script, with format and encoding)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.model import Source


class ReadError(Exception):
    """A file that cannot become a Source; the message names the file and the reason."""


def read_source(path: Path, display_path: str | None = None) -> Source:
    raw = path.read_bytes()
    if not raw.strip():
        raise ReadError(f"{path}: empty file")
    try:
        text = raw.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
        encoding = "gb18030"
    return Source(
        path=display_path or str(path),
        sha256=hashlib.sha256(raw).hexdigest(),
        format="txt",
        encoding=encoding,
        text=text,
        n_bytes=len(raw),
    )
