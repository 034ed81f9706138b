"""`dbt build` wall time of the project next to the floor: a trivial one-model `dbt build` in the same run.

Printed, never asserted (a speed figure, not a test). Both builds run the same dbt executable, profile and
adapter into throwaway DuckDB files under a temp dir, with their own target/log paths so the project's
target/ is not touched. Each is run `--runs` times, alternating, so both see the same machine load; the first
run of each is cold (full parse), the rest are warm (partial parse), which is how pipelines rebuild.
A third build, `dbt build --exclude-resource-type unit_test`, shows what the unit tests cost: dbt recommends
running unit tests in development/CI (here `make test`) rather than in every production build.

    .venv/bin/python benchmarks/dbt_build.py [--runs 3] [--args "--threads 4"]

--scale N instead times `scripts/build_warehouse.py --ingest-dir` (the Parquet switch, issue #8) over the committed
corpus replicated N times (N x the committed reports; with 31 of them 323 gives ~10,000): copy i of a document
gets new doc/fact ids and its periods (and publication date) moved i mod 30 years later, so copies spread over
series the way many years of reports would instead of piling onto one region-period. Wall time and the peak
RSS of the largest process (dbt) are printed; goal <= 60 s and <= 2 GB.

    .venv/bin/python benchmarks/dbt_build.py --scale 323 [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DBT = str(Path(sys.executable).with_name("dbt"))

TRIVIAL_PROJECT = """name: floor
version: "0.1.0"
config-version: 2
profile: warehouse
model-paths: ["models"]
"""


# copy i of the corpus: ids suffixed _i, periods (2022H1 -> 2022+i%30 H1) and published dates shifted i%30 years
SHIFT = "({i} % 30)"
NEW_DOC = "doc_id || '_' || {i}"
SCALED_SQL = {
    "documents": "select * replace ({new_doc} as doc_id, {period} as period, {published} as published) from t",
    "document_sources": "select * replace ({new_doc} as doc_id, source_path || '#' || {i} as source_path) from t",
    "document_texts": "select * replace ({new_doc} as doc_id) from t",
    "removed_spans": "select * replace ({new_doc} as doc_id) from t",
    "facts": "select * replace ({new_doc} as doc_id, {new_doc} || substr(fact_id, length(doc_id) + 1) as fact_id,"
             " {period} as period) from t",
    "ingest_events": "select * replace ({new_doc} as doc_id, source_path || '#' || {i} as source_path) from t",
    "data_quality": "select * replace ({new_doc} as doc_id, {new_doc} || substr(fact_id, length(doc_id) + 1)"
                    " as fact_id) from t",
}


def scaled_parquet(out: Path, copies: int) -> dict[str, int]:
    """The committed ingest seeds replicated `copies` times into out/<table>.parquet; row counts per table."""
    import duckdb
    import yaml

    seeds = yaml.safe_load((ROOT / "seeds" / "_seeds.yml").read_text(encoding="utf-8"))["seeds"]
    types = {s["name"]: s["config"]["column_types"] for s in seeds}
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"create table copies as select range as i from range({copies})")
    counts = {}
    for table, select in SCALED_SQL.items():
        cols = ", ".join(f"'{c}': '{t}'" for c, t in types[table].items())
        con.execute(f"create or replace table t as select * from read_csv('{ROOT / 'seeds' / table}.csv', "
                    f"header = true, columns = {{{cols}}})")
        i = "c.i"
        body = select.format(
            new_doc=f"(case when {i} = 0 then doc_id else {NEW_DOC.format(i=i)} end)",
            i=i,
            period=(f"case when regexp_matches(period, '^\\d{{4}}') then "
                    f"cast(cast(left(period, 4) as integer) + {SHIFT.format(i=i)} as varchar) || substr(period, 5) "
                    "else period end"),
            published=(f"strftime(try_cast(published as date) + to_years(cast({SHIFT.format(i=i)} as integer)), "
                       "'%Y-%m-%d')"),
        ).replace(" from t", " from t, copies c")
        con.execute(f"copy ({body}) to '{out / table}.parquet' (format parquet)")
        counts[table] = con.execute(f"select count(*) from '{out / table}.parquet'").fetchall()[0][0]
    con.close()
    return counts


def scale(copies: int, keep: Path | None) -> None:
    with tempfile.TemporaryDirectory(prefix="dbt_scale_") as tmp:
        work = keep or Path(tmp)
        t0 = time.perf_counter()
        counts = scaled_parquet(work / "ingest", copies)
        print(f"scaled corpus: {copies} copies, {counts['documents']} documents, {counts['facts']} facts "
              f"(written in {time.perf_counter() - t0:.1f} s)")
        target = work / "warehouse.duckdb"
        cmd = ["/usr/bin/time", "-v", sys.executable, str(ROOT / "scripts" / "build_warehouse.py"),
               "--target", str(target), "--ingest-dir", str(work / "ingest"),
               "--target-path", str(work / "target"), "--log-path", str(work / "logs"), "--quiet"]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
            raise SystemExit("scaled build failed")
        rss = next(int(line.split()[-1]) for line in proc.stderr.splitlines() if "Maximum resident" in line)
        results = json.loads((work / "target" / "run_results.json").read_text(encoding="utf-8"))
        slowest = sorted(results["results"], key=lambda r: -r["execution_time"])[:5]
        print(f"build_warehouse.py --ingest-dir: wall {wall:.1f} s, peak RSS {rss / 1024:.0f} MB "
              f"(goal <= 60 s, <= 2048 MB), warehouse {target.stat().st_size / 1e6:.0f} MB")
        print("slowest nodes: " + ", ".join(f"{r['unique_id'].split('.')[2]} {r['execution_time']:.1f}s"
                                             for r in slowest))


EXEC: dict[str, list[float]] = {"floor": [], "project": [], "no_unit": []}
# CPU seconds (user + system) of each dbt process: on a shared, loaded machine wall time swings with the other
# load, CPU time much less, so the ratio is printed on both
CPU: dict[str, list[float]] = {"floor": [], "project": [], "no_unit": []}
# per run: resource type -> (nodes, summed execution seconds), from run_results.json. The sum is thread time (2
# threads run nodes side by side), so it says where node execution goes, not how long it took
BY_TYPE: dict[str, list[dict[str, tuple[int, float]]]] = {"floor": [], "project": [], "no_unit": []}


def dbt_build(project: Path, work: Path, tag: str, extra: list[str]) -> float:
    env = dict(os.environ, DBT_PROFILES_DIR=str(ROOT), WAREHOUSE_PATH=str(work / f"{tag}.duckdb"))
    cmd = [DBT, "build", "--project-dir", str(project), "--target-path", str(work / f"target_{tag}"),
           "--log-path", str(work / f"logs_{tag}"), "--quiet", *extra]
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[tag].append(c1.ru_utime + c1.ru_stime - c0.ru_utime - c0.ru_stime)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"dbt build failed for {tag}")
    Path(work / f"{tag}.duckdb").unlink(missing_ok=True)  # every run builds from clean
    results = json.loads((work / f"target_{tag}" / "run_results.json").read_text(encoding="utf-8"))
    EXEC[tag].append(results["elapsed_time"])  # dbt's own node-execution time, without startup and parse
    by_type: dict[str, tuple[int, float]] = {}
    for r in results["results"]:
        kind = r["unique_id"].split(".")[0]
        n, secs = by_type.get(kind, (0, 0.0))
        by_type[kind] = (n + 1, secs + r["execution_time"])
    BY_TYPE[tag].append(by_type)
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--args", default="", help="extra arguments for the project build (not the floor)")
    ap.add_argument("--scale", type=int, default=0, help="time the Parquet build of the corpus copied N times")
    ap.add_argument("--keep", type=Path, default=None, help="with --scale: work in this folder and keep it")
    opts = ap.parse_args()
    if opts.scale:
        scale(opts.scale, opts.keep)
        return
    with tempfile.TemporaryDirectory(prefix="dbt_bench_") as tmp:
        work = Path(tmp)
        floor = work / "floor"
        (floor / "models").mkdir(parents=True)
        (floor / "dbt_project.yml").write_text(TRIVIAL_PROJECT)
        (floor / "models" / "one.sql").write_text("select 1 as one\n")
        times: dict[str, list[float]] = {"floor": [], "project": [], "no_unit": []}
        extra = shlex.split(opts.args)
        for _ in range(opts.runs):
            times["floor"].append(dbt_build(floor, work, "floor", []))
            times["project"].append(dbt_build(ROOT, work, "project", extra))
            times["no_unit"].append(dbt_build(ROOT, work, "no_unit", [*extra, "--exclude-resource-type", "unit_test"]))
    for name, ts in times.items():
        warm = ts[1:] or ts
        print(f"{name:8s} cold {ts[0]:6.2f}s   warm median {statistics.median(warm):6.2f}s   runs {len(ts)}"
              f"   (of which node execution: median {statistics.median(EXEC[name]):5.2f}s)")
    def med(ts: list[float]) -> float:
        return statistics.median(ts[1:] or ts)

    for name in ("project", "no_unit"):
        print(f"ratio    {name:8s} cold {times[name][0] / times['floor'][0]:.2f}x   "
              f"warm {med(times[name]) / med(times['floor']):.2f}x   "
              f"warm CPU {med(CPU[name]) / med(CPU['floor']):.2f}x   (goal <= 1.5x)")
    kinds = BY_TYPE["project"][-1]
    print("project node time by type (last run, summed over threads): " + ", ".join(
        f"{kind} {n} x {secs / n * 1000:.0f} ms = {secs:.2f}s" for kind, (n, secs) in sorted(kinds.items())))

if __name__ == "__main__":
    main()
