"""How long each explorer page takes to render (printed, never asserted; the target is <= 1 s a page).

Runs every page's script (the app's own page list, app/pages.py) through Streamlit's AppTest against the warehouse
(--warehouse, else env WAREHOUSE_PATH, else warehouse.duckdb at the repo root): once cold (caches cleared: the
warehouse is reopened and the SQL runs) and several times warm (what a reader switching pages sees), in Chinese
and in English. With --browser, also the time from navigation to a finished, painted page in Debian Chromium
against `streamlit run`.

    .venv/bin/python benchmarks/app_pages.py [--warehouse FILE] [--runs 5] [--browser]

At scale: the 10,000-report synthetic warehouse of README "Large corpora" (benchmarks/synth.py, ingest with
--format parquet, build_warehouse.py --ingest-dir), then --warehouse big.duckdb.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from app import data  # noqa: E402
from app.pages import PAGES as PAGE_LIST  # noqa: E402

PAGES = [p.path for p in PAGE_LIST]
FILES = {p.path: p.file for p in PAGE_LIST}
TARGET_S = 1.0
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TITLES = [p.title[0] for p in PAGE_LIST]
# What a reader would open: the search page with a word, the profile on the project's first region.
QUERY = {"search": {"q": "集装箱"}, "profile": {"region": "320685"}}
# Done = the new page's title is up, its script run has finished and no element is still a loading skeleton.
DONE_JS = """(title) => [...document.querySelectorAll('[data-testid=stMain] h1')]
        .some(h => h.innerText.trim() === title)
    && !!document.querySelector('[data-testid=stApp][data-test-script-state=notRunning]')
    && !document.querySelector('[data-testid=stSkeleton]')"""


def render(at: AppTest, page: str, lang: str = "zh") -> float:
    at.query_params.clear()
    at.query_params.update({"lang": lang, **QUERY.get(page, {})})
    started = time.perf_counter()
    at.switch_page(FILES[page]).run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].value}")
    return elapsed


def quiet() -> None:
    """AppTest's bare-mode warnings ("No runtime found", "missing ScriptRunContext") are noise here."""
    logging.disable(logging.WARNING)


def browser_figures(path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [str(Path(sys.executable).with_name("streamlit")), "run", str(ROOT / "app" / "Home.py"),
           "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true"]
    server = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "WAREHOUSE_PATH": str(path)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/_stcore/health", timeout=1).close()
                break
            except OSError:
                time.sleep(0.25)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            print(f"\nbrowser (Chromium, {base}): full page load, then in-app navigation via the sidebar")
            started = time.perf_counter()
            page.goto(base)
            page.wait_for_function(DONE_JS, arg=TITLES[0], timeout=30_000)
            print(f"{'first load':<12} {time.perf_counter() - started:>8.3f}")
            print(f"{'page':<12} {'1st visit s':>11} {'2nd visit s':>12}")
            rounds: dict[str, list[float]] = {name: [] for name in PAGES}
            for _ in range(2):
                for name, title in [*zip(PAGES[1:], TITLES[1:], strict=True), (PAGES[0], TITLES[0])]:
                    started = time.perf_counter()
                    page.locator("[data-testid=stSidebarNav] a").filter(has_text=title).first.click()
                    page.wait_for_function(DONE_JS, arg=title, timeout=30_000)
                    rounds[name].append(time.perf_counter() - started)
            for name, times in rounds.items():
                print(f"{name:<12} {times[0]:>11.3f} {times[1]:>12.3f}")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="warm runs per page")
    parser.add_argument("--browser", action="store_true", help="also time each page in Chromium")
    parser.add_argument("--warehouse", type=Path, help="the warehouse file (default: env WAREHOUSE_PATH or the repo's)")
    args = parser.parse_args()
    if args.warehouse:
        os.environ["WAREHOUSE_PATH"] = str(args.warehouse.resolve())
    quiet()
    path = data.warehouse_path()
    if not path.exists():
        raise SystemExit(f"no warehouse at {path}: run `make pipeline` first")
    # One AppTest per language: AppTest re-reads a widget's value with the test thread's formatting, so a page
    # drawn in English and then read in Chinese would confuse it (a page switch in the app itself does not).
    sessions = {lang: AppTest.from_file(str(ROOT / "app" / "Home.py"), default_timeout=120) for lang in ("zh", "en")}
    for at in sessions.values():
        at.run()
    n_docs = int(data.query("select count(*) as n from dim_document")["n"][0])
    print(f"warehouse {path} ({n_docs:,} documents)")
    print(f"{'page':<12} {'cold s':>8} {'warm median s':>14} {'warm max s':>11} {'en warm s':>10}  "
          f"warm <= {TARGET_S:.0f} s")
    for page in PAGES:
        st.cache_data.clear()
        st.cache_resource.clear()  # query results are resources (shared frames); cold means the SQL runs again
        cold = render(sessions["zh"], page)
        warm = [render(sessions["zh"], page) for _ in range(args.runs)]
        render(sessions["en"], page, "en")
        en = statistics.median(render(sessions["en"], page, "en") for _ in range(args.runs))
        ok = "yes" if max(*warm, en) <= TARGET_S else "NO"
        print(f"{page:<12} {cold:>8.3f} {statistics.median(warm):>14.3f} {max(warm):>11.3f} {en:>10.3f}  {ok}")
    if args.browser:
        browser_figures(path)


if __name__ == "__main__":
    main()
