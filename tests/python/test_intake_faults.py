"""Issue #18, ingest side: the cache never changes an outcome, nothing outside reports/ is read, a padded or printed
copy never becomes the report, seed folders switch all-or-nothing, a killed run leaves no process, a region the text
does not decide is not filed, and the small things (UTF-16 without a BOM, --wait, Data Docs beside --seeds).
Real runs throughout: the real reader, extractor, gate and processes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest
from processes import descendants, survivors
from test_read_intake import FIXTURES, SEED, make_pdf, write

import ingest.batch as batch
import ingest.intake as intake
from ingest.lock import seeds_lock
from ingest.model import Document
from ingest.read import read_source
from ingest.switch import JOURNAL, settle
from ingest.tables import SCHEMAS
from ingest.write import write_seeds

ROOT = Path(__file__).resolve().parents[2]
DEV = sorted(p for p in FIXTURES.glob("*.txt") if not p.name.startswith("000_"))
HAIMEN = ROOT / "reports" / "haimen_2022fy_plan.txt"  # its region comes from its file name


def run(reports: Path, seeds: Path, cache: Path | None, **kw: object) -> batch.RunResult:
    return batch.run(reports, seeds, workers=1, cache_dir=cache, show_progress=False, **kw)


def tables(seeds: Path) -> dict[str, bytes]:
    return {t: (seeds / f"{t}.csv").read_bytes() for t in SCHEMAS}


def test_renamed_and_re_extended_copies_give_the_same_outcome_with_and_without_the_cache(tmp_path: Path) -> None:
    """#18.3: the cache key covers the name and the extension, which identify (region hints) and read (format)
    use: every file below comes from cached bytes under another name, and must turn out as without the cache."""
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(HAIMEN, reports / HAIMEN.name)
    shutil.copy(SEED, reports / "seed.txt")
    cache = tmp_path / "cache"
    run(reports, tmp_path / "first", cache)
    (reports / HAIMEN.name).rename(reports / "plan_2022.txt")  # no region in the name any more
    (reports / "seed.txt").rename(reports / "seed.doc")  # an unsupported extension
    shutil.copy(SEED, reports / "seed")  # no extension
    shutil.copy(SEED, reports / "seed.pdf")  # text saved as .pdf
    (reports / "sub").mkdir()
    shutil.copy(HAIMEN, reports / "sub" / HAIMEN.name)  # moved into a folder
    cached = run(reports, tmp_path / "cached", cache)
    fresh = run(reports, tmp_path / "fresh", None)
    assert tables(tmp_path / "cached") == tables(tmp_path / "fresh")
    assert cached.cached == 0 and fresh.cached == 0
    events = pl.read_csv(tmp_path / "fresh" / "ingest_events.csv")
    assert set(events.filter(pl.col("status") == "rejected")["source_path"]) >= {"reports/seed.doc", "reports/seed"}


def test_nothing_outside_the_reports_folder_is_read(tmp_path: Path) -> None:
    """#18.4: a link out of reports/ is a named refusal, never read; a FIFO is refused without waiting on it; an
    empty folder named like a report is an event; a link to a file inside the folder is read as that file."""
    outside = tmp_path / "secret.txt"
    secret = "数据库密码 hunter2。2022年海安市地区生产总值增长5.5%,规模工业总产值增长16.5%。"
    outside.write_text(secret, encoding="utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SEED, reports / SEED.name)
    (reports / "linked.txt").symlink_to(outside)
    (reports / "etc").symlink_to("/etc")
    (reports / "inside.txt").symlink_to(reports / SEED.name)
    os.mkfifo(reports / "pipe.txt")
    (reports / "empty.html").mkdir()
    seeds = tmp_path / "seeds"
    started = time.monotonic()
    result = run(reports, seeds, None)
    assert time.monotonic() - started < 120, "a FIFO must not be waited on"
    status = {e.source_path: e for e in result.events}
    assert "outside the reports folder" in (status["reports/linked.txt"].reason or "")
    assert str(outside) in (status["reports/linked.txt"].reason or "")
    assert "outside the reports folder" in (status["reports/etc"].reason or "")
    assert "a FIFO" in (status["reports/pipe.txt"].reason or "")
    assert "empty folder named like a report" in (status["reports/empty.html"].reason or "")
    assert status["reports/inside.txt"].status == "duplicate"
    texts = (seeds / "document_texts.csv").read_text(encoding="utf-8")
    assert "hunter2" not in texts and "数据库密码" not in texts
    assert not any("/etc/" in e.source_path for e in result.events)


def test_a_folder_on_another_file_system_is_not_read(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    (reports / "mnt").mkdir(parents=True)
    shutil.copy(SEED, reports / SEED.name)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(reports / "mnt")],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        shutil.copy(HAIMEN, reports / "mnt" / HAIMEN.name)
        result = run(reports, tmp_path / "seeds", None)
    finally:
        subprocess.run(["umount", "-l", str(reports / "mnt")], check=False)
    status = {e.source_path: e for e in result.events}
    assert "another file system" in (status["reports/mnt"].reason or "")
    assert f"reports/mnt/{HAIMEN.name}" not in status


def padded(text: str, times: int) -> str:
    return "".join(text.split()) * times


def test_a_padded_copy_never_becomes_the_report_and_alone_is_refused(tmp_path: Path) -> None:
    """#18.9: the report repeated with its whitespace removed is the longest copy and holds every shingle; it must
    neither replace the report (and multiply its facts) nor, alone, load."""
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SEED, reports / "a_seed.txt")
    write(reports, "b_padded.txt", padded(SEED.read_text("utf-8"), 120))
    seeds = tmp_path / "seeds"
    result = run(reports, seeds, None)
    assert result.gate.passed
    status = {e.source_path: e.status for e in result.events}
    assert status == {"reports/a_seed.txt": "loaded", "reports/b_padded.txt": "duplicate"}
    alone = run(reports, tmp_path / "alone_seeds", None)  # same folder: a second look with the cache off
    assert alone.facts == result.facts
    only = tmp_path / "only"
    only.mkdir()
    shutil.copy(reports / "b_padded.txt", only / "b_padded.txt")
    refused = run(only, tmp_path / "refused", None)
    assert not refused.gate.passed
    [failure] = [f for f in refused.gate.critical if f.check == "facts_not_repeated"]
    assert "appears" in str(failure.examples[0]["why"]) and failure.examples[0]["source_path"] == "only/b_padded.txt"
    assert not (tmp_path / "refused" / "facts.csv").exists()


def test_a_printed_pdf_copy_does_not_replace_the_text_copy(tmp_path: Path) -> None:
    """#18.9: a PDF printed from a page says the same with radical forms (⻓ for 长) and page furniture around it:
    the radicals are folded when the PDF is read, and the copy saying the most, not the longest, is the report."""
    text = (FIXTURES / "nantong_2020h1_news.txt").read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    furniture = ["https://www.nantong.gov.cn/ntsrmzf/art/2020/8/13/art_1.html 1/2", "2020/8/13 下午4:43 打印本页"]
    # the printer wraps lines at the page's width, mid-sentence, and writes radical forms for some characters
    wrapped = [line[i : i + 36] for line in lines for i in range(0, len(line), 36)]
    printed = [line.replace("长", "⻓").replace("门", "⻔") for line in wrapped]
    reports = tmp_path / "reports"
    reports.mkdir()
    write(reports, "page.txt", text)
    write(reports, "page.pdf", make_pdf([*furniture, *printed, *furniture]))
    assert "⻓" not in read_source(reports / "page.pdf").text
    result = run(reports, tmp_path / "seeds", None)
    status = {e.source_path: e.status for e in result.events}
    assert status == {"reports/page.txt": "loaded", "reports/page.pdf": "duplicate"}


def test_a_seed_switch_killed_after_its_commit_is_finished_and_before_it_leaves_the_old_tables(tmp_path: Path) -> None:
    """#18.6: killed between the renames, a folder held some new and some old tables. Now a reader (the next run, a
    build) settles the folder first: all new if the switch was committed, all old if not, no temp file either way."""
    old = {"a": pl.DataFrame({"x": [1]}), "b": pl.DataFrame({"x": [2]}), "c": pl.DataFrame({"x": [3]})}
    new = {k: v.with_columns(pl.col("x") + 10) for k, v in old.items()}
    for kill_at, expect in (("after_first_rename", new), ("before_commit", old)):
        seeds = tmp_path / kill_at
        write_seeds(old, seeds)
        script = f"""
