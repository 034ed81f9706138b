"""A folder of reports -> gated seed tables on disk: the run, full or incremental.

1. take the seed folder's lock, and finish or clear what an interrupted run left in it (ingest/switch.py);
2. if the last run's record allows it, bring the seeds up to date from the changed files only
   (ingest/incremental.py); else
3. every file's outcome (ingest/intake.py: listed safely, hashed, from the cache or read/cleaned/identified/extracted
   in parallel), copies of one report merged into one document (ingest/copies.py), an ingest event per file;
4. the tables built, gated (ingest/gate.py), and written only when the gate passes (ingest/write.py).
"""

from __future__ import annotations

import ctypes
import gc
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import replace
from pathlib import Path

import polars as pl

from ingest.cache import CACHE_DIR
from ingest.copies import merge
from ingest.gate import docs_folder, validate
from ingest.incremental import Store, full_record, run_incremental
from ingest.intake import FILE_TIMEOUT, Outcome, outcomes
from ingest.lock import seeds_lock
from ingest.model import Document, Fact
from ingest.profile import mark
from ingest.read import ReadError
from ingest.report import RunResult, ingest_progress
from ingest.switch import settle
from ingest.tables import FactPieces, build
from ingest.write import Format, SeedWriteError, problem, write_seeds


class Slimmer:
    """Each loaded outcome's facts go into the facts table as it arrives (FactPieces); the outcome keeps its
    document without them, for merging copies."""

    def __init__(self) -> None:
        self.pieces = FactPieces()
        self.key: dict[str, int] = {}

    def __call__(self, o: Outcome) -> Outcome:
        if o.doc is None:
            return o
        self.key[o.path] = len(self.key)
        self.pieces.add(self.key[o.path], o.doc, o.facts)
        return replace(o, doc=replace(o.doc, cleaned=None), facts=[])

    def facts(self, docs: list[tuple[Document, list[Fact]]]) -> pl.DataFrame:
        """The facts of the copies the documents were made of (each document's first source)."""
        return self.pieces.table({self.key[doc.sources[0].path] for doc, _ in docs})


@contextmanager
def _holding(seeds: Path, wait: bool) -> Iterator[str | None]:
    """The seed folder's lock, taken before minutes of work, and the folder settled; yields what settling did. A
    folder that cannot be created or written (read-only, a file in its place) is named now, as SeedWriteError."""
    with ExitStack() as stack:
        try:
            stack.enter_context(seeds_lock(seeds, wait=wait))
            settled = settle(seeds)
        except OSError as exc:
            raise SeedWriteError(seeds, problem(exc)) from None
        yield settled


def _release_freed_memory() -> None:
    """Hand the heap freed by the documents back to the system (glibc keeps it otherwise: ~250 MB at 10,000
    reports, on top of which the gate would build its frames). A no-op where there is no glibc."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def run(reports: Path, seeds: Path, *, workers: int | None = None, cache_dir: Path | None = CACHE_DIR,
        show_progress: bool = True, fmt: Format = "csv", file_timeout: float = FILE_TIMEOUT,
        wait: bool = False, incremental: bool = True) -> RunResult:
    """Ingest the folder, gate the batch, write the seeds if it passes. Files that cannot load are events (rejected,
    or a region the text does not decide); nothing already in the seeds is lost by them.

    With the cache on, a run after a successful one into the same folder rebuilds and gates only what changed
    (ingest/incremental.py), with the same result; `incremental=False` always does the full run.

    One run at a time per seed folder (ingest/lock.py): raises Busy if another holds it and `wait` is false,
    SeedWriteError if the folder or a seed file cannot be written."""
    if not reports.is_dir():
        raise ReadError("not a folder of reports", str(reports))
    workers = workers or os.cpu_count() or 1
    with _holding(seeds, wait) as settled:
        store = Store.open(cache_dir, reports, seeds, fmt)
        if store is not None and incremental:
            with ingest_progress(enabled=show_progress) as progress:
                done = run_incremental(reports, seeds, store, workers=workers, file_timeout=file_timeout,
                                       progress=progress, write=lambda tables: write_seeds(tables, seeds, fmt))
            if done is not None:
                return replace(done, settled=settled)
        mark("start (full run)")
        slim = Slimmer()
        with ingest_progress(enabled=show_progress) as progress:
            found, hits = outcomes(reports, workers, cache_dir, progress, file_timeout, slim)
        mark("read/extract (or cache)")
        docs, events, merged = merge(found)
        mark("merge copies")
        record = full_record(store, found, merged) if store is not None else None
        del found, merged
        mark("record for next run")
        tables = build(docs, events, slim.facts(docs))
        del slim
        mark("build tables")
        # The tables hold everything the rest needs: the documents (their texts) are let go before the gate makes
        # its own copies.
        n_docs, n_facts, tampered = len(docs), tables["facts"].height, sum(doc.tampered for doc, _ in docs)
        del docs
        gc.collect()
        _release_freed_memory()
        gate = validate(tables, docs=docs_folder(seeds))
        mark("gate")
        if gate.data_quality is not None:
            tables["data_quality"] = gate.data_quality
        written = False
        try:
            changed = write_seeds(tables, seeds, fmt) if gate.passed else []
            written = gate.passed
            mark("write seeds")
        finally:
            if store is not None and record is not None:
                if written:
                    store.save(record, seeds)
                else:  # the seeds are as the last successful run left them: its record still holds
                    store.discard_pending()
    return RunResult(n_docs, n_facts, events, gate, changed, tampered, hits, settled=settled)
