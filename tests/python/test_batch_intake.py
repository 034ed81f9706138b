"""ingest.batch: a folder of good and bad files -> documents, duplicates merged, every file accounted for; the cache,
determinism, atomic seeds, and a run killed mid-way that leaves the seeds as they were."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_read_intake import FIXTURES, MIRROR, SEED, as_html, make_docx, make_pdf, write

import ingest.batch as batch
import ingest.intake as intake
from ingest.copies import merge
from ingest.gate import Failure, GateResult
from ingest.lock import LOCK_NAME
from ingest.model import Document, Fact
from ingest.read import MAX_BYTES
from ingest.tables import Event, build

ROOT = Path(__file__).resolve().parents[2]
DEV = sorted(p for p in FIXTURES.glob("*.txt") if not p.name.startswith("000_"))


def fake_extract(doc: Document) -> list[Fact]:
    """Stands in for the extractor (rewritten elsewhere): one level fact per number with a unit."""
    return [Fact(doc.doc_id, "level", None, m.group(), m.start(), m.end(), m.group(), value=float(m.group(1)),
                 unit=m.group(2)) for m in re.finditer(r"(\d+(?:\.\d+)?)\s*(%|亿元|万元|家|个|人)", doc.text)]


@pytest.fixture
def stub_extract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intake, "extract", fake_extract)


@pytest.fixture
def gate_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "validate", lambda tables, **kw: GateResult([]))


def ingest_folder(reports: Path, *, workers: int, cache_dir: Path | None,
                  ) -> tuple[list[tuple[Document, list[Fact]]], list[Event], int]:
    """The folder's documents (copies merged), one event per file, and the cache hits: a run without the gate."""
    found, hits = intake.outcomes(reports, workers, cache_dir, None, intake.FILE_TIMEOUT)
    docs, events, _ = merge(found)
    return docs, events, hits


def make_folder(root: Path) -> Path:
    """What users drop into reports/: real reports in several formats and copies, and every kind of bad file."""
    reports = root / "reports"
    (reports / "mirror").mkdir(parents=True)
    shutil.copy(SEED, reports / "000_seed.txt")
    shutil.copy(SEED, reports / "seed_saved_again.txt")
    shutil.copy(MIRROR, reports / "mirror" / "haian_trad.html")
    for p in DEV[:4]:
        shutil.copy(p, reports / p.name)
    nantong = (FIXTURES / "nantong_2020h1_news.txt").read_text("utf-8")
    write(reports, "nantong_gbk.html", as_html(nantong, "gb2312").encode("gbk", errors="ignore"))
    write(reports, "report.pdf", make_pdf(["2023年一季度如皋市经济运行情况", "地区生产总值增长5.2%。"]))
    write(reports, "report.docx", make_docx(["2023年启东市政府工作报告", "2022年地区生产总值增长3.5%。"]))
    write(reports, "empty.txt", b"")
    write(reports, "noise.txt", bytes(range(256)) * 8)
    write(reports, "cut.html", as_html(nantong)[:900])
    write(reports, "no_stats.txt", "海安市召开全市经济工作会议。会议强调要坚定信心、真抓实干。")
    write(reports, "table.xlsx", b"PK\x03\x04 not a report")
    with (reports / "huge.txt").open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    (reports / "gone.txt").symlink_to(reports / "deleted.txt")
    write(reports, ".DS_Store", b"\x00\x01")  # hidden: not a report, not an event
    return reports


EXPECTED_REJECTED = {
    "reports/empty.txt": "empty file",
    "reports/noise.txt": "binary",
    "reports/cut.html": "truncated HTML",
    "reports/no_stats.txt": "no statistics",
    "reports/table.xlsx": "unsupported format",
    "reports/huge.txt": "file too large",
    "reports/gone.txt": "file not found",
}


def test_folder_loads_merges_and_rejects(tmp_path: Path, stub_extract: None) -> None:
    reports = make_folder(tmp_path)
    docs, events, hits = ingest_folder(reports, workers=1, cache_dir=tmp_path / "cache")
    status = {e.source_path: e for e in events}
    assert hits == 0
    assert ".DS_Store" not in " ".join(status)
    for path, why in EXPECTED_REJECTED.items():
        assert status[path].status == "rejected" and why in (status[path].reason or ""), path
    assert {p for p, e in status.items() if e.status == "duplicate"} == {
        "reports/seed_saved_again.txt", "reports/mirror/haian_trad.html"}
    loaded = {p for p, e in status.items() if e.status == "loaded"}
    assert "reports/000_seed.txt" in loaded and "reports/nantong_gbk.html" in loaded
    assert {"reports/report.pdf", "reports/report.docx"} <= loaded
    # one document, three saved copies; its text is the simplified copy's, its id the hash of that text
    seed_doc = next(d for d, _ in docs if d.doc_id == status["reports/000_seed.txt"].doc_id)
    assert [s.path for s in seed_doc.sources] == [
        "reports/000_seed.txt", "reports/mirror/haian_trad.html", "reports/seed_saved_again.txt"]
    assert [s.script for s in seed_doc.sources] == ["simplified", "traditional", "simplified"]
    assert seed_doc.tampered and seed_doc.script == "simplified"
    assert status["reports/mirror/haian_trad.html"].doc_id == seed_doc.doc_id
    gbk = next(d for d, _ in docs if d.doc_id == status["reports/nantong_gbk.html"].doc_id)
    assert gbk.sources[0].encoding == "gb18030" and gbk.region == "南通市"


