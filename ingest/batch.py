"""A folder of reports -> gated seed tables on disk.

1. list the files (sorted: every later step keeps this order, so the seeds do not depend on timing);
2. hash each file; a cache hit reuses the earlier result, misses are read/cleaned/identified/extracted in parallel;
3. merge copies of one report (same normalized text, or a near-identical copy from a mirror) into one document with
   several sources, and record an ingest event per file: loaded | duplicate | rejected (with a plain reason);
4. build the tables, gate them, and write seeds only when the gate passes.
"""

from __future__ import annotations

import ctypes
import gc
import os
import re
import signal
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field, replace
from functools import partial
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import polars as pl

from ingest.cache import CACHE_DIR, Cache, code_version, file_sha256
from ingest.extract import extract
from ingest.gate import GateResult, validate
from ingest.identify import normalized
from ingest.lock import seeds_lock
from ingest.model import Cleaned, Document, Fact
from ingest.pipeline import load_document
from ingest.profile import mark
from ingest.read import ReadError
from ingest.report import ingest_progress
from ingest.tables import Event, FactPieces, build
from ingest.write import Format, SeedWriteError, problem, write_seeds

NO_STATISTICS = "no statistics found: the extractor found no figure in the text"
SHINGLE = 8  # characters per shingle for near-duplicate detection
NEAR_DUPLICATE = 0.8  # share of the shorter copy's shingles found in the longer one
MIN_SHINGLES = 50  # below this, only an exact match makes a duplicate
PREFIX_HITS = 8  # near-duplicate candidates must share this many of a document's rarest shingles (see near_copies)
# Starting a worker process costs about a second (spawn re-imports the stages); a file takes tens of milliseconds.
# Below this many files to process, one process is faster.
PARALLEL_MIN = 16
CHUNK_MAX = 16  # files per task sent to a worker process
FILE_TIMEOUT = 60.0  # seconds one file may take to read, clean, identify and extract


@dataclass
class Outcome:
    """What one file became: a document with its facts, or a reason it was rejected."""

    path: str
    sha256: str | None
    doc: Document | None = None
    facts: list[Fact] = field(default_factory=list)
    reason: str | None = None
    grams: bytes = b""  # the text's shingle hashes (sorted, unique uint64), for near-duplicate detection
    norm_len: int = 0  # length of the normalized text: the longest copy is the canonical one
    cacheable: bool = True  # false for a timeout or a crash: not kept in the cache, so tried again next run


@dataclass
class RunResult:
    documents: int
    facts: int
    events: list[Event]
    gate: GateResult
    changed: list[str]
    tampered: int = 0  # documents flagged as tampered (spam removed)
    cached: int = 0  # files whose result came from the cache


# ---------------------------------------------------------------- one file (runs in a worker process)


def process_file(path: Path, display: str) -> Outcome:
    try:
        doc = load_document(path, display)
    except ReadError as exc:
        return Outcome(display, exc.sha256, reason=exc.reason)
    sha = doc.sources[0].sha256
    facts = extract(doc)
    if not facts:
        return Outcome(display, sha, reason=NO_STATISTICS)
    norm = normalized(doc.text)
    if doc.cleaned is not None:
        doc = replace(doc, cleaned=FactSpans.of(doc.cleaned, facts))
    return Outcome(display, sha, doc, facts, grams=shingles(norm).tobytes(), norm_len=len(norm))


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

    def expire(signum: int, frame: object) -> None:
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


def _relocated(outcome: Outcome, display: str) -> Outcome:
    """A cached outcome for the same bytes saved under another name."""
    if outcome.doc is not None:
        doc = outcome.doc
        doc = replace(doc, sources=[replace(doc.sources[0], path=display)])
        return replace(outcome, path=display, doc=doc)
    return replace(outcome, path=display)


# ---------------------------------------------------------------- a folder


def list_reports(reports: Path) -> list[Path]:
    """Every file under the folder (dangling links included: they are reported, not skipped); hidden ones aside."""
    found = []
    for path in reports.rglob("*"):
        rel = path.relative_to(reports)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() or (path.is_symlink() and not path.exists()):
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(reports).as_posix())


def collect(jobs: list[tuple[Path, str]], cache: Cache, workers: int,
            progress: Callable[[], None] = lambda: None, file_timeout: float = FILE_TIMEOUT,
            keep: Callable[[Outcome], Outcome] = lambda o: o) -> tuple[list[Outcome], int]:
    """Outcomes in the order of `jobs`, each as `keep` makes it once it is cached; returns them with the number of
    cache hits."""
    outcomes: list[Outcome | None] = [None] * len(jobs)
    shas: list[str | None] = [None] * len(jobs)
    misses: list[int] = []
    for i, (path, display) in enumerate(jobs):
        try:
            shas[i] = file_sha256(path)
        except OSError:
            misses.append(i)  # let the reader say why in its own words
            continue
        hit = cache.get(shas[i])
        if isinstance(hit, Outcome):
            outcomes[i] = keep(_relocated(hit, display))
            progress()
        else:
            misses.append(i)
    run_one = partial(_process_job, limit=file_timeout)
    for i, outcome in zip(misses, _run_jobs([jobs[i] for i in misses], workers, run_one), strict=True):
        if outcome.sha256 is not None:
            cache.put(outcome.sha256, outcome)
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
    # spawn, not fork: the parent has polars (and its thread pool) loaded, which must not be forked
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))


