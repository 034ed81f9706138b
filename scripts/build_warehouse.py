"""Run `dbt build` into a fresh DuckDB file and swap it in over the live warehouse.

DuckDB allows one writer per file and a reader (the Streamlit app, a `duckdb` shell) holds a lock, so dbt never
writes the live file: it builds `.building/<target name>` beside it, and only a build whose models and tests all
pass replaces the live file with `os.replace` (atomic on one filesystem). Readers notice the new inode and reopen.

    python scripts/build_warehouse.py [--target warehouse.duckdb] [extra dbt build arguments]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def dbt_executable() -> str:
    local = Path(sys.executable).with_name("dbt")
    return str(local) if local.exists() else "dbt"


def build(target: Path, dbt_args: list[str] | None = None) -> dict[str, int]:
    """Build into a sibling file, swap it in on success; return counts of dbt results by status."""
    target = target.resolve()
    # Same file name in a sibling folder: dbt-duckdb names the catalog after the file's stem and qualifies view
    # bodies with it, so the swapped-in file's views resolve when opened under the live name.
    staging = building_path(target)
    staging.parent.mkdir(exist_ok=True)
    for leftover in (staging, staging.with_name(staging.name + ".wal")):
        leftover.unlink(missing_ok=True)
    env = {**os.environ, "WAREHOUSE_PATH": str(staging), "DBT_PROFILES_DIR": str(ROOT)}
    # Unit tests check the SQL logic on fixture rows, not the data: dbt advises leaving them out of production
    # builds. `make test` runs them (tests/python/test_dbt_marts.py builds with every resource type).
    cmd = [dbt_executable(), "build", "--project-dir", str(ROOT), "--exclude-resource-type", "unit_test",
           *(dbt_args or [])]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, check=False)
    counts = result_counts(target_path(dbt_args or []) / "run_results.json")
    if proc.returncode != 0:
        staging.unlink(missing_ok=True)
        raise SystemExit(f"dbt build failed (exit {proc.returncode}); {target} was left as it was")
    os.replace(staging, target)
    return counts


def building_path(target: Path) -> Path:
    return target.parent / ".building" / target.name


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
    args, dbt_args = parser.parse_known_args()
    started = time.perf_counter()
    counts = build(args.target, dbt_args)
    print(summary(args.target.resolve(), counts, time.perf_counter() - started))


if __name__ == "__main__":
    main()