import os, sys
sys.path.insert(0, {str(ROOT)!r})
import polars as pl
import ingest.switch as switch
import ingest.write as write
real_replace, real_commit = os.replace, switch.commit
def replace(a, b):
    real_replace(a, b)
    if {kill_at!r} == "after_first_rename" and str(b).endswith(".csv"):
        os._exit(9)
def commit(folder, pending):
    os._exit(9)
switch.os.replace = replace
if {kill_at!r} == "before_commit":
    write.commit = commit
new = {{k: pl.DataFrame({{"x": [v]}}) for k, v in {({k: v["x"][0] for k, v in new.items()})!r}.items()}}
write.write_seeds(new, __import__("pathlib").Path({str(seeds)!r}))
"""
        proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        assert proc.returncode == 9, proc.stderr
        assert any(p.name.endswith(".tmp") or p.name == JOURNAL for p in seeds.iterdir())
        with seeds_lock(seeds):
            settle(seeds)
        got = {k: pl.read_csv(seeds / f"{k}.csv") for k in old}
        assert all(got[k].equals(expect[k]) for k in old), (kill_at, got)
        assert sorted(p.name for p in seeds.iterdir()) == ["a.csv", "b.csv", "c.csv"]
    ignored = subprocess.run(["git", "check-ignore", "seeds/.facts.csv.x1y2.tmp", f"seeds/{JOURNAL}"], cwd=ROOT,
                             capture_output=True, text=True)
    assert ignored.stdout.split() == ["seeds/.facts.csv.x1y2.tmp", f"seeds/{JOURNAL}"]


def test_kill_9_of_the_run_alone_leaves_no_worker_and_no_resource_tracker(tmp_path: Path) -> None:
    """#18.8: only the parent is killed (not its group): its worker processes and the resource tracker must go."""
    reports = tmp_path / "reports"
    reports.mkdir()
    seed = SEED.read_text("utf-8")
    for i in range(80):
        write(reports, f"r{i:02d}.txt", f"{seed}\n(第{i}份副本,增长{i}.5%)\n")
    env = {**os.environ, "INGEST_CACHE_DIR": ""}
    proc = subprocess.Popen([sys.executable, "-m", "ingest", "run", str(reports), "--seeds", str(tmp_path / "seeds"),
                             "--jobs", "2"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while len(children := descendants(proc.pid)) < 3:  # two workers and the resource tracker
            assert proc.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, children
            time.sleep(0.05)
        time.sleep(0.5)
        children = descendants(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    left = survivors(children, grace=5)
    for pid, _, _ in left:
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"still running after the run was killed: {left}"


@pytest.mark.parametrize("status", ["ambiguous", "unknown"])
def test_a_report_whose_region_the_text_does_not_decide_is_not_filed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, status: str) -> None:
    """identify leaves the region open (region_status); the file becomes an event naming the candidates and what to
    do, nothing of it loads, the rest of the batch does."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for p in DEV[:2]:
        shutil.copy(p, reports / p.name)
    write(reports, "undecided.txt", SEED.read_text("utf-8"))
    real = intake.load_document

    def load(path: Path, display: str | None = None) -> Document:
        doc = real(path, display)
        if path.name == "undecided.txt":
            doc = replace(doc, region=None, region_code=None, region_status=status,
                          region_candidates=("海安市", "海安县") if status == "ambiguous" else ())
        return doc

    monkeypatch.setattr(intake, "load_document", load)
    result = run(reports, tmp_path / "seeds", None)
    [event] = [e for e in result.events if e.source_path == "reports/undecided.txt"]
    assert event.status == f"{status}_region" and event.doc_id is None
    assert "file name" in (event.reason or "")
    if status == "ambiguous":
        assert "海安市、海安县" in (event.reason or "")
    assert result.documents == 2 and result.gate.passed and result.not_loaded == [event]
    events = pl.read_csv(tmp_path / "seeds" / "ingest_events.csv")
    assert events.filter(pl.col("source_path") == "reports/undecided.txt")["status"].to_list() == [f"{status}_region"]


def test_utf16_without_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    text = SEED.read_text("utf-8")
    for codec in ("utf-16-le", "utf-16-be"):
        path = write(tmp_path, f"{codec}.txt", text.encode(codec))
        source = read_source(path)
        assert source.text == text.replace("\r\n", "\n") and source.encoding == "utf-16"


def test_wait_says_it_waits_and_data_docs_follow_the_seeds(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(DEV[0], reports / DEV[0].name)
    seeds = tmp_path / "seeds"
    env = {**os.environ, "INGEST_CACHE_DIR": ""}
    with seeds_lock(seeds):
        proc = subprocess.Popen([sys.executable, "-m", "ingest", "run", str(reports), "--seeds", str(seeds), "--wait"],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert "waiting for it to finish" in line and f"process {os.getpid()}" in line
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    assert (tmp_path / "seeds_data_docs" / "index.html").exists()


def test_pdfminer_font_noise_is_not_printed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A font without a bounding box made pdfminer log a warning per glyph ("Could not get FontBBox")."""
    raw = make_pdf(["2022年海安市地区生产总值增长5.5%。"]).replace(b"/FontBBox [0 -200 1000 900] ", b"")
    path = write(tmp_path, "no_bbox.pdf", raw)
    with caplog.at_level("WARNING"):
        assert "增长5.5%" in read_source(path).text
    assert not [r for r in caplog.records if r.name.startswith("pdfminer")]