def _isolated(job: tuple[Path, str], fn: Callable[[tuple[Path, str]], Outcome]) -> Outcome:
    try:
        with _pool(1) as pool:
            return pool.submit(fn, job).result()
    except BrokenProcessPool:
        return Outcome(job[1], None, reason="the reader crashed on this file (its worker process died)")


def merge(outcomes: list[Outcome]) -> tuple[list[tuple[Document, list[Fact]]], list[Event]]:
    """Copies of one report -> one document with several sources (see `group_files` and `assemble`)."""
    docs, events, _ = merge_recorded(outcomes)
    return docs, events


@dataclass
class Merged:
    """How the loaded files were grouped, for the next incremental run (ingest/incremental.py): the loaded files
    in path order, the near-identical pairs among them (indices), each group's members (indices, grouping order),
    and the shingle index (every hash of the documents long enough to be compared, sorted, with the loaded file
    holding it)."""

    loaded: list[Outcome]
    near: list[tuple[int, int]]
    groups: list[list[int]]
    index_hashes: np.ndarray
    index_holders: np.ndarray


def merge_recorded(outcomes: list[Outcome]) -> tuple[list[tuple[Document, list[Fact]]], list[Event], Merged]:
    """`merge`, and what it found (Merged)."""
    events: list[Event] = []
    loaded: list[Outcome] = []
    for o in outcomes:
        if o.doc is None:
            events.append(Event(o.path, o.sha256, "rejected", None, o.reason))
        else:
            loaded.append(o)
    index: list[np.ndarray] = []
    near = near_copies([np.frombuffer(o.grams, dtype=np.uint64) for o in loaded], index)
    groups = group_files([o.doc.doc_id for o in loaded if o.doc is not None], near)
    docs, more = assemble([[loaded[i] for i in g] for g in groups])
    events.extend(more)
    docs.sort(key=lambda d: d[0].doc_id)
    events.sort(key=lambda e: e.source_path)
    pairs = sorted((a, b) for a, bs in near.items() for b in bs if a < b)
    hashes, holders = index if index else (np.zeros(0, np.uint64), np.zeros(0, np.int32))
    return docs, events, Merged(loaded, pairs, groups, hashes, holders)


def group_files(doc_ids: list[str], near: dict[int, list[int]]) -> list[list[int]]:
    """Loaded files (in path order, by their document id) -> groups of copies of one report, as indices.

    Each file joins the first earlier group whose first member has the same document id or is a near-identical
    copy (`same_report`), else starts a group."""
    groups: list[list[int]] = []
    group_of_rep: dict[int, int] = {}  # index of a group's first member -> the group
    group_of_id: dict[str, int] = {}  # doc_id of a group's first member -> the group
    for i, doc_id in enumerate(doc_ids):
        found = [group_of_rep[j] for j in near.get(i, ()) if j in group_of_rep]
        if doc_id in group_of_id:
            found.append(group_of_id[doc_id])
        if found:
            groups[min(found)].append(i)
            continue
        group_of_rep[i] = len(groups)
        group_of_id.setdefault(doc_id, len(groups))
        groups.append([i])
    return groups


def assemble(groups: list[list[Outcome]]) -> tuple[list[tuple[Document, list[Fact]]], list[Event]]:
    """Each group -> one document and an event per file. The copy kept as the document's text is the
    simplified-script one, then the longest, then the first by path, so the result does not depend on which copy
    was saved first."""
    docs: list[tuple[Document, list[Fact]]] = []
    events: list[Event] = []
    for group in groups:
        ranked = sorted(group, key=_canonical_key) if len(group) > 1 else group
        head = ranked[0]
        assert head.doc is not None
        # the copy whose text this is comes first: header()["source"] and the facts' source offsets refer to it
        rest = sorted(ranked[1:], key=lambda o: o.path)
        doc = replace(head.doc, sources=[o.doc.sources[0] for o in [head, *rest] if o.doc]) if rest else head.doc
        docs.append((doc, head.facts))
        events.append(Event(head.path, head.sha256, "loaded", doc.doc_id, None))
        events.extend(Event(o.path, o.sha256, "duplicate", doc.doc_id, f"same report as {head.path}")
                      for o in ranked[1:])
    return docs, events


