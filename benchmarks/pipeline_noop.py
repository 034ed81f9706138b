"""Issue #16: "nothing to do costs nothing; one report costs one report". `make pipeline` timed against its tools'
floor, in one run on one machine (the ratios, not the seconds, are the figures):

- floor: a one-model `dbt build` (the same project and profile, into a scratch file) plus `import
  great_expectations` in a fresh Python, each the median of `--runs`;
- `make pipeline` with nothing changed (goal <= 0.3x the floor: it says "up to date" and why);
- `make pipeline` after adding one report to reports/, and after editing one (goal <= 1.0x the floor).

Everything runs in a scratch copy of the project (the shared virtualenv and the compiled extractor linked), warmed by
one `make pipeline` first, so the repository's seeds and warehouse are never touched.

    .venv/bin/python benchmarks/pipeline_noop.py [--runs 3] [--keep]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks import synth  # noqa: E402

PROJECT = ["Makefile", "pyproject.toml", "requirements.lock", "dbt_project.yml", "profiles.yml", "models", "macros",
           "seeds", "scripts", "ingest", "tests/dbt", "expectations", "reports", "benchmarks"]


def copy_project(dest: Path) -> Path:
    for name in PROJECT:
        src, to = ROOT / name, dest / name
        to.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, to, ignore=shutil.ignore_patterns(".*", "__pycache__"))
        else:
            shutil.copy2(src, to)
    (dest / ".venv").symlink_to((ROOT / ".venv").resolve())
    if (ROOT / "build" / "native").is_dir():  # the compiled extractor, valid for these very sources
        shutil.copytree(ROOT / "build" / "native" / "extract", dest / "build" / "native" / "extract", symlinks=True)
    return dest


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - started, proc


def make_pipeline(project: Path) -> tuple[float, str]:
    # -o: the shared virtualenv counts as installed (make would otherwise reinstall it when requirements.lock is newer)
    seconds, proc = timed(["make", "-s", "-o", ".venv/bin/.installed", "pipeline"], project)
    out = proc.stdout + proc.stderr
    if proc.returncode not in (0, 1):
        sys.exit(f"make pipeline failed (exit {proc.returncode}):\n{out[-3000:]}")
    return seconds, out


def floor(project: Path, runs: int) -> tuple[float, float]:
    py = str(project / ".venv" / "bin" / "python")
    dbt = str(project / ".venv" / "bin" / "dbt")
    scratch = project / "build" / "floor"
    env = {**os.environ, "DBT_PROFILES_DIR": str(project), "WAREHOUSE_PATH": str(scratch / "floor.duckdb")}
    dbt_times, gx_times = [], []
    for _ in range(runs):
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        seconds, proc = timed([dbt, "build", "--project-dir", str(project), "--select", "ref_regions",
                               "--target-path", str(scratch / "target"), "--log-path", str(scratch / "logs")],
                              project, env)
        if proc.returncode != 0:
            sys.exit(f"the one-model dbt build failed:\n{proc.stdout[-2000:]}")
        dbt_times.append(seconds)
        gx_times.append(timed([py, "-c", "import great_expectations"], project)[0])
    return statistics.median(dbt_times), statistics.median(gx_times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the scratch project")
    args = parser.parse_args()
    project = copy_project(Path(tempfile.mkdtemp(prefix="pipeline-noop-")) / "project")
    try:
        make_pipeline(project)  # warm: the ingest cache, the record, the warehouse and its stamp
        dbt_s, gx_s = floor(project, args.runs)
        base = dbt_s + gx_s
        noop = [make_pipeline(project) for _ in range(args.runs)]
        said = noop[-1][1]
        added = project / "reports" / "added"
        synth.generate(1, added, seed=7, gold=project / "added.gold.jsonl")
        add_s, add_out = make_pipeline(project)
        target = sorted(p for p in (project / "reports").glob("*.txt"))[1]
        target.write_text(target.read_text(encoding="utf-8").replace("增长", "增长1", 1), encoding="utf-8")
        edit_s, edit_out = make_pipeline(project)
        noop_s = statistics.median(s for s, _ in noop)
        print(f"floor: one-model dbt build {dbt_s:.2f} s + import great_expectations {gx_s:.2f} s = {base:.2f} s "
              f"(median of {args.runs})")
        print(f"make pipeline, nothing changed: {noop_s:.2f} s = {noop_s / base:.2f}x the floor (goal <= 0.3x)")
        print(f"make pipeline, one report added: {add_s:.2f} s = {add_s / base:.2f}x (goal <= 1.0x)")
        print(f"make pipeline, one report edited: {edit_s:.2f} s = {edit_s / base:.2f}x (goal <= 1.0x)")
        print("what the no-op run said:")
        for line in said.splitlines():
            if "up to date" in line or line.startswith("pipeline:"):
                print(f"  {line.strip()}")
        for name, out in (("added", add_out), ("edited", edit_out)):
            path = "incremental" if "incremental run" in out else "full gate" if "gate passed" in out else "?"
            dbt = "dbt built" if "Completed successfully" in out else "no dbt"
            print(f"one report {name}: ingest took the {path}; {dbt}")
    finally:
        if args.keep:
            print(f"scratch project: {project}")
        else:
            shutil.rmtree(project.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
