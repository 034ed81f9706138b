"""Seed tables -> seeds/*.csv (or *.parquet), all-or-nothing: every changed table is written to a temp file, the
switch is committed in a journal, then the temp files are renamed (ingest/switch.py)."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import tempfile
from pathlib import Path
from typing import Literal

import polars as pl

from ingest.switch import commit, finish

Format = Literal["csv", "parquet"]
_UMASK = os.umask(0o022)  # the umask can only be read by setting it: once, at import, and put back at once
os.umask(_UMASK)
FORMATS: tuple[Format, ...] = ("csv", "parquet")


class SeedWriteError(Exception):
    """A seed file could not be written: names the file and the problem in plain words (no traceback)."""

    def __init__(self, path: Path, problem: str, replaced: list[str] | None = None) -> None:
        done = f"only {', '.join(replaced)} had been replaced" if replaced else "no seed file was changed"
        super().__init__(f"cannot write {path}: {problem}; {done}")
        self.path = path


def to_csv_bytes(df: pl.DataFrame) -> bytes:
    return df.write_csv(None, include_header=True, line_terminator="\n", float_precision=None).encode("utf-8")


def to_parquet_bytes(df: pl.DataFrame) -> bytes:
    # No timestamps go into polars' Parquet footer, so the same table gives the same bytes and an unchanged
    # table is not rewritten, as with the CSVs.
    buf = io.BytesIO()
    df.write_parquet(buf, compression="zstd", statistics=True)
    return buf.getvalue()


def serialize(df: pl.DataFrame, fmt: Format) -> bytes:
    return to_parquet_bytes(df) if fmt == "parquet" else to_csv_bytes(df)


def problem(exc: OSError) -> str:
    """An OS error in plain words: 'No space left on device', 'File too large', 'Read-only file system'."""
    return exc.strerror or type(exc).__name__


def _temp_copy(data: bytes, path: Path) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)  # mkstemp makes 0600; a seed is an ordinary file, readable as any other
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        # a full disk (ENOSPC) or a file-size limit (EFBIG) leaves a partial temp file: never leave it behind
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def write_seeds(tables: dict[str, pl.DataFrame], seeds_dir: Path, fmt: Format = "csv") -> list[str]:
    """Write the tables whose bytes changed; return their names.

    Every temp file is written and synced before the switch is committed, so a kill, a full disk or a read-only
    folder while serializing or writing leaves every seed as it was (and no temp file behind); once committed, the
    renames happen, by this run or, if it is killed, by the next one (ingest/switch.py). Raises SeedWriteError
    naming the file and the problem.
    """
    try:
        seeds_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SeedWriteError(seeds_dir, problem(exc)) from None
    pending: list[tuple[str, Path, Path]] = []
    committed = False
    path = seeds_dir
    try:
        for name, df in sorted(tables.items()):
            path = seeds_dir / f"{name}.{fmt}"
            if path.is_dir():  # the one rename that would fail after the commit: refused before it
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
            data = serialize(df, fmt)
            if path.exists() and path.stat().st_size == len(data) and path.read_bytes() == data:
                continue
            pending.append((name, _temp_copy(data, path), path))
        if not pending:
            return []
        path = seeds_dir
        commit(seeds_dir, [(tmp, target) for _, tmp, target in pending])
        committed = True
        finish(seeds_dir, [(tmp, target) for _, tmp, target in pending])
    except BaseException as exc:
        if not committed:
            for _, tmp, _ in pending:
                tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            done = [name for name, tmp, _ in pending if not tmp.exists()] if committed else []
            raise SeedWriteError(path, problem(exc), done) from None
        raise
    return [name for name, _, _ in pending]
