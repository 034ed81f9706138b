"""The project's one lock: an flock on a file, exclusive for a writer, shared for readers.

- One ingest run per seed folder (`seeds_lock`: <seeds>/.ingest.lock, exclusive). Two runs writing one folder would
  each gate their own batch and then overwrite each other's files.
- A warehouse build reads a seed folder under the same lock, shared (`seeds_lock(..., shared=True)`), so no run
  switches the files while dbt loads them.
- One build per warehouse file and per dbt target folder (scripts/build_warehouse.py, exclusive).

A second taker refuses at once, naming the process that holds the lock (or, asked to, says it waits and waits).
The kernel drops an flock when the last descriptor of it closes: a process killed with -9 never leaves a lock
behind, and a child given the descriptor (dbt under the build script) keeps the lock until it has exited too.
This module imports nothing beyond the standard library: the build script uses it without the ingest stages.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

LOCK_NAME = ".ingest.lock"


class Busy(Exception):
    """Another process holds the lock; the message says who and what to do."""

    def __init__(self, message: str, path: Path, holder: str) -> None:
        super().__init__(message)
        self.path = path
        self.holder = holder


def holder_of(fd: int) -> str:
    """The pid an exclusive holder wrote into the lock file ("" for readers, who write nothing)."""
    with contextlib.suppress(OSError):
        return os.pread(fd, 64, 0).decode("ascii", "replace").strip()
    return ""


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def file_lock(path: Path, *, busy: Callable[[str], str], shared: bool = False, wait: bool = False,
              remove: bool = False, waiting: Callable[[str], None] = _say) -> Iterator[int]:
    """Hold an flock on `path` for the block; yields its descriptor (to hand to a child that must keep it).

    If another process holds it: raises Busy(busy(holder)) at once, or with `wait` calls
    `waiting(busy(holder))` once and blocks. An exclusive holder writes its pid into the file. With `remove` the
    file is deleted on release when no one else holds it (a taker that opened it just before re-checks that the
    file it locked is still the one at that path). OSError: the folder cannot be created or written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    said = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
            except BlockingIOError:
                message = busy(holder_of(fd))
                if not wait:
                    raise Busy(message, path, holder_of(fd)) from None
                if not said:
                    waiting(message)
                    said = True
                fcntl.flock(fd, mode)
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
        if not shared:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield fd
    finally:
        if not shared:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
        if remove:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # only when no one else holds it
                path.unlink()
        os.close(fd)


def seeds_lock(seeds: Path, *, wait: bool = False, shared: bool = False, hint: str = "or run again with --wait",
               waiting: Callable[[str], None] = _say) -> contextlib.AbstractContextManager[int]:
    """The seed folder's lock: exclusive for an ingest run, shared for a build reading the folder. `hint` ends
    the refusal: how to wait instead."""
    path = seeds / LOCK_NAME

    def busy(holder: str) -> str:
        who = f"process {holder}" if holder else "another process"
        doing = "being written by another ingest run" if holder else "in use by another ingest run or build"
        if wait:
            return f"{seeds} is {doing} ({who}, lock {path}); waiting for it to finish"
        return f"{seeds} is {doing} ({who}, lock {path}); wait for it to finish, {hint}"

    return file_lock(path, busy=busy, shared=shared, wait=wait, remove=True, waiting=waiting)
