"""`dbt build` wall time of the project next to the floor: a trivial one-model `dbt build` in the same run.

Printed, never asserted (a speed figure, not a test). Both builds run the same dbt executable, profile and
adapter into throwaway DuckDB files under a temp dir, with their own target/log paths so the project's
target/ is not touched. Each is run `--runs` times, alternating, so both see the same machine load; the first
run of each is cold (full parse), the rest are warm (partial parse), which is how pipelines rebuild.

    .venv/bin/python benchmarks/dbt_build.py [--runs 3] [--args "--exclude-resource-type unit_test"]
"""

from __future__ import annotations

import argparse
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
        times: dict[str, list[float]] = {"floor": [], "project": []}
        for _ in range(opts.runs):
            times["floor"].append(dbt_build(floor, work, "floor", []))
            times["project"].append(dbt_build(ROOT, work, "project", shlex.split(opts.args)))
    for name, ts in times.items():
        warm = ts[1:] or ts
        print(f"{name:8s} cold {ts[0]:6.2f}s   warm median {statistics.median(warm):6.2f}s   runs {len(ts)}")
    cold = times["project"][0] / times["floor"][0]
    warm = statistics.median(times["project"][1:] or times["project"]) / statistics.median(
        times["floor"][1:] or times["floor"])
    print(f"ratio    cold {cold:.2f}x   warm {warm:.2f}x   (goal <= 1.5x)")


if __name__ == "__main__":
    main()
