"""A folder of reports -> one outcome per file: listing the folder safely, and reading, cleaning, identifying and
extracting each file (through the cache, in worker processes).

The listing reads only what lies inside the folder: a link that leads out of it, a folder on another file system
(a mount point), a FIFO, socket or device is refused with a named reason instead of read; hidden files are not
reports. Every outcome is in path order, so nothing later depends on timing.
"""

from __future__ import annotations

import os
import signal
import stat
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from multiprocessing import get_context
from pathlib import Path

from ingest.cache import Cache, code_version, file_sha256, outcome_key
from ingest.copies import Rank, rank_of, shingles
from ingest.extract import extract
from ingest.identify import normalized
from ingest.lifetime import die_with_parent
from ingest.model import Cleaned, Document, Fact
from ingest.pipeline import load_document
from ingest.read import FORMATS, ReadError

NO_STATISTICS = "no statistics found: the extractor found no figure in the text"
# Starting a worker process costs about a second (spawn re-imports the stages); a file takes tens of milliseconds.
# Below this many files to process, one process is faster.
PARALLEL_MIN = 16
CHUNK_MAX = 16  # files per task sent to a worker process
FILE_TIMEOUT = 60.0  # seconds one file may take to read, clean, identify and extract
# A document whose region the text does not decide is not loaded (a number filed under the wrong region is worse
# than a missing one): identify's verdict -> the event status and what to do about it.
REGION_UNDECIDED = {
    "ambiguous": ("ambiguous_region", "the region is ambiguous: the text fits {candidates}; put the region's name "
                                      "in the file name or the title to decide"),
    "unknown": ("unknown_region", "no region found in the title, the opening lines or the file name{candidates}; "
                                  "put the region's name in the file name or the title"),
}


@dataclass
class Outcome:
    """What one file became: a document with its facts, or a reason it was not loaded."""

    path: str
    sha256: str | None
    doc: Document | None = None
    facts: list[Fact] = field(default_factory=list)
    reason: str | None = None
    grams: bytes = b""  # the text's shingle hashes (sorted, unique uint64), for near-duplicate detection
    rank: Rank = field(default_factory=Rank)  # what choosing the canonical copy of a report reads (ingest/copies.py)
    cacheable: bool = True  # false for a timeout or a crash: not kept in the cache, so tried again next run
    status: str = "rejected"  # the event of a file that did not load: rejected | ambiguous_region | unknown_region


# ---------------------------------------------------------------- the folder


def list_reports(reports: Path) -> tuple[list[Path], list[Outcome]]:
    """The files to read under the folder, in path order (a link to a file inside it is listed under its own name),
    and the entries refused without reading them. Dangling links are listed: the reader reports them."""
    root = reports.resolve()
    device = root.stat().st_dev
    found: list[Path] = []
    refused: list[Outcome] = []

    def refuse(path: Path, why: str) -> None:
        refused.append(Outcome(path.relative_to(reports.parent).as_posix(), None, reason=why, cacheable=False))

    def walk(folder: Path) -> bool:
        """Lists the folder; whether it holds anything (for the empty folder named like a report)."""
        held = False
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            refuse(folder, f"cannot list the folder ({exc.strerror or exc})")
            return True
        for entry in entries:
            if entry.name.startswith("."):
                continue
            held = True
            path = folder / entry.name
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError as exc:
                refuse(path, f"cannot read the file ({exc.strerror or exc})")
                continue
            if stat.S_ISLNK(st.st_mode):
                target = Path(os.path.realpath(path))
                if not target.is_relative_to(root):
                    refuse(path, f"a link to {target}, outside the reports folder: not read")
                elif not target.exists() or target.is_file():
                    found.append(path)  # the reader follows it inside the folder (or says it is dangling)
                # a link to a folder inside is not followed: its files are listed where they are
            elif stat.S_ISDIR(st.st_mode):
                if st.st_dev != device:
                    refuse(path, "a folder on another file system (a mount point inside the reports folder): "
                                 "not read")
                elif not walk(path) and path.suffix.lower() in FORMATS:
                    refuse(path, "an empty folder named like a report, not a file")
            elif not stat.S_ISREG(st.st_mode):
                refuse(path, f"not a regular file ({_kind(st.st_mode)}): not read")
            elif st.st_dev != device:
                refuse(path, "a file on another file system (mounted inside the reports folder): not read")
            else:
                found.append(path)
        return held

    walk(reports)
    return sorted(found, key=lambda p: p.relative_to(reports).as_posix()), refused


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "a special file"


