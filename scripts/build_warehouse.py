"""Run `dbt build` into a fresh DuckDB file and swap it in over the live warehouse.

DuckDB allows one writer per file and a reader (the Streamlit app, a `duckdb` shell) holds a lock, so dbt never
writes the live file: it builds `.building/<target name>` beside it, and only a build whose models and tests all
pass replaces the live file with `os.replace` (atomic on one filesystem). Readers notice the new inode and reopen.

    python scripts/build_warehouse.py [--target warehouse.duckdb] [--ingest-dir DIR] [--no-wait] [--if-changed]
                                      [extra dbt build arguments]

--if-changed builds only when something the build reads (seeds or --ingest-dir's Parquet, models, macros, dbt
tests, dbt_project.yml, profiles.yml, this script, the dbt arguments) differs from what the live file was last built
from, or the live file is not the one that build swapped in (a stamp beside it in .building/).

--ingest-dir DIR reads the seven ingest tables from DIR/<table>.parquet instead of the committed seeds (the
dbt var ingest_dir, see dbt_project.yml): for corpora too large for dbt seeds.

Before the swap the new file is verified: opened read-write once, so DuckDB replays any WAL dbt left (on a nearly
full disk DuckDB cannot checkpoint at close and keeps the data in the WAL, which the swap would leave behind), the
row count of every table and view dbt built is taken, the WAL is checkpointed into the file, and the file alone,
opened read-only, must hold every one of them with the same counts. Otherwise the live file is left as it was and
the error names the cause (a full disk: how much room there is).

A killed build (kill -9 included) leaves the live file as it was; its leftovers in .building/ are cleared by
the next build. dbt runs with the build's locks and dies with the script (ingest/lifetime.py), so a killed
script never leaves dbt writing while the next build starts. Two builds of one target never run at once: the
second waits for the first (or, with --no-wait, refuses) - they would share the build file and dbt's target/
folder. The seed folder (or --ingest-dir) is read under its lock, shared (ingest/lock.py), after finishing any
switch of its files an interrupted ingest run committed (ingest/switch.py): dbt never loads a mix of two runs.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# standard-library modules of the ingest package: no ingest stage (polars, GX) is imported
from ingest.digest import files_digest  # noqa: E402
from ingest.lifetime import child_setup  # noqa: E402
from ingest.lock import Busy, file_lock, seeds_lock  # noqa: E402
from ingest.switch import JOURNAL, settle  # noqa: E402


def ingest_tables() -> list[str]:
    """The seeds that --ingest-dir replaces with Parquet: those dbt_project.yml switches off when the var
    ingest_dir is set (one list, the project's; this script does not import the ingest package)."""
    import yaml  # dbt's own dependency

    seeds = yaml.safe_load((ROOT / "dbt_project.yml").read_text(encoding="utf-8"))["seeds"]["warehouse"]
    return [name for name, cfg in seeds.items() if isinstance(cfg, dict) and "ingest_dir" in str(cfg.get("+enabled"))]


class BuildError(SystemExit):
    """A build that did not replace the live file; the message says why."""


def dbt_executable() -> str:
    local = Path(sys.executable).with_name("dbt")
    return str(local) if local.exists() else "dbt"


# What a build is made of, besides its seed folder and arguments (see inputs_digest).
INPUTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "tests/dbt", "scripts/build_warehouse.py")


def inputs_digest(seeds: Path, dbt_args: list[str]) -> str:
    """One hash of everything a build reads: the project's dbt files, the seed folder (or the Parquet folder), the
    dbt arguments and the settings it takes from the environment."""
    files: list[Path] = []
    for name in INPUTS:
        path = ROOT / name
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    files += sorted(p for p in seeds.iterdir() if p.is_file() and not p.name.startswith(".")) if seeds.is_dir() else []
    settings = [os.environ.get(k, "") for k in ("WAREHOUSE_MEMORY_LIMIT", "DBT_TARGET_PATH")]
    return files_digest(files, prefix=json.dumps([dbt_args, settings]), label=lambda p: str(p))


def stamp_path(target: Path) -> Path:
    return building_path(target).with_name(target.name + ".built")


