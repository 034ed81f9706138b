"""A cache of per-file ingest results, so a run only reads, cleans and extracts new or changed files.

Entries live under `.cache/ingest/<version>/<key>.pickle` (git-ignored). The key covers everything a file's
outcome depends on besides the code: its bytes and its path (`outcome_key`: the reader goes by the extension,
identify reads region hints in the name), so a renamed or re-extended copy is processed as itself. The version is a
hash of the code and reference data that shape a result, so editing the extractor or the spam lexicon invalidates
every entry at once. Entries are written atomically, and an unreadable entry is a miss: the cache can only save
time, never change an outcome.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import pickle
import shutil
import stat
import tempfile
from pathlib import Path

from ingest import ROOT, SEEDS
from ingest.digest import code_digest

# INGEST_CACHE_DIR moves it (tests and CI point it at a scratch folder); an empty value turns the cache off.
CACHE_DIR: Path | None = (
    Path(os.environ["INGEST_CACHE_DIR"]) if os.environ.get("INGEST_CACHE_DIR") else
    None if "INGEST_CACHE_DIR" in os.environ else ROOT / ".cache" / "ingest"
)
# The code a file's outcome depends on: what the worker's entry module imports (read, clean, identify, extract, …).
# The gate, tables and writer work on the whole batch after the cache: editing only them keeps every entry.
PER_FILE_ENTRY = "ingest.intake"


def code_version(root: Path = ROOT) -> str:
    """Hash of the per-file stages' code (the import closure of PER_FILE_ENTRY), the package's data files and the
    reference seeds they read."""
    refs = sorted((root / SEEDS.relative_to(ROOT)).glob("ref_*.csv"))
    return code_digest([PER_FILE_ENTRY], root=root, extra=refs)[:16]


def outcome_key(sha256: str, display: str) -> str:
    """A file's cache key: its content hash and the path the run names it by (relative to the reports folder's
    parent, as read and identify are given it)."""
    return hashlib.sha256(f"{sha256}\0{display}".encode()).hexdigest()


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    """The SHA-256 of a regular file's bytes; OSError for anything else (opened without blocking: a FIFO put in
    the folder after it was listed is not waited on)."""
    digest = hashlib.sha256()
    with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC), "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


class Cache:
    """get/put of picklable results by key; `folder=None` is a cache that never hits."""

    def __init__(self, folder: Path | None, version: str) -> None:
        self.folder = folder / version if folder else None
        if folder and folder.is_dir():
            for stale in folder.iterdir():  # results of older code can never be used again
                if stale.is_dir() and stale.name != version:
                    shutil.rmtree(stale, ignore_errors=True)

    def get(self, sha: str) -> object | None:
        if self.folder is None:
            return None
        try:
            with (self.folder / f"{sha}.pickle").open("rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            return None

    def put(self, sha: str, value: object) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{sha}.", suffix=".tmp", dir=self.folder)
        except OSError:  # a read-only checkout or a full disk: run without the cache rather than fail
            return
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.folder / f"{sha}.pickle")
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if not isinstance(exc, OSError):
                raise
