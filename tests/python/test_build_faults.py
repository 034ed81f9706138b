"""Faults around `scripts/build_warehouse.py` (issues #8, #18): kill -9 mid-build (the group, or the script alone),
a killed build's leftovers, two builds at once, a nearly full disk, an ingest run holding the seeds. The builds are
the real ones (dbt build of the committed seeds), each with its own dbt target and log folders under the test's
temp dir; the live warehouse is checked read-only with duckdb as the app opens it.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from processes import descendants, survivors

from ingest.lock import seeds_lock

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "build_warehouse.py"
_spec = importlib.util.spec_from_file_location("build_warehouse", SCRIPT)
assert _spec and _spec.loader
build_warehouse = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_warehouse)
MARTS = ("dim_region", "dim_indicator", "dim_period", "dim_document", "fct_indicator_values",
         "fct_growth_benchmark", "fct_ranking_claims", "fct_ranking_evidence", "fct_targets",
         "fct_report_scorecards", "fct_data_quality")

pytestmark = pytest.mark.slow


def build_cmd(target: Path, work: Path, *extra: str) -> list[str]:
    return [sys.executable, str(SCRIPT), "--target", str(target), "--target-path", str(work / "target"),
            "--log-path", str(work / "logs"), *extra]


def run_build(target: Path, work: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(build_cmd(target, work, *extra), cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def mart_contents(db: Path) -> dict[str, list[tuple]]:
    """Every mart, sorted, read the way the app reads the live file (read-only)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {m: con.execute(f"select * from {m} order by all").fetchall() for m in MARTS}
    finally:
        con.close()


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[tuple]]]:
    """A warehouse built from the committed seeds, and its marts."""
    work = tmp_path_factory.mktemp("good")
    target = work / "warehouse.duckdb"
    proc = run_build(target, work)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    marts = mart_contents(target)
    assert all(marts[m] for m in ("dim_document", "fct_indicator_values", "fct_targets"))
    return target, marts


def live_copy(good: tuple[Path, dict], tmp_path: Path) -> Path:
    live = tmp_path / "live" / "warehouse.duckdb"
    live.parent.mkdir()
    shutil.copyfile(good[0], live)
    return live


def start_build(target: Path, work: Path, *extra: str) -> subprocess.Popen[str]:
    # its own process group, so the test can kill the script and dbt under it at once, as kill -9 -PGID would
    return subprocess.Popen(build_cmd(target, work, *extra), cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)


def wait_for_line(proc: subprocess.Popen[str], needle: str, timeout: float = 300) -> list[str]:
    """Read the build's output until a line containing `needle`; fail if the build ends or times out first."""
    assert proc.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        if needle in line:
            return seen
    raise AssertionError(f"the build never printed {needle!r}:\n{''.join(seen)[-3000:]}")


def test_kill_9_mid_build_keeps_the_previous_warehouse_and_the_next_build_succeeds(good, tmp_path: Path):
    live = live_copy(good, tmp_path)
    work = tmp_path / "dbt"
    proc = start_build(live, work)
    # mid-build: the seeds are loaded and the first model has been written into .building/, the rest not yet
    wait_for_line(proc, "OK created sql table model")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert (live.parent / ".building" / live.name).exists(), "the killed build left its half-built file"

    assert mart_contents(live) == good[1], "the live warehouse changed under a killed build"

    # and a WAL beside the half-built file that does not belong to it (it must not be replayed into the rebuild)
    (live.parent / ".building" / (live.name + ".wal")).write_bytes(b"not a wal")
    rebuilt = run_build(live, work)
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:] + rebuilt.stderr[-2000:]
    assert mart_contents(live) == good[1]
    assert not (live.parent / ".building" / live.name).exists()


def test_a_build_clears_stray_leftovers(good, tmp_path: Path):
    live = live_copy(good, tmp_path)
    building = live.parent / ".building"
    building.write_text("a stray file where the build folder goes\n")  # e.g. left by hand or an older script
    proc = run_build(live, tmp_path / "dbt")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert building.is_dir()
    assert mart_contents(live) == good[1]