def _file_id(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def up_to_date(target: Path, digest: str) -> bool:
    """The live file is the one the last build swapped in, and that build read exactly these inputs."""
    try:
        stamp = json.loads(stamp_path(target).read_text(encoding="utf-8"))
        return bool(stamp["inputs"] == digest and stamp["file"] == _file_id(target))
    except (OSError, ValueError, KeyError, TypeError):
        return False


def build(target: Path, dbt_args: list[str] | None = None, ingest_dir: Path | None = None,
          wait: bool = True, if_changed: bool = False) -> dict[str, int] | None:
    """Build into a sibling file, verify it, swap it in; return counts of dbt results by status (None: up to date
    and `if_changed`, nothing done)."""
    target = target.resolve()
    dbt_args = list(dbt_args or [])
    if ingest_dir is not None:
        ingest_dir = checked_ingest_dir(ingest_dir)
        dbt_args += ["--vars", json.dumps({"ingest_dir": str(ingest_dir)})]
    # Same file name in a sibling folder: dbt-duckdb names the catalog after the file's stem and qualifies view
    # bodies with it, so the swapped-in file's views resolve when opened under the live name.
    staging = building_path(target)
    dbt_target = target_path(dbt_args)
    seeds = ingest_dir or ROOT / "seeds"
    # two locks: the build file of this target, and dbt's target/ folder (partial-parse state, run_results.json),
    # which builds of different warehouses share unless given their own --target-path; then the seed folder
    with contextlib.ExitStack() as held:
        fds = [held.enter_context(build_lock(staging.parent / (target.name + ".lock"), f"another build of {target}",
                                             wait)),
               held.enter_context(build_lock(dbt_target / ".build.lock", f"another dbt build using {dbt_target}",
                                             wait)),
               held.enter_context(seeds_read(seeds, wait))]
        digest = inputs_digest(seeds, dbt_args)
        if if_changed and up_to_date(target, digest):
            return None
        clear_leftovers(staging)
        stamp_path(target).unlink(missing_ok=True)
        env = {**os.environ, "WAREHOUSE_PATH": str(staging), "DBT_PROFILES_DIR": str(ROOT)}
        # Unit tests check the SQL logic on fixture rows, not the data: dbt advises leaving them out of production
        # builds. `make test` runs them (tests/python/test_dbt_marts.py builds with every resource type).
        cmd = [dbt_executable(), "build", "--project-dir", str(ROOT), "--exclude-resource-type", "unit_test",
               *dbt_args]
        results = dbt_target / "run_results.json"
        results.unlink(missing_ok=True)  # never report an earlier run's results as this one's
        # dbt holds the locks too (their descriptors), so they last until it has exited, and dies with this script
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, pass_fds=[fd for fd in fds if fd is not None],
                                preexec_fn=child_setup(signal.SIGKILL))
        returncode = proc.wait()
        counts = result_counts(results)
        if returncode != 0:
            report = failure_report(results, staging)
            clear_leftovers(staging)
            raise BuildError(f"{report}dbt build failed (exit {returncode}){space_note(target)}; "
                             f"{target} was left as it was")
        try:
            verify(staging, built_relations(dbt_target))
        except Unverified as exc:
            clear_leftovers(staging)
            raise BuildError(f"the new warehouse {staging} failed verification: {exc}{space_note(target)}; "
                             f"{target} was left as it was") from None
        os.replace(staging, target)
        stamp = json.dumps({"inputs": digest, "file": _file_id(target)})
        stamp_path(target).write_text(stamp + "\n", encoding="utf-8")
    return counts


class Unverified(Exception):
    """The new file does not hold what dbt built."""


def built_relations(dbt_target: Path) -> list[str]:
    """The tables and views this dbt run built (seeds and models that succeeded), as names in the file."""
    try:
        results = json.loads((dbt_target / "run_results.json").read_text(encoding="utf-8"))["results"]
        nodes = json.loads((dbt_target / "manifest.json").read_text(encoding="utf-8"))["nodes"]
    except (OSError, ValueError, KeyError) as exc:
        raise BuildError(f"cannot tell what dbt built (run_results.json / manifest.json in {dbt_target}: {exc})")\
            from None
    out = []
    for r in results:
        node = nodes.get(r["unique_id"], {})
        if node.get("resource_type") in ("model", "seed") and r["status"] == "success" \
                and node.get("config", {}).get("materialized") != "ephemeral":
            out.append(f'"{node["schema"]}"."{node.get("alias") or node["name"]}"')
    return sorted(out)


