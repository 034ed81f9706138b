"""How long each explorer page takes to render (printed, never asserted; the target is <= 1 s a page).

Runs every page's script through Streamlit's AppTest against the warehouse (env WAREHOUSE_PATH, default
warehouse.duckdb at the repo root): once cold (query caches cleared, so SQL runs) and several times warm (what a
reader switching pages sees). Browser paint time is not included.

    .venv/bin/python benchmarks/app_pages.py [--runs 5]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from app import data  # noqa: E402

PAGES = ["overview", "rankings", "benchmarks", "timeseries", "targets", "quality", "document"]
TARGET_S = 1.0


def render(at: AppTest, page: str) -> float:
    started = time.perf_counter()
    at.switch_page(f"views/{page}.py").run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")
    return elapsed


def quiet() -> None:
    """AppTest's bare-mode warnings ("No runtime found", "missing ScriptRunContext") are noise here."""
    logging.disable(logging.WARNING)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="warm runs per page")
    args = parser.parse_args()
    quiet()
    path = data.warehouse_path()
    if not path.exists():
        raise SystemExit(f"no warehouse at {path}: run `make pipeline` first")
    at = AppTest.from_file(str(ROOT / "app" / "Home.py"), default_timeout=60)
    at.run()
    print(f"warehouse {path}")
    print(f"{'page':<12} {'cold s':>8} {'warm median s':>14} {'warm max s':>11}  <= {TARGET_S:.0f} s")
    for page in PAGES:
        st.cache_data.clear()
        cold = render(at, page)
        warm = [render(at, page) for _ in range(args.runs)]
        ok = "yes" if max(cold, *warm) <= TARGET_S else "NO"
        print(f"{page:<12} {cold:>8.3f} {statistics.median(warm):>14.3f} {max(warm):>11.3f}  {ok}")


if __name__ == "__main__":
    main()