def test_a_second_build_of_the_same_target_waits_or_refuses(good, tmp_path: Path):
    live = live_copy(good, tmp_path)
    work = tmp_path / "dbt"
    first = start_build(live, work)
    try:
        wait_for_line(first, "START seed file")  # holds the lock now, and has seconds of work left
        waiting = subprocess.Popen(build_cmd(live, tmp_path / "dbt3"), cwd=ROOT, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)

        refused = run_build(live, tmp_path / "dbt2", "--no-wait")
        assert refused.returncode != 0
        assert f"another build of {live} is running (pid {first.pid}" in refused.stderr
        assert "not started (--no-wait)" in refused.stderr

        out, err = waiting.communicate(timeout=600)
        first_out = first.communicate(timeout=600)[0]
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    assert first.returncode == 0, first_out[-3000:]
    assert waiting.returncode == 0, out[-3000:] + err[-2000:]
    assert "waiting for it to finish" in err
    assert mart_contents(live) == good[1]


@contextlib.contextmanager
def small_filesystem(where: Path, megabytes: int) -> Iterator[Path]:
    """A tmpfs of that size mounted at `where` (as root), unmounted afterwards; the test is skipped where mounting
    is impossible (not root, no mount permission in the container)."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a {megabytes} MB tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


@pytest.mark.parametrize("megabytes", [12, 15, 18])
def test_a_build_on_a_nearly_full_disk_never_replaces_the_live_warehouse(good, tmp_path: Path, megabytes: int):
    """#18.1: the live file (~9 MB) on a file system with room for less than a second copy. dbt may report
    success with its data still in the WAL: the new file is verified before the swap and refused."""
    with small_filesystem(tmp_path / "small", megabytes) as small:
        live = small / "warehouse.duckdb"
        shutil.copyfile(good[0], live)
        proc = run_build(live, tmp_path / "dbt")  # dbt's target/ and logs on the large disk
        assert proc.returncode != 0, proc.stdout[-2000:]
        assert "disk full" in proc.stderr and f"{live} was left as it was" in proc.stderr, proc.stderr[-2000:]
        assert "Traceback" not in proc.stderr
        assert mart_contents(live) == good[1], "the live warehouse changed"
        assert not (small / ".building" / live.name).exists()
        assert not (small / ".building" / (live.name + ".wal")).exists()


def test_verification_refuses_a_file_missing_what_dbt_built(good, tmp_path: Path):
    """The check itself, on a real file: a mart dropped after dbt built it, or a WAL that cannot be replayed."""
    staging = tmp_path / "w.duckdb"
    shutil.copyfile(good[0], staging)
    relations = [f'"main"."{m}"' for m in MARTS]
    counts = build_warehouse.verify(staging, relations)
    assert counts['"main"."dim_document"'] == len(good[1]["dim_document"])
    con = duckdb.connect(str(staging))
    con.execute("drop table fct_targets")
    con.close()
    with pytest.raises(build_warehouse.Unverified, match="fct_targets"):
        build_warehouse.verify(staging, relations)


def test_killing_only_the_build_script_takes_dbt_with_it_and_the_next_build_succeeds(good, tmp_path: Path):
    """#18.7: kill -9 of the script alone (not its group): dbt must not go on writing .building/ with the lock
    released, so a build started at once neither fails on DuckDB's file lock nor swaps in a half-built file."""
    live = live_copy(good, tmp_path)
    work = tmp_path / "dbt"
    proc = start_build(live, work)
    wait_for_line(proc, "OK created sql table model")
    children = descendants(proc.pid)
    assert any("dbt" in cmd for _, _, cmd in children), children
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert survivors(children, grace=2) == [], "dbt outlived the build script"
    rebuilt = run_build(live, work, "--no-wait")
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:] + rebuilt.stderr[-2000:]
    assert mart_contents(live) == good[1]


def test_a_build_waits_for_an_ingest_run_writing_the_seeds(good, tmp_path: Path):
    """The seed folder is read under its lock: with --no-wait a build refuses while a run holds it."""
    live = live_copy(good, tmp_path)
    with seeds_lock(ROOT / "seeds"):
        refused = run_build(live, tmp_path / "dbt", "--no-wait")
    assert refused.returncode != 0
    assert f"{ROOT / 'seeds'} is being written by another ingest run (process {os.getpid()}" in refused.stderr
    assert "or build without --no-wait" in refused.stderr
