"""Fault injection (issue #18): each failure the issue found, reproduced against the real ingest and build, with what
happened printed. Nothing in the repository is touched: everything runs in a scratch folder (Parquet seeds, a
warehouse built from them with --ingest-dir).

    python benchmarks/faults.py [--kills 200] [--seed 18] [--work DIR] [--only kills,disk,names,links,copies]

- kills: `--kills` kill -9s at random moments of `ingest run` and of `scripts/build_warehouse.py` (aimed within the
  median time a run of each takes; a run that finishes first is not counted), half of them to the whole process
  group, half to the parent alone, alternating two report batches so every run changes the seeds. After each: no
  process of the killed run is left; the seed folder, as a reader sees it (settled under its lock, as the build
  reads it), holds the tables of one run, never a mix; the live warehouse opens and equals the last build that
  finished. At the end, after one clean run and build: no temp file, journal or process left.
- disk: the live warehouse on a 15 MB file system (needs root for the tmpfs; skipped otherwise).
- names: files named and titled with Markdown, HTML and code-span breakers, spaces, quotes, newlines.
- links: links out of reports/, a FIFO, an empty folder named like a report.
- copies: a padded copy (the report repeated with its whitespace removed) and re-encoded copies.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "python"))
from processes import descendants, survivors  # noqa: E402

from ingest.lock import seeds_lock  # noqa: E402
from ingest.switch import JOURNAL, TEMP, settle  # noqa: E402
from ingest.tables import SCHEMAS  # noqa: E402

PY = sys.executable
MARTS = ("dim_region", "dim_indicator", "dim_period", "dim_document", "fct_indicator_values", "fct_growth_benchmark",
         "fct_ranking_claims", "fct_ranking_evidence", "fct_targets", "fct_report_scorecards", "fct_data_quality")
SEED = ROOT / "reports" / "000_4d642fd5ff5d4800.txt"


def batches(work: Path) -> list[Path]:
    """Two report folders that give different seeds: A is reports/ plus 16 variants of the seed report (so ingest
    uses its worker pool), B the same without two reports."""
    out = []
    for name, drop in (("A", ()), ("B", ("haian_2020_gwr.txt", "tongzhou_2024fy_plan.txt"))):
        folder = work / f"reports_{name}" / "reports"
        folder.mkdir(parents=True)
        for p in sorted((ROOT / "reports").iterdir()):
            if p.name not in drop and not p.name.startswith("."):
                shutil.copy(p, folder / p.name)
        seed = SEED.read_text(encoding="utf-8")
        for i in range(16):  # distinct reports (other GDP figures), not copies of one
            (folder / f"variant_{i:02d}.txt").write_text(seed.replace("684.66", f"{600 + i}.5"), encoding="utf-8")
        out.append(folder)
    return out


def ingest_cmd(reports: Path, seeds: Path) -> list[str]:
    return [PY, "-m", "ingest", "run", str(reports), "--seeds", str(seeds), "--format", "parquet", "--jobs", "2",
            "--wait"]


def build_cmd(live: Path, seeds: Path, work: Path) -> list[str]:
    return [PY, str(ROOT / "scripts" / "build_warehouse.py"), "--target", str(live), "--ingest-dir", str(seeds),
            "--target-path", str(work / "dbt" / "target"), "--log-path", str(work / "dbt" / "logs")]


def marts_digest(db: Path) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        h = hashlib.sha256()
        for m in MARTS:
            h.update(repr(con.execute(f"select * from {m} order by all").fetchall()).encode())
        return h.hexdigest()
    finally:
        con.close()


def seeds_state(seeds: Path, lists: dict[str, set[str]]) -> str:
    """Which batch the seed folder holds ("A", "B", "none"), or "MIXED", read as a build reads it (settled first)."""
    with seeds_lock(seeds, wait=True):
        settle(seeds)
        if not all((seeds / f"{t}.parquet").exists() for t in SCHEMAS):
            return "none" if not any((seeds / f"{t}.parquet").exists() for t in SCHEMAS) else "MIXED"
        t = {name: pl.read_parquet(seeds / f"{name}.parquet") for name in SCHEMAS}
    events = set(t["ingest_events"]["source_path"].to_list())
    batch = next((b for b, files in lists.items() if events == files), None)
    docs = set(t["documents"]["doc_id"].to_list())
    loaded = set(t["ingest_events"].filter(pl.col("doc_id").is_not_null())["doc_id"].to_list())
    consistent = (docs == loaded and set(t["facts"]["doc_id"].to_list()) <= docs
                  and set(t["document_texts"]["doc_id"].to_list()) == docs
                  and set(t["document_sources"]["doc_id"].to_list()) == docs
                  and t["documents"]["n_facts"].sum() == t["facts"].height)
    return batch if batch and consistent else "MIXED"


def kills(work: Path, n: int, rng: random.Random) -> dict[str, object]:
    env = {**os.environ, "INGEST_CACHE_DIR": ""}  # every run does the whole work: the kill lands anywhere in it
    reports = batches(work)
    lists = {name: {f"reports/{p.name}" for p in folder.iterdir()} for name, folder in zip("AB", reports, strict=True)}
    seeds, live = work / "seeds", work / "live" / "warehouse.duckdb"
    live.parent.mkdir()
    # a first good state: batch A ingested and built, with the time each step takes (the kills fall within it)
    t0 = time.monotonic()
    subprocess.run(ingest_cmd(reports[0], seeds), cwd=ROOT, env=env, check=True, capture_output=True)
    t_ingest = time.monotonic() - t0
    t0 = time.monotonic()
    subprocess.run(build_cmd(live, seeds, work), cwd=ROOT, check=True, capture_output=True)
    t_build = time.monotonic() - t0
    last_good = marts_digest(live)
    stats = {"ingest kills": 0, "build kills": 0, "group": 0, "parent alone": 0,
             "runs that finished before their kill (not counted)": 0, "processes left": 0, "seeds mixed": 0,
             "warehouse unreadable or changed": 0, "builds verified and swapped in": 0,
             "journal finished by a reader": 0}
    took = {"ingest": [t_ingest], "build": [t_build]}  # durations of runs that finished: where to aim the kills
    i = 0
    while stats["ingest kills"] + stats["build kills"] < n:
        op = "ingest" if i % 2 == 0 else "build"
        i += 1
        group = rng.random() < 0.5
        cmd = ingest_cmd(reports[rng.randrange(2)], seeds) if op == "ingest" else build_cmd(live, seeds, work)
        started = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        deadline = started + rng.uniform(0.02, 0.95) * sorted(took[op])[len(took[op]) // 2]
        children: list = []
        while time.monotonic() < deadline and proc.poll() is None:
            children = descendants(proc.pid) or children
            time.sleep(0.05)
        children = descendants(proc.pid) or children
        finished = proc.poll() is not None
        if finished:
            took[op].append(time.monotonic() - started)
            stats["runs that finished before their kill (not counted)"] += 1
        else:
            if group:
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.send_signal(signal.SIGKILL)
            stats[f"{op} kills"] += 1
            stats["group" if group else "parent alone"] += 1
        proc.wait()
        left = survivors(children, grace=5)
        if left:
            stats["processes left"] += len(left)
            for pid, _, _ in left:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
        if (seeds / JOURNAL).exists():
            stats["journal finished by a reader"] += 1
        if seeds_state(seeds, lists) == "MIXED":
            stats["seeds mixed"] += 1
        if op == "build" and finished and proc.returncode == 0:
            last_good = marts_digest(live)
            stats["builds verified and swapped in"] += 1
        try:
            if marts_digest(live) != last_good:
                stats["warehouse unreadable or changed"] += 1
        except duckdb.Error:
            stats["warehouse unreadable or changed"] += 1
    # one clean run and build: then nothing may be left behind
    subprocess.run(ingest_cmd(reports[0], seeds), cwd=ROOT, env=env, check=False, capture_output=True)
    done = subprocess.run(build_cmd(live, seeds, work), cwd=ROOT, check=False, capture_output=True, text=True)
    stats["final build"] = "ok" if done.returncode == 0 else f"failed: {done.stderr[-300:]}"
    stats["final warehouse opens"] = bool(marts_digest(live))
    leftovers = [p.name for p in seeds.iterdir() if TEMP.match(p.name) or p.name == JOURNAL]
    leftovers += [p.name for p in (live.parent / ".building").iterdir() if not p.name.endswith((".lock", ".built"))]
    stats["temp files left"] = leftovers or 0
    stats["processes left at the end"] = len([p for p in descendants(os.getpid())])
    stats["seconds per ingest / build (undisturbed)"] = f"{t_ingest:.1f} / {t_build:.1f}"
    return stats


def disk(work: Path) -> dict[str, object]:
    small = work / "small"
    small.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=15m", "tmpfs", str(small)],
                                           capture_output=True).returncode != 0:
        return {"skipped": "cannot mount a tmpfs (not root?)"}
    try:
        live = small / "warehouse.duckdb"
        built = work / "disk_seed.duckdb"
        subprocess.run([PY, str(ROOT / "scripts" / "build_warehouse.py"), "--target", str(built), "--target-path",
                        str(work / "dbt_disk" / "target"), "--log-path", str(work / "dbt_disk" / "logs")],
                       cwd=ROOT, check=True, capture_output=True)
        shutil.copy(built, live)
        before = marts_digest(live)
        proc = subprocess.run([PY, str(ROOT / "scripts" / "build_warehouse.py"), "--target", str(live),
                               "--target-path", str(work / "dbt_disk" / "target"), "--log-path",
                               str(work / "dbt_disk" / "logs")], cwd=ROOT, capture_output=True, text=True)
        return {"exit": proc.returncode, "says disk full": "disk full" in proc.stderr,
                "live warehouse unchanged": marts_digest(live) == before,
                "message": proc.stderr.strip().splitlines()[-1][:200] if proc.stderr.strip() else ""}
    finally:
        subprocess.run(["umount", "-l", str(small)], check=False)


def ingest_once(reports: Path, seeds: Path) -> tuple[int, pl.DataFrame | None, str]:
    proc = subprocess.run([PY, "-m", "ingest", "run", str(reports), "--seeds", str(seeds)], cwd=ROOT,
                          env={**os.environ, "INGEST_CACHE_DIR": ""}, capture_output=True, text=True, timeout=600)
    events = pl.read_csv(seeds / "ingest_events.csv") if (seeds / "ingest_events.csv").exists() else None
    return proc.returncode, events, proc.stderr


def names(work: Path) -> dict[str, object]:
    reports = work / "names" / "reports"
    reports.mkdir(parents=True)
    seed = SEED.read_text(encoding="utf-8")
    hostile = ["a`b`.txt", "[x](javascript:alert(1)).txt", "<script>alert(1)<script>.txt", "quote\"'.txt",
               "new\nline.txt", "sp ace.txt", "$(touch pwned).txt"]
    for i, name in enumerate(hostile):
        title = f"[点我](//x.cn/a)![t](//127.0.0.1:8999/t) `code` <script>alert({i})</script>"
        (reports / name).write_text(f"{title}\n{seed.replace('684.66', f'{600 + i}.25')}", encoding="utf-8")
    code, events, stderr = ingest_once(reports, work / "names" / "seeds")
    listed = set(events["source_path"].to_list()) if events is not None else set()
    return {"exit": code, "every file has its event under its own name": listed == {f"reports/{n}" for n in hostile},
            "no file created by a name": not (ROOT / "pwned").exists() and not (reports / "pwned").exists(),
            "traceback": "Traceback" in stderr}


def links(work: Path) -> dict[str, object]:
    reports = work / "links" / "reports"
    reports.mkdir(parents=True)
    shutil.copy(SEED, reports / SEED.name)
    secret = work / "links" / "secret.txt"
    secret.write_text("数据库密码 hunter2。2022年海安市地区生产总值增长5.5%。", encoding="utf-8")
    (reports / "secret.txt").symlink_to(secret)
    (reports / "etc").symlink_to("/etc")
    os.mkfifo(reports / "pipe.txt")
    (reports / "empty.txt").mkdir()
    started = time.monotonic()
    code, events, _ = ingest_once(reports, work / "links" / "seeds")
    texts = (work / "links" / "seeds" / "document_texts.csv").read_text(encoding="utf-8")
    assert events is not None
    why = dict(zip(events["source_path"].to_list(), events["reason"].to_list(), strict=True))
    return {"exit": code, "seconds": round(time.monotonic() - started, 1),
            "secret read": "hunter2" in texts,
            "refusals": {k: (v or "")[:60] for k, v in why.items() if k != f"reports/{SEED.name}"}}


def copies(work: Path) -> dict[str, object]:
    reports = work / "copies" / "reports"
    reports.mkdir(parents=True)
    seed = SEED.read_text(encoding="utf-8")
    shutil.copy(SEED, reports / "a_seed.txt")
    (reports / "b_padded.txt").write_text("".join(seed.split()) * 300, encoding="utf-8")
    (reports / "c_gb18030.txt").write_bytes(seed.encode("gb18030"))
    (reports / "d_utf16.txt").write_bytes(seed.encode("utf-16-le"))
    code, events, _ = ingest_once(reports, work / "copies" / "seeds")
    alone = work / "copies_alone" / "reports"
    alone.mkdir(parents=True)
    shutil.copy(SEED, alone / "a_seed.txt")
    _, _, _ = ingest_once(alone, work / "copies_alone" / "seeds")
    facts = pl.read_csv(work / "copies" / "seeds" / "facts.csv").height
    facts_alone = pl.read_csv(work / "copies_alone" / "seeds" / "facts.csv").height
    assert events is not None
    return {"exit": code, "statuses": dict(zip(events["source_path"].to_list(), events["status"].to_list(),
                                                strict=True)),
            "facts with copies / seed alone": f"{facts} / {facts_alone}"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--only", default="kills,disk,names,links,copies")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="faults-"))
    work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    started = time.monotonic()
    scenarios = {"names": names, "links": links, "copies": copies, "disk": disk,
                 "kills": lambda w: kills(w, args.kills, rng)}
    for name in args.only.split(","):
        t0 = time.monotonic()
        result = scenarios[name](work)
        print(f"== {name} ({time.monotonic() - t0:.0f} s)")
        for k, v in result.items():
            print(f"   {k}: {v}")
        sys.stdout.flush()
    print(f"total {time.monotonic() - started:.0f} s; scratch folder {work}")


if __name__ == "__main__":
    main()
