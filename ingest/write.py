"""Seed tables -> seeds/*.csv, atomically: every file is written to a temp file, then renamed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import polars as pl


def write_csv_atomic(df: pl.DataFrame, path: Path) -> bool:
    """Write `df` to `path` unless the bytes are unchanged; return whether the file changed."""
    data = df.write_csv(None, include_header=True, line_terminator="\n", float_precision=None).encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def write_seeds(tables: dict[str, pl.DataFrame], seeds_dir: Path) -> list[str]:
    """Write every table only after all of them serialized; returns the names of files that changed.

    Each rename is atomic; the set is written only once the gate has passed, so a refused batch touches nothing.
    """
    return [name for name, df in sorted(tables.items()) if write_csv_atomic(df, seeds_dir / f"{name}.csv")]
