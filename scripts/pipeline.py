"""`make pipeline`: reports/ -> ingest + gate -> seeds/ -> dbt build -> warehouse.duckdb, doing no work twice.

    python scripts/pipeline.py [--reports reports] [--target warehouse.duckdb]

1. Ingest (`python -m ingest run REPORTS`), unless nothing it reads changed since its last run: the reports (each
   file's path, size, mtime and inode), the ingest package, the reference seeds, the suites, and the ingest seeds as
   that run left them. Then it says "up to date" and why, and repeats what that run said of files it did not load.
2. Build the warehouse (`scripts/build_warehouse.py --if-changed`) whatever ingest said: from the seeds as they
   are, so that the seeds and the warehouse never disagree when this returns. dbt runs only when a seed, a model or
   a setting changed (the build keeps a stamp of its inputs).
3. Exit non-zero, naming them, when files were not loaded or the gate refused the batch (the warehouse then holds
   what loaded, or what the last accepted batch loaded).

Standard library only, so that finding nothing to do costs a fraction of a second. Both steps run as child
processes that die with this one (ingest/lifetime.py).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from ingest import SEEDS  # noqa: E402
from ingest.digest import files_digest  # noqa: E402
from ingest.lifetime import child_setup  # noqa: E402

STATE = ROOT / ".cache" / "pipeline"
# The ingest seed tables (the rest of seeds/ is reference data or dbt's own file) and what else ingest reads.
INGEST_TABLES = ("documents", "document_sources", "document_texts", "removed_spans", "facts", "ingest_events",
                 "data_quality")


def reports_listing(reports: Path) -> list[list[object]]:
    """Every entry under the folder, links not followed: (path, kind, size, mtime, inode, link target)."""
    out: list[list[object]] = []
    for folder, dirs, files in os.walk(reports):
        dirs.sort()
        for name in sorted([*dirs, *files]):
            path = Path(folder) / name
            try:
                st = path.lstat()
            except OSError:
                continue
            target = os.readlink(path) if path.is_symlink() else ""
            out.append([path.relative_to(reports).as_posix(), st.st_mode, st.st_size, st.st_mtime_ns, st.st_ino,
                        target])
    return out


def ingest_inputs(reports: Path, seeds: Path) -> str:
    """Everything an ingest run's outcome depends on, as one hash."""
    code = sorted(p for p in (ROOT / "ingest").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    data = [*sorted(seeds.glob("ref_*.csv")), *sorted((ROOT / "expectations").glob("*.json"))]
    tables = []
    for name in INGEST_TABLES:
        for fmt in ("csv", "parquet"):
            path = seeds / f"{name}.{fmt}"
            if path.exists():
                st = path.stat()
                tables.append([path.name, st.st_size, st.st_mtime_ns, st.st_ino])
    prefix = json.dumps([str(reports.resolve()), reports_listing(reports), tables, sys.version])
    return files_digest([*code, *data], prefix=prefix, label=lambda p: p.relative_to(ROOT).as_posix())


def run(cmd: list[str]) -> int:
    return subprocess.run(cmd, cwd=ROOT, preexec_fn=child_setup(), check=False).returncode


def ingest(reports: Path, seeds: Path) -> dict[str, object]:
    """The ingest step's outcome: {"gate_passed", "not_loaded", "exit"}, from this run or, when nothing changed,
    from the last one."""
    key = STATE / ("ingest-" + files_digest([], prefix=f"{reports.resolve()}\0{seeds.resolve()}")[:12] + ".json")
    before = ingest_inputs(reports, seeds)
    try:
        last = json.loads(key.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        last = {}
    if last.get("inputs") == before:
        print(f"ingest: up to date (no file in {reports.name}/, no ingest code, reference seed, suite or seed file "
              "changed since the last run)", file=sys.stderr)
        for path, status, reason in last.get("not_loaded", []):
            print(f"  still not loaded: {path} ({status.replace('_', ' ')}): {reason}", file=sys.stderr)
        return last
    status = STATE / "ingest-status.json"
    status.unlink(missing_ok=True)
    STATE.mkdir(parents=True, exist_ok=True)
    code = run([sys.executable, "-m", "ingest", "run", str(reports), "--seeds", str(seeds), "--status", str(status)])
    try:
        outcome = json.loads(status.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        outcome = {"gate_passed": False, "not_loaded": []}  # it stopped before deciding (a folder it cannot use)
    outcome["exit"] = code
    # a batch that loaded: the next run with the same inputs would decide the same (a refused batch is run again, so
    # that its gate's report is shown again)
    if code in (0, 1) and outcome.get("gate_passed"):
        outcome["inputs"] = ingest_inputs(reports, seeds)
        tmp = key.with_suffix(".tmp")
        tmp.write_text(json.dumps(outcome, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, key)
    else:
        key.unlink(missing_ok=True)
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=Path, default=ROOT / "reports")
    parser.add_argument("--target", type=Path, default=ROOT / "warehouse.duckdb")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    outcome = ingest(args.reports, SEEDS)
    built = run([sys.executable, str(ROOT / "scripts" / "build_warehouse.py"), "--target", str(args.target),
                 "--if-changed"])
    seconds = time.perf_counter() - started
    not_loaded = outcome.get("not_loaded") or []
    if built != 0:
        print(f"pipeline: the warehouse build failed (exit {built}); {args.target.name} is as it was", file=sys.stderr)
        return built
    if not outcome.get("gate_passed"):
        print(f"pipeline: ingest did not pass (exit {outcome.get('exit')}, see above); the seeds and "
              f"{args.target.name} are as the last accepted batch left them ({seconds:.1f} s)", file=sys.stderr)
        return 1
    if not_loaded:
        names = ", ".join(str(p) for p, _, _ in not_loaded)
        print(f"pipeline: {len(not_loaded)} file(s) not loaded: {names}; {args.target.name} holds every other "
              f"report ({seconds:.1f} s)", file=sys.stderr)
        return 1
    print(f"pipeline: done in {seconds:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
