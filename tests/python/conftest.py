"""Shared pytest fixtures: the repo paths and a warehouse built once per session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built from the committed seeds by the real `dbt build`, through `make pipeline`'s script."""
    target = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_warehouse.py"), "--target", str(target)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    return target
