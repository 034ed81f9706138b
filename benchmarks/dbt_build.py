"""`dbt build` wall time of the project next to the floor: a trivial one-model `dbt build` in the same run.

Printed, never asserted (a speed figure, not a test). Both builds run the same dbt executable, profile and
adapter into throwaway DuckDB files under a temp dir, with their own target/log paths so the project's
target/ is not touched. Each is run `--runs` times, alternating, so both see the same machine load; the first
run of each is cold (full parse), the rest are warm (partial parse), which is how pipelines rebuild.
A third build, `dbt build --exclude-resource-type unit_test`, shows what the unit tests cost: dbt recommends
running unit tests in development/CI (here `make test`) rather than in every production build.

    .venv/bin/python benchmarks/dbt_build.py [--runs 3] [--args "--threads 4"]
"""

from __future__ import annotations

import argparse
import json
import os
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


EXEC: dict[str, list[float]] = {"floor": [], "project": [], "no_unit": []}


def dbt_build(project: Path, work: Path, tag: str, extra: list[str]) -> float:
    env = dict(os.environ, DBT_PROFILES_DIR=str(ROOT), WAREHOUSE_PATH=str(work / f"{tag}.duckdb"))
    cmd = [DBT, "build", "--project-dir", str(project), "--target-path", str(work / f"target_{tag}"),
           "--log-path", str(work / f"logs_{tag}"), "--quiet", *extra]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"dbt build failed for {tag}")
    Path(work / f"{tag}.duckdb").unlink(missing_ok=True)  # every run builds from clean
    results = json.loads((work / f"target_{tag}" / "run_results.json").read_text(encoding="utf-8"))
    EXEC[tag].append(results["elapsed_time"])  # dbt's own node-execution time, without startup and parse
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--args", default="", help="extra arguments for the project build (not the floor)")
    opts = ap.parse_args()
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
              f"warm {med(times[name]) / med(times['floor']):.2f}x   (goal <= 1.5x)")

if __name__ == "__main__":
    main()