def verify(staging: Path, relations: list[str]) -> dict[str, int]:
    """The new file alone holds every relation dbt built, with dbt's row counts (see the module's docstring);
    raises Unverified saying what is wrong."""
    import duckdb

    wal = staging.with_name(staging.name + ".wal")
    try:
        con = duckdb.connect(str(staging))  # replays the WAL dbt may have left: the data as dbt committed it
        try:
            built = {r: con.execute(f"select count(*) from {r}").fetchall()[0][0] for r in relations}
            con.execute("checkpoint")
        finally:
            con.close()
        if wal.exists() and wal.stat().st_size > 0:
            raise Unverified(f"DuckDB could not move the write-ahead log {wal.name} into the file")
        con = duckdb.connect(str(staging), read_only=True)
        try:
            found = {r: con.execute(f"select count(*) from {r}").fetchall()[0][0] for r in relations}
        finally:
            con.close()
    except duckdb.Error as exc:
        raise Unverified(" ".join(str(exc).split()) or type(exc).__name__) from None
    if found != built:
        wrong = [f"{r}: {found.get(r)} rows, dbt built {n}" for r, n in built.items() if found.get(r) != n]
        raise Unverified(f"the file does not hold what dbt built ({'; '.join(wrong[:5])})")
    return built


def space_note(target: Path) -> str:
    """' (disk full: …)' when the target's file system has less room than a build needs (about the live file's
    size again, or 64 MB for a first build), else ''. Called after the half-built file was removed."""
    try:
        st = os.statvfs(target.parent)
    except OSError:
        return ""
    free = st.f_bavail * st.f_frsize
    need = target.stat().st_size if target.exists() else 64 * 1024 * 1024
    if free >= need:
        return ""
    mb = 1024 * 1024
    return (f" (disk full: {os.strerror(errno.ENOSPC).lower()} for the new file: {free / mb:.1f} MB free on the "
            f"file system of {target.parent}, a build needs about {need / mb:.1f} MB)")


def building_path(target: Path) -> Path:
    return target.parent / ".building" / target.name


def checked_ingest_dir(ingest_dir: Path) -> Path:
    """The folder, absolute (dbt runs from the project), holding every ingest table as Parquet."""
    ingest_dir = ingest_dir.resolve()
    if not ingest_dir.is_dir():
        raise BuildError(f"--ingest-dir {ingest_dir}: not a folder")
    missing = [f"{t}.parquet" for t in ingest_tables() if not (ingest_dir / f"{t}.parquet").is_file()]
    if missing:
        raise BuildError(f"--ingest-dir {ingest_dir}: missing {', '.join(missing)} "
                         "(python -m ingest run REPORTS --seeds DIR --format parquet writes them)")
    return ingest_dir


def build_lock(lock_path: Path, what: str, wait: bool) -> contextlib.AbstractContextManager[int | None]:
    """An exclusive lock for the build (ingest/lock.py); its descriptor is handed to dbt, so it is held until dbt
    has exited, even when this script is killed first."""
    ensure_dir(lock_path.parent)

    def busy(holder: str) -> str:
        who = f"pid {holder}" if holder else "another process"
        return f"{what} is running ({who}); " + ("waiting for it to finish" if wait else "not started (--no-wait)")

    return _refusing(file_lock(lock_path, busy=busy, wait=wait))


def seeds_read(seeds: Path, wait: bool) -> contextlib.AbstractContextManager[int | None]:
    """The seed folder, settled (a switch an interrupted ingest run committed is finished) and then held shared
    while dbt reads it: no ingest run switches its files meanwhile."""
    return _refusing(_settled(seeds, wait))


@contextlib.contextmanager
def _settled(seeds: Path, wait: bool) -> Iterator[int | None]:
    hint = "or build without --no-wait"
    while True:
        try:
            with seeds_lock(seeds, wait=wait, hint=hint):
                done = settle(seeds)
        except PermissionError:  # a read-only folder of Parquet files: no run can be writing it
            yield None
            return
        if done:
            print(f"{seeds}: {done}", file=sys.stderr, flush=True)
        with seeds_lock(seeds, wait=wait, shared=True, hint=hint) as fd:
            if (seeds / JOURNAL).exists():  # a run committed and died between the two: settle again
                continue
            yield fd
            return


@contextlib.contextmanager
def _refusing(lock: contextlib.AbstractContextManager[int | None]) -> Iterator[int | None]:
    with contextlib.ExitStack() as stack:
        try:
            fd = stack.enter_context(lock)
        except Busy as exc:
            raise BuildError(str(exc)) from None
        yield fd


def ensure_dir(path: Path) -> None:
    """mkdir -p that also replaces a stray file of that name (left by hand or by an older script)."""
    if path.exists() and not path.is_dir():
        path.unlink()
    path.mkdir(parents=True, exist_ok=True)


def clear_leftovers(staging: Path) -> None:
    """Remove what a failed or killed build left: the half-built file, its WAL, a directory in its place."""
    for leftover in (staging, staging.with_name(staging.name + ".wal"), staging.with_name(staging.name + ".tmp")):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover)
        else:
            leftover.unlink(missing_ok=True)


