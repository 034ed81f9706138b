"""Run `dbt build` into a fresh DuckDB file and swap it in over the live warehouse.

DuckDB allows one writer per file and a reader (the Streamlit app, a `duckdb` shell) holds a lock, so dbt never
writes the live file: it builds `.building/<target name>` beside it, and only a build whose models and tests all
pass replaces the live file with `os.replace` (atomic on one filesystem). Readers notice the new inode and reopen.

    python scripts/build_warehouse.py [--target warehouse.duckdb] [--ingest-dir DIR] [--no-wait]
                                      [extra dbt build arguments]

--ingest-dir DIR reads the seven ingest tables from DIR/<table>.parquet instead of the committed seeds (the
dbt var ingest_dir, see dbt_project.yml): for corpora too large for dbt seeds.

A killed build (kill -9 included) leaves the live file as it was; its leftovers in .building/ are cleared by
the next build. Two builds of one target never run at once: the second waits for the first (or, with
--no-wait, refuses) - they would share the build file and dbt's target/ folder.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ingest_tables() -> list[str]:
    """The seeds that --ingest-dir replaces with Parquet: those dbt_project.yml switches off when the var
    ingest_dir is set (one list, the project's; this script does not import the ingest package)."""
    import yaml  # dbt's own dependency

    seeds = yaml.safe_load((ROOT / "dbt_project.yml").read_text(encoding="utf-8"))["seeds"]["warehouse"]
    return [name for name, cfg in seeds.items() if isinstance(cfg, dict) and "ingest_dir" in str(cfg.get("+enabled"))]


class BuildError(SystemExit):
    """A build that did not replace the live file; the message says why."""


def dbt_executable() -> str:
    local = Path(sys.executable).with_name("dbt")
    return str(local) if local.exists() else "dbt"


def build(target: Path, dbt_args: list[str] | None = None, ingest_dir: Path | None = None,
          wait: bool = True) -> dict[str, int]:
    """Build into a sibling file, swap it in on success; return counts of dbt results by status."""
    target = target.resolve()
    dbt_args = list(dbt_args or [])
    if ingest_dir is not None:
        ingest_dir = checked_ingest_dir(ingest_dir)
        dbt_args += ["--vars", json.dumps({"ingest_dir": str(ingest_dir)})]
    # Same file name in a sibling folder: dbt-duckdb names the catalog after the file's stem and qualifies view
    # bodies with it, so the swapped-in file's views resolve when opened under the live name.
    staging = building_path(target)
    dbt_target = target_path(dbt_args)
    # two locks: the build file of this target, and dbt's target/ folder (partial-parse state, run_results.json),
    # which builds of different warehouses share unless given their own --target-path
    with build_lock(staging.parent / (target.name + ".lock"), f"another build of {target}", wait), \
            build_lock(dbt_target / ".build.lock", f"another dbt build using {dbt_target}", wait):
        clear_leftovers(staging)
        env = {**os.environ, "WAREHOUSE_PATH": str(staging), "DBT_PROFILES_DIR": str(ROOT)}
        # Unit tests check the SQL logic on fixture rows, not the data: dbt advises leaving them out of production
        # builds. `make test` runs them (tests/python/test_dbt_marts.py builds with every resource type).
        cmd = [dbt_executable(), "build", "--project-dir", str(ROOT), "--exclude-resource-type", "unit_test",
               *dbt_args]
        results = dbt_target / "run_results.json"
        results.unlink(missing_ok=True)  # never report an earlier run's results as this one's
        proc = subprocess.run(cmd, cwd=ROOT, env=env, check=False)
        counts = result_counts(results)
        if proc.returncode != 0:
            report = failure_report(results, staging)
            clear_leftovers(staging)
            raise BuildError(f"{report}dbt build failed (exit {proc.returncode}); {target} was left as it was")
        os.replace(staging, target)
    return counts


def building_path(target: Path) -> Path:
    return target.parent / ".building" / target.name


def checked_ingest_dir(ingest_dir: Path) -> Path:
    """The folder, absolute (dbt runs from the project), holding every ingest table as Parquet."""
    ingest_dir = ingest_dir.resolve()
    if not ingest_dir.is_dir():
        raise BuildError(f"--ingest-dir {ingest_dir}: not a folder")
    missing = [f"{t}.parquet" for t in ingest_tables() if not (ingest_dir / f"{t}.parquet").is_file()]
    if missing:
        raise BuildError(f"--ingest-dir {ingest_dir}: missing {', '.join(missing)} "
                         "(python -m ingest run REPORTS --seeds DIR --format parquet writes them)")
    return ingest_dir


@contextlib.contextmanager
def build_lock(lock_path: Path, what: str, wait: bool) -> Iterator[None]:
    """Hold an exclusive flock for the build. The kernel drops it when the process dies, even by kill -9,
    so a killed build never leaves a lock that blocks the next one."""
    ensure_dir(lock_path.parent)
    with open(lock_path, "a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            if not wait:
                raise BuildError(f"{what} is running ({holder}); not started (--no-wait)") from None
            print(f"{what} is running ({holder}); waiting for it to finish", file=sys.stderr, flush=True)
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_dir(path: Path) -> None:
    """mkdir -p that also replaces a stray file of that name (left by hand or by an older script)."""
    if path.exists() and not path.is_dir():
        path.unlink()
    path.mkdir(parents=True, exist_ok=True)


def clear_leftovers(staging: Path) -> None:
    """Remove what a failed or killed build left: the half-built file, its WAL, a directory in its place."""
    for leftover in (staging, staging.with_name(staging.name + ".wal"), staging.with_name(staging.name + ".tmp")):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover)
        else:
            leftover.unlink(missing_ok=True)


def target_path(dbt_args: list[str]) -> Path:
    """Where this dbt run writes run_results.json (`--target-path X`, `--target-path=X`, DBT_TARGET_PATH)."""
    for i, arg in enumerate(dbt_args):
        if arg == "--target-path" and i + 1 < len(dbt_args):
            return ROOT / dbt_args[i + 1]
        if arg.startswith("--target-path="):
            return ROOT / arg.split("=", 1)[1]
    return ROOT / os.environ.get("DBT_TARGET_PATH", "target")


def result_counts(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    if not path.exists():
        return counts
    for r in json.loads(path.read_text(encoding="utf-8")).get("results", []):
        kind = r["unique_id"].split(".")[0]
        key = f"{kind}:{r['status']}"
        counts[key] = counts.get(key, 0) + 1
    return counts


def failure_report(results: Path, staging: Path, max_rows: int = 5) -> str:
    """The failing tests with their first failing rows (each row of a `checks` test names the failed check),
    read from the half-built file before it is removed; '' when there is nothing to add to dbt's output."""
    if not results.exists() or not staging.exists():
        return ""
    failed = [r for r in json.loads(results.read_text(encoding="utf-8")).get("results", [])
              if r["unique_id"].startswith("test.") and r["status"] in ("fail", "error")]
    if not failed:
        return ""
    import duckdb

    lines = ["", "failing tests (first rows):"]
    try:
        con = duckdb.connect(str(staging), read_only=True)
    except duckdb.Error as e:
        return f"\n(could not open {staging} to show the failing rows: {e})\n"
    try:
        for r in failed:
            lines.append(f"  {r['unique_id'].split('.')[2]}: {r.get('message') or r['status']}")
            sql = r.get("compiled_code")
            if not sql:
                continue
            try:
                cur = con.execute(f"select * from ({sql}) limit {max_rows}")
                names = [d[0] for d in cur.description]
                for row in cur.fetchall():
                    lines.append("    " + ", ".join(f"{n}={v}" for n, v in zip(names, row, strict=True)))
            except duckdb.Error as e:
                lines.append(f"    (query failed: {str(e).splitlines()[0]})")
    finally:
        con.close()
    return "\n".join(lines) + "\n\n"


def summary(target: Path, counts: dict[str, int], seconds: float) -> str:
    import duckdb

    con = duckdb.connect(str(target), read_only=True)
    try:
        docs = con.sql("select count(*) from dim_document").fetchall()[0][0]
        facts = con.sql("select count(*) from stg_facts").fetchall()[0][0]
        warnings = con.sql("select count(*) from fct_data_quality").fetchall()[0][0]
    finally:
        con.close()
    tests = counts.get("test:pass", 0)
    failed = sum(v for k, v in counts.items() if k.endswith((":fail", ":error")))
    models = counts.get("model:success", 0)
    rel = os.path.relpath(target, Path.cwd())
    return "\n".join([
        "",
        f"warehouse   {rel}  (built in {seconds:.1f} s)",
        f"documents   {docs}",
        f"facts       {facts}",
        f"warnings    {warnings} data-quality rows (gate warnings)",
        f"dbt         {models} models built, {tests} tests passed, {failed} failed",
        "",
        "next:",
        "  make app                                   # explore in the browser (127.0.0.1:8501)",
        f"  .venv/bin/duckdb {rel} -c \"select * from fct_ranking_claims limit 5\"",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("WAREHOUSE_PATH", ROOT / "warehouse.duckdb"))
    parser.add_argument("--target", type=Path, default=default, help="the live warehouse file to replace")
    parser.add_argument("--ingest-dir", type=Path, default=None,
                        help="read the ingest tables from DIR/<table>.parquet instead of the committed seeds")
    parser.add_argument("--no-wait", action="store_true",
                        help="refuse (exit 1) instead of waiting when another build of the target is running")
    args, dbt_args = parser.parse_known_args()
    started = time.perf_counter()
    counts = build(args.target, dbt_args, ingest_dir=args.ingest_dir, wait=not args.no_wait)
    print(summary(args.target.resolve(), counts, time.perf_counter() - started))


if __name__ == "__main__":
    main()
