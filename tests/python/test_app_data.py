"""The app's data layer without a browser: a swapped-in file is reopened, copies keep dbt's views working."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from app_fixtures import ROOT  # also puts the repo root on sys.path for `import app`

from app import data


def build(path: Path, value: int) -> None:
    """A tiny warehouse shaped like dbt's: built as `<name>.building`, a view qualified with the build catalog."""
    building = path.with_name(path.name + ".building")
    con = duckdb.connect(str(building))
    con.execute("create table facts as select ?::int as v", [value])
    con.execute("create view stg_facts as select v from facts")
    con.close()
    os.replace(building, path)


def test_a_swapped_in_build_is_reopened_and_served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    live = tmp_path / "warehouse.duckdb"
    build(live, 1)
    monkeypatch.setenv("WAREHOUSE_PATH", str(live))
    assert data.query("select v from stg_facts")["v"].tolist() == [1]
    held = data.handle()  # the app's read-only handle stays open while the next build runs
    build(live, 2)  # a writer on the sibling file is never blocked by the reader
    assert data.query("select v from stg_facts")["v"].tolist() == [2]
    assert data.handle() is not held


def test_a_writer_on_the_live_file_would_be_locked_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Why the build swaps files: while the app reads warehouse.duckdb, dbt could not write that very file."""
    live = tmp_path / "warehouse.duckdb"
    build(live, 1)
    monkeypatch.setenv("WAREHOUSE_PATH", str(live))
    data.query("select v from stg_facts")
    writer = subprocess.run([sys.executable, "-c", "import duckdb, sys; duckdb.connect(sys.argv[1])", str(live)],
                            capture_output=True, text=True, check=False)
    assert writer.returncode != 0 and "lock" in writer.stderr.lower()


def test_a_copy_under_another_name_keeps_the_views(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = tmp_path / "warehouse.duckdb"
    build(original, 7)
    copy = tmp_path / "snapshot-2026.duckdb"
    shutil.copyfile(original, copy)
    monkeypatch.setenv("WAREHOUSE_PATH", str(copy))
    assert data.query("select v from stg_facts")["v"].tolist() == [7]


def test_missing_file_raises_the_missing_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "none.duckdb"))
    with pytest.raises(data.WarehouseMissingError):
        data.handle()


def test_default_path_is_the_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WAREHOUSE_PATH", raising=False)
    assert data.warehouse_path() == ROOT / "warehouse.duckdb"