def target_path(dbt_args: list[str]) -> Path:
    """Where this dbt run writes run_results.json (`--target-path X`, `--target-path=X`, DBT_TARGET_PATH)."""
    for i, arg in enumerate(dbt_args):
        if arg == "--target-path" and i + 1 < len(dbt_args):
            return ROOT / dbt_args[i + 1]
        if arg.startswith("--target-path="):
            return ROOT / arg.split("=", 1)[1]
    return ROOT / os.environ.get("DBT_TARGET_PATH", "target")


def result_counts(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    if not path.exists():
        return counts
    for r in json.loads(path.read_text(encoding="utf-8")).get("results", []):
        kind = r["unique_id"].split(".")[0]
        key = f"{kind}:{r['status']}"
        counts[key] = counts.get(key, 0) + 1
    return counts


def failure_report(results: Path, staging: Path, max_rows: int = 5) -> str:
    """The failing tests with their first failing rows (each row of a `checks` test names the failed check),
    read from the half-built file before it is removed; '' when there is nothing to add to dbt's output."""
    if not results.exists() or not staging.exists():
        return ""
    failed = [r for r in json.loads(results.read_text(encoding="utf-8")).get("results", [])
              if r["unique_id"].startswith("test.") and r["status"] in ("fail", "error")]
    if not failed:
        return ""
    import duckdb

    lines = ["", "failing tests (first rows):"]
    try:
        con = duckdb.connect(str(staging), read_only=True)
    except duckdb.Error as e:
        return f"\n(could not open {staging} to show the failing rows: {e})\n"
    try:
        for r in failed:
            lines.append(f"  {r['unique_id'].split('.')[2]}: {r.get('message') or r['status']}")
            sql = r.get("compiled_code")
            if not sql:
                continue
            try:
                cur = con.execute(f"select * from ({sql}) limit {max_rows}")
                names = [d[0] for d in cur.description]
                for row in cur.fetchall():
                    lines.append("    " + ", ".join(f"{n}={v}" for n, v in zip(names, row, strict=True)))
            except duckdb.Error as e:
                lines.append(f"    (query failed: {str(e).splitlines()[0]})")
    finally:
        con.close()
    return "\n".join(lines) + "\n\n"


def summary(target: Path, counts: dict[str, int], seconds: float) -> str:
    import duckdb

    con = duckdb.connect(str(target), read_only=True)
    try:
        docs = con.sql("select count(*) from dim_document").fetchall()[0][0]
        facts = con.sql("select count(*) from stg_facts").fetchall()[0][0]
        warnings = con.sql("select count(*) from fct_data_quality").fetchall()[0][0]
    finally:
        con.close()
    tests = counts.get("test:pass", 0)
    failed = sum(v for k, v in counts.items() if k.endswith((":fail", ":error")))
    models = counts.get("model:success", 0)
    rel = os.path.relpath(target, Path.cwd())
    return "\n".join([
        "",
        f"warehouse   {rel}  (built in {seconds:.1f} s)",
        f"documents   {docs}",
        f"facts       {facts}",
        f"warnings    {warnings} data-quality rows (gate warnings)",
        f"dbt         {models} models built, {tests} tests passed, {failed} failed",
        "",
        "next:",
        "  make app                                   # explore in the browser (127.0.0.1:8501)",
        f"  .venv/bin/duckdb {rel} -c \"select * from fct_ranking_claims limit 5\"",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get("WAREHOUSE_PATH", ROOT / "warehouse.duckdb"))
    parser.add_argument("--target", type=Path, default=default, help="the live warehouse file to replace")
    parser.add_argument("--ingest-dir", type=Path, default=None,
                        help="read the ingest tables from DIR/<table>.parquet instead of the committed seeds")
    parser.add_argument("--no-wait", action="store_true",
                        help="refuse (exit 1) instead of waiting when another build of the target is running")
    parser.add_argument("--if-changed", action="store_true",
                        help="build only if a seed, model or setting changed since the live file was built")
    args, dbt_args = parser.parse_known_args()
    started = time.perf_counter()
    counts = build(args.target, dbt_args, ingest_dir=args.ingest_dir, wait=not args.no_wait,
                   if_changed=args.if_changed)
    if counts is None:
        print(f"{os.path.relpath(args.target, Path.cwd())} is up to date: no seed, model, macro, dbt setting or "
              "build argument changed since it was built")
        return
    print(summary(args.target.resolve(), counts, time.perf_counter() - started))


if __name__ == "__main__":
    main()
