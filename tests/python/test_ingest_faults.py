"""ingest run under faults, with real processes: a full disk, a seed folder that cannot be written, two runs at
once, a file that takes too long; and the Parquet output and the near-duplicate index that make 10,000 reports
feasible."""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from test_read_intake import FIXTURES, SEED, write

import ingest.batch as batch
import ingest.copies as copies
from ingest.identify import normalized
from ingest.lock import LOCK_NAME
from ingest.tables import SCHEMAS
from ingest.write import SeedWriteError, write_seeds

ROOT = Path(__file__).resolve().parents[2]
DEV = sorted(p for p in FIXTURES.glob("*.txt") if not p.name.startswith("000_"))


def small_folder(root: Path, files: list[Path]) -> Path:
    reports = root / "reports"
    reports.mkdir()
    for p in files:
        shutil.copy(p, reports / p.name)
    return reports


def ingest(reports: Path, seeds: Path, *args: str, limit_bytes: int | None = None,
           wait: bool = True) -> subprocess.Popen[str]:
    """`python -m ingest run` as its own process (cache off, so every run does the real work)."""

    def file_size_limit() -> None:  # in the child: a full disk as the kernel reports it to a writer (EFBIG)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    env = {**os.environ, "INGEST_CACHE_DIR": "", "COLUMNS": "200"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ingest", "run", str(reports), "--seeds", str(seeds), "--jobs", "1", *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=file_size_limit if limit_bytes else None,
    )
    if wait:
        proc.wait(timeout=300)
    return proc


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error")]


def test_disk_full_names_the_file_and_leaves_every_seed_and_no_temp_file(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds, ignore=shutil.ignore_patterns(".*"))  # a build may hold the lock
    before = files_in(seeds)
    reports = small_folder(tmp_path, [SEED, *DEV[:2]])  # another batch than the committed one: every table changes
    proc = ingest(reports, seeds, limit_bytes=16_000)  # the seed report's text alone is larger
    stderr = proc.stderr.read() if proc.stderr else ""
    assert proc.returncode == 2, stderr
    [line] = error_lines(stderr)
    assert f"cannot write {seeds}/" in line and "File too large" in line and "no seed file was changed" in line
    assert "Traceback" not in stderr
    assert files_in(seeds) == before  # byte for byte, and no temp file left behind


def test_a_seed_folder_that_cannot_be_created_is_named_before_any_work(tmp_path: Path) -> None:
    # A path under a regular file: unwritable even for root, whom chmod 0555 does not stop.
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file\n", encoding="utf-8")
    reports = small_folder(tmp_path, DEV[:1])
    started = time.monotonic()
    proc = ingest(reports, blocker / "seeds")
    stderr = proc.stderr.read() if proc.stderr else ""
    assert proc.returncode == 2
    [line] = error_lines(stderr)
    assert f"cannot write {blocker}/seeds" in line and "Not a directory" in line
    assert "Traceback" not in stderr
    assert time.monotonic() - started < 60  # refused up front, not after ingesting and gating


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod 0555")
def test_a_read_only_seed_folder_is_named_and_left_as_it_was(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds, ignore=shutil.ignore_patterns(".*"))  # a build may hold the lock
    before = files_in(seeds)
    seeds.chmod(0o555)
    try:
        proc = ingest(small_folder(tmp_path, DEV[:1]), seeds)
    finally:
        seeds.chmod(0o755)
    stderr = proc.stderr.read() if proc.stderr else ""
    assert proc.returncode == 2 and "Permission denied" in error_lines(stderr)[0] and "Traceback" not in stderr
    assert files_in(seeds) == before


