"""One way to fingerprint a set of files (the cache's code version, the incremental run's record key, the compiled
extractor's stamp): each file's label and bytes, in the order given, after a prefix that says what else counts."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path


def files_digest(paths: Iterable[Path], *, prefix: str = "", label: Callable[[Path], str] = lambda p: p.name) -> str:
    """SHA-256 hex of `prefix` and every readable file's label and content; a missing file is left out."""
    digest = hashlib.sha256(prefix.encode())
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        digest.update(label(path).encode() + b"\0" + data + b"\0")
    return digest.hexdigest()
