"""Incremental runs: a folder where a few files changed since the last successful run is brought up to date by
rebuilding and gating the changed documents' rows only. The seeds, data-quality warnings and ingest events it
writes are exactly what a full run writes (tests/python/test_incremental.py compares the files).

After each successful Parquet run into a seed folder, a record of it is kept in the cache
(`.cache/ingest/<code version>/runs/<reports + seeds>/`): every file's hash and outcome (loaded, duplicate,
rejected; its own document id), the near-identical pairs and the groups of copies, the shingle index of the
documents, and the size and mtime of each seed file written. The next run then:

1. hashes every file; files that are new, changed, gone, or were not cached (a timeout) are the changed ones;
2. reads/extracts the changed files (through the cache), finds their near-identical copies by looking their
   shingles up in the index (the same exact test as `copies.same_report`), and groups every file again with
   `copies.group_files` on the recorded ids and pairs; a group that is not exactly one of the last run's is rebuilt
   from its files' cached outcomes, and the last run's rows of every group that is gone are dropped;
3. gates the new rows, plus every fact of a region and year that a changed document touches (the cross-row rules
   of ingest/checks.py only ever compare facts of one region and one year), with the suites' own rules evaluated in
   polars (`evaluate`), and the whole-table uniqueness rules over the whole new tables; the last run's warnings
   outside that scope stand, since neither their rows nor anything their rules read changed.

Whatever it cannot show to be equivalent goes to the full run instead: no record, a different code, suite, reference
or state version, seed files not as the last run left them, CSV seeds, many files changed, a duplicate key, an
expectation type it does not evaluate, or any critical failure (the full gate, with Great Expectations, then names
the rows and refuses the batch). An incremental run leaves Data Docs as the last full gate wrote them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from ingest import ROOT, SEEDS
from ingest.cache import Cache, code_version, file_sha256
from ingest.checks import CROSS_ROW, derive
from ingest.copies import MIN_SHINGLES, Merged, Rank, assemble, canonical_key, group_files, similar
from ingest.digest import code_digest
from ingest.gate import (
    GX_TYPE,
    N_EXAMPLES,
    SUITES,
    Failure,
    GateResult,
    data_quality,
    first_source,
    load_suites,
    offending_row,
    with_reference,
)
from ingest.intake import Outcome, collect, jobs_of, list_reports
from ingest.report import RunResult
from ingest.tables import ORDER, SCHEMAS, Event, build
from ingest.write import serialize

STATE_FORMAT = 2
MAX_CHANGED = 0.2  # above this share of changed files, a full run
# The code that decides the rows and verdicts: what the run's entry module imports (the per-file stages included).
RUN_ENTRY = "ingest.batch"
NOTE = ("incremental run: only the changed documents' rows were gated (the suites' rules in polars); Data Docs are "
        "as the last full gate wrote them (`ingest run --full` rewrites them)")


# ---------------------------------------------------------------------------------------------------------------
# The record of the last run


@dataclass
class FileRecord:
    """One file as the last run saw it."""

    path: str
    sha: str | None
    status: str  # loaded | duplicate | rejected | …: the file's own outcome (a duplicate was loaded as itself)
    cacheable: bool
    doc_id: str | None  # the file's own document id (not its group's)
    rank: Rank  # what choosing a group's canonical copy reads
    n_grams: int
    reason: str | None = None  # why it did not load

    @classmethod
    def of(cls, o: Outcome) -> FileRecord:
        doc = o.doc
        return cls(o.path, o.sha256, o.status if doc is None else "loaded", o.cacheable,
                   doc.doc_id if doc else None, o.rank, len(o.grams) // 8, None if doc else o.reason)

    def row(self) -> list[Any]:
        return [self.path, self.sha, self.status, self.cacheable, self.doc_id, list(asdict(self.rank).values()),
                self.n_grams, self.reason]

    @classmethod
    def from_row(cls, row: list[Any]) -> FileRecord:
        path, sha, status, cacheable, doc_id, rank, n_grams, reason = row
        return cls(path, sha, status, cacheable, doc_id, Rank(*rank), n_grams, reason)


@dataclass
class Record:
    """What the next run reads of the last one: every file, the near-identical pairs and the groups of copies
    (paths), the shingle index of the full run (`base_*`, arrays stored beside the record, and the paths and hashes
    of the files it was built from), and the documents added since (`delta`: path, hash, shingle count; their
    shingles concatenated in `delta_hashes`). `seed_files` is each seed file's size and mtime as written."""

    files: list[FileRecord]
    near: list[list[str]]
    groups: list[tuple[str | None, list[str]]]  # (the group's document id, its members)
    base_paths: list[str]
    base_shas: list[str | None]
    base_hashes: str
    base_holders: str
    delta: list[tuple[str, str | None, int]] = field(default_factory=list)
    delta_hashes: str = ""
    seed_files: dict[str, list[int]] = field(default_factory=dict)

    def to_json(self, header: dict[str, Any]) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["files"] = [r.row() for r in self.files]
        return {**header, **out}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Record:
        kw = {f.name: data[f.name] for f in fields(cls)}
        kw["files"] = [FileRecord.from_row(r) for r in data["files"]]
        kw["groups"] = [(d, list(m)) for d, m in data["groups"]]
        kw["delta"] = [(p, s, int(n)) for p, s, n in data["delta"]]
        return cls(**kw)


