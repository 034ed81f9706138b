"""The warehouse is rebuilt while the app is serving: the app keeps answering, dbt is never blocked, new data shows.

The rebuild is the real one (`scripts/build_warehouse.py`: dbt build into `.building/<target name>`, then os.replace),
run from a copy of the project whose seeds carry one extra ingest event, so the new build is visibly different.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from app_fixtures import ROOT, app_warehouse, chromium, main_text, open_page, serve, wait_rendered  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MARKER = "reports/zz_swap_probe.pdf"
PROJECT_FILES = ["dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "scripts", "ingest", "tests/dbt"]


def project_copy(dest: Path) -> Path:
    """The dbt project (not the venv, not git) with one more rejected file in seeds/ingest_events.csv."""
    for name in PROJECT_FILES:
        src = ROOT / name
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy2(src, dest / name)
    events = dest / "seeds" / "ingest_events.csv"
    text = events.read_text(encoding="utf-8")
    events.write_text(text + ("" if text.endswith("\n") else "\n") + f"{MARKER},{'0' * 64},rejected,,swap probe\n",
                      encoding="utf-8")
    return dest


def test_rebuild_while_serving_keeps_answering_then_shows_new_data(
    app_warehouse: Path, chromium: object, tmp_path: Path,  # noqa: F811
) -> None:
    live = tmp_path / "live" / "warehouse.duckdb"
    live.parent.mkdir()
    shutil.copyfile(app_warehouse, live)
    project = project_copy(tmp_path / "project")
    with serve(live, tmp_path / "streamlit.log") as url:
        page = open_page(chromium, f"{url}/quality", "数据质量")
        assert MARKER not in main_text(page)
        old_inode = live.stat().st_ino

        build = subprocess.Popen(
            [sys.executable, str(project / "scripts" / "build_warehouse.py"), "--target", str(live)],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        answered = 0
        while build.poll() is None:  # the app holds the live file open the whole time and must keep answering
            page.reload()
            wait_rendered(page, "数据质量", timeout_ms=15_000)
            answered += 1
            time.sleep(0.2)
        output = build.stdout.read() if build.stdout else ""
        assert build.returncode == 0, f"dbt build was blocked or failed while the app was serving:\n{output[-3000:]}"
        assert answered >= 1
        assert live.stat().st_ino != old_inode, "the build swapped a new file in"

        page.reload()
        wait_rendered(page, "数据质量")
        assert MARKER in main_text(page), "the app reopened the swapped-in warehouse"
        page.close()
