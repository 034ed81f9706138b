"""Scale benchmark: ingest + gate, dbt build, warehouse size and app queries over synthetic corpora of N reports.

For each N (default 1, 100, 1,000, 10,000) a corpus from benchmarks/synth.py (seed 0) is written into a work folder
and run through the real commands, each a subprocess timed from outside:

- ingest + gate: `python -m ingest run REPORTS --seeds OUT [--format parquet]`, cold (an empty cache of its own,
  env INGEST_CACHE_DIR in the work folder; the repo's .cache is not touched);
- add one report: report N is written into the same folder and the ingest re-run with the warm cache (with Parquet,
  the ingest's incremental path: only the new document is rebuilt and gated; the table says which path ran);
- dbt build: `python scripts/build_warehouse.py --target W.duckdb --ingest-dir OUT` (skipped, and said so, while the
  script has no --ingest-dir), with its own dbt target and log paths;
- app queries: five of app/data.py's queries against the built warehouse, run cold (query cache cleared) 5 times
  each in a fresh process; the median per query.

Peak memory is that of the whole process tree (a parallel ingest is several processes), sampled from /proc every
50 ms, next to the largest single process as the kernel reports it (getrusage). The machine, its load and the
goals of issue #8 are printed with the figures. Printed, never asserted: timings on a shared machine are noisy.
Nothing is written to reports/ or seeds/; the work folder is a temp dir unless --workdir is given.

    .venv/bin/python benchmarks/scale.py [--sizes 1,100,1000,10000] [--workdir DIR] [--keep] [--jobs 0]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import synth  # noqa: E402

PY = sys.executable
GOALS = ("goals (issue #8, 10,000 reports, 2 cores): ingest + gate <= 120 s; add one report <= 5 s; "
         "dbt build <= 60 s; peak memory <= 2 GB")


# ---------------------------------------------------------------- the machine and its processes


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in _read("/proc/cpuinfo").splitlines()
                if ln.startswith("model name")), platform.processor() or "?")
    mem = next((int(ln.split()[1]) / 1024 / 1024 for ln in _read("/proc/meminfo").splitlines()
                if ln.startswith("MemTotal")), 0.0)
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"machine: {cpu}, {os.cpu_count()} cores ({usable} usable), {mem:.1f} GiB RAM, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}; load average {load}")


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        stat = _read(f"/proc/{entry.name}/stat")
        statm = _read(f"/proc/{entry.name}/statm").split()
        if not stat or len(statm) < 2:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
        rss[int(entry.name)] = int(statm[1]) * page
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


@dataclass
class Run:
    wall: float
    code: int
    tree_peak: int  # bytes, whole process tree, sampled
    proc_peak: int  # bytes, largest single process (kernel's maxrss of waited-for children)
    log: Path
    timed_out: bool = False


def timed(cmd: list[str], log: Path, env: dict[str, str] | None = None, timeout: float | None = None) -> Run:
    """Run a command with its output in a log file; wall time and peak memory of its process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak = 0
    with log.open("wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.05):
                peak = max(peak, _tree_rss(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timed_out = False
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill_tree(proc.pid)
            code = proc.wait()
        wall = time.perf_counter() - t0
        done.set()
        sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is a running maximum: it only says something when this run raised it
    return Run(wall, code, peak, (after if after > before else 0) * 1024, log, timed_out)


def _kill_tree(pid: int) -> None:
    """This run's process and its descendants, by id (the command started them; nothing else is touched)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            stat = _read(f"/proc/{entry.name}/stat")
            if stat:
                children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    todo, found = [pid], []
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    for p in reversed(found):
        with contextlib.suppress(ProcessLookupError):
            os.kill(p, 9)


# ---------------------------------------------------------------- the steps


def supports(cmd: list[str], flag: str) -> bool:
    """Whether a command's --help lists an option (the interfaces are landing while this benchmark is written)."""
    proc = subprocess.run([*cmd, "--help"], cwd=ROOT, capture_output=True, text=True, check=False)
    return flag in proc.stdout + proc.stderr


def table_rows(folder: Path, name: str) -> int | None:
    import polars as pl

    pq, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
    if pq.exists():
        return int(pl.scan_parquet(pq).select(pl.len()).collect().item())
    if csv.exists():
        return int(pl.scan_csv(csv, infer_schema_length=0).select(pl.len()).collect().item())
    return None


def cache_hits(log: Path) -> int | None:
    """The ingest's own count of files served from its cache ("from cache │ 1000" in its summary table)."""
    m = re.search(r"from cache\D*?(\d+)", log.read_text(encoding="utf-8", errors="replace"))
    return int(m.group(1)) if m else None


APP_QUERIES = """
import json, logging, statistics, sys, time
logging.disable(logging.WARNING)
sys.path.insert(0, sys.argv[1])
from app import data
runs = int(sys.argv[2])
key = None
out = {}
def series():
    return data.series(key) if key is not None else data.series_indicators()
queries = {"stats": data.stats, "documents": data.documents, "rank_claims": data.rank_claims,
           "growth_benchmarks": data.growth_benchmarks, "targets": data.targets, "series": series}
ind = data.series_indicators()
key = ind.iloc[0]["indicator_key"] if len(ind) else None
for name, fn in queries.items():
    times = []
    for _ in range(runs):
        data._cached.clear()
        t0 = time.perf_counter()
        rows = fn()
        times.append((time.perf_counter() - t0) * 1000)
    out[name] = {"median_ms": statistics.median(times), "rows": len(rows) if hasattr(rows, "__len__") else 1}
print(json.dumps(out))
"""


def app_queries(warehouse: Path, log: Path, runs: int = 5) -> dict[str, dict[str, float]] | None:
    env = {**os.environ, "WAREHOUSE_PATH": str(warehouse)}
    proc = subprocess.run([PY, "-c", APP_QUERIES, str(ROOT), str(runs)], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=False)
    log.write_text(proc.stdout + proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


@dataclass
class Result:
    n: int
    files: int = 0
    generate_s: float = 0.0
    ingest: Run | None = None
    documents: int | None = None
    facts: int | None = None
    recall: float | None = None
    identified: int | None = None  # documents with the planted region and period
    add_one: Run | None = None
    add_one_path: str = ""  # incremental | full: which way the ingest took
    dbt: Run | None = None
    dbt_note: str = ""
    warehouse_bytes: int | None = None
    queries: dict[str, dict[str, float]] | None = None
    notes: list[str] = field(default_factory=list)


def bench(n: int, work: Path, jobs: int, parquet: bool, ingest_dir: bool, timeout: float, seed: int) -> Result:
    res = Result(n)
    here = work / f"n{n}"
    reports, out, cache = here / "reports", here / "ingest", here / "cache"
    t0 = time.perf_counter()
    synth.generate(n, reports, seed=seed)
    res.generate_s = time.perf_counter() - t0
    res.files = n
    env = {"INGEST_CACHE_DIR": str(cache)}
    cmd = [PY, "-m", "ingest", "run", str(reports), "--seeds", str(out), *(["--jobs", str(jobs)] if jobs else []),
           *(["--format", "parquet"] if parquet else [])]
    res.ingest = timed(cmd, here / "ingest.log", env, timeout)
    if res.ingest.timed_out:
        res.notes.append(f"ingest stopped after {timeout:.0f} s")
        return res
    if res.ingest.code != 0:
        res.notes.append(f"ingest exit {res.ingest.code} (see {res.ingest.log})")
    res.documents, res.facts = table_rows(out, "documents"), table_rows(out, "facts")
    if res.documents is not None:
        try:
            sc = synth.score(synth.gold_path(reports), out)
            res.recall, res.identified = sc.recall, sc.identified
        except Exception as exc:  # the tables may be missing after a refused batch
            res.notes.append(f"no recall: {type(exc).__name__}: {exc}")
    if n > 1:
        synth.generate(1, reports, seed=seed, start=n, gold=here / "added.gold.jsonl")
        res.add_one = timed(cmd, here / "ingest_add_one.log", env, timeout)
        hits = cache_hits(res.add_one.log)
        res.add_one_path = "incremental" if "incremental run" in res.add_one.log.read_text(
            encoding="utf-8", errors="replace") else "full"
        if hits is not None and hits < n:
            # the cache is keyed on the ingest's code: an edit between the two runs makes the warm run cold
            res.notes.append(f"add one report: only {hits:,} of {n + 1:,} files came from the cache")
    if not ingest_dir:
        res.dbt_note = "skipped: scripts/build_warehouse.py has no --ingest-dir yet"
        return res
    target = here / "warehouse.duckdb"
    res.dbt = timed([PY, "scripts/build_warehouse.py", "--target", str(target), "--ingest-dir", str(out),
                     "--target-path", str(here / "dbt_target"), "--log-path", str(here / "dbt_logs")],
                    here / "dbt.log", None, timeout)
    if res.dbt.code != 0 or not target.exists():
        res.notes.append(f"dbt build exit {res.dbt.code} (see {res.dbt.log})")
        return res
    res.warehouse_bytes = target.stat().st_size
    res.queries = app_queries(target, here / "app_queries.log")
    if res.queries is None:
        res.notes.append(f"app queries failed (see {here / 'app_queries.log'})")
    return res


# ---------------------------------------------------------------- report


def _mb(b: int | None) -> str:
    return f"{b / 1e6:,.0f} MB" if b else "-"


def _s(run: Run | None) -> str:
    if run is None:
        return "-"
    return f"{run.wall:,.1f} s" + (" (timeout)" if run.timed_out else "" if run.code == 0 else f" (exit {run.code})")


def show(results: list[Result]) -> None:
    rows: list[tuple[str, list[str]]] = [
        ("reports (files)", [f"{r.files:,}" for r in results]),
        ("generate corpus", [f"{r.generate_s:,.1f} s" for r in results]),
        ("documents", [f"{r.documents:,}" if r.documents is not None else "-" for r in results]),
        ("  with planted region+period", [f"{r.identified:,}" if r.identified is not None else "-"
                                           for r in results]),
        ("facts", [f"{r.facts:,}" if r.facts is not None else "-" for r in results]),
        ("planted facts found", [f"{r.recall:.1%}" if r.recall is not None else "-" for r in results]),
        ("ingest + gate, cold", [_s(r.ingest) for r in results]),
        ("  peak RSS, tree", [_mb(r.ingest.tree_peak if r.ingest else None) for r in results]),
        ("  peak RSS, 1 process", [_mb(r.ingest.proc_peak if r.ingest else None) for r in results]),
        ("add one report, warm", [_s(r.add_one) + (f" ({r.add_one_path})" if r.add_one_path else "")
                                  for r in results]),
        ("  peak RSS, tree", [_mb(r.add_one.tree_peak if r.add_one else None) for r in results]),
        ("dbt build", [_s(r.dbt) if r.dbt else "skipped" if r.dbt_note else "-" for r in results]),
        ("  peak RSS, tree", [_mb(r.dbt.tree_peak if r.dbt else None) for r in results]),
        ("warehouse file", [_mb(r.warehouse_bytes) for r in results]),
    ]
    names = sorted({q for r in results for q in (r.queries or {})})
    for q in names:
        rows.append((f"app: {q} (median)", [f"{r.queries[q]['median_ms']:,.0f} ms" if r.queries and q in r.queries
                                             else "-" for r in results]))
    width = max(len(label) for label, _ in rows)
    cols = [max(len(f"N={r.n:,}"), *(len(v[i]) for _, v in rows)) for i, r in enumerate(results)]
    print(" " * width + "  " + "  ".join(f"N={r.n:,}".rjust(c) for r, c in zip(results, cols, strict=True)))
    for label, values in rows:
        print(label.ljust(width) + "  " + "  ".join(v.rjust(c) for v, c in zip(values, cols, strict=True)))
    for r in results:
        for note in ([r.dbt_note] if r.dbt_note else []) + r.notes:
            print(f"N={r.n:,}: {note}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,100,1000,10000", help="comma-separated corpus sizes")
    ap.add_argument("--workdir", type=Path, help="work folder (kept); default a temp dir, removed unless --keep")
    ap.add_argument("--keep", action="store_true", help="keep the temp work folder")
    ap.add_argument("--jobs", type=int, default=0, help="ingest worker processes (0: the ingest's default)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=1800, help="seconds before a step is stopped")
    args = ap.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    work = args.workdir or Path(tempfile.mkdtemp(prefix="scale_"))
    work.mkdir(parents=True, exist_ok=True)
    parquet = supports([PY, "-m", "ingest", "run"], "--format")
    ingest_dir = supports([PY, "scripts/build_warehouse.py"], "--ingest-dir")
    print(machine())
    print(GOALS)
    print(f"work folder: {work}; ingest output: {'parquet' if parquet else 'csv (no --format yet)'}", flush=True)
    results = []
    try:
        for n in sizes:
            results.append(bench(n, work, args.jobs, parquet, ingest_dir, args.timeout, args.seed))
            print(f"  N={n:,} done", file=sys.stderr, flush=True)
    finally:
        if results:
            show(results)
        if not args.workdir and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        elif results:
            print(f"kept: {work}")


if __name__ == "__main__":
    main()
