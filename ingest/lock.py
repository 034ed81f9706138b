"""One ingest run at a time per seed folder: an flock on <seeds>/.ingest.lock.

Two runs writing one folder would each gate their own batch and then overwrite each other's files; the second run
refuses at once, naming the process that holds the folder (or, asked to, waits for it). The kernel drops an flock
when its process dies, so a run killed with -9 never leaves the folder locked. The lock file is removed on release;
a run that opened it just before then re-checks that the file it locked is still the one at that path.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".ingest.lock"


class Busy(Exception):
    """Another run holds the seed folder."""

    def __init__(self, path: Path, holder: str) -> None:
        who = f"process {holder}" if holder else "another process"
        super().__init__(f"{path.parent} is being written by another ingest run ({who}, lock {path}); "
                         "wait for it to finish, or run again with --wait")
        self.path = path
        self.holder = holder


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError):
        return os.pread(fd, 64, 0).decode("ascii", "replace").strip()
    return ""


@contextlib.contextmanager
def seeds_lock(seeds: Path, *, wait: bool = False) -> Iterator[Path]:
    """Hold the seed folder's lock for the block. Raises Busy (at once, unless `wait`) and OSError (the folder
    cannot be created or written: the caller names the path)."""
    seeds.mkdir(parents=True, exist_ok=True)
    path = seeds / LOCK_NAME
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                raise Busy(path, _holder(fd)) from None
            try:
                same = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:  # else the holder removed the file as we opened it: lock the new one
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield path
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)