def jobs_of(reports: Path, files: list[Path]) -> list[tuple[Path, str]]:
    """(path to read, the path the seeds name: relative to the folder's parent, e.g. reports/a.txt)."""
    return [(p, p.relative_to(reports.parent).as_posix()) for p in files]


# ---------------------------------------------------------------- one file (runs in a worker process)


def process_file(path: Path, display: str) -> Outcome:
    try:
        doc = load_document(path, display)
    except ReadError as exc:
        return Outcome(display, exc.sha256, reason=exc.reason)
    sha = doc.sources[0].sha256
    undecided = REGION_UNDECIDED.get(doc.region_status)
    if undecided is not None:
        status, why = undecided
        listed = "、".join(doc.region_candidates)
        if doc.region_status == "ambiguous":
            candidates = listed or "several regions"
        else:
            candidates = f" (candidates: {listed})" if listed else ""
        return Outcome(display, sha, reason=why.format(candidates=candidates), status=status)
    facts = extract(doc)
    if not facts:
        return Outcome(display, sha, reason=NO_STATISTICS)
    norm = normalized(doc.text)
    grams = shingles(norm)
    if doc.cleaned is not None:
        doc = replace(doc, cleaned=FactSpans.of(doc.cleaned, facts))
    return Outcome(display, sha, doc, facts, grams=grams.tobytes(), rank=rank_of(doc, facts, norm, grams))


@dataclass(frozen=True)
class FactSpans(Cleaned):
    """What the seeds need of a Cleaned once the facts are known: each fact's span in the source text. The
    per-character offsets it replaces cost ~40 bytes per character as Python ints: 2 GB for 10,000 reports held
    until the tables are built (and as much again in the cache)."""

    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, cleaned: Cleaned, facts: list[Fact]) -> FactSpans:
        spans = {(f.start, f.end): cleaned.source_span(f.start, f.end) for f in facts}
        return cls("", (), cleaned.script, cleaned.removed, spans)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        return self.spans[(start, end)]


