"""A folder of reports -> gated seed tables on disk.

1. list the files (sorted: every later step keeps this order, so the seeds do not depend on timing);
2. hash each file; a cache hit reuses the earlier result, misses are read/cleaned/identified/extracted in parallel;
3. merge copies of one report (same normalized text, or a near-identical copy from a mirror) into one document with
   several sources, and record an ingest event per file: loaded | duplicate | rejected (with a plain reason);
4. build the tables, gate them, and write seeds only when the gate passes.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path

from ingest.cache import CACHE_DIR, Cache, code_version, file_sha256
from ingest.extract import extract
from ingest.gate import GateResult, validate
from ingest.identify import normalized
from ingest.model import Document, Fact
from ingest.pipeline import load_document
from ingest.read import ReadError
from ingest.report import ingest_progress
from ingest.tables import Event, build
from ingest.write import write_seeds

NO_STATISTICS = "no statistics found: the extractor found no figure in the text"
SHINGLE = 8  # characters per shingle for near-duplicate detection
NEAR_DUPLICATE = 0.8  # share of the shorter copy's shingles found in the longer one
MIN_SHINGLES = 50  # below this, only an exact match makes a duplicate
# Starting a worker process costs about a second (spawn re-imports the stages); a file takes tens of milliseconds.
# Below this many files to process, one process is faster.
PARALLEL_MIN = 16


@dataclass
class Outcome:
    """What one file became: a document with its facts, or a reason it was rejected."""

    path: str
    sha256: str | None
    doc: Document | None = None
    facts: list[Fact] = field(default_factory=list)
    reason: str | None = None


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
    return Outcome(display, sha, doc, facts)


def _process_job(job: tuple[Path, str]) -> Outcome:
    """One file, whatever happens: a parser or extractor failure on one odd file is that file's rejection (named,
    with the error), not the end of the run. Such outcomes carry no hash, so they are never cached."""
    try:
        return process_file(*job)
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
            progress: Callable[[], None] = lambda: None) -> tuple[list[Outcome], int]:
    """Outcomes in the order of `jobs`; returns them with the number of cache hits."""
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
            outcomes[i] = _relocated(hit, display)
            progress()
        else:
            misses.append(i)
    for i, outcome in zip(misses, _run_jobs([jobs[i] for i in misses], workers), strict=True):
        if outcome.sha256 is not None:
            cache.put(outcome.sha256, outcome)
        outcomes[i] = outcome if outcome.sha256 else replace(outcome, sha256=shas[i])
        progress()
    return [o for o in outcomes if o is not None], len(jobs) - len(misses)


def _run_jobs(jobs: list[tuple[Path, str]], workers: int,
              fn: Callable[[tuple[Path, str]], Outcome] = _process_job) -> Iterator[Outcome]:
    """Outcomes in job order. A worker that dies (a parser crashing the interpreter on a malformed file) breaks
    the pool: the jobs it left are then run one process each, so only the file that kills its process is lost."""
    if workers <= 1 or len(jobs) < PARALLEL_MIN:
        yield from map(fn, jobs)
        return
    done = 0
    try:
        with _pool(min(workers, len(jobs))) as pool:
            for outcome in pool.map(fn, jobs, chunksize=1):
                yield outcome
                done += 1
    except BrokenProcessPool:
        for job in jobs[done:]:
            yield _isolated(job, fn)


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
    """Copies of one report -> one document with several sources. The copy kept as the document's text is the
    simplified-script one, then the longest, then the first by path, so the result does not depend on which copy
    was saved first."""
    groups: list[list[Outcome]] = []
    keys: list[tuple[str, set[str]]] = []
    events: list[Event] = []
    for o in outcomes:
        if o.doc is None:
            events.append(Event(o.path, o.sha256, "rejected", None, o.reason))
            continue
        norm = normalized(o.doc.text)
        grams = shingles(norm)
        for group, (gid, ggrams) in zip(groups, keys, strict=True):
            if o.doc.doc_id == gid or same_report(grams, ggrams):
                group.append(o)
                break
        else:
            groups.append([o])
            keys.append((o.doc.doc_id, grams))
    docs: list[tuple[Document, list[Fact]]] = []
    for group in groups:
        ranked = sorted(group, key=_canonical_key)
        head = ranked[0]
        assert head.doc is not None
        # the copy whose text this is comes first: header()["source"] and the facts' source offsets refer to it
        rest = sorted(ranked[1:], key=lambda o: o.path)
        doc = replace(head.doc, sources=[o.doc.sources[0] for o in [head, *rest] if o.doc])
        docs.append((doc, head.facts))
        events.append(Event(head.path, head.sha256, "loaded", doc.doc_id, None))
        events.extend(Event(o.path, o.sha256, "duplicate", doc.doc_id, f"same report as {head.path}")
                      for o in ranked[1:])
    docs.sort(key=lambda d: d[0].doc_id)
    events.sort(key=lambda e: e.source_path)
    return docs, events


def _canonical_key(o: Outcome) -> tuple[bool, int, str]:
    assert o.doc is not None
    return o.doc.script != "simplified", -len(normalized(o.doc.text)), o.path


def shingles(norm: str) -> set[str]:
    """Overlapping character n-grams of the words and numbers, punctuation and width variants folded away."""
    plain = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", norm))
    return {plain[i : i + SHINGLE] for i in range(max(0, len(plain) - SHINGLE + 1))}


def same_report(a: set[str], b: set[str]) -> bool:
    """Near-identical copies: a mirror with its own chrome, a page saved cut short, a re-encoded copy."""
    if min(len(a), len(b)) < MIN_SHINGLES:
        return False
    return len(a & b) / min(len(a), len(b)) >= NEAR_DUPLICATE


def ingest_folder(reports: Path, *, workers: int | None = None, cache_dir: Path | None = CACHE_DIR,
                  progress: Callable[[int], Callable[[], None]] | None = None,
                  ) -> tuple[list[tuple[Document, list[Fact]]], list[Event], int]:
    """Documents with facts, one event per file, and the number of cache hits."""
    files = list_reports(reports)
    jobs = [(p, p.relative_to(reports.parent).as_posix()) for p in files]
    cache = Cache(cache_dir, code_version())
    tick = progress(len(jobs)) if progress else (lambda: None)
    outcomes, hits = collect(jobs, cache, workers or os.cpu_count() or 1, tick)
    docs, events = merge(outcomes)
    return docs, events, hits


def run(reports: Path, seeds: Path, *, workers: int | None = None, cache_dir: Path | None = CACHE_DIR,
        show_progress: bool = True) -> RunResult:
    """Ingest the folder, gate the batch, write the seeds if it passes. Files that cannot load are rejected
    events; nothing already in the seeds is lost by them."""
    if not reports.is_dir():
        raise ReadError("not a folder of reports", str(reports))
    with ingest_progress(enabled=show_progress) as progress:
        docs, events, hits = ingest_folder(reports, workers=workers, cache_dir=cache_dir, progress=progress)
    tables = build(docs, events)
    gate = validate(tables)
    if gate.data_quality is not None:
        tables["data_quality"] = gate.data_quality
    changed = write_seeds(tables, seeds) if gate.passed else []
    tampered = sum(doc.tampered for doc, _ in docs)
    return RunResult(len(docs), sum(len(f) for _, f in docs), events, gate, changed, tampered, hits)
