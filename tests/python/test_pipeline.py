"""The main job end to end: reports/ -> seeds/ byte for byte, the extract contract, the shell opens the warehouse."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks.pipeline_noop import copy_project
from ingest.batch import run
from ingest.tables import SCHEMAS

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def test_ingesting_reports_reproduces_committed_seeds(tmp_path: Path) -> None:
    """seeds/ is committed so `dbt build` works on a fresh clone; it must be exactly what ingest makes of reports/."""
    reports = tmp_path / "reports"
    shutil.copytree(ROOT / "reports", reports)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    result = run(reports, seeds)
    assert result.gate.passed
    for table in SCHEMAS:
        committed = (ROOT / "seeds" / f"{table}.csv").read_bytes()
        assert (seeds / f"{table}.csv").read_bytes() == committed, f"seeds/{table}.csv is stale: run make pipeline"


def test_second_run_changes_no_seed(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds, ignore=shutil.ignore_patterns(".*"))  # a build may hold the lock
    before = {p.name: p.read_bytes() for p in seeds.glob("*.csv")}
    result = run(ROOT / "reports", seeds)
    assert result.changed == []
    assert {p.name: p.read_bytes() for p in seeds.glob("*.csv")} == before


def test_extract_cli_prints_header_then_facts_with_exact_spans() -> None:
    seed = ROOT / "reports" / "000_4d642fd5ff5d4800.txt"
    out = subprocess.run([sys.executable, "-m", "ingest", "extract", str(seed)], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    lines = [json.loads(line) for line in out.splitlines()]
    header, facts = lines[0], lines[1:]
    assert header["type"] == "doc"
    assert header["region"] == "海安市" and header["region_code"] == "320685"
    assert header["period"] == "2022H1" and header["published"] == "2022-08-03"
    assert header["tampered"] is True
    assert facts and all(f["doc"] == header["doc"] for f in facts)
    gdp = [f for f in facts if f["type"] == "level" and f["value"] == 684.66]
    assert gdp and gdp[0]["unit"] == "亿元" and "地区生产总值" in gdp[0]["indicator"]
    assert not any("皇冠" in f["sentence"] for f in facts), "spam must be removed before extraction"


def test_build_script_swaps_in_a_warehouse_the_duckdb_shell_opens(warehouse: Path) -> None:
    """The analyst's path: the PyPI `duckdb` shell (1.5.x) must read the file dbt wrote."""
    out = subprocess.run([str(BIN / "duckdb"), str(warehouse), "-csv", "-noheader", "-c",
                          "select count(*) from fct_indicator_values"], check=True, capture_output=True, text=True)
    assert int(out.stdout.strip()) > 0
    assert not (warehouse.parent / ".building" / warehouse.name).exists()
    views = subprocess.run([str(BIN / "duckdb"), str(warehouse), "-csv", "-noheader", "-c",
                            "select count(*) from stg_facts"], check=True, capture_output=True, text=True)
    assert int(views.stdout.strip()) > 0, "dbt's views must resolve in the swapped-in file"


def test_make_pipeline_builds_what_loaded_names_what_did_not_and_redoes_nothing(tmp_path: Path) -> None:
    """#18.2: one refused file used to stop `make pipeline` before the build, leaving the warehouse a report behind
    the seeds. Now the warehouse is built from what loaded, the exit code is non-zero and the file is named; run
    again with nothing changed, neither ingest nor dbt runs, and the file is named again."""
    project = copy_project(tmp_path / "project")
    (project / "reports" / "broken.txt").write_bytes(b"")
    env = {k: v for k, v in os.environ.items() if k not in ("INGEST_CACHE_DIR", "WAREHOUSE_PATH")}
    cmd = [sys.executable, str(project / "scripts" / "pipeline.py")]
    first = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=900)
    assert first.returncode == 1, first.stdout[-2000:] + first.stderr[-3000:]
    assert "pipeline: 1 file(s) not loaded: reports/broken.txt" in first.stderr
    seeds_docs = (project / "seeds" / "documents.csv").read_text(encoding="utf-8").count("\n") - 1
    con = duckdb.connect(str(project / "warehouse.duckdb"), read_only=True)
    try:
        assert con.sql("select count(*) from dim_document").fetchall()[0][0] == seeds_docs
        assert con.sql("select count(*) from stg_ingest_events where source_path = 'reports/broken.txt' "
                       "and status = 'rejected'").fetchall()[0][0] == 1
    finally:
        con.close()
    assert seeds_docs == len([p for p in (ROOT / "reports").iterdir() if not p.name.startswith(".")])

    again = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 1
    assert "ingest: up to date" in again.stderr and "still not loaded: reports/broken.txt" in again.stderr
    assert "is up to date: no seed, model" in again.stdout
    assert "dbt" not in again.stdout.replace("dbt setting", "")