def state_key(fmt: str, suites: Path | None = None, root: Path = ROOT) -> str:
    """What the record is valid for: the run's code (RUN_ENTRY's import closure), the suites, the reference seeds."""
    suites = suites or SUITES  # read at call time (a test points it elsewhere)
    extra = [*sorted(suites.glob("*.json")), *sorted((root / SEEDS.relative_to(ROOT)).glob("ref_*.csv"))]
    return code_digest([RUN_ENTRY], root=root, extra=extra, prefix=f"{STATE_FORMAT}\0{fmt}\0")[:16]


class Store:
    """One seed folder's record, inside the cache of the current code version (so a code change drops it)."""

    def __init__(self, cache: Cache, reports: Path, seeds: Path, fmt: str) -> None:
        assert cache.folder is not None
        self.cache = cache
        where = f"{reports.resolve()}\0{seeds.resolve()}".encode()
        self.folder = cache.folder / "runs" / hashlib.sha256(where).hexdigest()[:16]
        self.key = state_key(fmt)
        self.reports, self.seeds, self.fmt = str(reports.resolve()), str(seeds.resolve()), fmt
        self.pending: list[Path] = []

    @classmethod
    def open(cls, cache_dir: Path | None, reports: Path, seeds: Path, fmt: str) -> Store | None:
        if cache_dir is None:
            return None
        return cls(Cache(cache_dir, code_version()), reports, seeds, fmt)

    def header(self) -> dict[str, Any]:
        return {"format": STATE_FORMAT, "key": self.key, "reports": self.reports, "seeds": self.seeds,
                "fmt": self.fmt}

    def load(self) -> Record | None:
        try:
            data = json.loads((self.folder / "state.json").read_text(encoding="utf-8"))
            if any(data.get(k) != v for k, v in self.header().items()):
                return None
            return Record.from_json(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put_array(self, kind: str, array: np.ndarray) -> str:
        """Write an array under a new name (the record that names it is written last)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{kind}-{secrets.token_hex(6)}.npy"
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=self.folder)
        with os.fdopen(fd, "wb") as fh:
            np.save(fh, array)
        os.replace(tmp, self.folder / name)
        self.pending.append(self.folder / name)
        return name

    def array(self, name: str) -> np.ndarray:
        return np.load(self.folder / name, mmap_mode="r")

    def save(self, record: Record, seeds: Path) -> None:
        """The record, naming the seed files as they are now; arrays it does not name are removed."""
        record.seed_files = seed_stats(seeds, self.fmt)
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".state.", dir=self.folder)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(record.to_json(self.header()), fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, self.folder / "state.json")
        used = {record.base_hashes, record.base_holders, record.delta_hashes}
        for path in self.folder.glob("*.npy"):
            if path.name not in used:
                path.unlink(missing_ok=True)
        self.pending = []

    def discard_pending(self) -> None:
        for path in self.pending:
            path.unlink(missing_ok=True)
        self.pending = []


def seed_stats(seeds: Path, fmt: str) -> dict[str, list[int]]:
    out = {}
    for name in SCHEMAS:
        try:
            st = (seeds / f"{name}.{fmt}").stat()
        except OSError:
            continue
        out[name] = [st.st_size, st.st_mtime_ns]
    return out


def full_record(store: Store, outcomes: list[Outcome], merged: Merged) -> Record:
    """The record of a full run (before its seeds are written; `Store.save` completes it). The shingle index is
    written now, so the documents behind it can be let go before the gate."""
    files = [FileRecord.of(o) for o in outcomes]
    records = {r.path: r for r in files}
    paths = [o.path for o in merged.loaded]
    groups = [[paths[i] for i in g] for g in merged.groups]
    return Record(
        files=files,
        near=[[paths[a], paths[b]] for a, b in merged.near],
        groups=[(records[_group_head(g, records)].doc_id, g) for g in groups],
        base_paths=paths,
        base_shas=[o.sha256 for o in merged.loaded],
        base_hashes=store.put_array("base_hashes", merged.index_hashes),
        base_holders=store.put_array("base_holders", merged.index_holders),
        delta_hashes=store.put_array("delta_hashes", np.zeros(0, dtype=np.uint64)),
    )


def _group_head(members: list[str], records: dict[str, FileRecord]) -> str:
    """The path of the copy a group's document is made of (copies.canonical_key, as `assemble` chooses)."""
    return min(members, key=lambda p: canonical_key(p, records[p].rank))


# ---------------------------------------------------------------------------------------------------------------
# Near-identical copies of the changed files


def _near_changed(changed: dict[str, np.ndarray], records: dict[str, FileRecord], state: Record,
                  store: Store, unchanged: set[str]) -> list[tuple[str, str]]:
    """Pairs (changed file, any loaded file) that are near-identical copies by `copies.same_report`'s test, counted
    exactly: the index holds each long enough document's unique shingles once, so the number of a changed file's
    shingles found under a document is the size of their intersection."""
    pairs: list[tuple[str, str]] = []
    base_paths, base_shas = state.base_paths, state.base_shas
    valid = np.array([p in unchanged and records[p].sha == s for p, s in zip(base_paths, base_shas, strict=True)],
                     dtype=bool)
    hashes = store.array(state.base_hashes) if changed else None
    holders = store.array(state.base_holders) if changed else None
    delta = state.delta
    delta_hashes = store.array(state.delta_hashes) if changed and delta else None
    ends = np.cumsum([n for _, _, n in delta]) if delta else np.zeros(0, dtype=np.int64)

    names = sorted(changed)
    for k, x in enumerate(names):
        gx = changed[x]
        if len(gx) < MIN_SHINGLES:
            continue
        if hashes is not None and holders is not None and len(hashes):
            lo = np.searchsorted(hashes, gx, side="left")
            hi = np.searchsorted(hashes, gx, side="right")
            counts = hi - lo
            total = int(counts.sum())
            if total:
                at = np.repeat(lo, counts) + np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
                shared = np.bincount(np.asarray(holders[at]), minlength=len(base_paths))
                for o in np.flatnonzero((shared > 0) & valid).tolist():
                    y = base_paths[o]
                    if similar(len(gx), records[y].n_grams, int(shared[o])):
                        pairs.append((x, y))
        for j, (y, sha, n) in enumerate(delta):
            if y in unchanged and records[y].sha == sha and delta_hashes is not None:
                gy = np.asarray(delta_hashes[ends[j] - n : ends[j]])
                if similar(len(gx), n, len(np.intersect1d(gx, gy, assume_unique=True))):
                    pairs.append((x, y))
        for y in names[k + 1 :]:
            gy = changed[y]
            if similar(len(gx), len(gy), len(np.intersect1d(gx, gy, assume_unique=True))):
                pairs.append((x, y))
    return pairs


# ---------------------------------------------------------------------------------------------------------------
# The suites' rules in polars, for the rows of an incremental run


def failing_rows(e: dict[str, Any], df: pl.DataFrame) -> list[int] | None:
    """Rows of `df` that break expectation `e`, as Great Expectations (pandas) would find them; None when this
    evaluator cannot say (an expectation type or option it does not know): the caller then runs the full gate."""
    kw, kind = e["kwargs"], e["type"]
    if "mostly" in kw:
        return None
    if kind == "expect_table_columns_to_match_set":
        want, have = set(kw["column_set"]), set(df.columns)
        return [] if (want <= have if not kw.get("exact_match", True) else want == have) else None
    if kind in ("expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique"):
        return []  # over the whole table: see duplicates()
    col = kw.get("column")
    if kind == "expect_column_pair_values_a_to_be_greater_than_b":
        a, b = kw["column_A"], kw["column_B"]
        if a not in df.columns or b not in df.columns or "row_condition" in kw or "ignore_row_if" in kw:
            return None
        xs, ys = df[a].to_list(), df[b].to_list()
        if any(x is None or y is None for x, y in zip(xs, ys, strict=True)):
            return None
        return [i for i, (x, y) in enumerate(zip(xs, ys, strict=True))
                if not (x >= y if kw.get("or_equal") else x > y)]
    if not isinstance(col, str) or col not in df.columns:
        return None
    if kind == "expect_column_values_to_be_of_type":
        return [] if GX_TYPE.get(df.schema[col]) == kw.get("type_") else None
    rows: Iterable[int] = range(df.height)
    condition = kw.get("row_condition")
    if condition:
        # a conjunction of (in)equalities (fact_type=="share" and measure!="completion"): the only conditions the
        # suites use; a null is unequal to every string, as in pandas
        terms = [re.fullmatch(r'\s*(\w+)\s*(==|!=)\s*"([^"\\]*)"\s*', part) for part in str(condition).split(" and ")]
        if kw.get("condition_parser") != "pandas" or not all(m and m[1] in df.columns for m in terms):
            return None
        columns = [(df[m[1]].to_list(), m[2] == "==", m[3]) for m in terms if m]
        rows = [i for i in range(df.height) if all((vals[i] == want) is eq for vals, eq, want in columns)]
    values = df[col].to_list()
    if kind == "expect_column_values_to_not_be_null":
        return [i for i in rows if values[i] is None]
    present = [i for i in rows if values[i] is not None]
    if kind == "expect_column_values_to_be_in_set":
        allowed = set(kw["value_set"])
        return [i for i in present if values[i] not in allowed]
    if kind == "expect_column_values_to_match_regex":
        pattern = re.compile(kw["regex"])
        return [i for i in present if not pattern.search(str(values[i]))]
    if kind == "expect_column_values_to_be_between":
        lo, hi = kw.get("min_value"), kw.get("max_value")
        strict_lo, strict_hi = kw.get("strict_min", False), kw.get("strict_max", False)
        return [i for i in present
                if (lo is not None and (values[i] <= lo if strict_lo else values[i] < lo))
                or (hi is not None and (values[i] >= hi if strict_hi else values[i] > hi))]
    return None


def duplicates(suites: dict[str, dict[str, Any]], tables: dict[str, pl.DataFrame]) -> bool | None:
    """Whether a uniqueness rule breaks anywhere in the whole tables (nulls count as values here: stricter than
    GX, which can only send a batch to the full gate)."""
    for spec in suites.values():
        df = tables.get(spec["table"])
        if df is None:
            continue
        for e in spec["expectations"]:
            kw = e["kwargs"]
            if e["type"] == "expect_column_values_to_be_unique":
                cols = [kw["column"]]
            elif e["type"] == "expect_compound_columns_to_be_unique":
                cols = list(kw["column_list"])
            else:
                continue
            if "mostly" in kw or not set(cols) <= set(df.columns):
                return None
            if df.select(cols).is_duplicated().any():
                return True
    return False


def evaluate(suites: dict[str, dict[str, Any]], frames: dict[str, pl.DataFrame]) -> list[Failure] | None:
    """Warnings on the rows of `frames` (derived, as the gate derives them); None if any critical rule breaks or
    cannot be judged here."""
    sources = first_source(frames)
    failures = []
    for name, spec in suites.items():
        df = frames.get(spec["table"])
        if df is None:
            return None
        for e in spec["expectations"]:
            bad = failing_rows(e, df)
            if bad is None or (bad and e["meta"]["severity"] == "critical"):
                return None
            if bad:
                meta, column = e["meta"], e["kwargs"].get("column")
                rows = [offending_row(df, i, column, meta.get("explain"), sources) for i in bad]
                failures.append(Failure(name, e["type"], column, meta["severity"], len(bad), rows[:N_EXAMPLES],
                                        check=meta["check"], description=meta["description"], rows=rows))
    return failures


# ---------------------------------------------------------------------------------------------------------------
# The run


def _not_in(column: str, values: Iterable[str | None]) -> pl.Expr:
    return pl.col(column).is_in(pl.Series([v for v in values if v is not None], dtype=pl.String)).not_() \
        .fill_null(True)


def read_tables(seeds: Path, fmt: str) -> dict[str, pl.DataFrame] | None:
    """The seed tables as the last run wrote them; None when a file does not read back to exactly its bytes (a CSV
    value that would not survive the round trip: the rows kept from it could differ from a full run's)."""
    tables = {}
    for name, schema in SCHEMAS.items():
        path = seeds / f"{name}.{fmt}"
        if fmt == "parquet":
            tables[name] = pl.read_parquet(path)
            continue
        data = path.read_bytes()
        df = pl.read_csv(data, schema=schema)
        if serialize(df, "csv") != data:
            return None
        tables[name] = df
    return tables


UP_TO_DATE = "up to date: no report changed since the last run, which this run's code, suites and reference data " \
             "also made; nothing was rewritten"


def _up_to_date(seeds: Path, fmt: str, n_files: int) -> RunResult:
    """The result of the last run, which the seeds hold, for a run that finds nothing to do."""
    def read(name: str, columns: list[str]) -> pl.DataFrame:
        path = seeds / f"{name}.{fmt}"
        return pl.read_parquet(path, columns=columns) if fmt == "parquet" else \
            pl.read_csv(path, columns=columns, schema_overrides={c: SCHEMAS[name][c] for c in columns})

    events = [Event(**r) for r in read("ingest_events", list(SCHEMAS["ingest_events"])).iter_rows(named=True)]
    documents = read("documents", ["tampered"])
    facts = read("facts", ["fact_id"]).height
    dq = read("data_quality", list(SCHEMAS["data_quality"]))
    suites = {n: s for n, s in load_suites().items() if s["table"] in SCHEMAS}
    gate = GateResult(summary(dq, suites, {}), data_quality=dq, note=UP_TO_DATE)
    return RunResult(documents.height, facts, events, gate, [], int(documents["tampered"].sum()), n_files)


SCOPE = ("region_code", "year")  # the groups of facts an incremental run re-checks around a changed document


def within_scope(partition: tuple[str, ...]) -> bool:
    """Whether a rule comparing facts within `partition` (checks.CROSS_ROW) never looks outside a SCOPE group:
    the partition fixes the region and the year (a period fixes its year)."""
    return "region_code" in partition and ("year" in partition or "period" in partition)


def _with_year(facts: pl.DataFrame) -> pl.DataFrame:
    return facts.with_columns(year=pl.col("period").str.slice(0, 4))


def _years(facts: pl.DataFrame) -> pl.DataFrame:
    """The SCOPE groups (region, year) the facts fall in."""
    return _with_year(facts).select(SCOPE).drop_nulls().unique()


def run_incremental(reports: Path, seeds: Path, store: Store, *, workers: int, file_timeout: float,
                    progress: Callable[[int], Callable[[], None]] | None, write: Callable[..., list[str]],
                    ) -> RunResult | None:
    """The run, if it can be done incrementally (see the module's docstring); None for a full run."""
    state = store.load()
    if state is None or state.seed_files != seed_stats(seeds, store.fmt):
        return None
    if not all(within_scope(p) for p in CROSS_ROW.values()):  # a rule comparing further than SCOPE: full gate
        return None
    records = {r.path: r for r in state.files}
    files, refused = list_reports(reports)
    jobs = jobs_of(reports, files)
    present = {d for _, d in jobs} | {o.path for o in refused}
    changed_jobs = []
    for path, display in jobs:
        rec = records.get(display)
        try:
            same = rec is not None and rec.cacheable and rec.sha == file_sha256(path)
        except OSError:
            same = False
        if not same:
            changed_jobs.append((path, display))
    removed = set(records) - present
    same_refusals = all(records.get(o.path) == FileRecord.of(o) for o in refused)
    if not changed_jobs and not removed and same_refusals:
        return _up_to_date(seeds, store.fmt, len(jobs))
    if len(changed_jobs) + len(removed) > MAX_CHANGED * max(len(jobs), 1):
        return None
    cache = store.cache
    tick = progress(len(changed_jobs)) if progress else (lambda: None)
    fresh, hits = collect(changed_jobs, cache, workers, tick, file_timeout)
    fresh += refused  # listed, never read: their events are made again each run (the reason may change)
    out = {o.path: o for o in fresh}
    changed = set(out)
    for o in fresh:
        records[o.path] = FileRecord.of(o)
    for path in removed:
        del records[path]
    unchanged = present - changed

    # groups of copies, on the recorded ids and pairs plus the changed files' pairs
    loaded = [d for _, d in jobs if records[d].status == "loaded"]
    pos = {p: i for i, p in enumerate(loaded)}
    grams = {p: np.frombuffer(o.grams, dtype=np.uint64) for p, o in out.items() if o.doc is not None}
    new_pairs = _near_changed(grams, records, state, store, unchanged)
    pairs = [(a, b) for a, b in state.near if a in pos and b in pos and a in unchanged and b in unchanged]
    pairs += new_pairs
    near: dict[int, list[int]] = defaultdict(list)
    for a, b in pairs:
        near[pos[a]].append(pos[b])
        near[pos[b]].append(pos[a])
    groups = [[loaded[i] for i in g] for g in group_files([records[p].doc_id or "" for p in loaded], near)]
    old_groups = {frozenset(members): doc_id for doc_id, members in state.groups}
    clean = {frozenset(g) for g in groups if frozenset(g) in old_groups and not changed.intersection(g)}
    dirty = [g for g in groups if frozenset(g) not in clean]
    gone_docs = {doc_id for members, doc_id in old_groups.items() if members not in clean}
    touched = changed | removed | {p for g in dirty for p in g} | \
        {p for members in old_groups if members not in clean for p in members}

    # the dirty groups' documents, from their files' outcomes
    need = [(reports.parent / p, p) for g in dirty for p in g if p not in out]
    more, _ = collect(need, cache, workers, lambda: None, file_timeout)
    out.update((o.path, o) for o in more)
    if any(out[p].doc is None for g in dirty for p in g):  # a cached file read differently now: start over
        return None
    docs, events = assemble([[out[p] for p in g] for g in dirty])
    events += [Event(o.path, o.sha256, o.status, None, o.reason) for o in fresh if o.doc is None]
    new = build(docs, events)
    del docs, out, more

    old = read_tables(seeds, store.fmt)
    if old is None:
        return None
    tables: dict[str, pl.DataFrame] = {}
    for name in SCHEMAS:
        if name == "data_quality":
            continue
        keep = _not_in("source_path", touched) if name == "ingest_events" else _not_in("doc_id", gone_docs)
        tables[name] = pl.concat([old[name].filter(keep), new[name]]).sort(
            ORDER[name], nulls_last=True, maintain_order=True)

    suites = {n: s for n, s in load_suites().items() if s["table"] in SCHEMAS}
    warned = {s["table"] for s in suites.values() for e in s["expectations"] if e["meta"]["severity"] == "warning"}
    if not warned <= {"facts", "documents"} or duplicates(suites, tables) is not False:
        return None

    # the rows to gate: the new documents, and every fact of a region and year they touch (or touched)
    new_docs = set(new["documents"]["doc_id"].to_list())
    keys = pl.concat([_years(old["facts"].filter(_not_in("doc_id", gone_docs).not_())), _years(new["facts"])]
                     ).unique()
    facts = tables["facts"]
    scoped = _with_year(facts).join(keys, on=list(SCOPE), how="semi").drop("year")
    sub_facts = pl.concat([new["facts"], scoped.filter(_not_in("doc_id", new_docs))]).sort(
        ORDER["facts"], nulls_last=True, maintain_order=True)
    sub_docs = new_docs | set(sub_facts["doc_id"].drop_nulls().to_list())
    in_docs = _not_in("doc_id", sub_docs).not_()
    sub = {name: tables[name].filter(in_docs) for name in ("documents", "document_sources", "document_texts",
                                                           "removed_spans")}
    sub["facts"] = sub_facts
    sub["ingest_events"] = tables["ingest_events"].filter(_not_in("source_path", touched).not_())
    sub["data_quality"] = pl.DataFrame(schema=SCHEMAS["data_quality"])
    frames = derive(with_reference(sub, SEEDS))
    failures = evaluate(suites, frames)
    if failures is None:
        return None
    del frames

    # the warnings: the last run's outside the gated rows, and the gated rows' own
    checks_on = {f"{n}.{e['meta']['check']}": s["table"] for n, s in suites.items() for e in s["expectations"]}
    facts_checks = [c for c, t in checks_on.items() if t == "facts"]
    doc_checks = [c for c, t in checks_on.items() if t == "documents"]
    dq_old = old["data_quality"].filter(
        _not_in("doc_id", gone_docs)
        & ~(pl.col("check_name").is_in(facts_checks) & pl.col("fact_id").is_in(sub_facts["fact_id"].drop_nulls()))
        .fill_null(False)
        & ~(pl.col("check_name").is_in(doc_checks) & pl.col("doc_id").is_in(pl.Series(sorted(sub_docs),
                                                                                      dtype=pl.String)))
        .fill_null(False)
    )
    dq = pl.concat([dq_old, data_quality(failures)]).sort(ORDER["data_quality"], nulls_last=True,
                                                          maintain_order=True)
    tables["data_quality"] = dq
    del old

    changed_names = write(tables)
    # the record, for the next run
    delta = [d for d in state.delta if d[0] in unchanged and records[d[0]].sha == d[1]]
    kept = [store.array(state.delta_hashes)[e - n : e] for (p, s, n), e in
            zip(state.delta, np.cumsum([n for _, _, n in state.delta]).tolist(), strict=True)
            if (p, s, n) in delta]
    added = [(p, g) for p, g in sorted(grams.items()) if len(g) >= MIN_SHINGLES]
    delta += [(p, records[p].sha, len(g)) for p, g in added]
    new_state = Record(
        files=[records[d] for d in sorted(present)],
        near=[[a, b] for a, b in sorted({tuple(sorted(pair)) for pair in pairs})],
        groups=[(records[_group_head(g, records)].doc_id, g) for g in groups],
        base_paths=state.base_paths, base_shas=state.base_shas, base_hashes=state.base_hashes,
        base_holders=state.base_holders, delta=delta,
        delta_hashes=store.put_array("delta_hashes", np.concatenate(
            [np.asarray(a) for a in kept] + [g for _, g in added] + [np.zeros(0, np.uint64)])))
    store.save(new_state, seeds)

    events_all = [Event(**r) for r in tables["ingest_events"].iter_rows(named=True)]
    documents = tables["documents"]
    gate = GateResult(summary(dq, suites, tables), data_quality=dq, note=NOTE)
    return RunResult(documents.height, tables["facts"].height, events_all, gate, changed_names,
                     int(documents["tampered"].sum()), len(jobs) - len(changed_jobs) + hits)


def summary(dq: pl.DataFrame, suites: dict[str, dict[str, Any]], tables: dict[str, pl.DataFrame]) -> list[Failure]:
    """The warnings as the console shows them after a full gate: per rule, the count and the first rows."""
    specs = {f"{n}.{e['meta']['check']}": (n, s, e) for n, s in suites.items() for e in s["expectations"]}
    out = []
    for (check_name,), group in dq.group_by("check_name", maintain_order=True):
        name, spec, e = specs.get(str(check_name), (str(check_name).split(".")[0], {"table": ""}, None))
        first = group.head(N_EXAMPLES)
        column = e["kwargs"].get("column") if e else None
        table = tables.get(spec["table"])
        key = "fact_id" if spec["table"] == "facts" else "doc_id"
        rows_by = {}
        if table is not None and key in first.columns:
            look = table.filter(pl.col(key).is_in(first[key].drop_nulls()))
            rows_by = {r[key]: r for r in look.iter_rows(named=True)}
        examples = []
        for r in first.iter_rows(named=True):
            src = rows_by.get(r[key], {})
            examples.append({"doc_id": r["doc_id"], "fact_id": r["fact_id"], "source_path": r["source_path"],
                             "fact_type": r["fact_type"], "indicator_code": r["indicator_code"],
                             **({column: src.get(column)} if column else {}), "why": r["message"],
                             "sentence": src.get("sentence") or src.get("title")})
        out.append(Failure(name, e["type"] if e else "", column, "warning", group.height, examples,
                           check=e["meta"]["check"] if e else str(check_name),
                           description=e["meta"]["description"] if e else ""))
    out.sort(key=lambda f: (f.suite, f.check))
    return out
