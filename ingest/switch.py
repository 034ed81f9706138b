"""A seed folder's files switched all-or-nothing: a reader sees every table of one run, never a mix of two.

The writer (ingest/write.py) writes and syncs a temp file per changed table, then names every (temp, seed) pair in
a journal, `<seeds>/.ingest-switch.json`, written and synced last: that is the commit. Then the renames, then the
journal is removed. A run killed before the journal exists leaves only temp files (the old tables stand); killed
after, it leaves a journal that `settle` completes: every rename it names is done, so the folder holds the new
tables. `settle` runs before any run writes a folder and before a build reads one, under the folder's lock
(ingest/lock.py), and removes any temp file a run left.

Standard library only: the build script calls `settle` without importing the ingest stages.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from pathlib import Path

JOURNAL = ".ingest-switch.json"
# the writer's temp files: `.<table>.<ext>.<random>.tmp` (and the journal's own temp file)
TEMP = re.compile(r"^\.[^/]+\.tmp$")


def sync_folder(folder: Path) -> None:
    """Make renames in the folder durable (a crash right after keeps the new names)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def commit(folder: Path, pending: list[tuple[Path, Path]]) -> None:
    """Record the (temp, seed) renames that make the switch; the temps are already written and synced. After this
    returns, the switch happens even if the process dies: `settle` finishes it."""
    data = json.dumps([[tmp.name, target.name] for tmp, target in pending]).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f"{JOURNAL}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, folder / JOURNAL)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    sync_folder(folder)


def finish(folder: Path, pending: list[tuple[Path, Path]]) -> None:
    """Do the renames the journal names, then drop the journal."""
    for tmp, target in pending:
        if tmp.exists():
            os.replace(tmp, target)
    sync_folder(folder)
    (folder / JOURNAL).unlink(missing_ok=True)
    sync_folder(folder)


def settle(folder: Path) -> str | None:
    """Finish a switch a killed run committed, and remove the temp files any run left. Call it holding the folder's
    lock exclusively. Returns what it did, for the console, or None when there was nothing to do."""
    if not folder.is_dir():
        return None
    done = None
    journal = folder / JOURNAL
    if journal.exists():
        try:
            names = json.loads(journal.read_text(encoding="utf-8"))
            pending = [(folder / a, folder / b) for a, b in names]
        except (OSError, ValueError, TypeError):
            pending = []  # written whole before it was renamed into place: unreadable means damaged by hand
        finish(folder, pending)
        done = f"completed the switch of {len(pending)} seed file(s) that an interrupted run had committed"
    stale = [p for p in folder.iterdir() if TEMP.match(p.name) and p.is_file()]
    for p in stale:
        p.unlink(missing_ok=True)
    if stale and done is None:
        done = f"removed {len(stale)} temp file(s) an interrupted run left"
    return done