class FileTimeout(BaseException):
    """Raised by the alarm in the middle of a file's stages. A BaseException, so the stages' own `except Exception`
    (a parser error becomes a ReadError) cannot swallow it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` of wall time (0: no limit). SIGALRM reaches Python code and the regex
    engine, which is where read/clean/extract can spend unbounded time; it runs in the process's main thread,
    as both the serial run and each pool worker do."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _process_job(job: tuple[Path, str], limit: float = FILE_TIMEOUT) -> Outcome:
    """One file, whatever happens: a parser or extractor failure on one odd file is that file's rejection (named,
    with the error), not the end of the run, and so is a file that takes longer than `limit` seconds. Such
    outcomes carry no hash, so they are never cached."""
    try:
        with time_limit(limit):
            return process_file(*job)
    except FileTimeout:
        return Outcome(job[1], None, reason=f"took longer than the per-file time limit of {limit:g} s "
                                            "(reading, cleaning and extracting it were stopped)")
    except Exception as exc:
        return Outcome(job[1], None, reason=f"failed while processing ({type(exc).__name__}: {exc})")


# ---------------------------------------------------------------- many files


def collect(jobs: list[tuple[Path, str]], cache: Cache, workers: int,
            progress: Callable[[], None] = lambda: None, file_timeout: float = FILE_TIMEOUT,
            keep: Callable[[Outcome], Outcome] = lambda o: o) -> tuple[list[Outcome], int]:
    """Outcomes in the order of `jobs`, each as `keep` makes it once it is cached; returns them with the number of
    cache hits. A file's entry is keyed on its bytes and its path (ingest/cache.py `outcome_key`)."""
    outcomes: list[Outcome | None] = [None] * len(jobs)
    shas: list[str | None] = [None] * len(jobs)
    misses: list[int] = []
    for i, (path, display) in enumerate(jobs):
        try:
            shas[i] = file_sha256(path)
        except OSError:
            misses.append(i)  # let the reader say why in its own words
            continue
        hit = cache.get(outcome_key(shas[i] or "", display))
        if isinstance(hit, Outcome) and hit.path == display:
            outcomes[i] = keep(hit)
            progress()
        else:
            misses.append(i)
    run_one = partial(_process_job, limit=file_timeout)
    for i, outcome in zip(misses, _run_jobs([jobs[i] for i in misses], workers, run_one), strict=True):
        if outcome.sha256 is not None:
            cache.put(outcome_key(outcome.sha256, outcome.path), outcome)
        outcomes[i] = keep(outcome if outcome.sha256 else replace(outcome, sha256=shas[i], cacheable=False))
        progress()
    return [o for o in outcomes if o is not None], len(jobs) - len(misses)


def _run_jobs(jobs: list[tuple[Path, str]], workers: int,
              fn: Callable[[tuple[Path, str]], Outcome] = _process_job) -> Iterator[Outcome]:
    """Outcomes in job order. A worker that dies (a parser crashing the interpreter on a malformed file) breaks
    the pool: the jobs that were in flight are then run one process each, so only the file that kills its process
    is lost, and a new pool takes the rest."""
    if workers <= 1 or len(jobs) < PARALLEL_MIN:
        yield from map(fn, jobs)
        return
    workers = min(workers, len(jobs))
    # Files go to workers in chunks, so sending them and their results back does not cost more than reading them;
    # small enough chunks that both workers stay busy to the end.
    chunk = max(1, min(CHUNK_MAX, len(jobs) // (workers * 8)))
    done = 0
    try:
        with _pool(workers) as pool:
            for outcome in pool.map(fn, jobs, chunksize=chunk):
                yield outcome
                done += 1
    except BrokenProcessPool:
        in_flight = jobs[done : done + workers * chunk]
        for job in in_flight:
            yield _isolated(job, fn)
        yield from _run_jobs(jobs[done + len(in_flight) :], workers, fn)


def _pool(workers: int) -> ProcessPoolExecutor:
    # spawn, not fork: the parent has polars (and its thread pool) loaded, which must not be forked. Each worker
    # dies with the run (a kill -9 of `ingest run` leaves none behind, nor the resource tracker they keep alive).
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                               initializer=die_with_parent, initargs=(os.getpid(),))


def _isolated(job: tuple[Path, str], fn: Callable[[tuple[Path, str]], Outcome]) -> Outcome:
    try:
        with _pool(1) as pool:
            return pool.submit(fn, job).result()
    except BrokenProcessPool:
        return Outcome(job[1], None, reason="the reader crashed on this file (its worker process died)")


def outcomes(reports: Path, workers: int, cache_dir: Path | None,
             progress: Callable[[int], Callable[[], None]] | None, file_timeout: float,
             keep: Callable[[Outcome], Outcome] = lambda o: o) -> tuple[list[Outcome], int]:
    """Every entry of the folder's outcome, in path order (refused entries included), and the cache hits."""
    files, refused = list_reports(reports)
    jobs = jobs_of(reports, files)
    cache = Cache(cache_dir, code_version())
    tick = progress(len(jobs)) if progress else (lambda: None)
    done, hits = collect(jobs, cache, workers, tick, file_timeout, keep)
    return sorted([*done, *refused], key=lambda o: o.path), hits