def test_the_nantong_page_as_txt_and_as_gbk_html_is_one_document(tmp_path: Path, stub_extract: None) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    page = FIXTURES / "nantong_2020h1_news.txt"
    shutil.copy(page, reports / "a.txt")
    write(reports, "b.html", as_html(page.read_text("utf-8"), "gbk").encode("gbk", errors="ignore"))
    docs, events, _ = ingest_folder(reports, workers=1, cache_dir=None)
    assert len(docs) == 1 and sorted(e.status for e in events) == ["duplicate", "loaded"]


def test_different_reports_of_one_series_stay_apart(tmp_path: Path, stub_extract: None) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    for p in DEV:
        shutil.copy(p, reports / p.name)
    docs, events, _ = ingest_folder(reports, workers=1, cache_dir=None)
    assert len(docs) == len(DEV) and all(e.status == "loaded" for e in events)


def tables_bytes(docs: list[tuple[Document, list[Fact]]], events: list[Event]) -> dict[str, bytes]:
    return {name: df.write_csv().encode() for name, df in build(docs, events).items()}


def test_cache_replays_identical_results(tmp_path: Path, stub_extract: None) -> None:
    reports = make_folder(tmp_path)
    cache = tmp_path / "cache"
    first = ingest_folder(reports, workers=1, cache_dir=cache)
    second = ingest_folder(reports, workers=1, cache_dir=cache)
    readable = len(list(reports.rglob("*"))) - 4  # minus the folder, the hidden file, the link and the huge file
    assert second[2] >= readable - 1  # every file with readable bytes came from the cache
    assert tables_bytes(*first[:2]) == tables_bytes(*second[:2])
    # a renamed copy of cached bytes is reported under its new name
    (reports / "000_seed.txt").rename(reports / "000_renamed.txt")
    third = ingest_folder(reports, workers=1, cache_dir=cache)
    assert "reports/000_renamed.txt" in {e.source_path for e in third[1] if e.status == "loaded"}


def test_only_changed_files_are_processed(tmp_path: Path, stub_extract: None, monkeypatch: pytest.MonkeyPatch) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    for p in DEV:
        shutil.copy(p, reports / p.name)
    cache = tmp_path / "cache"
    ingest_folder(reports, workers=1, cache_dir=cache)
    seen: list[str] = []
    real = intake.process_file
    monkeypatch.setattr(intake, "process_file", lambda path, display: seen.append(display) or real(path, display))
    target = reports / DEV[0].name
    target.write_text(target.read_text("utf-8") + "\n全年增长9.9%。", encoding="utf-8")
    *_, hits = ingest_folder(reports, workers=1, cache_dir=cache)
    assert seen == [f"reports/{DEV[0].name}"] and hits == len(DEV) - 1