def test_write_seeds_cleans_up_when_a_later_file_fails(tmp_path: Path) -> None:
    """A folder where the second seed goes: its rename could only fail after the first one's, so the switch is
    refused before any rename (all-or-nothing), and no temp file stays behind."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "b.csv").mkdir()
    tables = {"a": pl.DataFrame({"x": [1]}), "b": pl.DataFrame({"x": [2]})}
    with pytest.raises(SeedWriteError, match=r"b\.csv: Is a directory; no seed file was changed"):
        write_seeds(tables, seeds)
    assert sorted(p.name for p in seeds.iterdir()) == ["b.csv"]


def test_a_second_run_on_the_same_seeds_refuses_naming_the_first_and_waits_when_asked(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds, ignore=shutil.ignore_patterns(".*"))  # a build may hold the lock
    reports = small_folder(tmp_path, DEV[:3])
    first = ingest(reports, seeds, wait=False)
    lock = seeds / LOCK_NAME
    try:
        deadline = time.monotonic() + 60
        while not (lock.exists() and lock.read_text().strip() == str(first.pid)):
            assert first.poll() is None and time.monotonic() < deadline, "the first run never took the lock"
            time.sleep(0.02)
        second = ingest(reports, seeds)
        stderr = second.stderr.read() if second.stderr else ""
        assert second.returncode == 2
        [line] = error_lines(stderr)
        assert f"process {first.pid}" in line and str(seeds) in line and "--wait" in line
        waiting = ingest(reports, seeds, "--wait", wait=False)
        time.sleep(1)
        assert waiting.poll() is None or first.poll() is not None  # it waits while the first one runs
        assert first.wait(timeout=300) in (0, 1)
        assert waiting.wait(timeout=300) in (0, 1), waiting.stderr.read() if waiting.stderr else ""
    finally:
        for proc in (first,):
            if proc.poll() is None:
                proc.kill()
    assert not lock.exists()  # released and removed: git status stays clean


def test_a_run_killed_with_sigkill_does_not_leave_the_folder_locked(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds, ignore=shutil.ignore_patterns(".*"))  # a build may hold the lock
    reports = small_folder(tmp_path, DEV[:2])
    first = ingest(reports, seeds, wait=False)
    deadline = time.monotonic() + 60
    while not (seeds / LOCK_NAME).exists():
        assert first.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.wait()
    again = ingest(reports, seeds)
    assert again.returncode in (0, 1), again.stderr.read() if again.stderr else ""


def test_a_file_that_takes_too_long_is_stopped_and_rejected_and_the_rest_loads(tmp_path: Path) -> None:
    """A real slow input, no stand-in: a 2 MB page of 40,000 ranking claims in one run-on sentence holds 80,000
    figures and takes read/clean/extract about ten seconds, ten times the limit set here."""
    reports = small_folder(tmp_path, DEV[:2])
    claims = "".join(f"规模工业总产值{i}亿元增长{i % 90}.5%南通第一" for i in range(40000))
    write(reports, "run_on.txt", "2022年海安市国民经济和社会发展计划执行情况\n" + claims)
    seeds = tmp_path / "seeds"
    started = time.monotonic()
    proc = ingest(reports, seeds, "--file-timeout", "1")
    stderr = proc.stderr.read() if proc.stderr else ""
    assert proc.returncode == 1  # a rejected file
    assert "rejected reports/run_on.txt: took longer than the per-file time limit of 1 s" in stderr
    events = pl.read_csv(seeds / "ingest_events.csv")
    assert events.filter(pl.col("status") == "loaded").height == 2
    assert time.monotonic() - started < 120


def test_parquet_seeds_have_the_csv_columns_types_and_rows(tmp_path: Path) -> None:
    reports = small_folder(tmp_path, [SEED, *DEV[:2]])
    csv_dir, pq_dir = tmp_path / "csv", tmp_path / "parquet"
    kw = {"workers": 1, "cache_dir": tmp_path / "cache", "show_progress": False}
    batch.run(reports, csv_dir, **kw)
    result = batch.run(reports, pq_dir, fmt="parquet", **kw)
    assert sorted(p.name for p in pq_dir.iterdir()) == sorted(f"{t}.parquet" for t in SCHEMAS)
    for table, schema in SCHEMAS.items():
        df = pl.read_parquet(pq_dir / f"{table}.parquet")
        assert dict(df.schema) == {k: v() for k, v in schema.items()}, table
        assert df.equals(pl.read_csv(csv_dir / f"{table}.csv", schema=schema)), table
    assert result.changed and batch.run(reports, pq_dir, fmt="parquet", **kw).changed == []  # same bytes again
    umask = os.umask(0)
    os.umask(umask)
    assert (pq_dir / "facts.parquet").stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0600


def variants(text: str, i: int) -> list[str]:
    """Copies of a report as mirrors make them: cut short, with a site's own chrome, re-spaced."""
    chrome = f"本站首页|联系我们|第{i}号网站导航栏目 版权所有 转载请注明出处\n"
    return [text[: len(text) * 2 // 3], chrome + text + chrome, text.replace("。", "。\n")]


def test_the_shingle_index_finds_exactly_the_pairs_an_all_pairs_comparison_finds() -> None:
    texts = [p.read_text("utf-8") for p in [SEED, *DEV]]
    corpus = texts + [v for i, t in enumerate(texts) for v in variants(t, i)]
    grams = [copies.shingles(normalized(t)) for t in corpus]
    found = copies.near_copies(grams)
    brute = {i: sorted(j for j in range(len(grams)) if j != i and copies.same_report(grams[i], grams[j]))
             for i in range(len(grams))}
    assert {i: sorted(js) for i, js in found.items()} == {i: js for i, js in brute.items() if js}
    assert sum(map(len, brute.values())) >= 2 * 3 * len(texts)  # every variant is found as a copy


def test_shingle_hashes_match_the_shingle_strings() -> None:
    norm = normalized(SEED.read_text("utf-8"))
    plain = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", norm))
    strings = {plain[i : i + copies.SHINGLE] for i in range(len(plain) - copies.SHINGLE + 1)}
    hashes = copies.shingles(norm)
    assert len(hashes) == len(strings) and hashes.dtype == np.uint64
