"""Seed tables -> seeds/*.csv, atomically: every file is written to a temp file, then renamed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import polars as pl


def to_csv_bytes(df: pl.DataFrame) -> bytes:
    return df.write_csv(None, include_header=True, line_terminator="\n", float_precision=None).encode("utf-8")


def _temp_copy(data: bytes, path: Path) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return Path(tmp)


def write_seeds(tables: dict[str, pl.DataFrame], seeds_dir: Path) -> list[str]:
    """Write the tables whose bytes changed; return their names.

    Every temp file is written and synced before the first rename, so a kill while serializing or writing leaves
    every seed as it was; the renames that follow are each atomic and take microseconds together.
    """
    seeds_dir.mkdir(parents=True, exist_ok=True)
    pending: list[tuple[str, Path, Path]] = []
    try:
        for name, df in sorted(tables.items()):
            path = seeds_dir / f"{name}.csv"
            data = to_csv_bytes(df)
            if path.exists() and path.read_bytes() == data:
                continue
            pending.append((name, _temp_copy(data, path), path))
    except BaseException:
        for _, tmp, _ in pending:
            tmp.unlink(missing_ok=True)
        raise
    for _, tmp, path in pending:
        os.replace(tmp, path)
    return [name for name, _, _ in pending]