def test_parallel_run_equals_serial_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real extractor, two worker processes: same documents, same events, same order."""
    monkeypatch.setattr(intake, "PARALLEL_MIN", 2)
    reports = tmp_path / "reports"
    reports.mkdir()
    for p in [SEED, MIRROR, *DEV]:
        shutil.copy(p, reports / p.name)
    serial = ingest_folder(reports, workers=1, cache_dir=None)
    parallel = ingest_folder(reports, workers=2, cache_dir=None)
    assert tables_bytes(*serial[:2]) == tables_bytes(*parallel[:2])


def seed_files(seeds: Path) -> dict[str, bytes]:
    """Every file of the folder but the run lock, which a run killed with -9 cannot remove (the kernel still
    releases its flock, so the next run goes ahead)."""
    return {p.name: p.read_bytes() for p in sorted(seeds.iterdir()) if p.name != LOCK_NAME}


def test_run_writes_seeds_reproducibly_and_keeps_loaded_documents(
        tmp_path: Path, stub_extract: None, gate_passes: None) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    for p in [SEED, *DEV]:
        shutil.copy(p, reports / p.name)
    seeds = tmp_path / "seeds"
    kw = {"workers": 1, "cache_dir": tmp_path / "cache", "show_progress": False}
    first = batch.run(reports, seeds, **kw)
    assert first.documents == len(DEV) + 1 and first.tampered == 1 and "documents" in first.changed
    before = seed_files(seeds)
    again = batch.run(reports, seeds, **kw)
    assert again.changed == [] and seed_files(seeds) == before and again.cached == len(DEV) + 1
    # bad files join the folder: they are reported, and every document loaded before is still there
    write(reports, "empty.txt", b"")
    write(reports, "noise.txt", bytes(range(256)) * 8)
    third = batch.run(reports, seeds, **kw)
    assert third.changed == ["ingest_events"]
    assert (seeds / "documents.csv").read_bytes() == before["documents.csv"]
    events = (seeds / "ingest_events.csv").read_text("utf-8")
    assert "reports/empty.txt" in events and "empty file" in events and ",rejected," in events


def test_refused_batch_writes_nothing(tmp_path: Path, stub_extract: None, monkeypatch: pytest.MonkeyPatch) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SEED, reports / SEED.name)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "documents.csv").write_text("previous\n", encoding="utf-8")
    refusal = GateResult([Failure("facts", "expect_x", "doc_id", "critical", 1)])
    monkeypatch.setattr(batch, "validate", lambda tables, **kw: refusal)
    result = batch.run(reports, seeds, workers=1, cache_dir=None, show_progress=False)
    assert result.changed == [] and seed_files(seeds) == {"documents.csv": b"previous\n"}


def test_raw_files_are_never_modified(tmp_path: Path, stub_extract: None) -> None:
    reports = make_folder(tmp_path)
    files = sorted(p for p in reports.rglob("*") if p.is_file())
    before = {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in files}
    ingest_folder(reports, workers=1, cache_dir=tmp_path / "cache")
    assert {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in files} == before


def test_killed_run_leaves_seeds_intact(tmp_path: Path) -> None:
    """kill -9 in the middle of a real `python -m ingest run`: every seed file is byte for byte as before."""
    reports = tmp_path / "reports"
    reports.mkdir()
    seed = SEED.read_text("utf-8")
    for i in range(60):  # distinct files, so each one is real work
        write(reports, f"r{i:02d}.txt", f"{seed}\n(第{i}份副本,增长{i}.5%)\n")
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds, ignore=shutil.ignore_patterns(".*"))  # a build may hold the lock
    before = seed_files(seeds)
    cache = tmp_path / "cache"
    env = {**os.environ, "INGEST_CACHE_DIR": str(cache)}
    proc = subprocess.Popen([sys.executable, "-m", "ingest", "run", str(reports), "--seeds", str(seeds)], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(list(cache.rglob("*.pickle"))) < 5:
            assert proc.poll() is None, "the run ended before it could be interrupted"
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the run and its worker processes
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert len(list(cache.rglob("*.pickle"))) < 60, "killed mid-way"
    assert seed_files(seeds) == before


def test_cli_reports_each_rejected_file_and_exits_non_zero(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SEED, reports / SEED.name)
    write(reports, "empty.txt", b"")
    write(reports, "cut.html", as_html(SEED.read_text("utf-8"))[:700])
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds, ignore=shutil.ignore_patterns(".*"))  # a build may hold the lock
    env = {**os.environ, "INGEST_CACHE_DIR": "", "COLUMNS": "200"}
    out = subprocess.run([sys.executable, "-m", "ingest", "run", str(reports), "--seeds", str(seeds), "--jobs", "1"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 1
    assert "rejected reports/empty.txt: empty file" in out.stderr
    assert "rejected reports/cut.html: truncated HTML" in out.stderr
    for col in ("loaded", "duplicates", "tampered", "rejected"):
        assert col in out.stderr


def test_unwritable_cache_only_costs_time(tmp_path: Path, stub_extract: None) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SEED, reports / SEED.name)
    docs, events, hits = ingest_folder(reports, workers=1, cache_dir=blocker)
    assert len(docs) == 1 and events[0].status == "loaded" and hits == 0


def crash_on_marked_file(job: tuple[Path, str]) -> intake.Outcome:
    """Runs in a worker process: dies like an interpreter crashing in a C parser on the file named crash.txt."""
    if job[1].endswith("crash.txt"):
        os._exit(3)
    return intake.process_file(*job)


def test_a_worker_that_dies_costs_only_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intake, "PARALLEL_MIN", 2)
    reports = tmp_path / "reports"
    reports.mkdir()
    for p in DEV[:3]:
        shutil.copy(p, reports / p.name)
    write(reports, "crash.txt", "海安市地区生产总值增长5%。")
    jobs = [(p, f"reports/{p.name}") for p in sorted(reports.iterdir())]
    outcomes = list(intake._run_jobs(jobs, 2, crash_on_marked_file))
    assert [o.path for o in outcomes] == [display for _, display in jobs]
    crashed = [o.path for o in outcomes if o.reason and "crashed" in o.reason]
    assert crashed == ["reports/crash.txt"]
    assert sum(o.doc is not None for o in outcomes) == 3
