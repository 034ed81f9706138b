"""Fixtures and helpers for the app tests: a warehouse built once per session, a served app, a Chromium page.

The page list is the app's own (app/pages.py), imported, not copied.

Not a conftest (tests/python/conftest.py belongs to the pipeline tests); test modules import what they use:

    from app_fixtures import app_warehouse, chromium  # noqa: F401  (pytest fixtures)

APP_TEST_WAREHOUSE=/path/to/warehouse.duckdb skips the build and uses a copy of that file (quick local runs).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `import app` works under a bare `pytest` too, not only `python -m pytest`
    sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
ENTRY = ROOT / "app" / "Home.py"
SCREENSHOTS = ROOT / "build" / "screenshots"  # git-ignored (build/)
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]



def build_warehouse(target: Path, project: Path = ROOT) -> None:
    """The real build: `scripts/build_warehouse.py` (dbt build into a sibling file, then os.replace)."""
    work = target.parent / "dbt"
    cmd = [sys.executable, str(project / "scripts" / "build_warehouse.py"), "--target", str(target),
           # dbt's own files go beside the warehouse, so parallel builds in the repo do not share target/
           "--target-path", str(work / "target"), "--log-path", str(work / "logs")]
    proc = subprocess.run(cmd, cwd=project, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not target.exists():
        raise RuntimeError(f"warehouse build failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")


# Each test module imports the fixture, and pytest treats each import as its own fixture definition (so its own
# "session" instance); the built file is remembered here, in the one imported module, so dbt runs once.
_BUILT: dict[str, Path] = {}


@pytest.fixture(scope="session")
def app_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built once per session from the committed seeds, read-only for the tests that use it."""
    if "warehouse" not in _BUILT:
        target = tmp_path_factory.mktemp("app_warehouse") / "warehouse.duckdb"
        prebuilt = os.environ.get("APP_TEST_WAREHOUSE")
        if prebuilt:
            shutil.copyfile(prebuilt, target)
        else:
            build_warehouse(target)
        _BUILT["warehouse"] = target
    return _BUILT["warehouse"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200 and r.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise TimeoutError(f"{url}/_stcore/health did not answer within {timeout} s")


@contextmanager
def serve(warehouse: Path, log: Path) -> Iterator[str]:
    """`streamlit run app/Home.py` on a free 127.0.0.1 port, reading `warehouse`; yields the base URL."""
    port = free_port()
    env = {**os.environ, "WAREHOUSE_PATH": str(warehouse)}
    cmd = [str(BIN / "streamlit"), "run", str(ENTRY), "--server.address", "127.0.0.1", "--server.port", str(port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, proc)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """Debian's Chromium through Playwright (Playwright's own browsers cannot be downloaded here)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium fonts-noto-cjk)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser: object, url: str, heading: str, timeout_ms: int = 30_000, width: int = 1400,
              requests: list[str] | None = None) -> object:
    """A fresh tab at `url`, returned once the page's title (h1) has rendered and the script has finished.
    `requests`, when given, collects the URL of every request the tab makes."""
    page = browser.new_page(viewport={"width": width, "height": 1000 if width > 600 else 844},  # type: ignore[attr-defined]
                            locale="zh-CN", accept_downloads=True)
    if requests is not None:
        page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    wait_rendered(page, heading, timeout_ms)
    return page


def screenshot(page: object, name: str) -> Path:
    """The whole page (Streamlit scrolls inside its main block, so the viewport is stretched first)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size  # type: ignore[attr-defined]
    height = page.evaluate(  # type: ignore[attr-defined]
        "() => { const m = document.querySelector('[data-testid=stMain]'); return m ? m.scrollHeight : 1000 }")
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 8000)})  # type: ignore[attr-defined]
    settle(page)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))  # type: ignore[attr-defined]
    page.set_viewport_size(size)  # type: ignore[attr-defined]
    return path


def wait_rendered(page: object, heading: str, timeout_ms: int = 30_000) -> None:
    """Until the page's script run has finished (the attribute Streamlit's own e2e tests wait on) with `heading`."""
    page.wait_for_selector(  # type: ignore[attr-defined]
        "[data-testid=stApp][data-test-script-state=notRunning]", state="attached", timeout=timeout_ms)
    page.get_by_role("heading", name=heading, exact=True).first.wait_for(timeout=timeout_ms)  # type: ignore[attr-defined]
    # Element code is loaded on first use; until then Streamlit draws skeletons in their place.
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !document.querySelector('[data-testid=stSkeleton]')", timeout=timeout_ms)
    settle(page)


def settle(page: object, quiet_ms: int = 400, timeout_s: float = 15) -> None:
    """Until the page text stops changing: columns and charts paint a moment after the script run ends."""
    deadline = time.monotonic() + timeout_s
    last = None
    while time.monotonic() < deadline:
        text = main_text(page)
        if text == last:
            return
        last = text
        page.wait_for_timeout(quiet_ms)  # type: ignore[attr-defined]


def main_text(page: object) -> str:
    return page.inner_text("[data-testid=stMain]")  # type: ignore[attr-defined]