def _canonical_key(o: Outcome) -> tuple[bool, int, str]:
    assert o.doc is not None
    return o.doc.script != "simplified", -o.norm_len, o.path


_BASE = np.uint64(0x100000001B3)  # odd multiplier of the polynomial hash over a shingle's code points


def shingles(norm: str) -> np.ndarray:
    """Overlapping character n-grams of the words and numbers, punctuation and width variants folded away, as
    64-bit hashes (sorted, unique): a set of 8-character strings would cost ~75 bytes per shingle in memory."""
    plain = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", norm))
    if len(plain) < SHINGLE:
        return np.zeros(0, dtype=np.uint64)
    points = np.frombuffer(plain.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(points) - SHINGLE + 1
    h = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):  # wraps modulo 2**64, as intended
        h = h * _BASE + points[k : k + n]
    return np.unique(h)


def same_report(a: np.ndarray, b: np.ndarray) -> bool:
    """Near-identical copies: a mirror with its own chrome, a page saved cut short, a re-encoded copy."""
    if min(len(a), len(b)) < MIN_SHINGLES:
        return False
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / min(len(a), len(b)) >= NEAR_DUPLICATE


def near_copies(grams: list[np.ndarray], index: list[np.ndarray] | None = None) -> dict[int, list[int]]:
    """For each document, the others it is a near-identical copy of (`same_report`), without comparing every pair.

    Prefix filtering (as in set-similarity joins): if the shorter copy A shares at least NEAR_DUPLICATE of its
    shingles with B, at most `miss = len(A) - ceil(NEAR_DUPLICATE * len(A))` of A's shingles are not in B, so of any
    `miss + k` shingles of A, B holds at least k. A looks up only its `miss + k` rarest shingles: rare ones have
    short lists of the documents holding them, boilerplate that every report repeats is never looked up, and a
    document with fewer than k hits cannot be a copy (k > 1 spares checking documents that share one stray
    number). The few candidates left are checked exactly. Work grows with the documents, not with their pairs.

    `index`, if given, receives the sorted hashes and, for each, the document holding it (int32): what a later
    incremental run looks a changed document's shingles up in.
    """
    sizes = np.array([len(g) for g in grams], dtype=np.int64)
    ok = np.flatnonzero(sizes >= MIN_SHINGLES)
    if len(ok) < 2:
        if index is not None:
            one = grams[ok[0]] if len(ok) else np.zeros(0, dtype=np.uint64)
            index += [one, np.full(len(one), ok[0] if len(ok) else 0, dtype=np.int32)]
        return {}
    # Intermediates are dropped as soon as they are used: at 10,000 reports (15M shingles) each array is 120 MB.
    owner = np.repeat(ok, sizes[ok])
    hashes = np.concatenate([grams[i] for i in ok])
    # one sort of every (document, shingle) by hash gives the token ids, their document counts and, in that
    # order, the lists of documents holding each token (postings: holders[start[t]:start[t + 1]])
    by_hash = np.argsort(hashes)
    ordered = hashes[by_hash]
    del hashes
    new_token = np.concatenate([[True], ordered[1:] != ordered[:-1]])
    hashes_sorted = ordered if index is not None else None
    del ordered
    token_of = np.empty(len(by_hash), dtype=np.int64)
    token_of[by_hash] = np.cumsum(new_token) - 1
    start = np.concatenate([np.flatnonzero(new_token), [len(by_hash)]])
    del new_token
    df = np.diff(start)
    holders = owner[by_hash]
    del by_hash
    if index is not None:
        index += [hashes_sorted, holders.astype(np.int32)]
    # each document's shingles, rarest first (ties by token id), as one sort of a packed key
    miss = sizes - np.ceil(NEAR_DUPLICATE * sizes).astype(np.int64)
    need = np.minimum(miss + 1, PREFIX_HITS)
    t_bits, d_bits = len(df).bit_length(), int(df.max()).bit_length()
    if t_bits + d_bits + len(grams).bit_length() < 63:
        key = (owner << (t_bits + d_bits)) | (df[token_of] << t_bits) | token_of
        order = np.argsort(key)
        del key
    else:
        order = np.lexsort((token_of, df[token_of], owner))
    seg = np.repeat(np.cumsum(sizes[ok]) - sizes[ok], sizes[ok])  # where each document's shingles begin
    rank = np.arange(len(order)) - seg  # position within its document, rarest first
    del seg
    probe = order[rank < (miss + need)[owner]]
    del rank, order
    pt, pd_ = token_of[probe], owner[probe]
    counts = df[pt]
    # every probe expanded into its token's posting list: (A, a document holding that token of A)
    a = np.repeat(pd_, counts)
    b = holders[np.repeat(start[pt], counts) + np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)]
    mask = (a != b) & (sizes[a] <= sizes[b])  # A looks for the copies it would be the shorter one of
    pair, hits = np.unique(a[mask] * len(grams) + b[mask], return_counts=True)
    a, b = np.divmod(pair[hits >= need[pair // len(grams)]], len(grams))
    # two copies of one length each find the other: keep the pair once
    pair = np.unique(np.minimum(a, b) * len(grams) + np.maximum(a, b))
    a, b = np.divmod(pair, len(grams))
    near: dict[int, list[int]] = defaultdict(list)
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        if same_report(grams[x], grams[y]):
            near[x].append(y)
            near[y].append(x)
    return near


def ingest_folder(reports: Path, *, workers: int | None = None, cache_dir: Path | None = CACHE_DIR,
                  progress: Callable[[int], Callable[[], None]] | None = None, file_timeout: float = FILE_TIMEOUT,
                  ) -> tuple[list[tuple[Document, list[Fact]]], list[Event], int]:
    """Documents with facts, one event per file, and the number of cache hits."""
    outcomes, hits = _outcomes(reports, workers, cache_dir, progress, file_timeout)
    docs, events = merge(outcomes)
    return docs, events, hits


def _outcomes(reports: Path, workers: int | None, cache_dir: Path | None,
              progress: Callable[[int], Callable[[], None]] | None, file_timeout: float,
              keep: Callable[[Outcome], Outcome] = lambda o: o) -> tuple[list[Outcome], int]:
    files = list_reports(reports)
    jobs = [(p, p.relative_to(reports.parent).as_posix()) for p in files]
    cache = Cache(cache_dir, code_version())
    tick = progress(len(jobs)) if progress else (lambda: None)
    return collect(jobs, cache, workers or os.cpu_count() or 1, tick, file_timeout, keep)


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
def _holding(seeds: Path, wait: bool) -> Iterator[None]:
    """The seed folder's lock, taken before minutes of work: a folder that cannot be created or written (read-only,
    a file in its place) is named now, as SeedWriteError."""
    with ExitStack() as stack:
        try:
            stack.enter_context(seeds_lock(seeds, wait=wait))
        except OSError as exc:
            raise SeedWriteError(seeds, problem(exc)) from None
        yield


def _release_freed_memory() -> None:
    """Hand the heap freed by the documents back to the system (glibc keeps it otherwise: ~250 MB at 10,000
    reports, on top of which the gate would build its frames). A no-op where there is no glibc."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def run(reports: Path, seeds: Path, *, workers: int | None = None, cache_dir: Path | None = CACHE_DIR,
        show_progress: bool = True, fmt: Format = "csv", file_timeout: float = FILE_TIMEOUT,
        wait: bool = False, incremental: bool = True) -> RunResult:
    """Ingest the folder, gate the batch, write the seeds if it passes. Files that cannot load are rejected
    events; nothing already in the seeds is lost by them.

    With Parquet seeds and the cache on, a run after a successful one into the same folder rebuilds and gates only
    what changed (ingest/incremental.py), with the same result; `incremental=False` always does the full run.

    One run at a time per seed folder (ingest/lock.py): raises Busy if another holds it and `wait` is false,
    SeedWriteError if the folder or a seed file cannot be written."""
    from ingest.incremental import Store, full_state, run_incremental

    if not reports.is_dir():
        raise ReadError("not a folder of reports", str(reports))
    workers = workers or os.cpu_count() or 1
    with _holding(seeds, wait):
        store = Store.open(cache_dir, reports, seeds, fmt)
        if store is not None and incremental:
            with ingest_progress(enabled=show_progress) as progress:
                done = run_incremental(reports, seeds, store, workers=workers, file_timeout=file_timeout,
                                       progress=progress, write=lambda tables: write_seeds(tables, seeds, fmt))
            if done is not None:
                return done
        mark("start (full run)")
        slim = Slimmer()
        with ingest_progress(enabled=show_progress) as progress:
            outcomes, hits = _outcomes(reports, workers, cache_dir, progress, file_timeout, slim)
        mark("read/extract (or cache)")
        docs, events, merged = merge_recorded(outcomes)
        mark("merge copies")
        state = full_state(store, outcomes, merged) if store is not None else None
        del outcomes, merged
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
        gate = validate(tables)
        mark("gate")
        if gate.data_quality is not None:
            tables["data_quality"] = gate.data_quality
        try:
            changed = write_seeds(tables, seeds, fmt) if gate.passed else []
            mark("write seeds")
        finally:
            if store is not None and state is not None:
                if gate.passed and (seeds / "documents.parquet").exists():
                    store.save(state, seeds)
                else:  # the seeds are as the last successful run left them: its record still holds
                    store.discard_pending()
    return RunResult(n_docs, n_facts, events, gate, changed, tampered, hits)
